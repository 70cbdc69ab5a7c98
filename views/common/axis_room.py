"""Fixed room for the tick labels of a plot's axes.

Left to itself, a pyqtgraph axis sizes itself to the tick labels it has just painted. In
an aspect-locked plot the labels follow the view range, the range follows the plot's
size, and the size follows the axis: a layout feedback loop that can resize and repaint
forever (a narrow plot of huge values, a row of heatmaps whose thinned-out token labels
change with their cells' size). So the room is computed here, once per model change,
from every label the axis can show for that model, and fixed: painting and resizing
never change an axis's size.
"""

from __future__ import annotations

import math

from PySide6.QtGui import QFontMetricsF

__all__ = ["fix_axis_height", "fix_text_axis", "fix_value_axis"]

_SPREAD = 4.0  # an aspect-locked view may show this many times the range asked for
# Axis lengths whose ticks are measured: the finer spacing of a longer axis writes more
# decimals ("−12.5" beside "−10"), so every length a screen can give is covered.
_SIZES_PX = tuple(100.0 * 2.0**k for k in range(6))  # 100 … 3200 px


def _font(axis):
    return axis.style.get("tickFont") or axis.font()


def _room(axis, text_px: float) -> int:
    """Axis size across itself for labels ``text_px`` long: text, offset and tick marks."""
    vertical = axis.orientation in ("left", "right")
    offset = axis.style["tickTextOffset"][0 if vertical else 1]
    return int(math.ceil(text_px + offset + max(0, axis.style["tickLength"]))) + 1


def _set_room(axis, room: int) -> None:
    if axis.orientation in ("left", "right"):
        if axis.fixedWidth != room:
            axis.setWidth(room)
    elif axis.fixedHeight != room:
        axis.setHeight(room)


def fix_axis_height(axis) -> None:
    """Fix a horizontal axis's height to one line of its tick font (what any label needs)."""
    _set_room(axis, _room(axis, QFontMetricsF(_font(axis)).height()))


def fix_text_axis(axis, labels) -> None:
    """Fix a vertical axis's width to the widest of ``labels`` (the ticks it may show)."""
    metrics = QFontMetricsF(_font(axis))
    widest = max((metrics.horizontalAdvance(str(t)) for t in labels), default=0.0)
    _set_room(axis, _room(axis, widest))


def fix_value_axis(axis, lo: float, hi: float, spread: float = _SPREAD) -> None:
    """Fix a numeric axis's room for the tick labels of the range ``lo``..``hi``.

    The labels are pyqtgraph's own, measured for the range itself and widened up to
    ``spread`` times about its centre (an aspect-locked view shows more than it was asked
    to), at every axis length from 100 px to a large screen, so the room holds whatever
    the axis shows while the range stands. A horizontal axis gets one line of text.
    """
    if axis.orientation not in ("left", "right"):
        fix_axis_height(axis)
        return
    lo, hi = float(lo), float(hi)
    metrics = QFontMetricsF(_font(axis))
    widest = 0.0
    centre, half = lo / 2 + hi / 2, hi / 2 - lo / 2  # halves first: finite for any finite ends
    scale = axis.autoSIPrefixScale * axis.scale  # as the axis labels its own ticks
    for widen in sorted({1.0, math.sqrt(max(spread, 1.0)), max(spread, 1.0)}):
        r = half * widen
        if not (r > 0 and math.isfinite(centre - r) and math.isfinite(centre + r)):
            continue
        for size in _SIZES_PX:
            try:
                texts = _drawn_labels(axis, centre - r, centre + r, size, scale, metrics)
            except (OverflowError, ValueError):  # pyqtgraph's ticks near the float limits
                continue
            widest = max([widest] + [metrics.horizontalAdvance(t) for t in texts])
    if widest == 0.0:
        # Nothing measured (the range is empty, not finite, or so wide that pyqtgraph's
        # ticks overflow): room for a short number and for the ends written out.
        texts = ["\u22120.000"] + [f"{v:.3g}" for v in (lo, hi) if math.isfinite(v)]
        widest = max(metrics.horizontalAdvance(t) for t in texts)
    _set_room(axis, _room(axis, widest))


def _drawn_labels(axis, lo: float, hi: float, size: float, scale: float, metrics) -> list:
    """The labels a vertical axis ``size`` px long draws for ``lo``..``hi``.

    pyqtgraph labels the major ticks, then each finer level while the labels so far fill
    little enough of the axis (its ``textFillLimits``); this follows the same rule.
    """
    line = 0.8 * metrics.height()  # pyqtgraph counts 0.8 of a label's height
    drawn: list[str] = []
    filled = 0.0
    levels = axis.tickValues(lo, hi, size)[:axis.style["maxTextLevel"] + 1]
    for i, (spacing, values) in enumerate(levels):
        strings = axis.tickStrings(values, scale, spacing)
        if not strings:
            continue
        filled += line * len(strings)
        if i > 0 and any(len(drawn) >= count and filled / size >= limit
                         for count, limit in axis.style["textFillLimits"]):
            break
        drawn += strings
    return drawn
