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
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetricsF

from models.embeddings.orbit import OrbitCamera, project_points
from views.common.heatmap import Heatmap
from views.common.items import TextItem
from views.common.numbers import num
from views.common.orbit_drag import OrbitDrag
from views.common.style import color, configure_pyqtgraph, label_font, pen, pt, text_pt
from views.embeddings.labels import (
    LABEL_BUDGET,
    SIDES,
    other_label_budget,
    place_greedy,
    place_labels_beside,
)

__all__ = ["EmbeddingsCanvas", "COLORS", "LABEL_BUDGET", "place_greedy", "place_labels_beside"]

#: What each mark means, by theme colour name.
COLORS = {"point": "faint", "selected": "i_hat", "neighbour": "eigen", "far": "warn",
          "query": "svd", "axis": "j_hat", "cumulative": "i_hat", "bar": "j_hat",
          "mark": "muted", "text": "text"}
_FRACTION_MARKS = (0.90, 0.95, 0.99)
#: Orbit speed of a drag on the 3-D scatter, degrees per pixel.
DEG_PER_PX = 0.4


_NO_LIMIT = 16777215  # Qt's QWIDGETSIZE_MAX: no maximum size

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
        self.points = pg.ScatterPlotItem(size=4, pen=None, brush=color(COLORS["point"], 150))
        self.lines = pg.PlotDataItem(pen=pen(COLORS["neighbour"], 1), connect="pairs")
        self.near = pg.ScatterPlotItem(size=8, pen=pen(COLORS["neighbour"], 1),
                                       brush=color(COLORS["neighbour"]))
        self.far = pg.ScatterPlotItem(size=12, symbol="d", pen=pen(COLORS["far"], 2),
                                      brush=None)
        self.selected = pg.ScatterPlotItem(size=12, pen=pen(COLORS["text"], 1),
                                           brush=color(COLORS["selected"]))
        self.query = pg.ScatterPlotItem(size=16, symbol="star", pen=pen(COLORS["text"], 1),
                                        brush=color(COLORS["query"]))
        self.axes = [pg.PlotDataItem(pen=pen(COLORS["axis"], 2.5)) for _ in range(2)]
        self.heads = [pg.ArrowItem(headLen=14, tipAngle=30, pen=pen(COLORS["axis"], 1),
                                   brush=color(COLORS["axis"])) for _ in range(2)]
        for z, item in enumerate([self.points, self.lines, *self.axes, *self.heads, self.near,
                                  self.far, self.selected, self.query]):
            item.setZValue(z)
            self.plot.addItem(item)
        # The 3-D scatter's principal axes: an arrow and a label per axis.
        self.axes3 = [pg.PlotDataItem(pen=pen(COLORS["axis"], 2)) for _ in range(3)]
        self.heads3 = [pg.ArrowItem(headLen=11, tipAngle=30, pen=pen(COLORS["axis"], 1),
                                    brush=color(COLORS["axis"])) for _ in range(3)]
        self.axis_names3 = [TextItem("", anchor=(0.5, 0.5), color=color(COLORS["axis"]))
                            for _ in range(3)]
        for item in (*self.axes3, *self.heads3, *self.axis_names3):
            item.setZValue(3)
            item.setVisible(False)
            self.plot.addItem(item, ignoreBounds=True)
        for text in self.axis_names3:
            text.setFont(label_font(10))
        self.labels: list[TextItem] = []
        self.shown_labels: list[str] = []
        self.label_budget = LABEL_BUDGET  # labels of words nobody asked about, at this size
        self.label_line_px = 0.0  # the height of a label's text
        self._camera = OrbitCamera()
        self._drawn = np.empty((0, 2))  # the drawn points' positions on the canvas
        self._anchor = None  # the anchor's (selected word's or query's) drawn position
        self._drag_last = None
        self._axis_names_at: list[np.ndarray] = []  # where the 3-D axis names would go
        self.scree = self.addPlot(row=0, col=1)
        self.scree.hideButtons()
        self.scree.setMenuEnabled(False)
        self.scree.setMouseEnabled(False, False)
        self.scree.setTitle("explained variance ratio", size=pt(11))
        for name in ("left", "bottom"):
            self.scree.getAxis(name).setTickFont(label_font(9))
        self.bars = pg.BarGraphItem(x=[1], height=[0], width=0.7, brush=color(COLORS["bar"]),
                                    pen=None)
        self.curve = pg.PlotDataItem(pen=pen(COLORS["cumulative"], 2), symbol="o",
                                     symbolSize=4, symbolBrush=color(COLORS["cumulative"]),
                                     symbolPen=None)
        self.scree.addItem(self.bars)
        self.scree.addItem(self.curve)
        self.marks = []
        for f in _FRACTION_MARKS:
            line = pg.InfiniteLine(pos=f, angle=0, pen=pen(COLORS["mark"], 1,
                                                           Qt.PenStyle.DashLine))
            self.scree.addItem(line)
            self.marks.append(line)
            text = TextItem(f"{int(f * 100)} %", anchor=(1, 1), color=color(COLORS["mark"]))
            text.setFont(label_font(8))
            self.scree.addItem(text, ignoreBounds=True)
            self.marks.append(text)
        self.facts = pg.LabelItem("", justify="left")
        self.addItem(self.facts, row=1, col=1)
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

    # -- drawing ---------------------------------------------------------------------------
    def update_from(self, model) -> None:
        """Redraw everything from ``model`` and lay it out once."""
        self._model = model
        self._draw_scatter(model)
        self._show_pca(model)
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
        self.points.setData(pos=xy)
        if model.state.query:
            anchor = None if qp is None else np.asarray(qp, dtype=float)
        else:
            r = model.anchor_row()
            anchor = None if r is None else xy[r]
        self._anchor = anchor
        near = [self._xy(model, w) for w, _, far in model.neighbours if not far]
        far = [self._xy(model, w) for w, _, is_far in model.neighbours if is_far]
        self.near.setData(pos=np.array(near).reshape(-1, 2))
        self.far.setData(pos=np.array(far).reshape(-1, 2))
        row = model.anchor_row()
        self.selected.setData(pos=xy[row:row + 1] if row is not None else np.empty((0, 2)))
        self.query.setData(pos=np.empty((0, 2)) if qp is None else np.reshape(qp, (1, 2)))
        ends = [self._xy(model, w) for w, _, _ in model.neighbours]
        if anchor is not None and ends:
            seg = np.empty((2 * len(ends), 2))
            seg[0::2] = anchor
            seg[1::2] = ends
            self.lines.setData(seg[:, 0], seg[:, 1])
        else:
            self.lines.setData([], [])
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
        m = self._model
        if m.state.axis_words:
            a, b = m.state.axis_words.split(",")
            return [f"{a} − {b}", "PC1", "PC2"]
        return ["PC1", "PC2", "PC3"]

    def _show_axes(self) -> None:
        """The principal axes as arrows from the mean, 2 standard deviations long, for a 2-D
        set drawn in its own plane."""
        m = self._model
        self._show_axes3()
        on = m is not None and self._layers["axes"] and m.in_data_plane and not self.three_d
        for line, head, i in zip(self.axes, self.heads, range(2), strict=True):
            line.setVisible(on)
            head.setVisible(on)
            if not on:
                continue
            axis = np.asarray(m.facts.components[i], dtype=float)
            tip = 2 * float(np.sqrt(m.facts.eigenvalues[i])) * axis
            line.setData([0, tip[0]], [0, tip[1]])
            head.setPos(*tip)
            # ArrowItem points along its angle reversed: 180° − direction (y up in the plot)
            head.setStyle(angle=180 - float(np.degrees(np.arctan2(tip[1], tip[0]))))

    def _show_axes3(self) -> None:
        """In 3-D, the three axes as arrows from the origin of the principal coordinates
        (the mean of the data when centred), 2 standard deviations of the drawn points
        long, with their names beyond the tips."""
        on = self.three_d and self._layers["axes"]
        for item in (*self.axes3, *self.heads3, *self.axis_names3):
            item.setVisible(on)
        if not on:
            return
        m = self._model
        lengths = 2 * np.std(np.asarray(m.coords3, dtype=float), axis=0)
        tips3 = np.diag(np.where(lengths > 0, lengths, 1.0))
        base, tips = self.project(np.vstack([np.zeros(3), tips3])), None
        base, tips = base[0], base[1:]
        for line, head, text, tip, name in zip(self.axes3, self.heads3, self.axis_names3,
                                               tips, self.axis_names(), strict=True):
            d = tip - base
            line.setData([base[0], tip[0]], [base[1], tip[1]])
            head.setPos(*tip)
            head.setStyle(angle=180 - float(np.degrees(np.arctan2(d[1], d[0]))))
            text.setText(name)
            text.setPos(*(tip + 0.12 * d))
        self._axis_names_at = [np.array([t.pos().x(), t.pos().y()]) for t in self.axis_names3]
        self._keep_axis_names_inside()

    def _keep_axis_names_inside(self) -> None:
        """Move each 3-D axis name, beyond its arrow's tip, just inside the plot where it
        would be cut at the edge (once per layout: the view range is set by then)."""
        if not self.three_d or not self._axis_names_at:
            return
        (x0, x1), (y0, y1) = self.vb.viewRange()
        sx = (x1 - x0) / max(self.vb.width(), 1.0)  # data units per pixel
        sy = (y1 - y0) / max(self.vb.height(), 1.0)
        for text, (x, y) in zip(self.axis_names3, self._axis_names_at, strict=True):
            r = text.textItem.boundingRect()  # anchored at its centre
            hw, hh = (0.5 * r.width() + 2) * sx, (0.5 * r.height() + 2) * sy  # 2 px in
            if x1 - x0 > 2 * hw:
                x = min(max(x, x0 + hw), x1 - hw)
            if y1 - y0 > 2 * hh:
                y = min(max(y, y0 + hh), y1 - hh)
            text.setPos(x, y)

    def _show_pca(self, model) -> None:
        f = model.facts
        r = len(f.ratios)
        x = np.arange(1, r + 1)
        self.bars.setOpts(x=x, height=np.asarray(f.ratios), width=0.7)
        self.curve.setData(x, np.asarray(f.cumulative))
        self.scree.setXRange(0.4, r + 0.6, padding=0)
        step = max(1, r // 10)
        self.scree.getAxis("bottom").setTicks([[(i, str(i)) for i in range(1, r + 1, step)]])
        self.scree.setYRange(0, 1.02, padding=0)
        for text, frac, at in zip(self.marks[1::2], _FRACTION_MARKS, (0.5, 0.75, 1.0),
                                  strict=True):
            text.setPos(0.4 + at * r, frac)  # staggered: the three lines lie close
        counts = ", ".join(f"{int(k * 100)} %: {v}" for k, v in f.for_fraction.items())
        lines = [f"<b>n = {f.n:,}</b>, d = {r if model.vset.dim == r else model.vset.dim}; "
                 f"components for {counts}", "σᵢ²/(n−1) = λᵢ:"]
        for i in range(min(3, r)):
            lines.append(f"σ{_sub(i + 1)} = {num(f.singular_values[i], 4)}, "
                         f"σ{_sub(i + 1)}²/(n−1) = {num(f.eigenvalues[i], 4)} = λ{_sub(i + 1)}"
                         f" ({num(100 * f.ratios[i], 3)} %)")
        c = model.cosine
        if c is not None:
            a, b = model.state.similarity_words[:2]
            lines.append(f"<b>{a}·{b}</b> = {num(c.dot, 4)} = |a||b| cos θ = "
                         f"{num(c.norm_a, 3)} × {num(c.norm_b, 3)} × {num(c.cos, 3)}; "
                         f"θ = {c.degrees:.1f}°")
        self.facts.setText("<br>".join(lines), size=text_pt(10), color=color("text").name())

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
            self._keep_axis_names_inside()
        else:
            self._fit_2d(m)
        self._size_heatmap(m)
        self._place_labels()

    def _fit_2d(self, m) -> None:
        xy = m.coords2
        lo, hi = np.percentile(xy, 1, axis=0), np.percentile(xy, 99, axis=0)
        if m.anchor2 is not None:
            # the neighbours and the query's own words in sight (they are labelled first)
            words = [w for w, _, _ in m.neighbours] + [w for _, w in m.query_terms]
            ends = np.array([self._xy(m, w) for w in words] + [m.anchor2])
            half = max(float(np.max(np.abs(ends - m.anchor2))) * 1.15, 0.12 * float(
                np.max(hi - lo)))
            lo, hi = m.anchor2 - half, m.anchor2 + half
        else:
            pad = 0.05 * (hi - lo)
            lo, hi = lo - pad, hi + pad
        self.vb.setRange(xRange=(lo[0], hi[0]), yRange=(lo[1], hi[1]), padding=0)

    def _fit_3d(self, m) -> None:
        """A range that does not move while the camera turns: it depends on 3-D distances
        from the orbit centre only (which is drawn at the canvas's origin)."""
        c3 = np.asarray(m.coords3, dtype=float)
        radius = float(np.percentile(np.linalg.norm(c3, axis=1), 99))
        if self._anchor is not None:
            centre = self.orbit_centre()
            rows = np.searchsorted(m.shown, [m.vset.index[w] for w, _, _ in m.neighbours])
            far = np.linalg.norm(c3[rows] - centre, axis=1) if len(rows) else np.zeros(1)
            half = max(float(np.max(far)) * 1.15, 0.24 * radius)
        else:
            lengths = 2 * np.std(c3, axis=0)
            half = 1.08 * max(radius, 1.15 * float(np.max(lengths)))
        self.vb.setRange(xRange=(-half, half), yRange=(-half, half), padding=0)

    def _size_heatmap(self, m) -> None:
        if m.similarity is None:
            return
        n = max(len(m.similarity_order), 1)
        # from the canvas's own size: the heatmap's row takes the size its cells ask for
        w = self._right_share * self.width() - 24
        if self.scree.isVisible():  # below the scree and the facts; more as the focus
            h = (0.6 if self.similarity_focus() else 0.45) * self.height() - 30
        else:  # the column below the facts (if any) is the heatmap's; a hidden scree
            # keeps its least height in the layout, and each row its spacing
            facts = self.facts.item.boundingRect().height() + 6 if self.facts.isVisible() else 0
            h = self.height() - 12 - facts - self.scree.minimumHeight() - 6 - 6 - 4
        px = 20.0
        for _ in range(2):  # the labels' room depends a little on the cell size
            ow, oh = self.heat.overhead(px)
            px = max(4.0, min((w - ow) / n, (h - oh) / n, 40.0))
        self.heat.set_cell_px(px)

    def _place_labels(self) -> None:
        m = self._model
        for label in self.labels:
            label.setVisible(False)
        self.shown_labels = []
        if m is None or not self._layers["labels"] or not m.vset.words_are_labels:
            if m is not None and m.state.selected and self._layers["labels"]:
                self._label_words(m, [m.state.selected])
            return
        s = m.state
        # The words asked about come first and are always tried: the selected word, the
        # query's words, the neighbours (the result first), the compared words.
        first = [s.selected] if s.selected else []
        first += [w for _, w in m.query_terms] + [w for w, _, _ in m.neighbours]
        first += list(s.similarity_words)
        others = [w for w in m.shown_words[:400] if w not in first]
        self._label_words(m, first, others)

    def _label_words(self, m, words: list[str], others: tuple | list = ()) -> None:
        """Label ``words`` (all tried) then ``others`` (frequent words, within a budget
        that shrinks with the plot's area: fewer in a small figure)."""
        (x0, x1), (y0, y1) = self.vb.viewRange()
        w, h = max(self.vb.width(), 1.0), max(self.vb.height(), 1.0)
        metrics = QFontMetricsF(label_font(10))
        pts, sizes, keep = [], [], []
        priority = 0
        for k, word in enumerate([*words, *others]):
            x, y = self._xy(m, word)
            if not (x0 <= x <= x1 and y0 <= y <= y1) or word in keep:
                continue
            keep.append(word)
            priority += k < len(words)
            pts.append(((x - x0) / (x1 - x0) * w, (y1 - y) / (y1 - y0) * h))
            sizes.append((metrics.horizontalAdvance(word), metrics.height()))
        # A label may sit on any side of its point; its box stays inside the plot.
        budget = other_label_budget(w, h, metrics.height())
        chosen = place_labels_beside(pts, sizes, budget, bounds=(w, h), priority=priority)
        self.label_budget, self.label_line_px = budget, metrics.height()
        while len(self.labels) < len(chosen):
            item = TextItem("", anchor=(0, 1), color=color(COLORS["text"]))
            item.setFont(label_font(10))
            item.setZValue(20)
            self.plot.addItem(item, ignoreBounds=True)
            self.labels.append(item)
        for item, (i, side) in zip(self.labels, chosen, strict=False):
            word = keep[i]
            item.setText(word)
            item.setAnchor(SIDES[side])
            item.setColor(color(COLORS["selected"] if word == m.state.selected
                                else COLORS["text"]))
            item.setPos(*self._xy(m, word))
            item.setVisible(True)
        self.shown_labels = [keep[i] for i, _side in chosen]

    def _fit_panels(self, w: float, h: float) -> None:
        """Keep the right column to what a canvas of ``w`` × ``h`` has room for: the facts
        text needs a tall canvas, the scree plot gives way to the similarity heatmap on a
        short one (a journal column). What is dropped is named by :attr:`dropped`."""
        heat = self._model is not None and self._model.similarity is not None
        focus = heat and self.similarity_focus()
        facts = h >= 480 and w >= 640
        # With the matrix as the point of the scene the scree gives way on a screen (it
        # stays on a tall canvas): the matrix's numbers need cells ≥ 16 px to be written.
        # That is the scene's choice of what to show, not a lack of room: not "dropped".
        fits = h >= 300 or not heat
        scree = fits and not (focus and h < 900)
        self.dropped = [name for name, shown in (
            ("the PCA facts (σᵢ, λᵢ, components for 90/95/99 %)", facts),
            ("the scree plot", fits)) if not shown]
        # A short canvas with a similarity matrix shares its width equally: the matrix
        # needs room for its words as much as the scatter does; more when it is the focus.
        self._right_share = 0.56 if focus else 0.5 if heat and h < 480 else 0.4
        layout = self.ci.layout
        layout.setColumnStretchFactor(0, round(100 * (1 - self._right_share)))
        layout.setColumnStretchFactor(1, round(100 * self._right_share))
        # The stretch alone leaves the right column what its widest item prefers (the
        # hidden scree's): with the matrix as the focus it holds to its share.
        layout.setColumnMaximumWidth(1, self._right_share * w if focus else _NO_LIMIT)
        # The facts wrap to the right column's share of the canvas (a label is otherwise
        # as wide as its longest line, which squeezed the scatter to a strip). Decided by
        # the canvas's size alone, before the layout fits it: no loop.
        wrap = max(140, int((self._right_share - 0.02) * w) - 16)
        if wrap != self.facts.item.textWidth():
            self.facts.item.setTextWidth(wrap)
            self.facts.setFixedWidth(wrap + 16)
            self.facts.updateMin()
        self.scree.setVisible(scree)  # its row keeps stretching: the scatter keeps the height
        self.facts.setVisible(facts)
        self.facts.setMaximumHeight(_NO_LIMIT if facts else 0)
        if not facts:
            self.facts.setMinimumHeight(0)

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


def _sub(i: int) -> str:
    return str(i).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))
