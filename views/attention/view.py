"""The Attention lab's view: small mode (a sentence's pipeline) or large mode (long contexts).

Left, the figure of the current mode (what export renders) with a line describing the
cell under the pointer; right, the mode switch, the controls of that mode and the toy
softmax with the temperature slider. Large mode's controls live here too
(:class:`LargeControls`); its canvas lives in :mod:`views.attention.large`, which asks for
computations through a signal the app answers. The view connects to its model in one place
(:meth:`AttentionView._on_changed`) and every gesture becomes an intent.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from models.attention.large import MAX_N
from models.attention.small import REASONS
from views.attention.large import LargeMode
from views.attention.real_mode import RealControls, RealFigure
from views.attention.small import SmallCanvas
from views.attention.small_controls import SmallControls, spin_box
from views.attention.softmax_panel import SoftmaxPanel
from views.common.lab_view import LabView, Toggle
from views.common.style import label_font

__all__ = ["AttentionView", "LargeControls"]

_MODES = ("small", "large", "model")
#: The figure width below which the controls fold into the drawer (three stage columns
#: with legible numbers).
_GOOD_FIGURE_WIDTH = 960


class LargeControls(QWidget):
    """Sizes, seed, head, sources, progress and Cancel.

    Signals
    -------
    edit(str, dict, object)
        An intent for the lab model.
    cancel_clicked()
    """

    edit = Signal(str, dict, object)
    cancel_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.n = spin_box(1, MAX_N, "Number of tokens (queries and keys)")
        self.h = spin_box(1, 16, "Number of heads")
        self.d = spin_box(1, 1024, "Size of each query and key")
        self.seed = spin_box(0, 2**31 - 1, "Seed of the random Q and K")
        self.head = spin_box(1, 16, "Head shown")
        self.causal = QCheckBox("Causal (no looking ahead)")
        self.load_q = QPushButton("Load Q (.npy)…")
        self.load_k = QPushButton("Load K (.npy)…")
        self.random = QPushButton("Random Q, K")
        self.sources = QLabel()
        self.sources.setWordWrap(True)
        self.reset = QPushButton("Show everything")
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.cancel = QPushButton("Cancel")
        self.cancel.setEnabled(False)
        self.report = QLabel()
        self.report.setWordWrap(True)
        for label, w in (("Tokens n", self.n), ("Heads h", self.h), ("d", self.d),
                         ("Seed", self.seed), ("Show head", self.head)):
            form.addRow(label, w)
        form.addRow(self.causal)
        files = QHBoxLayout()
        for w in (self.load_q, self.load_k, self.random):
            files.addWidget(w)
        form.addRow(files)
        form.addRow(self.sources)
        form.addRow(self.reset)
        busy = QHBoxLayout()
        busy.addWidget(self.progress, 1)
        busy.addWidget(self.cancel)
        form.addRow(busy)
        form.addRow(self.report)
        for key, w in (("n", self.n), ("h", self.h), ("d", self.d), ("large_seed", self.seed)):
            w.valueChanged.connect(lambda v, k=key: self.edit.emit(f"Set {k}", {k: int(v)}, None))
        self.head.valueChanged.connect(
            lambda v: self.edit.emit("Show head", {"large_head": int(v) - 1}, None))
        self.causal.toggled.connect(
            lambda on: self.edit.emit("Causal mask", {"causal": bool(on)}, None))
        self.load_q.clicked.connect(lambda: self._choose("q_path", "Q"))
        self.load_k.clicked.connect(lambda: self._choose("k_path", "K"))
        self.random.clicked.connect(lambda: self.edit.emit(
            "Random Q and K", {"q_path": None, "k_path": None}, None))
        self.reset.clicked.connect(lambda: self.edit.emit("Show everything", {"window": None},
                                                          None))
        self.cancel.clicked.connect(self.cancel_clicked)

    def _choose(self, key: str, what: str) -> None:
        path, _ = QFileDialog.getOpenFileName(self, f"Load {what} from a .npy file", "",
                                              "NumPy arrays (*.npy)")
        if path:
            self.edit.emit(f"Load {what}", {key: path}, None)

    def show_state(self, s) -> None:
        """Put the model's values in the widgets without emitting edits."""
        widgets = (self.n, self.h, self.d, self.seed, self.head, self.causal)
        for w in widgets:
            w.blockSignals(True)
        try:
            self.n.setValue(s.n)
            self.h.setValue(s.h)
            self.d.setValue(s.d)
            self.seed.setValue(s.large_seed)
            self.head.setRange(1, s.h)
            self.head.setValue(s.large_head + 1)
            self.causal.setChecked(s.causal)
            files = s.q_path is not None or s.k_path is not None
            for w in (self.n, self.h, self.d):
                w.setEnabled(not files or (w is self.n and s.q_path is None))
        finally:
            for w in widgets:
                w.blockSignals(False)
        q = "Q: " + (s.q_path.rsplit("/", 1)[-1] if s.q_path else f"random (seed {s.large_seed})")
        k = "K: " + (s.k_path.rsplit("/", 1)[-1] if s.k_path else f"random (seed {s.large_seed})")
        self.sources.setText(f"{q} · {k} · {s.n}×{s.m}")
        self.reset.setEnabled(s.window is not None)

    def set_busy(self, busy: bool) -> None:
        """Show progress and enable Cancel while a computation runs."""
        self.cancel.setEnabled(busy)
        if busy:
            self.progress.setValue(0)
        else:
            self.progress.setValue(self.progress.maximum())


