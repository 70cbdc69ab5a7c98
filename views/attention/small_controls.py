"""Controls of the Attention lab's small mode: the sentence, sizes, seed, heads, causal mask,
padding and the hand-made mask, turned into intents for the model."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

__all__ = ["SmallControls", "spin_box"]


def spin_box(lo: int, hi: int, tip: str) -> QSpinBox:
    """An integer box for the attention controls: range, tooltip, one edit per value typed."""
    s = QSpinBox()
    s.setRange(lo, hi)
    s.setKeyboardTracking(False)  # typing "12" is one edit, not "1" then "12"
    s.setToolTip(tip)
    return s


class SmallControls(QWidget):
    """Sentence, sizes, seed, heads, causal, padding and the custom mask.

    Signals
    -------
    edit(str, dict, object)
        An intent for the lab model.
    """

    edit = Signal(str, dict, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.sentence = QLineEdit()
        self.sentence.setToolTip("Tokens are the words, split on spaces (1 to 64)")
        self.seed = spin_box(0, 2**31 - 1, "Seed of the random embeddings and weights")
        self.d_model = spin_box(1, 512, "Embedding size d_model")
        self.d_k = spin_box(1, 256, "Query/key size per head; 2 shows the geometry")
        self.heads = spin_box(1, 4, "Number of attention heads")
        self.head = QComboBox()
        self.causal = QCheckBox("Causal (no looking ahead)")
        self.padding = spin_box(0, 63, "Pad tokens appended and hidden as keys")
        self.clear = QPushButton("Clear hand-made mask")
        form.addRow("Sentence", self.sentence)
        form.addRow("Seed", self.seed)
        form.addRow("d_model", self.d_model)
        form.addRow("d_k", self.d_k)
        form.addRow("Heads", self.heads)
        form.addRow("Show head", self.head)
        form.addRow(self.causal)
        form.addRow("Padding", self.padding)
        form.addRow(self.clear)
        self.sentence.editingFinished.connect(self._sentence)
        for name in ("seed", "d_model", "d_k", "heads", "padding"):
            getattr(self, name).valueChanged.connect(
                lambda v, n=name: self.edit.emit(f"Set {n}", {n: int(v)}, None))
        self.head.currentIndexChanged.connect(
            lambda k: self.edit.emit("Show head", {"head": int(k)}, None))
        self.causal.toggled.connect(
            lambda on: self.edit.emit("Causal mask", {"causal": bool(on)}, None))
        self.clear.clicked.connect(
            lambda: self.edit.emit("Clear hand-made mask", {"masked": []}, None))
        self._sentence_shown = ""

    def _sentence(self) -> None:
        text = self.sentence.text()
        if " ".join(text.split()) != self._sentence_shown:
            self.edit.emit("Edit sentence", {"sentence": text}, None)

    def show_state(self, s) -> None:
        """Put the model's values in the widgets without emitting edits."""
        widgets = (self.sentence, self.seed, self.d_model, self.d_k, self.heads, self.head,
                   self.causal, self.padding, self.clear)
        for w in widgets:
            w.blockSignals(True)
        try:
            self._sentence_shown = s.sentence
            self.sentence.setText(s.sentence)
            for name in ("seed", "d_model", "d_k", "heads", "padding"):
                getattr(self, name).setValue(int(getattr(s, name)))
            if self.head.count() != s.heads:
                self.head.clear()
                self.head.addItems([f"head {k + 1}" for k in range(s.heads)])
            self.head.setCurrentIndex(s.head)
            self.causal.setChecked(s.causal)
            self.clear.setEnabled(bool(s.masked))
        finally:
            for w in widgets:
                w.blockSignals(False)

