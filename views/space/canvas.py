"""The Space lab's canvas: 3D geometry from the model, projected by the model's camera onto
a flat pyqtgraph canvas (no OpenGL), painted back to front.

Every item is created once in ``__init__``; :meth:`SpaceCanvas.update_from` only moves
them. A left-button drag orbits the camera and the wheel zooms: the canvas asks for a new
camera with :attr:`SpaceCanvas.camera_requested` and redraws when the model says so.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, Signal

from models.space.camera import (
    PERSPECTIVE_RATIO,
    Camera,
    faces_holding,
    paint_ranks,
    project,
    screen_extent,
)
from models.space.view_state import shown_geometry
from views.common.figure import MAX_HALF, ModelRedraw, coarse_half
from views.common.items import Arrow, corner_note
from views.common.labels import Label, place_labels
from views.common.layer_toggles import LayerToggles
from views.common.orbit_drag import OrbitDrag
from views.common.style import GRID_WIDTH, color, configure_pyqtgraph, pen
from views.space.items import SPACE_COLORS, Face, Triad
from views.space.layers import SpaceLayers

__all__ = ["SpaceCanvas", "LAYERS", "DEG_PER_PX"]

#: Layer keys, the same as the Space view's on/off toggles.
LAYERS = ("lattice", "basis", "solid", "ellipsoid", "eigen", "subspaces", "probe",
          "least_squares", "axes")
DEG_PER_PX = 0.4  # orbit speed of a drag
WHEEL_STEP = 1.15  # zoom factor per wheel notch
# The least half-width of the view in units of the scene radius: a floor that keeps the
# range still while orbiting, below 1 because seen from any one direction the far corners
# are foreshortened.
FIT = 0.8
_OUT_COLORS = ("i_hat", "j_hat", "k_hat")


class SpaceCanvas(OrbitDrag, SpaceLayers, ModelRedraw, LayerToggles, pg.PlotWidget):
    """Draws a :class:`models.space.model.SpaceModel`; never edits it.

    Signals
    -------
    camera_requested(object)
        The person dragged or wheeled: the :class:`models.space.camera.Camera` asked for.
    painted()
        A paint of the viewport finished (used to measure latency).

    Attributes
    ----------
    items : dict
        Named items for tests (``"face_0"``, ``"a_0"``, ``"eigen_lines"``, ``"mesh_front"``…).
    perspective : bool
        Mild perspective instead of an orthographic view.
    """

    camera_requested = Signal(object)
    painted = Signal()
    #: The view's :class:`models.space.view_state.SpaceViewState`: the time and camera drawn
    #: (None: A itself, from the default camera).
    view_state = None

    def __init__(self, parent=None) -> None:
        configure_pyqtgraph()
        super().__init__(parent=parent)
        self.paint_count = 0
        self.perspective = False
        self._model = None
        self._camera = Camera()  # the camera last drawn: a drag turns it further
        self._half: float | None = None
        self._drag_last = None
        self._held: tuple = (None, {})  # (geometry, arrow name → faces holding it)
        # Which layers are on; each item's visibility is decided per drawing (update_from).
        self._init_layers(LAYERS)
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

    def _label(self, layer, name, col, centred=False, size=13, bold=False,
               optional=False) -> Label:
        lab = Label(self.vb, col, centred, size, bold, optional)
        self._labels[name], self._layer_of["label:" + name] = lab, layer
        return lab

    def _line(self, layer, name, col, width, z, style=None, connect="all"):
        item = pg.PlotDataItem(pen=pen(col, width, style), connect=connect,
                               skipFiniteCheck=connect != "finite")
        return self._add(layer, name, item, z)

    def _build_items(self) -> None:
        dash = Qt.PenStyle.DashLine
        self._line("lattice", "lattice", SPACE_COLORS["lattice"], GRID_WIDTH, -30,
                   connect="pairs")
        self._line("axes", "axes", "axis", 2, -25, connect="pairs")
        self._add("subspaces", "plane", Face(), -20)
        self._label("subspaces", "plane", SPACE_COLORS["plane"])
        # The hidden side lighter than the near side (a depth cue), still 3:1 on white.
        self._line("ellipsoid", "mesh_back", color(SPACE_COLORS["mesh"], 175), 1, -15,
                   connect="finite")
        # 1 px: a wider antialiased pen doubles the paint time of this long polyline.
        self._line("ellipsoid", "mesh_front", color(SPACE_COLORS["mesh"]), 1.5, 5,
                   connect="finite")
        self._line("eigen", "eigen_lines", color("eigen", 220), 2.5, 6, connect="pairs")
        for k in range(3):
            self._label("eigen", f"eigen_{k}", "eigen", bold=True)
        self._line("subspaces", "null_lines", SPACE_COLORS["null"], 2.5, 6, dash, "pairs")
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
            self._label("basis", f"e_{k}", "axis", size=12, optional=True)
            self._arrow("basis", f"a_{k}", _OUT_COLORS[k], 3)
            self._label("basis", f"a_{k}", _OUT_COLORS[k], size=14, bold=True)
        self._arrow("probe", "x", "x", 2.5)
        self._arrow("probe", "ax", "ax", 2.5)
        self._label("probe", "x", "x", bold=True)
        self._label("probe", "ax", "ax_text", bold=True)
        self._arrow("least_squares", "b", SPACE_COLORS["b"], 2.5)
        self._arrow("least_squares", "p", SPACE_COLORS["p"], 2.5)
        self._arrow("least_squares", "r", SPACE_COLORS["residual"], 2.5)
        self._line("least_squares", "mark", SPACE_COLORS["residual"], 1.5, 10)
        for name, col in (("b", "b"), ("p", "p"), ("r", "residual")):
            self._label("least_squares", name, SPACE_COLORS[col], bold=True)
        self.note = corner_note(self.vb, width=1.2, z=300)
        self.triad = Triad()
        self.triad.setParentItem(self.vb)
        self.items["note"], self.items["triad"] = self.note, self.triad
        self._layer_of["triad"] = "axes"

    # -- public API ------------------------------------------------------------------------
    def label(self, name: str) -> Label:
        """The label called ``name`` (``"det"``, ``"a_0"``, ``"eigen_0"``, ``"b"``…)."""
        return self._labels[name]

    def set_perspective(self, on: bool) -> None:
        """Mild perspective (True) or an orthographic view (False)."""
        self.perspective = bool(on)
        self._half = None
        self.redraw()

    def fit_view(self) -> None:
        """Fit the view range to the model's scene again (after a resize)."""
        self._half = None
        self.redraw()

    def update_from(self, model) -> None:
        """Project and move every item to show ``model``; the only drawing path."""
        self._model = model
        g, cam = self._presented(model)
        self._camera = cam
        self._rot = cam.rotation
        self._dist = PERSPECTIVE_RATIO * model.radius if self.perspective else None
        self._reach = model.radius
        self._fit(model)
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

    def _presented(self, model) -> tuple:
        """The geometry at the view state's time and its camera."""
        vs = self.view_state
        if vs is None:
            return model.geometry, Camera()
        return shown_geometry(model, vs.t), vs.camera

    # -- projection helpers ----------------------------------------------------------------
    def project(self, points) -> tuple[np.ndarray, np.ndarray]:
        """Canvas points and depths of world points under the current camera."""
        return project(points, self._rot, self._dist)

    def _xy(self, points) -> np.ndarray:
        return project(points, self._rot, self._dist)[0]

    def _fit(self, model) -> None:
        # What the camera sees of the whole animation, but never less than FIT·radius: the
        # range then only steps when a long vector swings into the picture plane.
        points, maps = model.scene
        half = max(FIT * model.radius, 1.04 * screen_extent(points, self._rot, maps))
        # Coarse steps: most edits and drags keep the range, and a setRange (which re-lays
        # out every text item) is skipped.
        half = coarse_half(half, 8) / self._camera.zoom * (1.25 if self.perspective else 1.0)
        half = min(half, MAX_HALF)
        if self._half is None or abs(half - self._half) > 1e-9 * half:
            self._half = half
            self.vb.setRange(xRange=(-half, half), yRange=(-half, half), padding=0)

    def _px(self) -> float:
        w = self.vb.width()
        return self.vb.viewRect().width() / w if w > 1 else 0.0

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
        # The faint î, ĵ, k̂ come last and prefer the far side of their tips: the least
        # important text gives way to every other label.
        for k in range(3):
            arrow = self.items[f"e_{k}"]
            self._labels[f"e_{k}"].direction = (arrow.tip[0] - arrow.tail[0],
                                                arrow.tip[1] - arrow.tail[1])
        segments = [s for s in self._segments if s[0] != s[1]]
        place_labels([self._labels[k] for k in order], self.vb, obstacles, segments)

    # -- gestures: drag orbits, wheel zooms --------------------------------------------------
    def orbit(self, dx_px: float, dy_px: float) -> None:
        """Ask to turn the camera as a drag by (dx, dy) pixels would."""
        if self._model is not None:
            self.camera_requested.emit(self._camera.orbited(-dx_px * DEG_PER_PX,
                                                                  dy_px * DEG_PER_PX))

    def zoom_by(self, factor: float) -> None:
        """Ask to zoom by ``factor`` (> 1 magnifies)."""
        if self._model is not None:
            self.camera_requested.emit(self._camera.zoomed(factor))

    def wheelEvent(self, ev) -> None:  # noqa: N802 - Qt API
        steps = ev.angleDelta().y() / 120.0
        if steps:
            self.zoom_by(WHEEL_STEP ** steps)
        ev.accept()

    def paintEvent(self, ev) -> None:  # noqa: N802 - Qt API
        super().paintEvent(ev)
        self.paint_count += 1
        self.painted.emit()
