"""The Plane lab's canvas: a 2×2 map drawn as grids, arrows, the mapped unit square and
circle, eigen-directions and a probe vector, with draggable tips.

Every item is created once in ``__init__``; :meth:`PlaneCanvas.update_from` only moves
them, so an edit costs a handful of ``setData``/``setPos`` calls and one repaint.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QRectF, Signal

from models.linalg.snapping import snap_tip
from models.plane.geometry import grid_segments
from models.plane.view_state import shown_geometry
from views.common.figure import ModelRedraw, PlaneFigure, ViewFit
from views.common.items import Arrow, Handle
from views.common.labels import Label, line_in_rect, place_labels
from views.common.numbers import num
from views.plane.layers import LAYERS, PlaneLayers

__all__ = ["PlaneCanvas", "LAYERS"]

MIN_HALF = 2.2  # the view always shows at least [-2.2, 2.2]²
_MAX_GRID = 20  # at most 2·20+1 transformed grid lines each way


def _nice_step(span: float, most: int) -> float:
    """The smallest 1-2-5 step that puts at most ``most`` lines across ``span``."""
    raw = max(span / most, 1.0)
    mag = 10.0 ** math.floor(math.log10(raw))  # a float: 10 ** 19 overflows NumPy's int64
    for k in (1, 2, 5, 10):
        if k * mag >= raw:
            return k * mag
    return 10 * mag


class PlaneCanvas(PlaneLayers, ModelRedraw, PlaneFigure):
    """Draws a :class:`models.plane.model.PlaneModel`; never edits it.

    Signals
    -------
    column_dragged(int, float, float, object)
        Column j of A should become (x, y); the last argument is the merge key,
        shared by every move of one drag.
    x_dragged(float, float, object)
        The probe x should become (x, y); merge key as above.
    painted()
        A paint of the viewport finished (used to measure latency).

    Attributes
    ----------
    items : dict
        Named items, for tests and export (``"a_i"``, ``"semi_axis_1"``, ``"square"``…).
    paint_count : int
        Finished paints of the viewport.
    """

    column_dragged = Signal(int, float, float, object)
    x_dragged = Signal(float, float, object)
    painted = Signal()
    #: The view's :class:`models.plane.view_state.PlaneViewState`: the animation time drawn
    #: (None: A itself).
    view_state = None

    def __init__(self, parent=None) -> None:
        super().__init__(parent=parent, layers=LAYERS, axes=False)
        self.paint_count = 0
        self._model = None
        # The geometry last drawn. Zooms and resizes re-lay out *that*, never the model's
        # present geometry: a hidden canvas shares its model with the lab on screen, whose
        # edits it has not drawn yet.
        self._geometry = None
        self._view_fit = ViewFit(self.vb)
        self._grid_key = None
        self._tgrid_n: int | None = None
        self._in_update = False
        self._eigen_dirs: dict[int, tuple[float, float]] = {}
        self.square_polygon = np.zeros((5, 2))
        # No frame axes (axes=False above): the integer grid and the origin axes carry the
        # scale, the figure stays clean, and re-drawing tick labels on every zoom step would
        # cost ~3 ms.
        self.getPlotItem().setContentsMargins(4, 4, 4, 4)  # a quiet border: nothing on the edge
        self._labels: dict[str, Label] = self.labels
        self._build_items()
        self.vb.sigRangeChanged.connect(self._on_range_changed)
        self.vb.sigResized.connect(self._on_range_changed)

    # -- public API ------------------------------------------------------------------------
    def label(self, name: str) -> Label:
        """Label ``name``: ``"det"``, ``"a_i"``, ``"semi_axis_1"``, ``"eigenline_1"``…"""
        return self._labels[name]

    def handle(self, name: str) -> Handle:
        """Drag handle ``"a_i"``, ``"a_j"`` or ``"x"``."""
        return self.items[{"a_i": "handle_0", "a_j": "handle_1", "x": "handle_x"}[name]]

    @property
    def dragging(self) -> bool:
        """True while a handle is being dragged (the view range then stays put)."""
        return any(self.items[h].dragging for h in ("handle_0", "handle_1", "handle_x"))

    def fit_view(self) -> None:
        """Reset pan/zoom to fit the content of the current model."""
        self._view_fit.reset()
        self.redraw()

    def update_from(self, model) -> None:
        """Move every item to show ``model`` (a PlaneModel); the only update path."""
        self._model = model
        t = 1.0 if self.view_state is None else self.view_state.t
        g, st = shown_geometry(model, t), model.state
        self._geometry = g
        self._in_update = True
        moved = False
        try:
            if not self.dragging:
                moved = self._fit_range(model)
            self._update_grids(g.matrix)
            if self._visible["square"]:
                self._update_square(g)
            if self._visible["ellipse"]:
                self._update_ellipse(g)
            if self._visible["eigen"]:
                self._update_eigen(g)
            self._update_basis(g)
            if self._visible["probe"]:
                self._update_probe(g, st.x)
        finally:
            self._in_update = False
        self._layout()
        if moved and self.scene() is not None:
            # Settle the new view transform now rather than inside the coming paint: applied
            # there, it marks the text items changed and the paint is followed by a second.
            self.scene().prepareForPaint()

    # -- per-layer updates -----------------------------------------------------------------
    def _px(self) -> float:
        w = self.vb.width()
        return self.vb.viewRect().width() / w if w > 1 else 0.0

    def _fit_range(self, model) -> bool:
        """Fit the view range to ``model``; True when the range changed."""
        a, x, ax = model.matrix, model.state.x, model.ax
        # Fit A and I together: every frame of the animation (1−t)I + tA then fits too,
        # so the view does not breathe while it plays.
        pts = np.vstack([a.T, a[:, 0] + a[:, 1], ax, x, [[1.0, 1.0]]])
        reach = max(float(np.max(np.hypot(pts[:, 0], pts[:, 1]))), model.facts.norms["l2"], 1.0)
        return self._view_fit.fit(-reach, reach, MIN_HALF)  # coarse: no setRange on most edits

    def _update_grids(self, m: np.ndarray) -> None:
        view = self.vb.viewRect()
        reach = math.hypot(max(abs(view.left()), abs(view.right())),
                           max(abs(view.top()), abs(view.bottom())))
        if self._visible["grid"]:
            step = _nice_step(2 * reach, 40)
            key = (step, math.floor(view.left() / step), math.ceil(view.right() / step),
                   math.floor(view.top() / step), math.ceil(view.bottom() / step))
            if key != self._grid_key:
                self._grid_key = key
                xs = np.arange(key[1] - 1, key[2] + 2) * step
                ys = np.arange(key[3] - 1, key[4] + 2) * step
                x0, x1, y0, y1 = xs[0], xs[-1], ys[0], ys[-1]
                gx = np.concatenate([np.repeat(xs, 2), np.tile([x0, x1], ys.size)])
                gy = np.concatenate([np.tile([y0, y1], xs.size), np.repeat(ys, 2)])
                self.items["grid"].setData(gx, gy)
                self.items["grid_step"].setText(f"grid lines every {num(step)}")
            # Integer lines need no note; a coarser grid (zoomed out) says its spacing.
            self.items["grid_step"].setVisible(key[0] != 1)
        if self._visible["transformed_grid"]:
            s_min = float(self._geometry.singular_values[-1])  # of m, from the model
            # Lines out to the view's reach, at most _MAX_GRID each way (a near-singular A
            # or a view near the float limit makes the ratio huge or infinite).
            ratio = reach / s_min if s_min > 1e-9 else math.inf
            n = min(int(math.ceil(ratio) + 1), _MAX_GRID) if ratio < _MAX_GRID else _MAX_GRID
            n = max(n, 2)
            self._tgrid_n = n
            seg = grid_segments(m, n).reshape(-1, 2)
            self.items["transformed_grid"].setData(seg[:, 0], seg[:, 1])

    # -- labels ----------------------------------------------------------------------------
    def _layout(self) -> None:
        """Re-fit arrow shafts to their heads and place every label (after edits and zooms)."""
        px = self._px()
        if px <= 0 or self._geometry is None:
            return
        segments = []
        for item in self.items.values():
            if isinstance(item, Arrow):
                item.refresh(px)
                if item.shaft.isVisible():
                    segments.append((item.tail, item.tip))
        if self._visible["eigen"]:
            segments += self._place_eigen_labels(px)
        if self._visible["square"]:
            self._nudge_det(px)
        note = self.items["eigen_note"]
        self.items["grid_step"].setPos(10, self.vb.height() - 8)
        obstacles = []
        if note.isVisible():
            r = note.textItem.boundingRect()
            obstacles.append(QRectF(10, 8, r.width(), r.height()))
        # det first: the signed area is what the square is there to show.
        order = ("det", "a_i", "a_j", "ax", "x", "semi_axis_1", "semi_axis_2",
                 "eigenline_1", "eigenline_2")
        place_labels([self._labels[k] for k in order], self.vb, obstacles, segments)

    def _nudge_det(self, px: float) -> None:
        lab = self._labels["det"]
        # Always start from the centroid: a nudge made while the view had no size yet must
        # not stick (it once left the label far outside the picture).
        sq = self._geometry.square
        c = sq[:4].mean(axis=0)
        r = float(np.hypot(*c))
        if r >= 34 * px:
            lab.set_point(c[0], c[1])
            lab.alternatives = [tuple(c + 0.45 * (corner - c)) for corner in sq[1:4]]
            return
        # The centroid sits on the origin (columns nearly opposite): move the label off
        # it, across the collapsed shape, so the origin stays clear.
        a1 = self._geometry.matrix[:, 0]
        if r > 1e-12:
            d = c / r
        elif np.hypot(*a1) > 1e-12:
            d = np.array([-a1[1], a1[0]]) / np.hypot(*a1)
        else:
            d = np.array([1.0, -1.0]) / math.sqrt(2)
        lab.set_point(*(d * 34 * px))
        lab.alternatives = []

    def _place_eigen_labels(self, px: float) -> list:
        """Attach eigenline labels near the far visible end; return the lines as segments."""
        view = self.vb.viewRect()
        segments = []
        for k in (1, 2):
            lab = self._labels[f"eigenline_{k}"]
            if k not in self._eigen_dirs:
                lab.setVisible(False)
                continue
            v = self._eigen_dirs[k]
            whole = line_in_rect(v, (view.left(), view.top()), (view.right(), view.bottom()))
            if whole is not None:
                segments.append(((whole[0] * v[0], whole[0] * v[1]),
                                 (whole[1] * v[0], whole[1] * v[1])))
            # Keep the whole text inside the view: pull back by its size from the edge.
            margin = (max(lab.size_px()) + 14) * px
            span = line_in_rect(v, (view.left() + margin, view.top() + margin),
                                (view.right() - margin, view.bottom() - margin))
            lab.setVisible(span is not None)
            if span is not None:
                s1 = span[1]
                lab.set_point(s1 * v[0], s1 * v[1], direction=(-v[1], v[0]))
        return segments

    def _on_range_changed(self, *args) -> None:
        # A zoom or resize: redraw the grids and labels for the new pixel size. Nothing here
        # sets the range, so the handler cannot call itself again.
        if self._in_update or self._geometry is None:
            return
        self._update_grids(self._geometry.matrix)
        self._layout()

    # -- dragging --------------------------------------------------------------------------
    def _drag_column(self, j: int, x: float, y: float, fine: bool, serial: int) -> None:
        self.column_dragged.emit(j, *snap_tip((x, y), fine=fine), ("drag", "column", j, serial))

    def _drag_x(self, x: float, y: float, fine: bool, serial: int) -> None:
        on_circle = self._model is not None and self._model.state.x_on_circle
        self.x_dragged.emit(*snap_tip((x, y), fine=fine, on_circle=on_circle),
                            ("drag", "x", serial))

    def _drag_finished(self, serial: int) -> None:
        self.redraw()  # the range was frozen during the drag: fit now

    # -- painting --------------------------------------------------------------------------
    def paintEvent(self, ev) -> None:  # noqa: N802 - Qt API
        super().paintEvent(ev)
        self.paint_count += 1
        self.painted.emit()
