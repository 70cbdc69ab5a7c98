"""What a figure is asked to be: its size (pixels or a physical length), its dpi, its font
size, theme and background. Pure Python: the CLI, the export dialog and the recorder all
read their options into one :class:`FigureSpec`.

The conventions are matplotlib's: a physical figure has a size in mm/cm/in/pt, a dpi for
raster output (default 300) and a font size in points (default 9 pt). A size without a
unit is pixels, laid out at exactly that size.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

__all__ = ["FigureSpec", "Length", "SpecError", "parse_length", "LAYOUT_DPI", "MAX_PIXELS",
           "PRESETS"]

#: Logical pixels per inch of the canvas a figure is laid out on (Qt's point sizes assume it).
LAYOUT_DPI = 96.0
#: The largest raster side (PNG, frames of a recording).
MAX_PIXELS = 16384
#: Points per unit.
_UNITS = {"pt": 1.0, "in": 72.0, "mm": 72.0 / 25.4, "cm": 72.0 / 2.54}
# ASCII digits only: \d also reads full-width and other scripts' digits.
_LENGTH = re.compile(r"^\s*([0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*(px|pt|in|mm|cm)?\s*$",
                     re.IGNORECASE)
#: The default pixel size, and the aspect a lone physical width keeps.
DEFAULT_PX = (1200, 900)


class SpecError(ValueError):
    """A figure option that cannot be honoured; the message names the option."""


@dataclass(frozen=True)
class Length:
    """A length as typed: ``value`` in ``unit`` ("px", "pt", "in", "mm" or "cm")."""

    value: float
    unit: str

    @property
    def physical(self) -> bool:
        return self.unit != "px"

    def points(self) -> float:
        """The length in points (physical units only)."""
        return self.value * _UNITS[self.unit]

    def __str__(self) -> str:
        return f"{self.value:g}{'' if self.unit == 'px' else self.unit}"


def parse_length(text: str | int | float, option: str = "size") -> Length:
    """``"85mm"``, ``"3.5in"``, ``"240pt"``, ``"8.5 cm"`` or a plain number of pixels.

    Raises
    ------
    SpecError
        Naming ``option`` and what is accepted.
    """
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        text = repr(text)
    m = _LENGTH.match(str(text))
    if not m:
        raise SpecError(f"{option}: {str(text)[:40]!r} is not a size; give pixels (1200) or "
                        "a length with a unit (85mm, 8.5cm, 3.5in, 240pt)")
    value, unit = float(m.group(1)), (m.group(2) or "px").lower()
    if not (math.isfinite(value) and value > 0):
        raise SpecError(f"{option}: a size must be greater than 0")
    if unit == "px" and value != int(value):
        raise SpecError(f"{option}: pixels are whole numbers, not {value:g}")
    return Length(value, unit)


@dataclass(frozen=True)
class FigureSpec:
    """A figure's requested output.

    Parameters
    ----------
    width, height : Length or None
        Both pixels, or both physical; one alone keeps the default 4:3 aspect.
    dpi : float
        Raster pixels per inch of a physical size (PNG, recordings); ignored for pixels.
    font_pt : float or None
        Labels' size in points; titles at most 1.4×, no text under 0.8×. Default: 9 pt at
        a physical size, the window's sizes at a pixel size.
    theme : str or None
        A theme name (None: the current one); ``colorblind`` the colour-blind-safe palette.
    transparent : bool
        Leave the background transparent.
    text_as_paths : bool
        SVG only: draw text as outlines (no fonts needed to view it).
    """

    width: Length | None = None
    height: Length | None = None
    dpi: float = 300.0
    font_pt: float | None = None
    theme: str | None = None
    colorblind: bool | None = None
    transparent: bool = False
    text_as_paths: bool = False

    def __post_init__(self):
        given = [x for x in (self.width, self.height) if x is not None]
        if len({x.physical for x in given}) > 1:
            raise SpecError("width and height: give both in pixels or both with units")
        if not (math.isfinite(self.dpi) and 10 <= self.dpi <= 2400):
            raise SpecError(f"dpi: {self.dpi:g} is outside 10…2400")
        if self.font_pt is not None and not (math.isfinite(self.font_pt)
                                             and 4 <= self.font_pt <= 96):
            raise SpecError(f"font size: {self.font_pt:g} pt is outside 4…96 pt")
        w, h = self.raster_px()
        if not (1 <= w <= MAX_PIXELS and 1 <= h <= MAX_PIXELS):
            raise SpecError(f"size: {w}×{h} pixels; each side must be 1…{MAX_PIXELS}")
        lw, lh = self.layout_px()
        if lw < 16 or lh < 16:
            raise SpecError("size: a figure needs at least 16 pixels (about 4 mm) a side")

    @property
    def physical(self) -> bool:
        """Whether the size was given in a physical unit."""
        return any(x is not None and x.physical for x in (self.width, self.height))

    def size_pt(self) -> tuple[float, float]:
        """The physical size in points (a pixel size counts 96 pixels to the inch)."""
        if not self.physical:
            w, h = self.layout_px()
            return w * 72.0 / LAYOUT_DPI, h * 72.0 / LAYOUT_DPI
        w = self.width.points() if self.width else None
        h = self.height.points() if self.height else None
        ratio = DEFAULT_PX[1] / DEFAULT_PX[0]
        return (w if w is not None else h / ratio), (h if h is not None else w * ratio)

    def layout_px(self) -> tuple[int, int]:
        """The canvas's size in logical pixels: exactly the pixels asked for, or the
        physical size at 96 per inch (so a point size means what it says)."""
        if not self.physical:
            ratio = DEFAULT_PX[1] / DEFAULT_PX[0]
            w = int(self.width.value) if self.width else None
            h = int(self.height.value) if self.height else None
            if w is None and h is None:
                return DEFAULT_PX
            return (w if w is not None else max(1, round(h / ratio)),
                    h if h is not None else max(1, round(w * ratio)))
        w, h = self.size_pt()
        return max(1, round(w * LAYOUT_DPI / 72.0)), max(1, round(h * LAYOUT_DPI / 72.0))

    def raster_px(self) -> tuple[int, int]:
        """The size of a PNG or a recording's frames: the pixels asked for, or the
        physical size at ``dpi``."""
        if not self.physical:
            return self.layout_px()
        w, h = self.size_pt()
        return max(1, round(w * self.dpi / 72.0)), max(1, round(h * self.dpi / 72.0))

    def effective_font_pt(self) -> float | None:
        """The labels' size: as asked, else 9 pt for a physical figure, else None (the
        window's own sizes)."""
        if self.font_pt is not None:
            return self.font_pt
        return 9.0 if self.physical else None

    def svg_size_attrs(self) -> tuple[str, str]:
        """The SVG's ``width`` and ``height`` attributes: physical units kept as asked
        (both in the unit of the width), pixels as plain numbers."""
        if not self.physical:
            w, h = self.layout_px()
            return str(w), str(h)
        unit = (self.width or self.height).unit
        w, h = self.size_pt()
        per = _UNITS[unit]
        return f"{w / per:.4g}{unit}", f"{h / per:.4g}{unit}"


#: The export dialog's presets: name → (width, height) as typed.
PRESETS: dict[str, tuple[str, str]] = {
    "slide 16:9 (1920×1080)": ("1920", "1080"),
    "one column (85 mm)": ("85mm", "60mm"),
    "two columns (178 mm)": ("178mm", "110mm"),
}
