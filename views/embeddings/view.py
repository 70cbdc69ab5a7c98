"""The Embeddings lab's view: choose a set of vectors, type a word or a query such as
"king - man + woman", and see its nearest words (found in the original space) on the plane
of the first two principal components, with the PCA's numbers and a similarity heatmap.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QWidget,
)

from models.embeddings.search import pair_in_plane
from models.embeddings.view_state import THREE_D, EmbeddingsViewState
from views.common.lab_view import LabView, Toggle
from views.common.numbers import num, true_minus
from views.common.progress_row import ProgressRow
from views.common.style import ui_font
from views.embeddings.canvas import EmbeddingsCanvas
from views.embeddings.step_slider import StepSlider

__all__ = ["EmbeddingsView", "SOURCE_NAMES", "METRIC_NAMES", "ORDER_NAMES"]

SOURCE_NAMES = {"glove": "GloVe 20k × 50", "stretched": "Stretched points (2-D)",
                "clusters": "Gaussian clusters", "plane": "Noisy plane (3-D)",
                "file": "Your own file"}
METRIC_NAMES = {"cosine": "cosine", "euclidean": "Euclidean distance", "dot": "dot product"}
ORDER_NAMES = {"cluster": "by clustering", "pca": "along PC1", "typed": "as typed"}


class EmbeddingsView(LabView):
    """View of a :class:`models.embeddings.model.EmbeddingsModel`.

    Every control emits an intent (``("Select word", {"selected": "cat"}, None)``…); the
    model's refusal (an unknown word, a bad query) comes back through :meth:`refuse`.
    """

    #: The person asks to open a file of vectors, or to stop reading one.
    open_requested = Signal()
    cancel_load_requested = Signal()

    TOGGLES = (
        Toggle("labels", "Word labels"),
        Toggle("lines", "Lines to the neighbours"),
        Toggle("axes", "Principal axes"),
        Toggle(THREE_D, "3-D (drag to orbit)", False),
    )
    VIEW_STATE = EmbeddingsViewState

    def __init__(self, model, parent: QWidget | None = None) -> None:
        super().__init__(model, parent)
        self._canvas = EmbeddingsCanvas(self)
        self.neighbour_list = QListWidget(self)
        self.neighbour_list.setFont(ui_font(12))
        self.neighbour_list.setMinimumWidth(190)
        self._completer_words = None
        self._build_layout()
        # Combo boxes as wide as a short name, not their longest item: the controls column
        # leaves the figure its share of a 1024 px projector.
        for box in (self.source, self.metric_box, self.order_box):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(8)
            box.setMaximumWidth(box.fontMetrics().horizontalAdvance("x" * 18))
        self._canvas.set_camera(self.view_state.camera)
        self._canvas.camera_requested.connect(self.view_state.set_camera)
        self._connect_model(self._on_model_changed)
        self._apply_options()
        self._show(model)

    # -- layout ------------------------------------------------------------------------------
    def _build_layout(self) -> None:
        left = self._side_column()
        box = QGroupBox("Vectors", self)
        box.setFont(ui_font(12))
        form = QFormLayout(box)
        self.source = QComboBox(box)
        for key, text in SOURCE_NAMES.items():
            self.source.addItem(text, key)
        self.source.currentIndexChanged.connect(lambda _i: self._emit(
            "Choose vectors", source=self.source.currentData()))
        form.addRow("Set", self.source)
        # Sliders: the cloud and its principal axes follow the handle; one drag, one step.
        self.stretch = StepSlider("embeddings-stretch", 1.1, 10.0, 10, lambda v: f"{v:.1f}×",
                                  box)
        self.stretch.setToolTip("Stretch along the first axis, 1.1 to 10")
        self.stretch.moved.connect(lambda v, key: self._emit("Stretch", key, stretch=v))
        form.addRow("Stretch", self.stretch)
        self.angle = StepSlider("embeddings-angle", -180.0, 180.0, 1,
                                lambda v: true_minus(f"{v:g}°"), box)
        self.angle.setToolTip("Angle of the stretch, −180° to 180°")
        self.angle.moved.connect(lambda v, key: self._emit("Angle", key, angle_deg=v))
        form.addRow("Angle", self.angle)
        wide = max(self.stretch.label.minimumWidth(), self.angle.label.minimumWidth())
        for slider in (self.stretch, self.angle):  # handles of the same length, aligned
            slider.label.setMinimumWidth(wide)
        self._build_generators(box, form)
        self.open_button = QPushButton("Open vectors…", box)
        self.open_button.setToolTip("Read your own word vectors: GloVe/word2vec text, "
                                    "Projector .tsv, .npy or .csv")
        self.open_button.clicked.connect(self.open_requested)
        form.addRow(self.open_button)
        self.progress = ProgressRow(box)
        self.progress.cancel_requested.connect(self.cancel_load_requested)
        self.load_bar, self.cancel_button = self.progress.bar, self.progress.cancel_button
        form.addRow(self.progress)
        left.addWidget(box)
        box = QGroupBox("Search", self)
        box.setFont(ui_font(12))
        form = QFormLayout(box)
        self.word = self._line(box, "Select word", "selected", "a word, e.g. cat")
        form.addRow("Word", self.word)
        self.query = self._line(box, "Query", "query", "king - man + woman")
        form.addRow("Query", self.query)
        self.k = QSpinBox(box)
        self.k.setRange(1, 100)
        self.k.valueChanged.connect(lambda v: self._emit("Neighbours k", k=v))
        form.addRow("k", self.k)
        self.metric_box = QComboBox(box)
        for key, text in METRIC_NAMES.items():
            self.metric_box.addItem(text, key)
        self.metric_box.currentIndexChanged.connect(lambda _i: self._emit(
            "Metric", metric=self.metric_box.currentData()))
        form.addRow("Metric", self.metric_box)
        self.keep_query = QCheckBox("Keep the query's words", box)
        self.keep_query.setToolTip("Let the asked words themselves be among the neighbours")
        self.keep_query.toggled.connect(lambda on: self._emit("Keep query words",
                                                              keep_query=on))
        form.addRow(self.keep_query)
        left.addWidget(box)
        box = QGroupBox("Projection", self)
        box.setFont(ui_font(12))
        form = QFormLayout(box)
        self.centre = QCheckBox("Centre", box)
        self.centre.toggled.connect(lambda on: self._emit("Centre", centre=on))
        self.whiten = QCheckBox("Whiten", box)
        self.whiten.toggled.connect(lambda on: self._emit("Whiten", whiten=on))
        form.addRow(self.centre, self.whiten)
        self.axis_words = self._line(box, "Custom axis", "axis_words", "he, she")
        form.addRow("Axis", self.axis_words)
        self.similarity = self._line(box, "Similarity words", "similarity_words",
                                     "cat dog car…")
        form.addRow("Compare", self.similarity)
        self.to_projection = QPushButton("Pair in Projection lab", box)
        self.to_projection.setToolTip("The first two words as a and b in a plane that keeps "
                                      "their lengths and angle: the same a·b, |a|, |b|, cos θ")
        self.to_projection.clicked.connect(self._show_pair_in_projection)
        form.addRow(self.to_projection)
        self.order_box = QComboBox(box)
        for key, text in ORDER_NAMES.items():
            self.order_box.addItem(text, key)
        self.order_box.currentIndexChanged.connect(lambda _i: self._emit(
            "Similarity order", order=self.order_box.currentData()))
        form.addRow("Order", self.order_box)
        left.addWidget(box)
        left.addWidget(self._build_toggle_box())
        left.addWidget(self._hint("Neighbours are found in the original\nspace; ◇ marks one the "
                                  "2-D picture\nputs far away."))
        left.addStretch(1)
        self._lay_out_row(left, self._canvas, right=self.neighbour_list)

    def _build_generators(self, box, form: QFormLayout) -> None:
        """The clusters' number, dimension and spread, and the plane's noise."""
        self.clusters = QSpinBox(box)
        self.clusters.setRange(1, 10)
        self.clusters.valueChanged.connect(lambda v: self._emit("Clusters", clusters=v))
        form.addRow("Clusters", self.clusters)
        self.dim = QSpinBox(box)
        self.dim.setRange(2, 100)
        self.dim.setToolTip("Dimensions d of the Gaussian clusters")
        self.dim.valueChanged.connect(lambda v: self._emit("Dimension", dim=v))
        form.addRow("d", self.dim)
        self.spread = QDoubleSpinBox(box)
        self.spread.setRange(0.0, 10.0)
        self.spread.setSingleStep(0.25)
        self.spread.valueChanged.connect(lambda v: self._emit("Spread", spread=v))
        form.addRow("Spread", self.spread)
        self.noise = QDoubleSpinBox(box)
        self.noise.setRange(0.0, 5.0)
        self.noise.setDecimals(3)
        self.noise.setSingleStep(0.05)
        self.noise.valueChanged.connect(lambda v: self._emit("Noise", noise=v))
        form.addRow("Noise", self.noise)

    def _line(self, parent, text: str, field: str, placeholder: str) -> QLineEdit:
        line = QLineEdit(parent)
        line.setPlaceholderText(placeholder)
        line.editingFinished.connect(lambda: self._typed(line, text, field))
        return line

    def _typed(self, line: QLineEdit, text: str, field: str) -> None:
        value = line.text().strip()
        if value != self._field_text(field):
            self._emit(text, **{field: value})

    def _field_text(self, field: str) -> str:
        value = getattr(self.model.state, field)
        return " ".join(value) if isinstance(value, tuple) else str(value)

    def _emit(self, text: str, merge_key=None, **changes) -> None:
        """Ask for ``changes``; moves of one slider drag share ``merge_key``."""
        if any(getattr(self.model.state, k) == v for k, v in changes.items()):
            return  # an echo of the model, or nothing new
        self.intent.emit(text, changes, merge_key)

    # -- LabView API -------------------------------------------------------------------------
    def canvas(self) -> EmbeddingsCanvas:
        """The figure: the projection, the PCA panel and the similarity heatmap."""
        return self._canvas

    def refit(self) -> None:
        """Centre on the selected word again (or fit the points) and place the labels."""
        self._canvas.fit_view()

    def left_out(self) -> list[str]:
        """The panels a small canvas drops, and the projection when it is squeezed away."""
        vb = self._canvas.vb
        gone = list(self._canvas.dropped)
        if vb.width() < 40 or vb.height() < 40:
            gone.append("the projection of the vectors")
        return gone

    def _show_pair_in_projection(self) -> None:
        """Ask the window to show the first two compared words in the Projection lab."""
        pair = pair_in_plane(self.model.cosine)  # the same lengths and angle, in a plane
        if pair is None:
            self.status.emit("Compare two words first (e.g. cat dog)")
            return
        words = " and ".join(self.model.state.similarity_words[:2])
        a, b = ([f"{0.0 if abs(x) < 1e-12 else x:.6g}" for x in v] for v in pair)
        self.show_in_lab.emit("projection", {"a": a, "b": b}, f"Show {words} as a and b")

    def refuse(self, changes: dict, message: str) -> None:
        """Put the controls back to the model's values and say why."""
        self._sync_controls(self.model)
        self.status.emit(message)

    def _show_presentation(self, old) -> None:
        """A new camera turns the 3-D scatter only: the panels and the list stay."""
        self._canvas.set_camera(self.view_state.camera)

    def show_load(self, fraction: float | None) -> None:
        """Show how far a file's reading got (0…1), or hide the bar when None."""
        self.progress.show_fraction(fraction)
        self.open_button.setEnabled(fraction is None)

    def _apply_options(self) -> None:
        self._sync_layers(self._canvas)
        self._sync_toggle_boxes()

    # -- model → view ------------------------------------------------------------------------
    def _on_model_changed(self, model) -> None:
        self.redraw_count += 1
        self._show(model)

    def _show(self, model) -> None:
        self._sync_controls(model)
        self._canvas.update_from(model)
        self.neighbour_list.clear()
        s = model.state
        head = (f"nearest to “{s.query}”" if s.query else
                f"nearest to “{s.selected}”" if s.selected else "type a word or a query")
        self.neighbour_list.addItem(f"{head} ({METRIC_NAMES[s.metric]})")
        for word, score, far in model.neighbours:
            self.neighbour_list.addItem(f"{word}  {num(score, 4)}{'  ◇ far in 2-D' if far else ''}")

    def _sync_controls(self, model) -> None:
        s = model.state
        widgets = (self.source, self.stretch, self.angle, self.word, self.query, self.k,
                   self.metric_box, self.centre, self.whiten, self.axis_words, self.similarity,
                   self.keep_query, self.order_box, self.clusters, self.dim, self.spread,
                   self.noise)
        blocked = [w.blockSignals(True) for w in widgets]
        self.source.setCurrentIndex(self.source.findData(s.source))
        self.metric_box.setCurrentIndex(self.metric_box.findData(s.metric))
        self.stretch.set_value(float(s.stretch))
        self.angle.set_value(float(s.angle_deg))
        for w in (self.stretch, self.angle):
            w.setEnabled(s.source == "stretched")
        self.keep_query.setChecked(s.keep_query)
        self.order_box.setCurrentIndex(self.order_box.findData(s.order))
        self.clusters.setValue(s.clusters)
        self.dim.setValue(s.dim)
        self.spread.setValue(float(s.spread))
        self.noise.setValue(float(s.noise))
        for w in (self.clusters, self.dim, self.spread):
            w.setEnabled(s.source == "clusters")
        self.noise.setEnabled(s.source == "plane")
        self.k.setValue(s.k)
        self.centre.setChecked(s.centre)
        self.whiten.setChecked(s.whiten)
        for line, field in ((self.word, "selected"), (self.query, "query"),
                            (self.axis_words, "axis_words"),
                            (self.similarity, "similarity_words")):
            if line.text() != self._field_text(field):
                line.setText(self._field_text(field))
        if self._completer_words is not model.vset.words:
            self._completer_words = model.vset.words
            completer = QCompleter(list(model.vset.words), self.word)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            self.word.setCompleter(completer)
        for w, b in zip(widgets, blocked, strict=True):
            w.blockSignals(b)
