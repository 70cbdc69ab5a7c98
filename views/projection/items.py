"""The Projection lab's canvas: a and b as draggable arrows, the shadow of b on a's line,
the perpendicular residual with its right-angle mark, the angle θ, and (optionally) the
projection matrix P applied to the whole plane. A readout of the numbers sits beside the
plot, so an exported figure carries them.

Items are created once; :meth:`ProjectionCanvas.update_from` only moves them.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal

from models.linalg.grid import grid_segments
from models.linalg.snapping import snap_tip
from models.projection.model import angle_arc, projected_samples, right_angle_mark
from views.common.figure import MAX_HALF, LayeredItems, ModelRedraw, ViewFit, style_plot
from views.common.items import Arrow, Handle
from views.common.labels import Label, place_labels
from views.common.layer_toggles import LayerToggles
from views.common.numbers import num
from views.common.style import GRID_WIDTH, color, configure_pyqtgraph, named, pen

__all__ = ["ProjectionCanvas", "LAYERS", "COLORS", "SIGN_COLORS"]

#: Layer keys, the same as the Projection view's toggles.
LAYERS = ("grid", "line", "projection", "angle", "apply_p")
#: Colours of this lab: a and b, and the residual.
COLORS = named({"a": "x", "b": "j_hat", "residual": "residual", "samples": "muted"})
#: The sign of a·b: positive green, zero purple, negative red (text-strength shades).
SIGN_COLORS = named({"acute": "eigen", "right": "svd", "obtuse": "error", "zero": "muted"})
READOUT_WIDTH = 380  # px
_MIN_PLOT_PX = 300  # narrower than readout + this, the readout goes under the plot
_MARK_PX = 13.0  # side of the right-angle mark, in pixels
_PAIRS = {"connect": "pairs", "skipFiniteCheck": True}
# Room for the labels beyond the content (16 px names past the tips, p = t·a beside the
# shadow): this share of the content's half-span on top of the common margin, plus a fixed
# amount for short vectors.
_LABEL_ROOM = (0.17, 0.2)
# Dragged tips round to hundredths (ten-thousandths with Shift).
_SNAP = {"step": 0.01, "fine_step": 1e-4}


class ProjectionCanvas(LayeredItems, ModelRedraw, LayerToggles, pg.GraphicsLayoutWidget):
    """Draws a :class:`models.projection.model.ProjectionModel`; never edits it.

    Signals
    -------
    vector_dragged(str, float, float, object)
        Vector ``"a"`` or ``"b"`` should become (x, y) (snapped); the merge key is shared by
        every move of one drag.

    Attributes
    ----------
    items : dict
        Named items (``"a"``, ``"b"``, ``"proj"``, ``"shadow"``, ``"residual"``, ``"mark"``,
        ``"arc"``, ``"line"``, ``"p_grid"``, ``"samples"``, ``"images"``…), for tests.
    readout : pg.LabelItem
        The numbers beside the plot, or under it when the canvas is narrow (rich text set
        by the view).
    """

    vector_dragged = Signal(str, float, float, object)

    def __init__(self, parent=None) -> None:
        configure_pyqtgraph()
        super().__init__(parent=parent)
        self.setMinimumSize(360, 300)
        self.plot = self.addPlot(row=0, col=0)
        self.vb = style_plot(self.plot)
        self.readout = pg.LabelItem("", justify="left")
        self.readout.item.setTextWidth(READOUT_WIDTH)  # wrap long lines, never clip them
        self._readout_beside: bool | None = None
        self._readout_levels: tuple | None = None
        self.readout_detail = 3  # how much of the readout fits (see ProjectionView.readout_html)
        self._place_readout()
        self.items: dict = {}
        self._labels: dict[str, Label] = {}
        self._init_layers(LAYERS)
        self._model = None
        self._view_fit = ViewFit(self.vb, self.plot)
        self._in_update = False
        self._build()
        self.vb.sigRangeChanged.connect(self._on_range_changed)
        self.vb.sigResized.connect(self._on_range_changed)

    # -- construction ----------------------------------------------------------------------
    def _label(self, layer, name, col, size=14, bold=True) -> Label:
        lab = Label(self.vb, col, False, size, bold)
        self._labels[name] = lab
        if layer:
            self._layers[layer].append(lab)
        return lab

    def _build(self) -> None:
        self._add("grid", "grid", pg.PlotDataItem(pen=pen("grid", GRID_WIDTH), antialias=False,
                                                  **_PAIRS), -20)
        for angle in (0, 90):
            self._add(None, f"axis_{angle}", pg.InfiniteLine(0, angle, pen=pen("axis", 2)), -9)
        self._add("apply_p", "p_grid", pg.PlotDataItem(pen=pen("transformed_grid", GRID_WIDTH),
                                                        **_PAIRS), -15)
        self._add("apply_p", "drops", pg.PlotDataItem(
            pen=pen(COLORS["samples"], 1.5, Qt.PenStyle.DotLine), **_PAIRS), -14)
        self._add("apply_p", "samples", pg.ScatterPlotItem(
            size=8, pen=pen(COLORS["samples"], 1.3), brush=color("background", 220)), -13)
        self._add("apply_p", "images", pg.ScatterPlotItem(
            size=8, pen=pen("background", 1), brush=pg.mkBrush(COLORS["a"])), -12)
        self._add("line", "line", pg.InfiniteLine(
            (0, 0), 0, pen=pen(COLORS["a"], 2, Qt.PenStyle.DashLine)), -10)
        self._add("projection", "shadow", pg.PlotDataItem(pen=pen("text", 11)), -7)
        self._add("projection", "residual", pg.PlotDataItem(
            pen=pen(COLORS["residual"], 2.2, Qt.PenStyle.DashLine)), -6)
        self._add("projection", "mark", pg.PlotDataItem(pen=pen(COLORS["residual"], 1.6)), -5)
        self._add("angle", "arc", pg.PlotDataItem(pen=pen("text", 2)), -4)
        proj = self.items["proj"] = Arrow(self.vb, SIGN_COLORS["acute"], 3.5, 3)
        self._layers["projection"].append(proj)
        for name in ("a", "b"):
            self.items[name] = Arrow(self.vb, COLORS[name], 3, 5 if name == "a" else 4)
            self._label(None, name, COLORS[name], size=16)
            handle = self._handle(None, f"handle_{name}", COLORS[name], 50)
            handle.dragged.connect(lambda x, y, fine, serial, n=name: self._drag(
                n, x, y, fine, serial))
            handle.drag_finished.connect(self._drag_finished)
        self._label("projection", "proj", SIGN_COLORS["acute"], size=14)
        self._label("projection", "residual", COLORS["residual"], size=13)
        self._label("angle", "angle", SIGN_COLORS["acute"], size=13)

    # -- public API ------------------------------------------------------------------------
    def label(self, name: str) -> Label:
        """Label ``"a"``, ``"b"``, ``"proj"``, ``"residual"`` or ``"angle"``."""
        return self._labels[name]

    def handle(self, name: str) -> Handle:
        """The drag handle at the tip of ``"a"`` or ``"b"``."""
        return self.items[f"handle_{name}"]

    @property
    def dragging(self) -> bool:
        """True while a handle is being dragged (the view range then stays put)."""
        return self.handle("a").dragging or self.handle("b").dragging

    def fit_view(self) -> None:
        """Reset pan/zoom to fit a and b."""
        self._view_fit.reset()
        self.redraw()

    def px(self) -> float:
        """Data units per screen pixel (0 before the first layout)."""
        w = self.vb.width()
        return self.vb.viewRect().width() / w if w > 1 else 0.0

    def update_from(self, model) -> None:
        """Move every item to show ``model``; the only update path."""
        self._model = model
        if not self.dragging:
            self._fit(model)
        self._redraw()

    def _redraw(self) -> None:
        """Draw the model for the present range and size (never changes either)."""
        model = self._model
        self._in_update = True
        try:
            self._update_grid()
            self._update_vectors(model)
            self._update_apply_p(model)
        finally:
            self._in_update = False
        self._layout()

    # -- updates ---------------------------------------------------------------------------
    def _fit(self, model) -> None:
        # The box around a, b, the shadow and ±1 (not centred on the origin: the vectors
        # fill the figure), with room for the labels, its edges rounded outwards to half
        # steps of its decade so most edits keep the range (no jumping while typing).
        pts = np.vstack([[-1.0, -1.0], [1.0, 1.0], model.state.a, model.state.b,
                         model.projection])
        pts = np.clip(pts, -MAX_HALF / 4, MAX_HALF / 4)  # the padded span stays finite
        lo, hi = pts.min(axis=0), pts.max(axis=0)
        share, fixed = _LABEL_ROOM
        room = share * float(np.max(hi / 2 - lo / 2)) + fixed
        self._view_fit.fit(lo, hi, room=room, per_decade=2)

    def _update_grid(self) -> None:
        if not self._visible["grid"]:
            return
        view = self.vb.viewRect()
        span = max(view.width(), view.height(), 1e-9)
        step = 10.0 ** math.floor(math.log10(span / 4))
        step *= 1 if span / step <= 40 else (2 if span / (2 * step) <= 40 else 5)
        xs = np.arange(math.floor(view.left() / step) - 1, math.ceil(view.right() / step) + 2)
        ys = np.arange(math.floor(view.top() / step) - 1, math.ceil(view.bottom() / step) + 2)
        xs, ys = xs * step, ys * step
        gx = np.concatenate([np.repeat(xs, 2), np.tile([xs[0], xs[-1]], ys.size)])
        gy = np.concatenate([np.tile([ys[0], ys[-1]], xs.size), np.repeat(ys, 2)])
        self.items["grid"].setData(gx, gy)

    def _update_vectors(self, model) -> None:
        s, f = model.state, model.facts
        px = self.px()
        a, b = s.a, s.b
        sign = SIGN_COLORS[f.kind]
        for name, v in (("a", a), ("b", b)):
            self.items[name].set((0, 0), v, px)
            self.items[f"handle_{name}"].setPos(float(v[0]), float(v[1]))
            self._labels[name].set_text(name)
            self._labels[name].set_point(float(v[0]), float(v[1]))
        has_a = model.message is None
        line = self.items["line"]
        line.setVisible(self._visible["line"] and has_a)
        if has_a:
            line.setAngle(math.degrees(math.atan2(a[1], a[0])))
        show_p = self._visible["projection"] and has_a
        for item in self._layers["projection"]:
            item.setVisible(show_p)
        if show_p:
            self._update_projection(model, sign, px)
        arc_on = self._visible["angle"] and f.angle_deg is not None
        self.items["arc"].setVisible(arc_on)
        self._labels["angle"].setVisible(arc_on)
        if arc_on and px > 0:
            radius = max(min(float(np.hypot(*a)), float(np.hypot(*b))) * 0.3, 30 * px)
            arc = angle_arc(a, b, radius)
            self.items["arc"].setData(arc[:, 0], arc[:, 1])
            self.items["arc"].setPen(pen(sign, 2))
            mid = arc[len(arc) // 2]
            self._labels["angle"].set_text(f"θ = {f.angle_deg:.1f}°", sign)
            self._labels["angle"].set_point(float(mid[0]), float(mid[1]))

    def _update_projection(self, model, sign: str, px: float) -> None:
        p, b = model.projection, model.state.b
        self.items["shadow"].setData([0.0, p[0]], [0.0, p[1]])
        self.items["shadow"].setPen(pen(color(sign, 80), 11, cap=Qt.PenCapStyle.RoundCap))
        proj = self.items["proj"]
        proj.set_style(sign, 3.5)
        proj.set((0, 0), p, px)
        self.items["residual"].setData([p[0], b[0]], [p[1], b[1]])
        has_r = float(np.hypot(*model.residual)) > 2 * px
        has_p = float(np.hypot(*p)) > 2 * px
        mark = right_angle_mark(p, -p if has_p else model.state.a, model.residual,
                                _MARK_PX * px)
        self.items["mark"].setVisible(has_r and mark.size > 0)
        if mark.size:
            self.items["mark"].setData(mark[:, 0], mark[:, 1])
        t = model.coefficient
        lab = self._labels["proj"]
        lab.setVisible(has_p)  # at a right angle p = 0 sits on the origin: say it in the readout
        lab.set_text(f"p = {num(t)}·a", sign)
        # Beside the shadow, on the side away from b (the dashed residual runs towards b).
        a = model.state.a
        away = -model.residual if has_r else np.array([-a[1], a[0]])
        lab.set_point(float(p[0]), float(p[1]), direction=(float(away[0]), float(away[1])))
        rl = self._labels["residual"]
        rl.setVisible(has_r)
        mid = (p + b) / 2
        rl.set_text("b − p")
        rl.set_point(float(mid[0]), float(mid[1]), direction=tuple(p - b) if has_p else None)

    def _update_apply_p(self, model) -> None:
        on = self._visible["apply_p"]
        for item in self._layers["apply_p"]:
            item.setVisible(on)
        if not on:
            return
        view = self.vb.viewRect()
        extent = int(math.ceil(max(abs(view.left()), abs(view.right()), abs(view.top()),
                                   abs(view.bottom())))) + 1
        seg = grid_segments(model.matrix, min(extent, 40)).reshape(-1, 2)
        self.items["p_grid"].setData(seg[:, 0], seg[:, 1])
        pts, imgs = projected_samples(model.state.a, 2)
        self.items["samples"].setData(pts[:, 0], pts[:, 1])
        self.items["images"].setData(imgs[:, 0], imgs[:, 1])
        drops = np.empty((2 * len(pts), 2))
        drops[0::2], drops[1::2] = pts, imgs
        self.items["drops"].setData(drops[:, 0], drops[:, 1])

    # -- labels and zoom --------------------------------------------------------------------
    def _layout(self) -> None:
        px = self.px()
        if px <= 0 or self._model is None:
            return
        for key in ("a", "b", "proj"):
            self.items[key].refresh(px)
        s, p = self._model.state, self._model.projection
        segments = [((0, 0), tuple(s.a)), ((0, 0), tuple(s.b)), (tuple(p), tuple(s.b)),
                    ((0, 0), tuple(p))]
        order = ("a", "b", "proj", "angle", "residual")
        place_labels([self._labels[k] for k in order], self.vb, segments=segments)

    def _on_range_changed(self, *args) -> None:
        # Pixel sizes changed (a zoom, a resize): redraw for them, without fitting again,
        # so this handler never moves the range that called it.
        if self._in_update or self._model is None:
            return
        self._redraw()

    def resizeEvent(self, ev) -> None:  # noqa: N802 - Qt API
        # Before the base class fits the layout to the new size, so it fits the new
        # arrangement. Skipped inside pyqtgraph's __init__ (no readout yet) and after
        # close() (the items are gone).
        if getattr(self, "readout", None) is not None and not self.closed:
            self._place_readout()
        super().resizeEvent(ev)

    def _place_readout(self) -> None:
        """Readout beside the plot, or under it when the canvas is too narrow for both.

        Decided by the canvas's width alone, which the readout's place cannot change: no
        loop.
        """
        # Beside the plot on a landscape canvas, taking at most 40 % of its width, so the
        # plot keeps most of the room; under it on a portrait one.
        w, h = self.width(), self.height()
        beside = w >= 1.1 * h and w >= _MIN_PLOT_PX + 200
        wrap = int(min(READOUT_WIDTH, 0.4 * w)) if beside else max(min(READOUT_WIDTH,
                                                                        w - 40), 120)
        if wrap != self.readout.item.textWidth():
            self.readout.item.setTextWidth(wrap)
            self.readout.setFixedWidth(wrap + 16)
            self.readout.updateMin()
        if beside == self._readout_beside:
            self._fit_readout()
            return
        if self._readout_beside is not None:
            self.ci.removeItem(self.readout)
        self._readout_beside = beside
        if beside:
            self.ci.addItem(self.readout, row=0, col=1)
        else:
            self.ci.addItem(self.readout, row=1, col=0)
        layout = self.ci.layout
        layout.setColumnStretchFactor(0, 1)
        layout.setRowStretchFactor(0, 1)
        layout.setRowStretchFactor(1, 0)
        self._fit_readout()

    def set_readout(self, levels: list[str], size: str, color: str) -> None:
        """Show the readout: ``levels`` are its rich texts, most detailed first; the most
        detailed one that fits is shown (see :meth:`_fit_readout`)."""
        self._readout_levels = (list(levels), size, color)
        self._fit_readout()

    def _fit_readout(self) -> None:
        """Choose the most detailed readout that leaves the plot its room: the canvas's
        height beside the plot, 45 % of it under the plot. Decided from the canvas's size
        and the text alone (once per change or resize), never from the plot's range."""
        if self._readout_levels is None:
            return
        levels, size, color = self._readout_levels
        room = self.height() * (1.0 if self._readout_beside else 0.45) - 8
        chosen = len(levels) - 1
        for k, html in enumerate(levels):
            self.readout.setText(html, size=size, color=color)
            if self.readout.item.boundingRect().height() <= room:
                chosen = k
                break
        else:
            self.readout.setText(levels[-1], size=size, color=color)
        self.readout_detail = len(levels) - 1 - chosen

    # -- dragging --------------------------------------------------------------------------
    def _drag(self, name: str, x: float, y: float, fine: bool, serial: int) -> None:
        if self._model is None:
            return
        other = self._model.state.b if name == "a" else self._model.state.a
        v = snap_tip((x, y), fine=fine, px=self.px(), other=other, **_SNAP)
        self.vector_dragged.emit(name, float(v[0]), float(v[1]), ("drag", name, serial))

    def _drag_finished(self, serial: int) -> None:
        self.redraw()  # the range was frozen during the drag: fit now
