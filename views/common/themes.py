"""Themes: every colour a view draws with, by meaning, for paper, lecture and dark output.

A :class:`Theme` maps meanings (``"i_hat"``, ``"eigen"``, ``"text"``…) to colours, names
its background and foreground, the factor on line widths and the colour maps of heatmaps.
Each theme has a colour-blind-safe variant (:func:`theme_for`): categorical colours that
differ in lightness as well as hue (after Okabe–Ito and Paul Tol), cividis for magnitudes
and Paul Tol's blue–red diverging map for signed values.

Every name drawn as a line keeps 3:1 against its theme's background, every name used as
text 4.5:1 (WCAG); :data:`FILL_ONLY` and :data:`LINE_ONLY` say which names are which. Pure
Python: no Qt here, so the contrast tests and the command line can read themes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

__all__ = ["FILL_ONLY", "LINE_ONLY", "SIGNED_TOL", "THEMES", "Theme", "theme_for"]

#: Names used only as fills (see-through, under an edge that carries the meaning) or as
#: colours chosen against a heatmap cell rather than the background.
FILL_ONLY = frozenset({"square", "square_flipped", "solid", "solid_flipped", "heat_text_dark",
                       "heat_text_light", "panel", "laser"})
#: Names used for lines but never for text; every other name also keeps 4.5:1.
LINE_ONLY = FILL_ONLY | {"grid", "transformed_grid", "faint", "ax", "hatch", "lattice"}

#: Paul Tol's diverging blue–white–red ("BuRd"), safe for the common colour-vision deficiencies.
SIGNED_TOL = ("#2166AC", "#4393C3", "#92C5DE", "#D1E5F0", "#F7F7F7", "#FDDBC7", "#F4A582",
              "#D6604D", "#B2182B")


@dataclass(frozen=True)
class Theme:
    """The colours of one output style.

    Attributes
    ----------
    name : str
        ``"paper"``, ``"lecture"`` or ``"dark"``.
    background, foreground : str
        ``"#RRGGBB"`` of the figure's background and of plain text and axes.
    colors : Mapping[str, str]
        Every named colour, by meaning (the palette keys).
    line_width : float
        Factor on every pen width (thick lines for a projector).
    magnitude_cmap : str
        pyqtgraph colour map name for values in [0, 1] (weights, magnitudes).
    signed_cmap : str or tuple of str
        Diverging map centred on zero: a pyqtgraph name or evenly spaced ``"#RRGGBB"`` stops.
    colorblind : bool
        True for the colour-blind-safe variant.
    dark : bool
        Light text on a dark background (window widgets follow).
    """

    name: str
    background: str
    foreground: str
    colors: Mapping[str, str]
    line_width: float = 1.0
    magnitude_cmap: str = "viridis"
    signed_cmap: str | tuple[str, ...] = "CET-D1A"
    colorblind: bool = False
    dark: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "colors", MappingProxyType(dict(self.colors)))

    def __getitem__(self, name: str) -> str:
        return self.colors[name]

    @property
    def text(self) -> str:
        """Colour of plain text."""
        return self.colors["text"]

    @property
    def grid(self) -> str:
        """Colour of the untransformed grid."""
        return self.colors["grid"]

    @property
    def axis(self) -> str:
        """Colour of the coordinate axes."""
        return self.colors["axis"]

    @property
    def faint(self) -> str:
        """Colour of faint context (the unit circle, the basis before the map)."""
        return self.colors["faint"]


_PAPER = {
    "i_hat": "#BE5400",  # vermillion, a shade darker: 4.5:1 on white as text
    "j_hat": "#0072B2",  # blue
    "k_hat": "#B0166E",  # deep pink: distinct from vermillion î, blue ĵ, green eigen, purple σ
    "eigen": "#008460",  # bluish green, a shade darker: 4.5:1 on white as text
    "parallel": "#006442",  # darker green: x and Ax when Ax = λx, standing out on an eigenline
    "svd": "#8E3B8E",  # a darker reddish purple: Okabe–Ito's #CC79A7 is faint on white
    "x": "#1A1A1A",
    "ax": "#C28600",  # orange, darkened to 3:1 on white for lines
    "ax_text": "#A96500",  # the same orange as text (4.5:1)
    "square": "#56B4E9",  # sky blue fill: orientation kept
    "square_flipped": "#E69F00",  # orange fill: orientation flipped
    "solid": "#56B4E9",
    "solid_flipped": "#E69F00",
    "solid_edge": "#1F5F8B",
    "solid_flipped_edge": "#9A5B00",
    "collapsed": "#B2182B",  # det = 0
    "warn": "#9A4F00",  # dark orange notes ("orientation flipped"): readable when washed out
    "residual": "#A65300",
    "grid": "#939393",  # 3:1: a 2 px grid that a washed-out projector keeps
    "transformed_grid": "#6194D1",  # 3:1: seen, yet lighter than the vectors drawn on it
    "lattice": "#6994CD",
    "axis": "#4D4D4D",
    "faint": "#757575",  # the unit circle and the faint basis: 4.5:1
    "muted": "#6B6B6B",  # secondary marks and labels (samples, v_k)
    "text": "#1A1A1A",
    "error": "#C0392B",
    "highlight": "#111111",  # the marked heatmap cell
    "hover": "#008460",  # what the pointer is on
    "hatch": "#939393",  # seen through hidden (masked) heatmap cells
    "heat_text_dark": "#000000",  # numbers on light heatmap cells (black: ≥ 4.58:1 on any)
    "heat_text_light": "#FFFFFF",  # numbers on dark heatmap cells
    "panel": "#FFFFFF",  # behind labels and notes
    "laser": "#E61414",
}

_PAPER_CB = dict(_PAPER, i_hat="#8C2D04", j_hat="#2166AC", eigen="#1B7837", parallel="#00441B",
                 svd="#762A83", ax="#B35806", ax_text="#9A4A00", k_hat="#AA3377",
                 hover="#1B7837")

_LECTURE = dict(
    _PAPER,
    i_hat="#B34A00", j_hat="#005EA8", k_hat="#A0105F", eigen="#00744F", parallel="#004F33",
    svd="#7A2A7A", x="#000000", ax="#B07800", ax_text="#8F5500", collapsed="#A8102A",
    warn="#8A4400", residual="#944A00", axis="#333333", faint="#666666", muted="#5A5A5A",
    text="#000000",
    error="#B0241A", highlight="#000000", hover="#00744F", hatch="#8A8A8A",
    heat_text_dark="#000000", solid_edge="#134E75", solid_flipped_edge="#854C00",
)

_LECTURE_CB = dict(_LECTURE, i_hat="#7F2704", j_hat="#1C5A9C", eigen="#14692F",
                   parallel="#003A17", svd="#66206F", ax="#A65005", ax_text="#8A4200",
                   k_hat="#992E6B", hover="#14692F")

_DARK = dict(
    _PAPER,
    i_hat="#FF8A3D", j_hat="#4FB3EA", k_hat="#F07AB8", eigen="#2FCB9A", parallel="#8BE8BC",
    svd="#D58BD8", x="#EDEDED", ax="#E8B000", ax_text="#F2C14E", square="#56B4E9",
    square_flipped="#E69F00", solid="#56B4E9", solid_flipped="#E69F00", solid_edge="#8CCDF2",
    solid_flipped_edge="#F2B84B", collapsed="#FF6B6B", warn="#F2A65A", residual="#F5A05A",
    grid="#6E6E6E", transformed_grid="#5A86C0", lattice="#5A86C0", axis="#B4B4B4",
    faint="#8F8F8F", muted="#A0A0A0", text="#EDEDED", error="#FF7061", highlight="#FFFFFF",
    hover="#2FCB9A", hatch="#6E6E6E", panel="#1E1E1E", laser="#FF3030",
)

_DARK_CB = dict(_DARK, i_hat="#EE7733", j_hat="#88CCEE", eigen="#44BB99", parallel="#BBEEDD",
                svd="#CC99DD", ax="#DDAA33", ax_text="#EECC66", k_hat="#EE99BB",
                hover="#44BB99")


def _pair(name: str, normal: dict, cb: dict, **kw) -> tuple[Theme, Theme]:
    return (Theme(name, colors=normal, **kw),
            Theme(name, colors=cb, magnitude_cmap="cividis", signed_cmap=SIGNED_TOL,
                  colorblind=True, **kw))


_ALL: dict[str, tuple[Theme, Theme]] = {
    "paper": _pair("paper", _PAPER, _PAPER_CB, background="#FFFFFF", foreground="#1A1A1A"),
    "lecture": _pair("lecture", _LECTURE, _LECTURE_CB, background="#FFFFFF",
                     foreground="#000000", line_width=1.5),
    "dark": _pair("dark", _DARK, _DARK_CB, background="#1E1E1E", foreground="#EDEDED",
                  dark=True),
}

#: The themes by name (their usual colours); :func:`theme_for` gives the colour-blind ones.
THEMES: Mapping[str, Theme] = MappingProxyType({k: v[0] for k, v in _ALL.items()})


def theme_for(name: str, colorblind: bool = False) -> Theme:
    """The theme ``name`` (a key of :data:`THEMES`), colour-blind-safe when ``colorblind``.

    Raises
    ------
    ValueError
        For a name that is not a theme.
    """
    if name not in _ALL:
        raise ValueError(f"no theme {name!r}: use one of {', '.join(_ALL)}")
    return _ALL[name][1 if colorblind else 0]
