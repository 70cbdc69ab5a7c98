"""The Attention lab's view: small mode (a sentence's pipeline) or large mode (long contexts).

Left, the figure of the current mode (what export renders) with a line describing the
cell under the pointer; right, the mode switch, the controls of that mode and the toy
softmax with the temperature slider. The view connects to its model in one place
(:meth:`AttentionView._on_changed`) and every gesture becomes an intent.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from models.attention_lab_small import REASONS
from views.attention_large import LargeMode
from views.attention_small import SmallCanvas, SmallControls
from views.lab_view import LabView, Toggle
from views.softmax_panel import SoftmaxPanel
from views.style import label_font

__all__ = ["AttentionView"]

_MODES = ("small", "large")


class AttentionView(LabView):
    """Heatmaps of softmax(QKᵀ/√d_k)V for a sentence, or pooled weights for n tokens."""

    TOGGLES = (
        Toggle("row_sums", "Row sums (Σ = 1)", True),
        Toggle("cell_values", "Values inside small heatmaps", True),
        Toggle("log_scale", "Long context: log colour scale", True),
    )

    def __init__(self, model, parent: QWidget | None = None) -> None:
        super().__init__(model, parent)
        self.small = SmallCanvas()
        self.small_controls = SmallControls()
        self.large = LargeMode(self)
        self.softmax = SoftmaxPanel()
        self.figures = QStackedWidget()
        self.figures.addWidget(self.small)
        self.figures.addWidget(self.large.canvas)
        self.info = QLabel(" ")
        self.info.setFont(label_font(12))
        self.info.setWordWrap(True)
        left = QVBoxLayout()
        left.addWidget(self.figures, 1)
        left.addWidget(self.info)
        self.mode_buttons = QButtonGroup(self)
        modes = QHBoxLayout()
        for k, text in enumerate(("Sentence", "Long context")):
            b = QRadioButton(text)
            self.mode_buttons.addButton(b, k)
            modes.addWidget(b)
        self.controls = QStackedWidget()
        self.controls.addWidget(self.small_controls)
        self.controls.addWidget(self.large.controls)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.addLayout(modes)
        side_layout.addWidget(self.controls)
        side_layout.addWidget(self.softmax)
        side_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(side)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(330)
        scroll.setMaximumWidth(420)
        root = QHBoxLayout(self)
        root.setContentsMargins(4, 4, 4, 4)
        root.addLayout(left, 1)
        root.addWidget(scroll)
        for source in (self.small_controls, self.large.controls, self.softmax):
            source.edit.connect(self.intent)
        self.large.canvas.window_moved.connect(
            lambda w: self.intent.emit("Zoom attention", {"window": w}, None))
        self.mode_buttons.idClicked.connect(
            lambda k: self.intent.emit("Switch mode", {"mode": _MODES[k]}, None))
        self.small.mask_clicked.connect(self._mask_clicked)
        self.small.head_clicked.connect(
            lambda h: self.intent.emit("Show head", {"head": int(h)}, None))
        self.small.info.connect(self._show_info)
        self.large.canvas.info.connect(self._show_info)
        self.model.changed.connect(self._on_changed)  # the one connection to the model
        self._apply_options(redraw=False)
        self._redraw()

    # -- figure -----------------------------------------------------------------------------
    def canvas(self):
        """The figure of the current mode (small: stage heatmaps; large: the overview)."""
        return self.small if self.model.state.mode == "small" else self.large.canvas

    def refit(self) -> None:
        """Recompute large mode for the canvas's present size (headless export)."""
        self.large.refit()

    # -- model -> widgets --------------------------------------------------------------------
    def _on_changed(self, _model) -> None:
        self.redraw_count += 1
        self._redraw()

    def _redraw(self) -> None:
        m = self.model
        s = m.state
        large = s.mode == "large"
        self.mode_buttons.blockSignals(True)
        self.mode_buttons.button(int(large)).setChecked(True)
        self.mode_buttons.blockSignals(False)
        self.figures.setCurrentIndex(int(large))
        self.controls.setCurrentIndex(int(large))
        self.small_controls.show_state(s)
        self.softmax.show_values(s.temperature, s.logits_text, s.logits, m.softmax_probs)
        if not large:
            self.small.show_model(m)
        self.large.show_model(m, active=large)

    def refuse(self, changes: dict, message: str) -> None:
        """A refused edit: say why and put the model's values back in the widgets."""
        super().refuse(changes, message)
        s = self.model.state
        self.small_controls.show_state(s)
        self.large.controls.show_state(s)
        self.softmax.restore_logits(s.logits_text)
        self.large.controls.report.setText(message)

    # -- gestures -----------------------------------------------------------------------------
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
