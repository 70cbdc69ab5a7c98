"""Colours, pens, fonts and pyqtgraph set-up shared by every lab view.

Colours come from the current theme (:mod:`views.common.themes`: paper, lecture or dark,
each with a colour-blind-safe variant), chosen with :func:`set_theme`; views ask for a
colour by meaning (:func:`color`, :data:`PALETTE`, :func:`colormap`) when they build their
items, so a view built after a switch draws in the new theme. Every figure uses the same
meaning for a colour: î/Aî are vermillion, ĵ/Aĵ blue, eigen-directions green, SVD purple,
x black (light on dark) and Ax orange.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import contextmanager

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette, QPen

import views.common.qt_workarounds  # noqa: F401 - guards the interpreter before any drawing
from views.common.themes import FILL_ONLY, LINE_ONLY, THEMES, Theme, theme_for

__all__ = [
    "PALETTE",
    "COLORBLIND",
    "BACKGROUND",
    "FILL_ONLY",
    "THEMES",
    "background",
    "colormap",
    "named",
    "qt_palette",
    "set_theme",
    "theme",
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


class _LiveColors(Mapping):
    """Names to ``"#RRGGBB"`` resolved through the current theme at each lookup, so a view
    built after :func:`set_theme` draws in the new theme's colours."""

    def __init__(self, names: Mapping[str, str] | None = None) -> None:
        self._names = None if names is None else dict(names)

    def __getitem__(self, key: str) -> str:
        if self._names is None:
            return _theme.colors[key]
        name = self._names[key]
        return _theme.colors.get(name, name)

    def __iter__(self):
        return iter(_theme.colors if self._names is None else self._names)

    def __len__(self) -> int:
        return len(_theme.colors if self._names is None else self._names)

    def __repr__(self) -> str:
        return f"<colours of the {_theme.name} theme: {dict(self)}>"


def named(names: Mapping[str, str]) -> Mapping[str, str]:
    """A mapping from a view's own keys to theme colour names that reads as hex colours of
    the current theme: ``named({"query": "i_hat"})["query"]`` is the theme's î colour."""
    return _LiveColors(names)


_theme: Theme = theme_for("paper")

#: Named colours (hex) of the current theme; keys describe meaning, not hue.
PALETTE: Mapping[str, str] = _LiveColors()
#: The paper theme's colour-blind-safe colours (the current ones: :func:`theme`).
COLORBLIND: Mapping[str, str] = theme_for("paper", colorblind=True).colors
#: The paper background; views ask :func:`background` (the current theme's).
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
    saved = (_scale, _font_pt, _figure, _theme)
    if theme is not None or colorblind is not None:
        set_theme(_theme.name if theme is None else theme,
                  _theme.colorblind if colorblind is None else bool(colorblind))
    if font_pt is not None:
        if not font_pt > 0:
            raise ValueError(f"font size must be a positive number, not {font_pt!r}")
        _scale, _font_pt = float(font_pt) / BASE_LABEL_PT, float(font_pt)
    _figure = bool(figure)
    try:
        yield
    finally:
        _scale, _font_pt, _figure = saved[:3]
        if saved[3] is not _theme:
            set_theme(saved[3].name, saved[3].colorblind)


def set_theme(name: str, colorblind: bool = False) -> None:
    """Draw in theme ``name`` (a key of :data:`THEMES`), colour-blind-safe when
    ``colorblind``, from now on: views built after the change use its colours, and
    pyqtgraph's background and foreground follow.

    Raises
    ------
    ValueError
        For a name that is not a theme.
    """
    global _theme
    _theme = theme_for(name, colorblind)
    if _configured:
        _apply_pyqtgraph()


def theme() -> Theme:
    """The current theme."""
    return _theme


def background() -> str:
    """``"#RRGGBB"`` of the current theme's background."""
    return _theme.background


def colormap(kind: str) -> pg.ColorMap:
    """The current theme's colour map for ``"magnitude"`` (values in [0, 1]: perceptually
    uniform) or ``"signed"`` (diverging, centred on zero) heatmaps, or ``"grey"`` for
    pictures (a linear grey ramp, the same in every theme: a photograph stays one)."""
    if kind == "grey":
        return pg.colormap.get("CET-L1")
    if kind not in ("magnitude", "signed"):
        raise ValueError(f"colormap kind must be 'magnitude', 'signed' or 'grey', not {kind!r}")
    spec = _theme.magnitude_cmap if kind == "magnitude" else _theme.signed_cmap
    if isinstance(spec, str):
        return pg.colormap.get(spec)
    n = len(spec) - 1
    return pg.ColorMap([k / n for k in range(n + 1)], [QColor(c) for c in spec])


def qt_palette() -> QPalette | None:
    """A palette for the window's own widgets in a dark theme (None: the platform's)."""
    if not _theme.dark:
        return None
    t = _theme
    pal = QPalette()
    roles = QPalette.ColorRole
    for role, col in ((roles.Window, "#2B2B2B"), (roles.WindowText, t.text),
                      (roles.Base, t.background), (roles.AlternateBase, "#262626"),
                      (roles.Text, t.text), (roles.Button, "#333333"),
                      (roles.ButtonText, t.text), (roles.BrightText, "#FFFFFF"),
                      (roles.ToolTipBase, "#333333"), (roles.ToolTipText, t.text),
                      (roles.Highlight, "#2F65A7"), (roles.HighlightedText, "#FFFFFF"),
                      (roles.Link, t.colors["j_hat"]), (roles.PlaceholderText, t.faint),
                      (roles.Light, "#4A4A4A"), (roles.Midlight, "#3A3A3A"),
                      (roles.Mid, "#2A2A2A"), (roles.Dark, "#1A1A1A"), (roles.Shadow, "#000000")):
        pal.setColor(role, QColor(col))
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7A7A7A"))
    return pal


def _apply_pyqtgraph() -> None:
    pg.setConfigOptions(background=_theme.background, foreground=_theme.foreground)


def configure_pyqtgraph() -> None:
    """Set pyqtgraph's global options (safe to call again).

    Antialiasing for clean figures, row-major images so matrices are never drawn
    transposed, and the current theme's background and foreground.
    """
    global _configured
    pg.setConfigOptions(antialias=True, imageAxisOrder="row-major")
    _configured = True
    _apply_pyqtgraph()


def color(name_or_hex: str, alpha: int | None = None) -> QColor:
    """A ``QColor`` from a theme colour name or a hex string, with an optional alpha (0–255).

    ``"background"`` and ``"foreground"`` name the theme's background and plain ink."""
    c = QColor(_resolve(name_or_hex))
    if alpha is not None:
        c.setAlpha(alpha)
    return c


def _resolve(name: str) -> str:
    if name == "background":
        return _theme.background
    if name == "foreground":
        return _theme.foreground
    return _theme.colors.get(name, name)


def pen(col: str | QColor, width: float = 1.0, style: Qt.PenStyle | None = None,
        cap: Qt.PenCapStyle = Qt.PenCapStyle.FlatCap) -> QPen:
    """A cosmetic pen (width in screen pixels, independent of zoom).

    Parameters
    ----------
    col : str or QColor
        Palette name, hex string or colour.
    width : float
        Pixels; keep ≤ 3 where speed matters (times the theme's line factor).
    style : Qt.PenStyle, optional
        e.g. ``Qt.DashLine``.
    cap : Qt.PenCapStyle
        Flat by default so a shaft never pokes out of its arrow head.
    """
    p = QPen(col if isinstance(col, QColor) else color(col))
    p.setWidthF(width * _scale * _theme.line_width)
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