class AttentionView(LabView):
    """Heatmaps of softmax(QKᵀ/√d_k)V for a sentence, pooled weights for n tokens, or a real
    model's heads.

    Signals
    -------
    real_requested(str, dict)
        A change of the real-model mode that needs its forward pass (the app's
        :class:`~app.model_jobs.RealModelJobs` computes it, then asks for the intent).
    open_model_requested, cancel_real_requested
        Open a model folder; stop reading one.
    text_file_requested, long_context_requested(str, int)
        Read a text file into the text box; show a layer's real Q and K of a text in the
        long-context mode.
    """

    real_requested = Signal(str, dict)
    open_model_requested = Signal()
    cancel_real_requested = Signal()
    text_file_requested = Signal()
    long_context_requested = Signal(str, int)

    TOGGLES = (
        Toggle("row_sums", "Row sums (Σ = 1)", True),
        Toggle("cell_values", "Values inside small heatmaps", True),
        Toggle("log_scale", "Long context: log colour scale", True),
    )

    def __init__(self, model, parent: QWidget | None = None) -> None:
        super().__init__(model, parent)
        self.small = SmallCanvas()
        self.small_controls = SmallControls()
        self.large = LargeMode(self, LargeControls())
        self.softmax = SoftmaxPanel()
        self.real = RealFigure()
        self.real_controls = RealControls()
        self.figures = QStackedWidget()
        self.figures.addWidget(self.small)
        self.figures.addWidget(self.large.canvas)
        self.figures.addWidget(self.real)
        self.info = QLabel(" ")
        self.info.setFont(label_font(12))
        self.info.setWordWrap(True)
        # Two lines, whatever the text: a hover line that wrapped to a new height would
        # resize the figure under the pointer, change the hovered cell and so the text.
        self.info.setFixedHeight(2 * self.info.fontMetrics().lineSpacing() + 4)
        # The figure re-flows to its width; the area only frames it.
        self.figure_area = QScrollArea()
        self.figure_area.setWidget(self.figures)
        self.figure_area.setWidgetResizable(True)
        self.figure_area.setFrameShape(QFrame.Shape.NoFrame)
        self.figure_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        left = QVBoxLayout()
        left.addWidget(self.figure_area, 1)
        left.addWidget(self.info)
        self.mode_buttons = QButtonGroup(self)
        modes = QHBoxLayout()
        for k, text in enumerate(("Sentence", "Long context", "Real model")):
            b = QRadioButton(text)
            self.mode_buttons.addButton(b, k)
            modes.addWidget(b)
        self.controls = QStackedWidget()
        self.controls.addWidget(self.small_controls)
        self.controls.addWidget(self.large.controls)
        self.controls.addWidget(self.real_controls)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.addLayout(modes)
        side_layout.addWidget(self.controls)
        side_layout.addWidget(self.softmax)
        side_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(side)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(300)
        scroll.setMaximumWidth(360)
        self.side_panel = scroll
        # A drawer: where the window is too narrow for the three heatmap columns and the
        # controls together (a 1280×720 projector with the presets open), the controls fold
        # away behind this button and the figure gets the whole width.
        self.drawer_button = QToolButton(self)
        self.drawer_button.setAutoRaise(True)
        self.drawer_button.setFont(label_font(14, bold=True))
        self.drawer_button.setMinimumWidth(24)
        self.drawer_button.setToolTip("Show or hide the controls")
        self.drawer_button.setSizePolicy(QSizePolicy.Policy.Preferred,
                                         QSizePolicy.Policy.Expanding)
        self.drawer_button.clicked.connect(self._toggle_drawer)
        self._drawer_fits: bool | None = None
        root = QHBoxLayout(self)
        root.setContentsMargins(4, 4, 4, 4)
        root.addLayout(left, 1)
        root.addWidget(self.drawer_button)
        root.addWidget(scroll)
        for source in (self.small_controls, self.large.controls, self.softmax,
                       self.real_controls):
            source.edit.connect(self.intent)
        self.real_controls.real_requested.connect(self.real_requested)
        self.real_controls.open_requested.connect(self.open_model_requested)
        self.real_controls.cancel_requested.connect(self.cancel_real_requested)
        self.real_controls.text_file_requested.connect(self.text_file_requested)
        self.real_controls.long_requested.connect(self.long_context_requested)
        self.real.pipeline.head_clicked.connect(
            lambda h: self.intent.emit("Show head", {"real_head": int(h)}, None))
        self.real.grid.clicked.connect(lambda layer, head: self.intent.emit(
            "Open head", {"real_layer": int(layer), "real_head": int(head),
                          "real_panel": "head"}, None))
        self.large.canvas.window_moved.connect(
            lambda w: self.intent.emit("Zoom attention", {"window": w}, None))
        self.mode_buttons.idClicked.connect(self._mode_clicked)
        self.small.mask_clicked.connect(self._mask_clicked)
        self.small.head_clicked.connect(
            lambda h: self.intent.emit("Show head", {"head": int(h)}, None))
        self.small.info.connect(self._show_info)
        self.large.canvas.info.connect(self._show_info)
        # The one connection to the model; it ends when the view is destroyed, so a closed
        # side-by-side view is never called back.
        self._connect_model(self._on_changed)
        self._apply_options(redraw=False)
        self._redraw()

    # -- figure -----------------------------------------------------------------------------
    def canvas(self):
        """The figure of the current mode (small: stage heatmaps; large: the overview; a real
        model: its head view or model view)."""
        s = self.model.state
        if s.mode == "model":
            return self.real.canvas(s.real_panel)
        return self.small if s.mode == "small" else self.large.canvas

    def show_real_load(self, fraction: float | None) -> None:
        """Progress of reading a real model (None: nothing is being read)."""
        self.real_controls.show_load(fraction)

    def refit(self) -> None:
        """Ask for large mode at the canvas's present size (headless export)."""
        self.large.refit()

    # -- model -> widgets --------------------------------------------------------------------
    def _on_changed(self, _model) -> None:
        self.redraw_count += 1
        self._redraw()

    def _redraw(self) -> None:
        m = self.model
        s = m.state
        large = s.mode == "large"
        index = _MODES.index(s.mode)
        self.mode_buttons.blockSignals(True)
        self.mode_buttons.button(index).setChecked(True)
        self.mode_buttons.blockSignals(False)
        self.figures.setCurrentIndex(index)
        self.controls.setCurrentIndex(index)
        self.real_controls.show_state(s, m.real)
        self.softmax.setVisible(s.mode != "model")  # the toy softmax is the others' topic
        if s.mode == "model":
            self.real.show_model(m)
        self.small_controls.show_state(s)
        self.softmax.show_values(s.temperature, s.logits_text, s.logits, m.softmax_probs)
        if s.mode == "small":  # the hidden sentence canvas waits until it is shown
            self.small.show_model(m)
        self.large.show_model(m, active=large)
        self._fit_figure_width(large)

    def _fit_figure_width(self, large: bool) -> None:
        """The figure re-flows to any width (its canvas chooses its columns): only the
        drawer is decided here, once per change."""
        self._drawer_fits = None
        self._place_drawer()

    # -- the controls drawer -----------------------------------------------------------------
    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._place_drawer()

    def _place_drawer(self) -> None:
        """Open the drawer where figure and controls fit side by side, close it where they do
        not; decided when the width crosses that line (a person's choice holds until then)."""
        room = self.width() - self.drawer_button.sizeHint().width() - 16
        fits = room >= _GOOD_FIGURE_WIDTH + self.side_panel.minimumWidth()
        if fits != self._drawer_fits:
            self._drawer_fits = fits
            self._show_drawer(fits)

    def left_out(self) -> list[str]:
        """The parts of the figure left out because the canvas is too small for them."""
        if self.model.state.mode == "small":
            return self.small.left_out()
        if self.model.state.mode == "model":  # the pipeline re-flows as the sentence mode does
            pipeline = self.model.state.real_panel == "pipeline" and self.model.real
            return self.real.pipeline.left_out() if pipeline else []
        return self.large.canvas.left_out()

    def _toggle_drawer(self) -> None:
        self._show_drawer(self.side_panel.isHidden())

    def _show_drawer(self, on: bool) -> None:
        self.side_panel.setVisible(on)
        self.drawer_button.setText("▸" if on else "◂")
        self.drawer_button.setToolTip("Hide the controls" if on else "Show the controls")

    def refuse(self, changes: dict, message: str) -> None:
        """A refused edit: say why and put the model's values back in the widgets."""
        super().refuse(changes, message)
        s = self.model.state
        self.small_controls.show_state(s)
        self.large.controls.show_state(s)
        self.softmax.restore_logits(s.logits_text)
        self.large.controls.report.setText(message)

    # -- gestures -----------------------------------------------------------------------------
    def _mode_clicked(self, k: int) -> None:
        if _MODES[k] == "model":  # may need its forward pass first: the app's worker runs it
            self.real_requested.emit("Switch mode", {"mode": "model"})
        else:
            self.intent.emit("Switch mode", {"mode": _MODES[k]}, None)

    def _mask_clicked(self, i: int, j: int) -> None:
        reason = REASONS[int(self.model.small.reasons[i, j])]
        if reason in ("causal", "padding"):
            self.status.emit(f"That cell is already hidden by the {reason} mask")
            return
        toks = self.model.small.tokens
        verb = "Show" if reason else "Hide"
        self.intent.emit(f"{verb} key {toks[j]!r} from {toks[i]!r}", {"toggle_mask": (i, j)},
                         None)

    def _show_info(self, text: str) -> None:
        self.info.setText(text or " ")

    # -- options --------------------------------------------------------------------------------
    def _apply_options(self, redraw: bool = True) -> None:
        self.small.show_row_sums = self.option("row_sums")
        self.small.set_cell_text(self.option("cell_values"))
        self.large.canvas.set_log_scale(self.option("log_scale"))
        if redraw and self.model.state.mode == "small":
            self.small.show_model(self.model)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """Stop a running computation and the zoom timer with the view."""
        self.large.cancel(quiet=True)
        self.large.canvas.stop()
        super().closeEvent(event)
