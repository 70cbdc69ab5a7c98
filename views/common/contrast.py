"""Contrast of colours as WCAG 2.x measures it, without Qt: the check that a line or a
text keeps its meaning on a washed-out projector.

WCAG asks for a contrast ratio of at least 3:1 for graphics that carry meaning and 4.5:1
for normal text (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio).
"""

from __future__ import annotations

__all__ = ["LINE_MIN", "TEXT_MIN", "composite", "contrast_ratio", "parse_hex",
           "relative_luminance"]

#: Least contrast for a line or mark that carries meaning (WCAG 1.4.11).
LINE_MIN = 3.0
#: Least contrast for text (WCAG 1.4.3, normal size).
TEXT_MIN = 4.5


def parse_hex(code: str) -> tuple[int, int, int]:
    """Red, green and blue (0–255) of ``"#RRGGBB"`` or ``"#RGB"``.

    Raises
    ------
    ValueError
        When ``code`` is not such a colour.
    """
    s = code.strip().lstrip("#")
    if len(s) == 3:
        s = "".join(ch * 2 for ch in s)
    if len(s) != 6:
        raise ValueError(f"not a #RRGGBB colour: {code!r}")
    try:
        return int(s[0:2], 16), int(s[2:4], 16), int(s[4:6], 16)
    except ValueError:
        raise ValueError(f"not a #RRGGBB colour: {code!r}") from None


def _channel(c8: float) -> float:
    """One sRGB channel (0–255) made linear, as WCAG 2.x defines it."""
    c = c8 / 255.0
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(rgb) -> float:
    """WCAG relative luminance (0 black … 1 white) of an sRGB colour.

    Parameters
    ----------
    rgb : str or sequence of float
        ``"#RRGGBB"`` or red, green, blue in 0–255.
    """
    r, g, b = parse_hex(rgb) if isinstance(rgb, str) else rgb[:3]
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(fg, bg="#FFFFFF") -> float:
    """WCAG contrast ratio (1 … 21) of two opaque colours, in either order.

    Parameters
    ----------
    fg, bg : str or sequence of float
        ``"#RRGGBB"`` or red, green, blue in 0–255.
    """
    a, b = relative_luminance(fg), relative_luminance(bg)
    hi, lo = max(a, b), min(a, b)
    return (hi + 0.05) / (lo + 0.05)


def composite(fg, alpha: float, bg="#FFFFFF") -> tuple[float, float, float]:
    """The opaque colour a see-through ``fg`` (``alpha`` 0–1) shows over ``bg``.

    Blending happens in sRGB values, as Qt's raster painter does it.
    """
    f = parse_hex(fg) if isinstance(fg, str) else fg[:3]
    b = parse_hex(bg) if isinstance(bg, str) else bg[:3]
    a = min(max(float(alpha), 0.0), 1.0)
    return tuple(a * x + (1.0 - a) * y for x, y in zip(f, b, strict=True))
