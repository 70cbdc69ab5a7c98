"""Palette, fonts and pyqtgraph set-up shared by every lab view.

Colours come from the Okabe–Ito palette, which stays distinguishable under the
common colour-vision deficiencies and keeps enough contrast on a washed-out
projector. Every figure uses the same meaning for a colour: î/Aî are
vermillion, ĵ/Aĵ blue, eigen-directions green, SVD purple, x black and Ax orange.
"""

from __future__ import annotations

import ctypes
import sys

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QFont, QPen

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


def _protect_singletons() -> bool:
    """Work around a binding bug that aborts the interpreter after a few thousand Qt calls.

    PySide6 6.12.0 on CPython 3.11 returns ``None`` from void methods (``setPos``,
    ``update``…) and ``True`` from ``Signal.emit`` without taking a reference, so every
    call drops one reference to the singleton. Before Python 3.12 these objects are not
    immortal: their counts reach zero within a minute of dragging and CPython aborts
    ("deallocating None"). When a quick probe shows the leak, ``None``, ``True`` and
    ``False`` get reference counts they cannot exhaust (they are never freed anyway,
    so this costs nothing). Bindings without the bug (PySide6 < 6.12, or Python ≥ 3.12,
    where these objects are immortal) are left alone.

    Returns
    -------
    bool
        True if the counts were raised.
    """
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if hasattr(sys, "getobjects"):
        return False  # a trace-refs build lays objects out differently
    probe = QPointF()
    before = sys.getrefcount(None)
    for _ in range(256):
        probe.setX(1.0)  # a void method: returns None
    if before - sys.getrefcount(None) < 200:
        return False
    for obj in (None, True, False):
        refcnt = ctypes.c_ssize_t.from_address(id(obj))  # ob_refcnt: PyObject's first field
        if refcnt.value != sys.getrefcount(obj) - 1:
            return False  # not the layout we expect: touch nothing
        refcnt.value += 1 << 40
    return True


# At import, before any canvas makes thousands of calls into Qt.
_protect_singletons()
