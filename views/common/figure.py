"""The shared set-up of the 2D lab canvases: a quiet, aspect-locked plot whose items are
created once, named, and grouped by layer.

:func:`style_plot` configures one plot item; :class:`LayeredItems` is the ``_add`` helper
(a mixin); :class:`PlaneFigure` is a plot widget with both.
"""

from __future__ import annotations

import math

import pyqtgraph as pg

from views.common.axis_room import fix_value_axis
from views.common.style import configure_pyqtgraph, label_font, pen

__all__ = ["ANGLE_SNAP", "MAX_HALF", "SNAP", "LayeredItems", "PlaneFigure", "coarse_half",
           "fit_axis_room", "snap_drag", "snap_step", "style_plot"]

#: The largest half-width of a figure's view. Twice it must stay a finite float: a range
#: of ±1e308 is infinitely wide, and pyqtgraph then maps every point to NaN.
MAX_HALF = 1e300


def coarse_half(half: float, per_decade: int = 4) -> float:
    """``half`` rounded up to a coarse step (a ``per_decade``-th of its decade), so that
    most edits keep the view range; never more than :data:`MAX_HALF` (nor NaN)."""
    if not half <= MAX_HALF:  # inf, NaN and the merely huge
        return MAX_HALF
    q = 10 ** math.floor(math.log10(half)) / per_decade
    return min(math.ceil(half / q - 1e-9) * q, MAX_HALF)


def style_plot(plot: pg.PlotItem, axes: bool = True) -> pg.ViewBox:
    """Hide the auto-range button and the menu, style (or hide) the left and bottom axes,
    lock the aspect ratio and turn auto-range off. Returns the plot's ViewBox.

    Shown axes get a fixed room for their labels (see :mod:`views.common.axis_room`): a canvas
    that fits a new range calls :func:`fit_axis_room` with it.
    """
    plot.hideButtons()  # the "A" auto-range button is clutter on a figure
    plot.setMenuEnabled(False)
    for name in ("left", "bottom"):
        if not axes:
            plot.hideAxis(name)
            continue
        axis = plot.getAxis(name)
        axis.setTickFont(label_font(10))
        axis.setPen(pen("faint"))
        axis.setTextPen(pen("axis"))
        fix_value_axis(axis, -1.0, 1.0)
    vb = plot.getViewBox()
    vb.setAspectLocked(True, 1.0)
    vb.disableAutoRange()
    return vb


def fit_axis_room(plot: pg.PlotItem, lo: float, hi: float) -> None:
    """Fix the left axis's room for the labels of a newly fitted range ``lo``..``hi``.

    Called once per fit (a model change), never from a range or resize handler: the
    axis's width decides the plot's width, and through the locked aspect its range.
    """
    if plot.getAxis("left").isVisible():
        fix_value_axis(plot.getAxis("left"), lo, hi)


class LayeredItems:
    """Adds items to ``self.vb`` by name and layer (a mixin).

    Expects ``self.vb`` (the ViewBox), ``self.items`` and ``self._layers`` to exist.
    """

    def _add(self, layer: str | None, name: str, item, z: float):
        if hasattr(item, "setZValue"):
            item.setZValue(z)
        self.vb.addItem(item, ignoreBounds=True)
        self.items[name] = item
        if layer:
            self._layers[layer].append(item)
        return item


class PlaneFigure(LayeredItems, pg.PlotWidget):
    """A plot widget set up as a 2D figure (see :func:`style_plot`), at least 240×240.

    Attributes
    ----------
    vb : pg.ViewBox
        The plot's view box.
    items : dict
        Named items.
    labels : dict
        Named labels (filled by the subclass).
    """

    def __init__(self, parent=None, layers=(), axes: bool = True) -> None:
        configure_pyqtgraph()
        super().__init__(parent=parent)
        self.vb = style_plot(self.getPlotItem(), axes)
        self.setMinimumSize(240, 240)
        self.items: dict = {}
        self.labels: dict = {}
        self._layers: dict[str, list] = {k: [] for k in layers}


SNAP = 0.05  # dragged tips snap to this grid unless Shift is held
ANGLE_SNAP = 1.0  # degrees: a vector held on the unit circle snaps to whole degrees


def snap_step(v: float, step: float) -> float:
    """``v`` rounded to a multiple of ``step`` (without binary noise such as 0.15000000002)."""
    return round(round(v / step) * step, 10)


def snap_drag(x: float, y: float, fine: bool, on_circle: bool) -> tuple[float, float]:
    """Where a dragged vector tip lands: on the unit circle if held there, snapped to the
    grid (or to whole degrees) unless ``fine`` (Shift) is held."""
    if on_circle:
        angle = math.degrees(math.atan2(y, x))
        if not fine:
            angle = snap_step(angle, ANGLE_SNAP)
        return math.cos(math.radians(angle)), math.sin(math.radians(angle))
    if not fine:
        return snap_step(x, SNAP), snap_step(y, SNAP)
    return x, y
