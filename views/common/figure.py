"""The shared set-up of the 2D lab canvases: a quiet, aspect-locked plot whose items are
created once, named, and grouped by layer, and the one rule that fits its view range.

:func:`style_plot` configures one plot item; :class:`LayeredItems` is the ``_add`` helper
(a mixin); :class:`PlaneFigure` is a plot widget with both and with
:class:`views.common.layer_toggles.LayerToggles`. :func:`fit_box` is the fitting rule and
:class:`ViewFit` applies it to a view box.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg

from views.common.axis_room import fix_value_axis
from views.common.items import Handle
from views.common.layer_toggles import LayerToggles
from views.common.style import configure_pyqtgraph, figure_style, label_font, pen

__all__ = ["FIT_MARGIN", "MAX_HALF", "LayeredItems", "ModelRedraw", "PlaneFigure", "ViewFit",
           "coarse_half", "fit_axis_room", "fit_box", "style_plot"]

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


#: Room around a figure's content: its half-extent times this (the content fills 87 %).
FIT_MARGIN = 1.15

Box = tuple[tuple[float, float], tuple[float, float]]


def fit_box(lo, hi, min_half: float = 0.0, room: float = 0.0,
            per_decade: int | None = 4) -> Box:
    """The view range of a 2D figure whose content spans ``lo``..``hi``: the one fitting rule.

    The content box is grown on every side by ``FIT_MARGIN − 1`` times its larger
    half-extent, plus ``room`` (data units, for labels that stand beyond the content),
    widened to at least ±``min_half``, and its edges are rounded outwards to a coarse step
    (a ``per_decade``-th of the decade of its largest edge, as :func:`coarse_half`) so that
    most edits keep the range. A figure centred on the origin passes ``lo = −reach`` and
    ``hi = reach`` and gets ±``coarse_half(max(min_half, FIT_MARGIN · reach))``.

    Parameters
    ----------
    lo, hi : float or array_like (2,)
        The content's least and greatest x and y (a scalar stands for both).
    min_half : float
        The view shows at least [−min_half, min_half]².
    room : float
        Extra room on every side, in data units.
    per_decade : int or None
        Coarseness of the rounding; None: no rounding (a figure that is redrawn whole).

    Returns
    -------
    ((float, float), (float, float))
        The x range and the y range, within ±:data:`MAX_HALF` (all of it for content that
        is not finite).
    """
    lo = np.broadcast_to(np.asarray(lo, dtype=float), (2,))
    hi = np.broadcast_to(np.asarray(hi, dtype=float), (2,))
    extent = float(np.max(hi / 2 - lo / 2))  # halves first: finite for any finite ends
    pad = (FIT_MARGIN - 1.0) * extent + room
    lo = np.minimum(lo - pad, -min_half)
    hi = np.maximum(hi + pad, min_half)
    edge = float(max(np.max(-lo), np.max(hi)))
    if not edge <= MAX_HALF:  # inf, NaN and the merely huge
        return (-MAX_HALF, MAX_HALF), (-MAX_HALF, MAX_HALF)
    if per_decade and edge > 0:
        q = 10 ** math.floor(math.log10(edge)) / per_decade
        lo = np.floor(lo / q + 1e-9) * q
        hi = np.ceil(hi / q - 1e-9) * q
    lo, hi = np.maximum(lo, -MAX_HALF), np.minimum(hi, MAX_HALF)
    return (float(lo[0]), float(hi[0])), (float(lo[1]), float(hi[1]))


class ViewFit:
    """Fits a view box's range by :func:`fit_box`, setting it only when it changes (a
    ``setRange`` re-lays out every text item), and with it the left axis's room.

    Parameters
    ----------
    vb : pg.ViewBox
    plot : pg.PlotItem or None
        The plot whose left axis (if shown) gets room for the new range's labels.

    Attributes
    ----------
    box : ((float, float), (float, float)) or None
        The range set last; None until the first fit and after :meth:`reset`.
    """

    def __init__(self, vb, plot=None) -> None:
        self.vb, self.plot = vb, plot
        self.box: Box | None = None

    def reset(self) -> None:
        """Forget the range, so that the next :meth:`fit` sets it (after pan or zoom)."""
        self.box = None

    def fit(self, lo, hi, min_half: float = 0.0, room: float = 0.0,
            per_decade: int | None = 4) -> bool:
        """Fit the range to content ``lo``..``hi`` (see :func:`fit_box`); True if it changed."""
        box = fit_box(lo, hi, min_half, room, per_decade)
        if box == self.box:
            return False
        self.box = box
        (x0, x1), (y0, y1) = box
        self.vb.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
        if self.plot is not None:
            fit_axis_room(self.plot, min(x0, y0), max(x1, y1))
        return True


def style_plot(plot: pg.PlotItem, axes: bool = True) -> pg.ViewBox:
    """Hide the auto-range button and the menu, style (or hide) the left and bottom axes,
    lock the aspect ratio and turn auto-range off. Returns the plot's ViewBox.

    Shown axes get a fixed room for their labels (see :mod:`views.common.axis_room`): a canvas
    that fits a new range calls :func:`fit_axis_room` with it. Hidden axes are unlinked from
    the view (they no longer follow its range), so they are not meant to be shown later.
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
    # A hidden axis still follows every range change (its ticks and label are re-laid out
    # for nothing): unlink the hidden ones. Their figures never show them again.
    for name in ("top", "right") if axes else ("left", "bottom", "top", "right"):
        axis = plot.getAxis(name)
        if not axis.isVisible():
            axis.unlinkFromView()
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

    Expects ``self.vb`` (the ViewBox), ``self.items`` and ``self._layers`` (from
    :meth:`views.common.layer_toggles.LayerToggles._init_layers`) to exist.
    """

    def _add(self, layer: str | None, name: str, item, z: float):
        item.setZValue(z)  # a graphics item: the view box holds it
        self.vb.addItem(item, ignoreBounds=True)
        self.items[name] = item
        if layer:
            self._layers[layer].append(item)
        return item

    def _handle(self, layer: str | None, name: str, col, z: float) -> Handle:
        """A drag handle of colour ``col``, kept under ``name`` like :meth:`_add` keeps items.

        In figure style the handle is made (the canvas moves it with the model, as ever) but
        never put in the scene: a figure has nothing to drag, and its circles are not maths.
        """
        handle = Handle(col)
        if not figure_style():
            return self._add(layer, name, handle, z)
        handle.setZValue(z)
        handle.setVisible(False)
        self.items[name] = handle  # layer switches leave it alone: it never shows
        return handle


class ModelRedraw:
    """Draws the model a canvas drew last again (a mixin for a canvas whose one drawing path
    is ``update_from(model)``, which keeps the model in ``self._model``).

    Listed before :class:`views.common.layer_toggles.LayerToggles`, its :meth:`redraw` is
    what a switched layer calls.
    """

    _model = None

    def redraw(self) -> None:
        """Draw the model last drawn again (nothing before the first)."""
        if self._model is not None:
            self.update_from(self._model)


class PlaneFigure(LayeredItems, LayerToggles, pg.PlotWidget):
    """A plot widget set up as a 2D figure (see :func:`style_plot`), at least 240×240, with
    on/off layers (see :class:`views.common.layer_toggles.LayerToggles`).

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
        self._init_layers(layers)
