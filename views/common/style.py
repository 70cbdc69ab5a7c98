"""Palette, fonts and pyqtgraph set-up shared by every lab view.

Colours come from the Okabe–Ito palette, which stays distinguishable under the
common colour-vision deficiencies and keeps enough contrast on a washed-out
projector. Every figure uses the same meaning for a colour: î/Aî are
vermillion, ĵ/Aĵ blue, eigen-directions green, SVD purple, x black and Ax orange.
"""

from __future__ import annotations

from contextlib import contextmanager

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPen

import views.common.qt_workarounds  # noqa: F401 - guards the interpreter before any drawing

__all__ = [
    "PALETTE",
    "COLORBLIND",
    "BACKGROUND",
    "FILL_ONLY",
    "GRID_WIDTH",
    "LINE_ONLY",
    "color",
    "configure_pyqtgraph",
    "figure_output",
    "figure_style",
    "font_size",
    "label_font",
    "pen",
    "scale",
    "set_scale",
    "ui_font",
]

#: Named colours (hex) used by every view; keys describe meaning, not hue.
PALETTE: dict[str, str] = {
    "i_hat": "#BE5400",  # vermillion, a shade darker: 4.5:1 on white as text
    "j_hat": "#0072B2",  # blue
    "eigen": "#008460",  # bluish green, a shade darker: 4.5:1 on white as text
    "parallel": "#006442",  # darker green: x and Ax when Ax = λx, standing out on an eigenline
    "svd": "#8E3B8E",  # a darker reddish purple: Okabe–Ito's #CC79A7 is faint on white
    "x": "#1A1A1A",
    "ax": "#C28600",  # orange, darkened to 3:1 on white for lines
    "ax_text": "#A96500",  # the same orange as text (4.5:1)
    "square": "#56B4E9",  # sky blue fill: orientation kept
    "square_flipped": "#E69F00",  # orange fill: orientation flipped
    "collapsed": "#B2182B",  # det = 0
    "grid": "#939393",  # 3:1: a 2 px grid that a washed-out projector keeps
    "transformed_grid": "#6194D1",  # 3:1: seen, yet lighter than the vectors drawn on it
    "axis": "#4D4D4D",
    "faint": "#757575",  # the unit circle and the faint basis: 4.5:1
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

#: Palette names used only as fills (drawn see-through under an edge that carries the
#: meaning); every other name is drawn as a line and keeps 3:1 against the background.
FILL_ONLY = frozenset({"square", "square_flipped"})
#: Palette names used for lines but never for text; every other name also keeps 4.5:1.
LINE_ONLY = FILL_ONLY | {"grid", "transformed_grid", "faint", "ax"}
#: The background every figure is drawn on.
BACKGROUND = "#FFFFFF"
#: Width of grid lines in pixels: thinner ones vanish on a projector.
GRID_WIDTH = 2.0

_configured = False
_scale = 1.0  # the output's factor on line widths, text and marks (presenter mode: 2)
_font_pt: float | None = None  # a figure's requested text size (labels), None: sizes as drawn
_figure = False  # figure style: no drag handles, no interaction hints, no hover state

#: The size, in points, every view's labels are designed at; a figure's requested font size
#: replaces it, other sizes keep their ratio to it within the clamp below.
BASE_LABEL_PT = 13.0
#: A figure's text keeps to this range around its requested size: titles at most 1.4× the
#: labels, footnotes at least 0.8× (print stays legible).
FONT_CLAMP = (0.8, 1.4)


def set_scale(factor: float) -> None:
    """Scale every pen width, font and mark made from now on by ``factor`` (> 0).

    Items already drawn keep their size: a view built after the change draws at it.
    """
    global _scale
    if not factor > 0:
        raise ValueError(f"scale must be a positive number, not {factor!r}")
    _scale = float(factor)


def scale() -> float:
    """The factor set by :func:`set_scale` (1 for the window; a figure's font size / 13)."""
    return _scale


def figure_style() -> bool:
    """True while a figure is being built: views leave out drag handles, "(click)" and
    "▶" hints and hover state (what the window shows as interaction stays in the window)."""
    return _figure


def font_size(size: float) -> float:
    """The point size to draw text designed at ``size`` points with, in this output.

    In the window and presenter mode: ``size`` times the output's scale. In a figure with a
    requested font size F: labels (designed at 13 pt) at F, other text at its designed ratio
    to the labels, kept within 0.8 F … 1.4 F.
    """
    if _font_pt is None:
        return size * _scale
    lo, hi = FONT_CLAMP
    return _font_pt * min(max(size / BASE_LABEL_PT, lo), hi)


@contextmanager
def figure_output(font_pt: float | None = None, figure: bool = True, theme: str | None = None,
                  colorblind: bool | None = None):
    """Build views for a figure inside this block: figure style (when ``figure``) and, with
    ``font_pt``, text at that size with line widths and marks scaled to match
    (scale = font_pt / 13); ``theme``/``colorblind`` (None: keep the current ones) choose
    the colours. Restores the previous output on leaving."""
    global _scale, _font_pt, _figure
    if theme not in (None, "paper") or colorblind:
        raise ValueError("themes other than paper are not built yet")
    saved = (_scale, _font_pt, _figure)
    if font_pt is not None:
        if not font_pt > 0:
            raise ValueError(f"font size must be a positive number, not {font_pt!r}")
        _scale, _font_pt = float(font_pt) / BASE_LABEL_PT, float(font_pt)
    _figure = bool(figure)
    try:
        yield
    finally:
        _scale, _font_pt, _figure = saved


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
    p.setWidthF(width * _scale)
    p.setCosmetic(True)
    p.setCapStyle(cap)
    p.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    if style is not None:
        p.setStyle(style)
    return p


def pt(size: float) -> str:
    """A font size for pyqtgraph titles and rich text ("13pt"), scaled like :func:`label_font`."""
    return f"{font_size(size):g}pt"


def text_pt(size: float) -> str:
    """A font size for running text inside a figure (a readout, a sum written out): it grows
    by half the presenter's enlargement, like the controls, so a long readout still fits."""
    if _font_pt is not None:
        return f"{font_size(size):g}pt"
    return f"{size * (1 + (_scale - 1) / 2):g}pt"


def label_font(size: float = 13, bold: bool = False) -> QFont:
    """Font for labels drawn on a canvas (≥ 12 pt stays legible on a projector)."""
    f = QFont("DejaVu Sans")
    f.setPointSizeF(font_size(size))
    f.setBold(bold)
    return f


def ui_font(size: float = 14) -> QFont:
    """Font for widgets around a canvas (editor cells, inspector)."""
    # Half the figure's enlargement: presenting, the controls stay legible and the figure
    # keeps the room (a 3×3 grid at twice its size would crowd it off a 1280 px screen).
    if _font_pt is not None:
        return label_font(size)
    return label_font(size * (1 + (_scale - 1) / 2) / _scale)
