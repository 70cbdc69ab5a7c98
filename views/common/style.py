"""Palette, fonts and pyqtgraph set-up shared by every lab view.

Colours come from the Okabe–Ito palette, which stays distinguishable under the
common colour-vision deficiencies and keeps enough contrast on a washed-out
projector. Every figure uses the same meaning for a colour: î/Aî are
vermillion, ĵ/Aĵ blue, eigen-directions green, SVD purple, x black and Ax orange.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPen

import views.common.qt_workarounds  # noqa: F401 - guards the interpreter before any drawing

__all__ = [
    "PALETTE",
    "COLORBLIND",
    "color",
    "configure_pyqtgraph",
    "label_font",
    "pen",
    "ui_font",
]

#: Named colours (hex) used by every view; keys describe meaning, not hue.
PALETTE: dict[str, str] = {
    "i_hat": "#D55E00",  # vermillion
    "j_hat": "#0072B2",  # blue
    "eigen": "#009E73",  # bluish green
    "parallel": "#006442",  # darker green: x and Ax when Ax = λx, standing out on an eigenline
    "svd": "#8E3B8E",  # a darker reddish purple: Okabe–Ito's #CC79A7 is faint on white
    "x": "#1A1A1A",
    "ax": "#E69F00",  # orange
    "square": "#56B4E9",  # sky blue fill: orientation kept
    "square_flipped": "#E69F00",  # orange fill: orientation flipped
    "collapsed": "#B2182B",  # det = 0
    "grid": "#DADADA",
    "transformed_grid": "#7DA7D9",
    "axis": "#4D4D4D",
    "faint": "#A8A8A8",
    "text": "#1A1A1A",
    "error": "#C0392B",
}

#: The same meanings in a palette with luminance steps as well as hue steps, for
#: readers who see little colour at all (greyscale print, achromatopsia).
COLORBLIND: dict[str, str] = dict(
    PALETTE,
    i_hat="#8C2D04",
    j_hat="#2166AC",
    eigen="#1B7837",
    parallel="#00441B",
    svd="#762A83",
    ax="#B35806",
)

_configured = False


def configure_pyqtgraph() -> None:
    """Set pyqtgraph's global options once (safe to call again).

    Antialiasing for clean figures, row-major images so matrices are never drawn
    transposed, and a white background that survives projectors and print.
    """
    global _configured
    if _configured:
        return
    pg.setConfigOptions(antialias=True, imageAxisOrder="row-major", background="w",
                        foreground="k")
    _configured = True


def color(name_or_hex: str, alpha: int | None = None) -> QColor:
    """A ``QColor`` from a palette name or a hex string, with an optional alpha (0–255)."""
    c = QColor(PALETTE.get(name_or_hex, name_or_hex))
    if alpha is not None:
        c.setAlpha(alpha)
    return c


def pen(col: str | QColor, width: float = 1.0, style: Qt.PenStyle | None = None,
        cap: Qt.PenCapStyle = Qt.PenCapStyle.FlatCap) -> QPen:
    """A cosmetic pen (width in screen pixels, independent of zoom).

    Parameters
    ----------
    col : str or QColor
        Palette name, hex string or colour.
    width : float
        Pixels; keep ≤ 3 where speed matters.
    style : Qt.PenStyle, optional
        e.g. ``Qt.DashLine``.
    cap : Qt.PenCapStyle
        Flat by default so a shaft never pokes out of its arrow head.
    """
    p = QPen(col if isinstance(col, QColor) else color(col))
    p.setWidthF(width)
    p.setCosmetic(True)
    p.setCapStyle(cap)
    p.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    if style is not None:
        p.setStyle(style)
    return p


def label_font(size: float = 13, bold: bool = False) -> QFont:
    """Font for labels drawn on a canvas (≥ 12 pt stays legible on a projector)."""
    f = QFont("DejaVu Sans")
    f.setPointSizeF(size)
    f.setBold(bold)
    return f


def ui_font(size: float = 14) -> QFont:
    """Font for widgets around a canvas (editor cells, inspector)."""
    return label_font(size)
