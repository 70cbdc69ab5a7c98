"""The Embeddings lab's figure: the vectors on their first two principal axes (words
labelled within a budget, the selected word, its neighbours, the query's point, the
principal axes of a 2-D set), the PCA panel (scree and cumulative curve, σᵢ²/(n − 1) = λᵢ)
and the similarity heatmap.

In 3-D (the ``three_d`` layer, for sets with three or more components) the points on the
first three axes are projected through an orbit camera
(:class:`models.embeddings.orbit.OrbitCamera`), turning about the selected word or the
query when there is one, else about the origin of the principal coordinates (the data's
mean when centred); the three axes are arrows from that origin, labelled PC1…PC3. A
left-button drag on the scatter asks for a new camera with
:attr:`EmbeddingsCanvas.camera_requested`.

Layout — the view range, which labels fit, the heatmap's cell size — is computed once per
model change or size change, never in a paint or range handler.

The parts live beside this module: the scatter's marks (:mod:`~views.embeddings.scatter`),
the 3-D axes (:mod:`~views.embeddings.axes3d`), the word labels
(:mod:`~views.embeddings.word_labels`), the PCA panel (:mod:`~views.embeddings.pca_panel`)
and the layout decisions (:mod:`~views.embeddings.layout`); the canvas keeps their items
as its own attributes (``points``, ``bars``, ``facts``, ``axes3``…).
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Signal

from models.embeddings.orbit import OrbitCamera, project_points
from views.common.heatmap import Heatmap
from views.common.orbit_drag import OrbitDrag
from views.common.style import configure_pyqtgraph, label_font, pen, pt
from views.embeddings.axes3d import PrincipalAxes3D, axis_names
from views.embeddings.colors import COLORS
from views.embeddings.labels import LABEL_BUDGET, place_greedy, place_labels_beside
from views.embeddings.layout import half_3d, heat_cell_px, plan_column, range_2d
from views.embeddings.pca_panel import PcaPanel
from views.embeddings.scatter import ScatterMarks
from views.embeddings.word_labels import WordLabels

__all__ = ["EmbeddingsCanvas", "COLORS", "LABEL_BUDGET", "place_greedy", "place_labels_beside"]

#: Orbit speed of a drag on the 3-D scatter, degrees per pixel.
DEG_PER_PX = 0.4


class EmbeddingsCanvas(OrbitDrag, pg.GraphicsLayoutWidget):
    """The figure of the Embeddings lab (see the module notes).

    Signals
    -------
    camera_requested(object)
        A drag on the 3-D scatter: the :class:`~models.embeddings.orbit.OrbitCamera` asked
        for (the view puts it in its view state, which redraws the scatter).
    """

    camera_requested = Signal(object)

    def __init__(self, parent=None) -> None:
        configure_pyqtgraph()
        super().__init__(parent=parent)
        self.setMinimumSize(360, 300)
        self.ci.setContentsMargins(6, 6, 6, 6)
        self.plot = self.addPlot(row=0, col=0, rowspan=3)
        self.plot.hideButtons()
        self.plot.setMenuEnabled(False)
        self.vb = self.plot.getViewBox()
        self.vb.setAspectLocked(True, 1.0)
        self.vb.disableAutoRange()
        for name in ("left", "bottom"):
            ax = self.plot.getAxis(name)
            ax.setTickFont(label_font(10))
            ax.setPen(pen("faint"))
            ax.setTextPen(pen("axis"))
        self.scatter = ScatterMarks(self.plot)  # the points, neighbours, 2-D axes…
        sc = self.scatter
        self.points, self.lines, self.near, self.far = sc.points, sc.lines, sc.near, sc.far
        self.selected, self.query, self.axes, self.heads = sc.selected, sc.query, sc.axes, sc.heads
        # The 3-D scatter's principal axes: an arrow and a name per axis.
        self.axes3d = PrincipalAxes3D(self.plot)
        self.axes3, self.heads3 = self.axes3d.lines, self.axes3d.heads
        self.axis_names3 = self.axes3d.names
        self.word_labels = WordLabels(self.plot)
        self._camera = OrbitCamera()
        self._drawn = np.empty((0, 2))  # the drawn points' positions on the canvas
        self._anchor = None  # the anchor's (selected word's or query's) drawn position
        self._drag_last = None
        # The right column: the scree plot, the PCA facts below it, then the similarity.
        self.pca = PcaPanel(self.ci, row=0, col=1)
        self.scree, self.bars, self.curve = self.pca.scree, self.pca.bars, self.pca.curve
        self.marks, self.marks_text, self.facts = (self.pca.marks, self.pca.marks_text,
                                                   self.pca.facts)
        self.heat = Heatmap("cosine similarity", signed=True, colorbar=False)
        self.addItem(self.heat.plot, row=2, col=1)
        self.ci.layout.setColumnStretchFactor(0, 3)
        self.ci.layout.setColumnStretchFactor(1, 2)
        self.ci.layout.setRowStretchFactor(0, 2)
        self.ci.layout.setRowStretchFactor(2, 3)
        self._model = None
        self.dropped: list[str] = []  # parts the canvas has no room for (see _fit_panels)
        self._right_share = 0.4  # of the width, for the scree, facts and similarity column
        self._layers = {"labels": True, "lines": True, "axes": True, "three_d": False}

    # -- options ---------------------------------------------------------------------------
    def set_layer_visible(self, key: str, on: bool) -> None:
        """Show or hide the word labels, the neighbour lines or the principal axes."""
        self._layers[key] = on
        if key == "lines":
            self.lines.setVisible(on)
        elif key == "axes":
            self._show_axes()
        elif key == "labels":
            self._place_labels()
        elif key == "three_d" and self._model is not None:
            self._draw_scatter(self._model)
            self.fit_view()

    @property
    def three_d(self) -> bool:
        """Whether the scatter is drawn in 3-D now (asked for, and the set has 3 axes)."""
        return (self._layers["three_d"] and self._model is not None
                and self._model.coords3 is not None)

    @property
    def camera(self) -> OrbitCamera:
        """The camera the 3-D scatter is drawn from."""
        return self._camera

    def set_camera(self, camera: OrbitCamera) -> None:
        """Draw the 3-D scatter from ``camera`` (lays it out once; nothing in 2-D)."""
        if camera == self._camera:
            return
        self._camera = camera
        if self.three_d:
            self._draw_scatter(self._model)
            self.fit_view()

    def orbit_centre(self) -> np.ndarray:
        """The 3-D point the camera turns about: the anchor, else the coordinates' origin."""
        m = self._model
        if m.state.query and m.query_point3 is not None:
            return np.asarray(m.query_point3, dtype=float)
        row = m.anchor_row()
        if row is not None:
            return np.asarray(m.coords3[row], dtype=float)
        return np.zeros(3)

    def project(self, points) -> np.ndarray:
        """Canvas positions of 3-D points (on the first three axes) under the camera."""
        return project_points(points, self._camera, self.orbit_centre())[0]

    def layer_visible(self, key: str) -> bool:
        """Whether layer ``key`` is on."""
        return self._layers[key]

    # -- the word labels (see views.embeddings.word_labels) --------------------------------
    @property
    def labels(self) -> list:
        """The pool of word-label text items (those in use are visible)."""
        return self.word_labels.items

    @property
    def shown_labels(self) -> list[str]:
        """The words labelled now."""
        return self.word_labels.shown

    @property
    def label_budget(self) -> int:
        """How many words nobody asked about are labelled at most, at this size."""
        return self.word_labels.budget

    @property
    def label_line_px(self) -> float:
        """The height of a label's text, in pixels."""
        return self.word_labels.line_px

    # -- drawing ---------------------------------------------------------------------------
    def update_from(self, model) -> None:
        """Redraw everything from ``model`` and lay it out once."""
        self._model = model
        self._draw_scatter(model)
        self.pca.show(model)
        self._show_similarity(model)
        self._fit_panels(self.width(), self.height())
        self.fit_view()

    def _draw_scatter(self, model) -> None:
        """The points, neighbours, selected word, query and axes, in 2-D or through the
        camera in 3-D."""
        three = self.three_d
        if three:
            xy = self.project(model.coords3)
            qp = None if model.query_point3 is None else self.project(model.query_point3)
        else:
            xy = np.asarray(model.coords2, dtype=np.float64)
            qp = model.query_point
        self._drawn = xy
        row = model.anchor_row()
        if model.state.query:
            self._anchor = None if qp is None else np.asarray(qp, dtype=float)
        else:
            self._anchor = None if row is None else xy[row]
        self.scatter.show(xy, row, qp, self._anchor,
                          [self._xy(model, w) for w, _, _ in model.neighbours],
                          [far for _, _, far in model.neighbours])
        self.lines.setVisible(self._layers["lines"])
        for name, ax in (("bottom", 0), ("left", 1)):
            self.plot.setLabel(name, model.axis_label[ax], **{"font-size": pt(10)})
            # In 3-D the canvas's coordinates are the camera's screen: no ticks to read.
            self.plot.showAxis(name, not three)
        self._show_axes()

    def _xy(self, model, word: str) -> np.ndarray:
        """Where ``word`` is drawn (a drawn word: the selected one, a neighbour…)."""
        i = int(np.searchsorted(model.shown, model.vset.index[word]))
        return self._drawn[i]

    def axis_names(self) -> list[str]:
        """The names of the 3-D scatter's three axes."""
        return axis_names(self._model)

    def _show_axes(self) -> None:
        """The principal axes as arrows from the mean, 2 standard deviations long, for a 2-D
        set drawn in its own plane."""
        m = self._model
        self._show_axes3()
        on = m is not None and self._layers["axes"] and m.in_data_plane and not self.three_d
        self.scatter.show_axes(None if m is None else m.facts, on)

    def _show_axes3(self) -> None:
        """In 3-D, the three axes as arrows from the origin of the principal coordinates,
        named beyond their tips (see views.embeddings.axes3d)."""
        on = self.three_d and self._layers["axes"]
        self.axes3d.set_visible(on)
        if on:
            self.axes3d.show(self._model.coords3, self.project, self.axis_names())
            self.axes3d.keep_inside(self.vb)

    def _show_similarity(self, model) -> None:
        sim = model.similarity
        on = sim is not None
        self.heat.plot.setVisible(on)
        if on:
            words = model.similarity_order
            self.heat.show_cell_text = len(words) <= 16
            self.heat.set_data(sim, (-1.0, 1.0), words, words)

    # -- layout (once per model or size change) --------------------------------------------
    def similarity_focus(self) -> bool:
        """Whether the similarity matrix is what the scene shows: words compared, none
        selected and no query (the 12-word matrix), so the matrix gets the room."""
        m = self._model
        return (m is not None and m.similarity is not None and not m.state.query
                and not m.state.selected)

    def fit_view(self) -> None:
        """Centre the view on the selected word (or the query) with its neighbours in sight,
        or fit the drawn points; then place the labels."""
        m = self._model
        if m is None:
            return
        if self.three_d:
            self._fit_3d(m)
            if self._layers["axes"]:
                self.axes3d.keep_inside(self.vb)
        else:
            self._fit_2d(m)
        self._size_heatmap(m)
        self._place_labels()

    def _fit_2d(self, m) -> None:
        lo, hi = range_2d(m, partial(self._xy, m))
        self.vb.setRange(xRange=(lo[0], hi[0]), yRange=(lo[1], hi[1]), padding=0)

    def _fit_3d(self, m) -> None:
        half = half_3d(m, None if self._anchor is None else self.orbit_centre())
        self.vb.setRange(xRange=(-half, half), yRange=(-half, half), padding=0)

    def _size_heatmap(self, m) -> None:
        if m.similarity is None:
            return
        # from the canvas's own size: the heatmap's row takes the size its cells ask for
        w = self._right_share * self.width() - 24
        if self.scree.isVisible():  # below the scree and the facts; more as the focus
            h = (0.6 if self.similarity_focus() else 0.45) * self.height() - 30
        else:  # the column below the facts (if any) is the heatmap's; a hidden scree
            # keeps its least height in the layout, and each row its spacing
            facts = self.facts.item.boundingRect().height() + 6 if self.facts.isVisible() else 0
            h = self.height() - 12 - facts - self.scree.minimumHeight() - 6 - 6 - 4
        n = max(len(m.similarity_order), 1)
        self.heat.set_cell_px(heat_cell_px(self.heat.overhead, n, w, h))

    def _place_labels(self) -> None:
        m = self._model
        where = None if m is None else partial(self._xy, m)
        self.word_labels.place(self.vb, m, where, self._layers["labels"])

    def _fit_panels(self, w: float, h: float) -> None:
        """Keep the right column to what a canvas of ``w`` × ``h`` has room for (see
        :func:`views.embeddings.layout.plan_column`); what is dropped is named by
        :attr:`dropped`."""
        heat = self._model is not None and self._model.similarity is not None
        plan = plan_column(w, h, heat, heat and self.similarity_focus())
        self.dropped, self._right_share = list(plan.dropped), plan.share
        layout = self.ci.layout
        layout.setColumnStretchFactor(0, round(100 * (1 - plan.share)))
        layout.setColumnStretchFactor(1, round(100 * plan.share))
        layout.setColumnMaximumWidth(1, plan.max_width)
        self.pca.fit(plan.wrap, plan.scree, plan.facts)

    # -- gestures: in 3-D a drag on the scatter orbits the camera ---------------------------
    def orbit(self, dx_px: float, dy_px: float) -> None:
        """Ask to turn the camera as a drag by (dx, dy) pixels would."""
        if self.three_d:
            self.camera_requested.emit(self._camera.orbited(-dx_px * DEG_PER_PX,
                                                            dy_px * DEG_PER_PX))

    def orbit_starts_at(self, ev) -> bool:
        """A drag orbits in 3-D, starting on the scatter only (not the panels)."""
        return self.three_d and self.vb.sceneBoundingRect().contains(
            self.mapToScene(ev.position().toPoint()))

    def resizeEvent(self, ev) -> None:  # noqa: N802 - Qt API
        # The panels and the facts' wrap are decided by the new size before the layout
        # fits it: no loop.
        if getattr(self, "facts", None) is not None and not self.closed:
            self._fit_panels(ev.size().width(), ev.size().height())
        super().resizeEvent(ev)
        if getattr(self, "_model", None) is not None and not self.closed:
            self.fit_view()
