"""The Space lab's canvas: 3D geometry from the model, projected by the model's camera onto
a flat pyqtgraph canvas (no OpenGL), painted back to front.

Every item is created once in ``__init__``; :meth:`SpaceCanvas.update_from` only moves
them. A left-button drag orbits the camera and the wheel zooms: the canvas asks for a new
camera with :attr:`SpaceCanvas.camera_requested` and redraws when the model says so.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, Signal

from models.expr import format_value
from models.projection3d import PERSPECTIVE_RATIO, facing, paint_ranks, project
from models.space_geometry import faces_holding, mesh_sides, right_angle_mark
from views.plane_items import Arrow
from views.plane_labels import Label, place_labels
from views.space_items import SPACE_COLORS, Face, Triad, corner_note, shade
from views.style import color, configure_pyqtgraph, pen

__all__ = ["SpaceCanvas", "LAYERS", "DEG_PER_PX", "num"]

#: Layer keys, the same as the Space view's on/off toggles.
LAYERS = ("lattice", "basis", "solid", "ellipsoid", "eigen", "subspaces", "probe",
          "least_squares", "axes")
DEG_PER_PX = 0.4  # orbit speed of a drag
WHEEL_STEP = 1.15  # zoom factor per wheel notch
# The view's half-width in units of the scene radius. The radius holds the picture from
# every direction (so orbiting never refits); seen from any one direction the far corners
# are foreshortened, so a little less than 1 fills the canvas without clipping in practice.
FIT = 0.85
_SUB = ("₁", "₂", "₃")
_HATS = ("î", "ĵ", "k̂")
_OUT_COLORS = ("i_hat", "j_hat", SPACE_COLORS["k_hat"])


def num(x: float, digits: int = 3) -> str:
    """A short number with a true minus sign (reads better projected)."""
    return format_value(float(x), digits).replace("-", "\u2212")


class SpaceCanvas(pg.PlotWidget):
    """Draws a :class:`models.space.SpaceModel`; never edits it.

    Signals
    -------
    camera_requested(object)
        The person dragged or wheeled: the :class:`models.projection3d.Camera` asked for.
    painted()
        A paint of the viewport finished (used to measure latency).

    Attributes
    ----------
    items : dict
        Named items for tests (``"face_0"``, ``"a_0"``, ``"eigen_0"``, ``"mesh_front"``…).
    perspective : bool
        Mild perspective instead of an orthographic view.
    """

    camera_requested = Signal(object)
    painted = Signal()

    def __init__(self, parent=None) -> None:
        configure_pyqtgraph()
        super().__init__(parent=parent)
        self.paint_count = 0
        self.perspective = False
        self._model = None
        self._half: float | None = None
        self._drag_last = None
        self._held: tuple = (None, {})  # (geometry, arrow name → faces holding it)
        self._visible = dict.fromkeys(LAYERS, True)
        plot = self.getPlotItem()
        plot.hideButtons()
        plot.setMenuEnabled(False)
        plot.hideAxis("left")
        plot.hideAxis("bottom")
        vb = self.vb = plot.getViewBox()
        vb.setAspectLocked(True, 1.0)
        vb.disableAutoRange()
        vb.setMouseEnabled(False, False)  # drags orbit the camera instead of panning
        vb.setMenuEnabled(False)
        self.setMinimumSize(240, 240)
        self.items: dict = {}
        self._layer_of: dict[str, str] = {}
        self._labels: dict[str, Label] = {}
        self._build_items()
        vb.sigResized.connect(self._on_resized)

    # -- construction ----------------------------------------------------------------------
    def _add(self, layer, name, item, z=0.0):
        item.setZValue(z)
        self.vb.addItem(item, ignoreBounds=True)
        self.items[name], self._layer_of[name] = item, layer
        return item

    def _arrow(self, layer, name, col, width, head_scale=1.0) -> Arrow:
        self.items[name], self._layer_of[name] = Arrow(self.vb, col, width, 10,
                                                       head_scale), layer
        return self.items[name]

    def _label(self, layer, name, col, centred=False, size=13, bold=False) -> Label:
        lab = Label(self.vb, col, centred, size, bold)
        self._labels[name], self._layer_of["label:" + name] = lab, layer
        return lab

    def _line(self, layer, name, col, width, z, style=None, connect="all"):
        item = pg.PlotDataItem(pen=pen(col, width, style), connect=connect,
                               skipFiniteCheck=connect != "finite")
        return self._add(layer, name, item, z)

    def _build_items(self) -> None:
        dash = Qt.PenStyle.DashLine
        self._line("lattice", "lattice", SPACE_COLORS["lattice"], 1, -30, connect="pairs")
        self._line("axes", "axes", color("axis", 150), 1.2, -25, connect="pairs")
        self._add("subspaces", "plane", Face(), -20)
        self._label("subspaces", "plane", SPACE_COLORS["plane"])
        self._line("ellipsoid", "mesh_back", color(SPACE_COLORS["mesh"], 70), 1, -15,
                   connect="finite")
        # 1 px: a wider antialiased pen doubles the paint time of this long polyline.
        self._line("ellipsoid", "mesh_front", color(SPACE_COLORS["mesh"], 150), 1, 5,
                   connect="finite")
        for k in range(3):
            self._line("eigen", f"eigen_{k}", color("eigen", 220), 2.5, 6)
            self._label("eigen", f"eigen_{k}", "eigen", bold=True)
        for k in range(2):
            self._line("subspaces", f"null_{k}", SPACE_COLORS["null"], 2.5, 6, dash)
        self._label("subspaces", "null", SPACE_COLORS["null"], bold=True)
        for k in range(6):
            self._add("solid", f"face_{k}", Face(), 10)
        self._add("solid", "outline", Face(), 9)
        self._label("solid", "det", "text", centred=True, size=14, bold=True)
        for k in range(3):
            self._arrow("ellipsoid", f"semi_{k}", "svd", 2, 0.8)
            self._label("ellipsoid", f"semi_{k}", "svd")
        for k in range(3):
            self._arrow("basis", f"e_{k}", "faint", 1.5, 0.7)
            self._label("basis", f"e_{k}", "axis", size=12)
            self._arrow("basis", f"a_{k}", _OUT_COLORS[k], 3)
            self._label("basis", f"a_{k}", _OUT_COLORS[k], size=14, bold=True)
        self._arrow("probe", "x", "x", 2.5)
        self._arrow("probe", "ax", "ax", 2.5)
        self._label("probe", "x", "x", bold=True)
        self._label("probe", "ax", "#B36B00", bold=True)
        self._arrow("least_squares", "b", SPACE_COLORS["b"], 2.5)
        self._arrow("least_squares", "p", SPACE_COLORS["p"], 2.5)
        self._arrow("least_squares", "r", SPACE_COLORS["residual"], 2.5)
        self._line("least_squares", "mark", SPACE_COLORS["residual"], 1.5, 10)
        for name, col in (("b", "b"), ("p", "p"), ("r", "residual")):
            self._label("least_squares", name, SPACE_COLORS[col], bold=True)
        self.note = corner_note(self.vb)
        self.triad = Triad()
        self.triad.setParentItem(self.vb)
        self.items["note"], self.items["triad"] = self.note, self.triad
        self._layer_of["triad"] = "axes"

    # -- public API ------------------------------------------------------------------------
    def label(self, name: str) -> Label:
        """The label called ``name`` (``"det"``, ``"a_0"``, ``"eigen_0"``, ``"b"``…)."""
        return self._labels[name]

    def layer_visible(self, key: str) -> bool:
        """Whether layer ``key`` is switched on."""
        return self._visible[key]

    def set_layer_visible(self, key: str, on: bool) -> None:
        """Switch one layer (one of :data:`LAYERS`) on or off and redraw."""
        self._visible[key] = bool(on)
        if self._model is not None:
            self.update_from(self._model)

    def set_perspective(self, on: bool) -> None:
        """Mild perspective (True) or an orthographic view (False)."""
        self.perspective = bool(on)
        self._half = None
        if self._model is not None:
            self.update_from(self._model)

    def fit_view(self) -> None:
        """Fit the view range to the model's scene again (after a resize)."""
        self._half = None
        if self._model is not None:
            self.update_from(self._model)

    def update_from(self, model) -> None:
        """Project and move every item to show ``model``; the only drawing path."""
        self._model = model
        g, cam = model.geometry, model.camera
        self._rot = cam.rotation
        self._dist = PERSPECTIVE_RATIO * model.radius if self.perspective else None
        self._reach = model.radius
        self._fit(model.radius, cam.zoom)
        self._on = {}
        self._segments: list = []  # drawn 2D lines that labels should not cover
        sortables: list[tuple[float, list]] = []
        self._draw_lines(g)
        faces = self._draw_solid(g, sortables)
        self._draw_ellipsoid(g, sortables)
        edges = self._draw_arrows(g, model.state, sortables)
        # An arrow along an edge of the solid is seen on its faces, never under them.
        if self._held[0] is not g:  # depends on the geometry only, not on the camera
            corners = g.solid[np.array(g.faces)]
            self._held = (g, {name: faces_holding(tail, tip, corners, g.face_normals)
                              for name, _, tail, tip in edges})
        above = [(slot, faces[k]) for name, slot, _, _ in edges
                 for k in self._held[1].get(name, ()) if k in faces]
        ranks = paint_ranks([d for d, _ in sortables], above)
        for (_, items), rank in zip(sortables, ranks, strict=True):
            for step, item in enumerate(items):
                item.setZValue(10 + int(rank) + 0.1 * step)
        for name, item in self.items.items():
            layer = self._layer_of.get(name)
            if layer is not None:
                item.setVisible(self._visible[layer] and self._on.get(name, True))
        for name, lab in self._labels.items():
            lab.setVisible(self._visible[self._layer_of["label:" + name]]
                           and self._on.get("label:" + name, False))
        self.triad.set_rotation(self._rot)
        notes = list(g.notes)
        self.note.setText("\n".join(notes))
        self.note.setVisible(bool(notes))
        self._layout()

    # -- projection helpers ----------------------------------------------------------------
    def project(self, points) -> tuple[np.ndarray, np.ndarray]:
        """Canvas points and depths of world points under the current camera."""
        return project(points, self._rot, self._dist)

    def _xy(self, points) -> np.ndarray:
        return project(points, self._rot, self._dist)[0]

    def _fit(self, radius: float, zoom: float) -> None:
        # Coarse steps of the radius: most edits then keep the range, and a setRange (which
        # re-lays out every text item) is skipped.
        q = 10 ** math.floor(math.log10(radius)) / 4
        radius = math.ceil(radius / q - 1e-9) * q
        half = FIT * radius / zoom * (1.25 if self.perspective else 1.0)
        if self._half is None or abs(half - self._half) > 1e-9 * half:
            self._half = half
            self.vb.setRange(xRange=(-half, half), yRange=(-half, half), padding=0)

    def _px(self) -> float:
        w = self.vb.width()
        return self.vb.viewRect().width() / w if w > 1 else 0.0

    def _set_line(self, name: str, points, on: bool = True) -> None:
        self._on[name] = on
        if on:
            xy = self._xy(np.asarray(points, dtype=float).reshape(-1, 3))
            self.items[name].setData(xy[:, 0], xy[:, 1])

    def _place(self, name: str, text: str, point3, on: bool = True, col=None) -> None:
        self._on["label:" + name] = on
        if on:
            lab = self._labels[name]
            lab.set_text(text, col)
            x, y = self._xy(np.asarray(point3, dtype=float))
            lab.set_point(x, y)

    def _set_arrow(self, name, tail3, tip3, sortables, on=True) -> int | None:
        """Move arrow ``name``; returns its slot in ``sortables`` (None when hidden)."""
        self._on[name] = on
        if not on:
            return None
        (t2, d0), (p2, d1) = self.project(tail3), self.project(tip3)
        self.items[name].set(t2, p2, self._px())
        self._segments.append((tuple(t2), tuple(p2)))
        sortables.append((0.5 * (d0 + d1), self.items[name].items()))
        return len(sortables) - 1

    # -- layers ----------------------------------------------------------------------------
    def _draw_lines(self, g) -> None:
        reach = self._reach
        self._set_line("lattice", g.lattice)
        self._set_line("axes", np.repeat(np.eye(3), 2, axis=0) * np.tile([-reach, reach], 3)
                       [:, None])
        square = g.shape == (3, 3)
        for k in range(3):
            on = k < len(g.eigen)
            d = g.eigen[k].direction if on else np.zeros(3)
            self._set_line(f"eigen_{k}", [-reach * d, reach * d], on)
            if on:
                lam = g.eigen[k].value
                text = f"λ = {num(lam)}" + (" (null space)" if lam == 0 else "")
                self._place(f"eigen_{k}", text, 0.92 * reach * d)
            else:
                self._on["label:eigen_" + str(k)] = False
        # For a square A the null space is λ = 0's eigenspace, drawn (and named) already.
        show_null = not (square and self._visible["eigen"])
        for k in range(2):
            on = show_null and k < g.null_dirs.shape[0]
            d = g.null_dirs[k] if on else np.zeros(3)
            self._set_line(f"null_{k}", [-reach * d, reach * d], on)
        n0 = g.null_dirs[0] if g.null_dirs.shape[0] else np.zeros(3)
        self._place("null", "null space", -0.8 * reach * n0, show_null and bool(np.any(n0)))
        basis = g.col_basis if g.shape == (3, 2) else (np.eye(3)[:2] if g.shape == (2, 3)
                                                       else None)
        self._on["plane"] = basis is not None
        if basis is not None:
            s = 0.7 * reach
            corners = np.array([s * (u * basis[0] + v * basis[1])
                                for u, v in ((-1, -1), (1, -1), (1, 1), (-1, 1))])
            face = self.items["plane"]
            face.set_points(self._xy(corners))
            face.set_style(color(SPACE_COLORS["plane"], 28), color(SPACE_COLORS["plane"], 120),
                           1.2)
            text = "column space of A" if g.shape == (3, 2) else "output plane R² (z = 0)"
            self._place("plane", text, corners[2] * 0.9)
        else:
            self._on["label:plane"] = False

    def _draw_solid(self, g, sortables) -> dict[int, int]:
        """Faces (or the outline of a flat solid) and the det label; returns face → slot."""
        normals_facing = facing(g.face_normals, self._rot)
        slots: dict[int, int] = {}
        flat = g.outline is not None and g.shape[1] == 3
        self._on["outline"] = flat
        if flat:
            outline = self.items["outline"]
            outline.set_points(self._xy(g.outline))
            outline.set_style(color(SPACE_COLORS["collapsed"], 40), SPACE_COLORS["collapsed"],
                              2.5)
        if g.orientation > 0:
            base, edge, alpha = color(SPACE_COLORS["solid"]), SPACE_COLORS["solid_edge"], 70
        elif g.orientation < 0:
            base, edge, alpha = (color(SPACE_COLORS["solid_flipped"]),
                                 SPACE_COLORS["solid_flipped_edge"], 80)
        else:
            base, edge, alpha = color(SPACE_COLORS["collapsed"]), SPACE_COLORS["collapsed"], 25
        for k in range(6):
            name = f"face_{k}"
            on = k < len(g.faces) and not flat
            self._on[name] = on
            if not on:
                continue
            corners = g.solid[list(g.faces[k])]
            face = self.items[name]
            face.set_points(self._xy(corners))
            face.set_style(shade(base, normals_facing[k], alpha), edge, 1.5)
            sortables.append((float(self.project(g.face_centroids[k])[1]), [face]))
            slots[k] = len(sortables) - 1
        # det belongs to square maps; a 2×3 map's frames are shown by their volume.
        word = "det" if g.shape == (3, 3) else "volume"
        if g.shape[1] == 2:
            text = f"area = {num(g.volume)}" if g.orientation else "area = 0"
        elif g.orientation == 0:
            text = f"{word} = 0: volume collapses"
        else:
            text = f"{word} = {num(g.volume)}" + (" (orientation flipped)"
                                                  if g.orientation < 0 else "")
        col = SPACE_COLORS["collapsed"] if g.orientation == 0 else (
            "#8A4B00" if g.orientation < 0 else "text")
        self._place("det", text, g.solid.mean(axis=0), col=col)
        return slots

    def _draw_ellipsoid(self, g, sortables) -> None:
        if self._visible["ellipsoid"]:
            front, back = mesh_sides(g.mesh, g.mesh_normals, self._rot)
            self._set_line("mesh_front", front)
            self._set_line("mesh_back", back)
        for k in range(3):
            on = k < g.semi_axes.shape[0]
            tip = g.semi_axes[k] if on else np.zeros(3)
            self._set_arrow(f"semi_{k}", np.zeros(3), tip, sortables, on)
            if on:
                s = _SUB[k]
                self._place(f"semi_{k}", f"σ{s} = {num(g.singular_values[k])}", tip)
            else:
                self._on[f"label:semi_{k}"] = False

    def _draw_arrows(self, g, state, sortables) -> list:
        """Every arrow; returns (name, slot, tail, tip) of the arrows that may lie on faces."""
        zero = np.zeros(3)
        n = g.shape[1]
        edges = []
        for k in range(3):
            on = k < n
            for name, tip in ((f"e_{k}", g.basis_in[k] if on else zero),
                              (f"a_{k}", g.basis_out[k] if on else zero)):
                slot = self._set_arrow(name, zero, tip, sortables, on)
                if slot is not None:
                    edges.append((name, slot, zero, tip))
            if on:
                self._place(f"e_{k}", _HATS[k], g.basis_in[k])
                self._place(f"a_{k}", "A" + _HATS[k], g.basis_out[k])
            else:
                self._on[f"label:e_{k}"] = self._on[f"label:a_{k}"] = False
        self._set_arrow("x", zero, g.x, sortables)
        self._set_arrow("ax", zero, g.ax, sortables)
        self._place("x", "x", g.x)
        self._place("ax", "Ax", g.ax)
        on = g.lsq is not None and self._visible["least_squares"]
        for name in ("b", "p", "r", "mark"):
            self._on[name] = on
            self._on["label:" + name] = on
        if not on:
            return edges
        _, p, r = g.lsq
        b = np.asarray(state.b, dtype=float)
        self._set_arrow("b", zero, b, sortables)
        self._set_arrow("p", zero, p, sortables)
        has_r = float(np.linalg.norm(r)) > 1e-9 * max(1.0, float(np.linalg.norm(b)))
        self._set_arrow("r", p, b, sortables, has_r)
        self._place("b", "b", b)
        self._place("p", "p = Ax̂", p)
        self._place("r", "b − p ⟂ column space", 0.5 * (p + b), has_r)
        self._on["label:r"] = has_r
        basis = g.col_basis
        if has_r and basis is not None:
            along = -p if np.linalg.norm(p) > 1e-6 * self._reach else basis[0]
            mark = right_angle_mark(p, r, along, 0.06 * self._reach)
            self._set_line("mark", mark)
        else:
            self._on["mark"] = False
        return edges

    # -- labels ----------------------------------------------------------------------------
    def _on_resized(self) -> None:
        self.triad.setPos(62, self.vb.height() - 62)
        if self._model is not None:
            self.update_from(self._model)

    def _layout(self) -> None:
        """Re-fit arrow shafts to their heads and place every label."""
        px = self._px()
        if px <= 0 or self._model is None:
            return
        for item in self.items.values():
            if isinstance(item, Arrow):
                item.refresh(px)
        obstacles = [QRectF(0, self.vb.height() - 124, 124, 124)]  # the triad
        if self.note.isVisible():
            r = self.note.textItem.boundingRect()
            obstacles.append(QRectF(10, 8, r.width(), r.height()))
        order = ["a_0", "a_1", "a_2", "det", "b", "p", "r", "ax", "x", "eigen_0", "eigen_1",
                 "eigen_2", "null", "semi_0", "semi_1", "semi_2", "plane", "e_0", "e_1", "e_2"]
        segments = [s for s in self._segments if s[0] != s[1]]
        place_labels([self._labels[k] for k in order], self.vb, obstacles, segments)

    # -- gestures: drag orbits, wheel zooms --------------------------------------------------
    def orbit(self, dx_px: float, dy_px: float) -> None:
        """Ask to turn the camera as a drag by (dx, dy) pixels would."""
        if self._model is not None:
            self.camera_requested.emit(self._model.camera.orbited(-dx_px * DEG_PER_PX,
                                                                  dy_px * DEG_PER_PX))

    def zoom_by(self, factor: float) -> None:
        """Ask to zoom by ``factor`` (> 1 magnifies)."""
        if self._model is not None:
            self.camera_requested.emit(self._model.camera.zoomed(factor))

    def mousePressEvent(self, ev) -> None:  # noqa: N802 - Qt API
        if ev.button() == Qt.MouseButton.LeftButton:
            self._drag_last = ev.position()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            ev.accept()
            return
        super().mousePressEvent(ev)

    def mouseMoveEvent(self, ev) -> None:  # noqa: N802 - Qt API
        if self._drag_last is not None and ev.buttons() & Qt.MouseButton.LeftButton:
            d = ev.position() - self._drag_last
            self._drag_last = ev.position()
            self.orbit(d.x(), d.y())
            ev.accept()
            return
        super().mouseMoveEvent(ev)

    def mouseReleaseEvent(self, ev) -> None:  # noqa: N802 - Qt API
        if ev.button() == Qt.MouseButton.LeftButton and self._drag_last is not None:
            self._drag_last = None
            self.viewport().unsetCursor()
            ev.accept()
            return
        super().mouseReleaseEvent(ev)

    def wheelEvent(self, ev) -> None:  # noqa: N802 - Qt API
        steps = ev.angleDelta().y() / 120.0
        if steps:
            self.zoom_by(WHEEL_STEP ** steps)
        ev.accept()

    def paintEvent(self, ev) -> None:  # noqa: N802 - Qt API
        super().paintEvent(ev)
        self.paint_count += 1
        self.painted.emit()
