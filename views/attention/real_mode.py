"""The Attention lab's real-model mode: the figure (the head view, or the model view of
every layer × head) and its controls (the model, the text, the layer and head, the panel and
the order of the heads).

The controls turn gestures into two kinds of requests: ``edit`` for what the model holds
already (another head, another order: an intent at once), and ``real_requested`` for what
needs the forward pass (another model or text: the app computes it off the GUI thread
first, then asks for it).
"""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QWidget,
)

from models.attention.head_stats import head_order
from views.attention.head_grid import HeadGrid
from views.attention.head_view import HeadView
from views.attention.small import SmallCanvas
from views.attention.small_controls import spin_box
from views.common.progress_row import ProgressRow
from views.common.style import label_font

__all__ = ["RealFigure", "RealControls", "ORDER_NAMES"]

ORDER_NAMES = {"layers": "layer by layer", "entropy": "entropy (focused first)",
               "previous": "nearest previous-token", "first": "nearest first-token",
               "diagonal": "nearest diagonal"}
_NO_MODEL = ("No model open. File → Open model… finds the models in the Hugging Face cache, "
             "or opens any folder with config.json, model.safetensors and tokenizer.json "
             "(GPT-2, BERT or a Llama-layout model). Nothing is ever downloaded.")


class RealFigure(QStackedWidget):
    """The head view, the model view, or (before a model is open) what to do."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.head_view = HeadView()
        self.grid = HeadGrid()
        self.pipeline = SmallCanvas()  # the sentence mode's stages, on the real Q, K, V
        self.empty = QLabel(_NO_MODEL)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setFont(label_font(13))
        self.empty.setMargin(40)
        for w in (self.head_view, self.grid, self.pipeline, self.empty):
            self.addWidget(w)
        self._shown = None  # the RealDerived on screen

    def canvas(self, panel: str):
        """The figure a panel exports (the head view before a model is open)."""
        return {"model": self.grid, "pipeline": self.pipeline}.get(panel, self.head_view)

    def show_model(self, model) -> None:
        """Draw ``model.real`` in the state's panel, head and order."""
        s, real = model.state, model.real
        if real is None:
            waiting = getattr(model, "real_missing", None)
            self.empty.setText(_NO_MODEL if waiting is None else
                               f"Reading the text through {waiting[0]}…")
            self.setCurrentWidget(self.empty)
            return
        if real is not self._shown:
            self._shown = real
            self.head_view.set_data(real.weights, real.readable, s.real_layer, s.real_head)
            self.grid.set_data(real.weights)
        elif (self.head_view.layer, self.head_view.head) != (s.real_layer, s.real_head):
            self.head_view.show_head(s.real_layer, s.real_head)
        scores = real.scores_for(s.real_order)
        order = None if scores is None else head_order(scores)
        if (order, s.real_order) != getattr(self, "_order", (None, None)):
            self._order = (order, s.real_order)
            self.grid.set_order(order, scores, ORDER_NAMES[s.real_order])
        self.grid.select(s.real_layer, s.real_head)
        if model.real_pipeline is not None:
            # The sentence mode's canvas reads a model's ``small`` and ``state``.
            self.pipeline.show_model(SimpleNamespace(
                small=model.real_pipeline, state=SimpleNamespace(
                    head=s.real_head, temperature=1.0, causal=real.config.causal,
                    padding=0, masked=frozenset())))
        self.setCurrentWidget(self.canvas(s.real_panel))


