"""The Low-rank lab's view: choose a matrix (a picture, a random low-rank matrix, a chosen
spectrum, a LoRA update, a file or typed entries), move k, and see Aₖ, the error and the
spectrum — with the numbers that Eckart–Young and LoRA's parameter count promise."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QWidget,
)

from models.lowrank.state import ALPHA_RANGE, NOISE_RANGE, RANK_RANGE, SIZE_RANGE
from views.common.lab_view import LabView, Toggle
from views.common.matrix_editor import MatrixEditor
from views.common.numbers import num
from views.common.progress_row import ProgressRow
from views.common.style import ui_font
from views.lowrank.canvas import LowRankCanvas
from views.lowrank.facts import facts_html

__all__ = ["LowRankView", "SOURCE_NAMES", "CHANNEL_NAMES"]

SOURCE_NAMES = {"picture": "Picture (512 × 512)", "random": "Rank r + noise",
                "decay": "Chosen spectrum", "lora": "LoRA update ΔW = BA",
                "file": "Your own file", "entries": "Typed matrix"}
CHANNEL_NAMES = {"gray": "grey (Rec. 709)", "r": "red", "g": "green", "b": "blue"}
#: Which parameters each source uses.
_USES = {"random": {"rows", "cols", "rank", "noise", "seed"},
         "decay": {"rows", "cols", "alpha", "decay", "seed"},
         "lora": {"rows", "cols", "rank", "noise", "seed"},
         "file": {"channel", "tensor"}, "entries": {"editor"}, "picture": set()}
_LINK_NAMES = {"svd": "SVD lab", "space": "Space lab"}


class LowRankView(LabView):
    """View of a :class:`models.lowrank.model.LowRankModel`.

    A change of k is an intent at once (a slider drag merges into one undo step). A change
    of the matrix goes through :attr:`source_requested`, so the lab's work controller can
    make and decompose the new matrix off the GUI thread first.
    """

    #: The person asks for another matrix ({field: value}); the controller decomposes it
    #: off the GUI thread, then emits the intent.
    source_requested = Signal(str, dict)
    #: The person asks to open a file, or to stop reading one.
    open_requested = Signal()
    cancel_load_requested = Signal()

    TOGGLES = (
        Toggle("layers", "Rank-one layers / LoRA panel"),
        Toggle("numbers", "Numbers in the figure"),
    )

    def __init__(self, model, parent: QWidget | None = None) -> None:
        super().__init__(model, parent)
        self._canvas = LowRankCanvas(self)
        self._drag = None  # the merge key of the k slider's drag in progress
        self._build_layout()
        self._connect_model(self._on_model_changed)
        self._apply_options()
        self._show(model)

    # -- layout ------------------------------------------------------------------------------
    def _build_layout(self) -> None:
        left = self._side_column()
        box = QGroupBox("Matrix", self)
        box.setFont(ui_font(12))
        form = self._form = QFormLayout(box)
        self.source = QComboBox(box)
        for key, text in SOURCE_NAMES.items():
            self.source.addItem(text, key)
        self.source.activated.connect(lambda _i: self._ask("Choose matrix",
                                                           source=self.source.currentData()))
        form.addRow("Source", self.source)
        self.fields: dict[str, QWidget] = {}
        self._spin("rows", "m (rows)", *SIZE_RANGE)
        self._spin("cols", "n (columns)", *SIZE_RANGE)
        self._spin("rank", "rank r", *RANK_RANGE)
        self._double("noise", "noise", *NOISE_RANGE, step=0.01, decimals=3)
        self._double("alpha", "decay α", *ALPHA_RANGE, step=0.1, decimals=2)
        decay = QComboBox(box)
        decay.addItem("σᵢ = i^−α", "power")
        decay.addItem("σᵢ = e^−α(i−1)", "exp")
        decay.activated.connect(lambda _i: self._ask("Decay law", decay=decay.currentData()))
        self._add("decay", "law", decay)
        self._spin("seed", "seed", 0, 2**31 - 1)
        channel = QComboBox(box)
        for key, text in CHANNEL_NAMES.items():
            channel.addItem(text, key)
        channel.activated.connect(lambda _i: self._ask("Image channel",
                                                       channel=channel.currentData()))
        self._add("channel", "channel", channel)
        tensor = QComboBox(box)
        tensor.activated.connect(lambda _i: self._ask("Tensor", tensor=tensor.currentData()))
        self._add("tensor", "tensor", tensor)
        self.editor = MatrixEditor(2, 2, symbol="a", title="A =", parent=box)
        self.editor.entry_edited.connect(self._on_entry_edited)
        self._add("editor", "", self.editor)
        self.open_button = QPushButton("Open file…", box)
        self.open_button.setToolTip("An image (greyscale or one channel), a .npy or .csv "
                                    "matrix, or a 2-D tensor of a .safetensors file")
        self.open_button.clicked.connect(self.open_requested)
        form.addRow(self.open_button)
        self.progress = ProgressRow(box)
        self.progress.cancel_requested.connect(self.cancel_load_requested)
        self.load_bar, self.cancel_button = self.progress.bar, self.progress.cancel_button
        form.addRow(self.progress)
        self.link_button = QPushButton("Show in SVD lab", box)
        self.link_button.clicked.connect(self._show_in_link)
        form.addRow(self.link_button)
        left.addWidget(box)
        left.addWidget(self._build_rank_box())
        # The numbers, here when the canvas has no room for them (a projector's window).
        self.side_facts = QLabel(self)
        self.side_facts.setWordWrap(True)
        self.side_facts.setTextFormat(Qt.TextFormat.RichText)
        self.side_facts.setFont(ui_font(11))
        self.side_facts.setMaximumWidth(330)
        left.addWidget(self.side_facts)
        self._canvas.fitted.connect(self._place_facts)
        left.addWidget(self._build_toggle_box())
        left.addWidget(self._hint("Aₖ keeps the first k singular triples: the best rank-k "
                                  "approximation (Eckart–Young). Its errors are σₖ₊₁ and "
                                  "√(Σᵢ>ₖ σᵢ²), checked against A − Aₖ itself."))
        left.addStretch(1)
        self._lay_out_row(left, self._canvas)

    def _build_rank_box(self) -> QGroupBox:
        box = QGroupBox("Rank k", self)
        box.setFont(ui_font(12))
        form = QFormLayout(box)
        self.k_slider = QSlider(Qt.Orientation.Horizontal, box)
        self.k_slider.setMinimum(1)
        self.k_slider.sliderPressed.connect(self._drag_starts)
        self.k_slider.sliderReleased.connect(self._drag_ends)
        self.k_slider.valueChanged.connect(lambda v: self._set_k(v, self._drag))
        self.k_spin = QSpinBox(box)
        self.k_spin.setMinimum(1)
        self.k_spin.valueChanged.connect(lambda v: self._set_k(v, None))
        row = QHBoxLayout()
        row.addWidget(self.k_slider, 1)
        row.addWidget(self.k_spin)
        form.addRow("k", row)
        row = QHBoxLayout()
        self.energy_buttons = {}
        for f in (0.90, 0.95, 0.99):
            b = QPushButton(f"{int(f * 100)} %", box)
            b.setToolTip(f"The smallest k that keeps {int(f * 100)} % of the energy")
            b.clicked.connect(lambda _c=False, f=f: self._k_for(f))
            row.addWidget(b)
            self.energy_buttons[f] = b
        form.addRow("energy", row)
        return box

    def _add(self, name: str, label: str, widget: QWidget) -> None:
        self.fields[name] = widget
        if name != "editor":  # a narrow column leaves the figure its room
            widget.setMaximumWidth(widget.fontMetrics().horizontalAdvance("x" * 22))
        self._form.addRow(label, widget) if label else self._form.addRow(widget)

    def _spin(self, name: str, label: str, lo: int, hi: int) -> None:
        w = QSpinBox(self)
        w.setRange(int(lo), int(hi))
        w.setKeyboardTracking(False)
        w.valueChanged.connect(lambda v: self._ask(label.capitalize(), **{name: v}))
        self._add(name, label, w)

    def _double(self, name: str, label: str, lo: float, hi: float, step: float,
                decimals: int) -> None:
        w = QDoubleSpinBox(self)
        w.setRange(lo, hi)
        w.setSingleStep(step)
        w.setDecimals(decimals)
        w.setKeyboardTracking(False)
        w.valueChanged.connect(lambda v: self._ask(label.capitalize(), **{name: v}))
        self._add(name, label, w)

    # -- gestures → intents ------------------------------------------------------------------
    def _ask(self, text: str, **changes) -> None:
        """A new matrix: through the work controller (which decomposes it first)."""
        if all(getattr(self.model.state, k) == v for k, v in changes.items()):
            return  # an echo of the model
        self.source_requested.emit(text, changes)

    def _set_k(self, k: int, merge) -> None:
        if k != self.model.state.k:
            self.intent.emit("Rank k", {"k": int(k)}, merge)

    def _drag_starts(self) -> None:
        self._drag = object()

    def _drag_ends(self) -> None:
        self._drag = None

    def _k_for(self, fraction: float) -> None:
        k = self.model.facts.ranks_for.get(fraction)
        if k is None:
            self.status.emit(f"{int(fraction * 100)} % of the energy is beyond the values "
                             "computed")
        else:
            self._set_k(k, None)

    def _show_in_link(self) -> None:
        link = self.model.link()
        if link is not None:
            lab, scene = link
            self.show_in_lab.emit(lab, scene, f"Show A in the {_LINK_NAMES[lab]}")

    def _reset_editor(self) -> None:
        self.editor.set_texts(self.model.state.texts)

    # -- LabView API -------------------------------------------------------------------------
    def canvas(self) -> LowRankCanvas:
        """The figure: A, Aₖ, the error, the spectrum, the layers or the LoRA panel."""
        return self._canvas

    def _apply_options(self) -> None:
        self._sync_layers(self._canvas)
        self._place_facts()

    def left_out(self) -> list[str]:
        """The rows a small canvas drops."""
        return list(self._canvas.dropped)

    def show_load(self, fraction: float | None) -> None:
        """Show reading and decomposing progress (None: nothing in progress)."""
        self.progress.show_fraction(fraction)

    def set_tensors(self, names: list[tuple[str, str]]) -> None:
        """The 2-D tensors of the open ``.safetensors`` file: ``[(name, shown text)]``."""
        box = self.fields["tensor"]
        blocked = box.blockSignals(True)
        box.clear()
        for name, text in names:
            box.addItem(text, name)
        box.blockSignals(blocked)
        self._sync_controls(self.model)

    # -- model → widgets ---------------------------------------------------------------------
    def _on_model_changed(self, model) -> None:
        self.redraw_count += 1
        self._show(model)

    def _show(self, model) -> None:
        self._sync_controls(model)
        self._canvas.update_from(model)
        self._place_facts()

    def _place_facts(self) -> None:
        """The numbers beside the figure when the figure has left them out."""
        side = self._canvas.facts_dropped and self._canvas.layer_visible("numbers")
        self.side_facts.setVisible(side)
        if side:
            self.side_facts.setText(facts_html(self.model, size=None))

    def _sync_controls(self, model) -> None:
        s = model.state
        uses = _USES[s.source]
        tensor_box = self.fields["tensor"]
        for name, w in self.fields.items():
            on = name in uses and (name != "tensor" or tensor_box.count() > 0)
            w.setVisible(on)
            label = self._form.labelForField(w)
            if label is not None:
                label.setVisible(on)
        widgets = [self.source, self.k_slider, self.k_spin, *self.fields.values()]
        blocked = [w.blockSignals(True) for w in widgets]
        self.source.setCurrentIndex(self.source.findData(s.source))
        for name in ("rows", "cols", "rank", "seed", "noise", "alpha"):
            self.fields[name].setValue(getattr(s, name))
        for name in ("decay", "channel", "tensor"):
            box = self.fields[name]
            i = box.findData(getattr(s, name))
            if i >= 0:
                box.setCurrentIndex(i)
        rows, cols = len(s.entries), len(s.entries[0])
        if self.editor.shape != (rows, cols):
            self.editor.set_shape(rows, cols)
        self._reset_editor()
        k_max = model.facts.k_max
        for w in (self.k_slider, self.k_spin):
            w.setMaximum(k_max)
            w.setValue(model.k)
        self.k_slider.setPageStep(max(1, k_max // 20))
        for w, b in zip(widgets, blocked, strict=True):
            w.blockSignals(b)
        for f, b in self.energy_buttons.items():
            r = model.facts.ranks_for.get(f)
            b.setToolTip(f"k = {r} keeps {int(f * 100)} % of the energy" if r else
                         "beyond the values computed")
        link = model.link()
        self.link_button.setVisible(link is not None)
        if link is not None:
            self.link_button.setText(f"Show A in the {_LINK_NAMES[link[0]]}")
        self.k_spin.setToolTip(f"k from 1 to {k_max}; {model.facts.method}; energy kept "
                               f"{num(100 * model.facts.energy, 4)} %")