class RealControls(QWidget):
    """Model, text, layer, head, panel and order.

    Signals
    -------
    edit(str, dict, object)
        An intent the model can take at once (layer, head, panel, order).
    real_requested(str, dict)
        A change that needs the forward pass (the text).
    open_requested, cancel_requested
        Open a model; stop reading one.
    """

    edit = Signal(str, dict, object)
    real_requested = Signal(str, dict)
    open_requested = Signal()
    cancel_requested = Signal()
    #: Read a text file into the text box; show one layer of the typed text in the
    #: long-context mode (its real Q and K): ``(text, layer)``.
    text_file_requested = Signal()
    long_requested = Signal(str, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        self.name = QLabel("no model open")
        self.name.setWordWrap(True)
        self.open_button = QPushButton("Open model…")
        self.open_button.clicked.connect(self.open_requested)
        form.addRow(self.name)
        form.addRow(self.open_button)
        self.text = QPlainTextEdit()
        self.text.setMaximumHeight(90)
        self.text.setToolTip("The text the model reads (tokenised by the model's own "
                             "tokenizer); Read runs the forward pass")
        self.read_button = QPushButton("Read")
        self.read_button.setToolTip("The head, model and pipeline views (up to 512 tokens)")
        self.read_button.clicked.connect(self._read)
        self.file_button = QPushButton("Text file…")
        self.file_button.setToolTip("Put a UTF-8 text file in the box (for long inputs)")
        self.file_button.clicked.connect(self.text_file_requested)
        self.long_button = QPushButton("Long context")
        self.long_button.setToolTip("This layer's real Q and K of the text, in the long-"
                                    "context mode: the pooled overview and exact tiles, up "
                                    "to the model's positions")
        self.long_button.clicked.connect(lambda: self.long_requested.emit(
            self.text.toPlainText(), self.layer.value()))
        form.addRow("Text", self.text)
        row = QHBoxLayout()
        for b in (self.read_button, self.file_button, self.long_button):
            row.addWidget(b)
        form.addRow(row)
        self.layer = spin_box(0, 0, "Layer (from 0)")
        self.head = spin_box(0, 0, "Head (from 0)")
        self.layer.valueChanged.connect(lambda v: self.edit.emit(
            "Show layer", {"real_layer": int(v)}, None))
        self.head.valueChanged.connect(lambda v: self.edit.emit(
            "Show head", {"real_head": int(v)}, None))
        row = QHBoxLayout()
        row.addWidget(self.layer)
        row.addWidget(QLabel("head"))
        row.addWidget(self.head)
        form.addRow("Layer", row)
        self.panels = QButtonGroup(self)
        row = QHBoxLayout()
        for k, text in enumerate(("Head", "Model", "Pipeline")):
            b = QRadioButton(text)
            self.panels.addButton(b, k)
            row.addWidget(b)
        self.panels.idClicked.connect(lambda k: self.edit.emit(
            "Switch panel", {"real_panel": ("head", "model", "pipeline")[k]}, None))
        form.addRow(row)
        self.order = QComboBox()
        for key, text in ORDER_NAMES.items():
            self.order.addItem(text, key)
        self.order.activated.connect(lambda _i: self.edit.emit(
            "Order heads", {"real_order": self.order.currentData()}, None))
        form.addRow("Order", self.order)
        self.progress = ProgressRow()
        self.progress.cancel_requested.connect(self.cancel_requested)
        form.addRow(self.progress)

    def _read(self) -> None:
        self.real_requested.emit("Read text", {"real_text": self.text.toPlainText()})

    def show_load(self, fraction: float | None) -> None:
        """Reading progress (None: nothing is being read)."""
        self.progress.show_fraction(fraction)

    def show_state(self, s, real) -> None:
        """Put the model's values in the widgets without emitting edits."""
        widgets = (self.layer, self.head, self.panels, self.order)
        blocked = [w.blockSignals(True) for w in widgets]
        if self.text.toPlainText() != s.real_text:
            self.text.setPlainText(s.real_text)
        if real is not None:
            c = real.config
            self.name.setText(f"<b>{real.name}</b><br>{c.title}, {real.n} tokens")
            self.layer.setMaximum(c.layers - 1)
            self.head.setMaximum(c.heads - 1)
        else:
            self.name.setText("no model open")
        self.layer.setValue(s.real_layer)
        self.head.setValue(s.real_head)
        self.panels.button(("head", "model", "pipeline").index(s.real_panel)).setChecked(True)
        self.order.setCurrentIndex(self.order.findData(s.real_order))
        for w, b in zip(widgets, blocked, strict=True):
            w.blockSignals(b)
        for w in (self.layer, self.head, *self.panels.buttons(), self.order,
                  self.read_button, self.long_button):
            w.setEnabled(real is not None)
