"""The Matrix product lab's view: edit A (m×k) and B (k×n), step or hover over an entry of
AB and see it built as row i of A · column j of B, term by term; with 2×2 matrices, see
the two orders of composition side by side in the plane.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from models.product.model import MAX_SIZE
from views.common.lab_view import LabView, Toggle
from views.common.matrix_editor import MatrixEditor, cell_name
from views.common.style import ui_font
from views.product.canvas import ProductCanvas, terms_html

__all__ = ["ProductCanvas", "ProductView", "terms_html"]

_PANEL_WIDTH = 360  # px: the controls beside the canvas (room for the figure at 1024 px)


class ProductView(LabView):
    """View of a :class:`models.product.model.ProductModel`.

    Signals (from :class:`LabView`)
    -------------------------------
    intent(str, dict, object)
        ``("Edit a12", {"a_entry": (0, 1, "3/4")}, None)``, ``("Resize", {"k2": 4}, None)``,
        ``("Select (AB)₁₂", {"selected": (0, 1)}, "select-entry")`` (successive steps merge
        into one undo step).

    Attributes
    ----------
    preview : (int, int) or None
        The entry under the pointer; it is highlighted instead of the selection while the
        pointer is over AB (presentation only: hovering edits nothing).
    """

    TOGGLES = (
        Toggle("heat", "Colour entries by value"),
        Toggle("guides", "Row and column guides"),
        Toggle("composition", "Composition in the plane (2×2)"),
    )

    def __init__(self, model, parent: QWidget | None = None) -> None:
        super().__init__(model, parent)
        self.preview: tuple[int, int] | None = None
        self._canvas = ProductCanvas(self)
        self.editors = {"a": MatrixEditor(2, 3, "a", "A =", self),
                        "b": MatrixEditor(3, 2, "b", "B =", self)}
        self.sizes = {key: QSpinBox(self) for key in ("m", "k", "k2", "n")}
        self.step_buttons = {key: QPushButton(text, self) for key, text in
                             (((0, -1), "◀"), ((-1, 0), "▲"), ((1, 0), "▼"), ((0, 1), "▶"))}
        self.entry_label = QLabel(self)
        self.composition_hint = self._hint("")
        self._editor_areas: dict[str, QScrollArea] = {}
        self._build_layout()
        for name, editor in self.editors.items():
            editor.entry_edited.connect(lambda i, j, text, n=name: self.intent.emit(
                f"Edit {cell_name(i, j, n)}", {f"{n}_entry": (i, j, text)}, None))
        for key, box in self.sizes.items():
            box.valueChanged.connect(lambda v, key=key: self._on_size(key, v))
        for step, button in self.step_buttons.items():
            button.clicked.connect(lambda _=False, s=step: self.step(*s))
        self._canvas.stepped.connect(self.step)
        self._canvas.figure.hovered.connect(self._on_hover)
        self._canvas.figure.clicked.connect(self.select)
        # The one connection to the model, dropped with the view.
        self._connect_model(self._on_model_changed)
        self._show(model)

    def _build_layout(self) -> None:
        panel = QWidget()
        left = QVBoxLayout(panel)
        left.setContentsMargins(8, 8, 8, 8)
        sizes = QGroupBox("Sizes: A is m×k, B is k₂×n", self)
        sizes.setFont(ui_font(12))
        grid = QGridLayout(sizes)
        for c, (key, text) in enumerate((("m", "m"), ("k", "k"), ("k2", "k₂"), ("n", "n"))):
            box = self.sizes[key]
            box.setRange(1, MAX_SIZE)
            box.setFont(ui_font(13))
            grid.addWidget(QLabel(text, sizes), 0, c)
            grid.addWidget(box, 1, c)
        self.sizes["k"].setToolTip("A's columns (B's rows follow while they match)")
        self.sizes["k2"].setToolTip("B's rows: make them differ from k to see the shape rule")
        left.addWidget(sizes)
        for name, editor in self.editors.items():
            # An 8-column grid is wider than the panel: it scrolls sideways on its own.
            area = self._editor_areas[name] = QScrollArea(self)
            area.setWidget(editor)
            area.setWidgetResizable(True)
            area.setFrameShape(QFrame.Shape.NoFrame)
            area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            left.addWidget(area)
        steps = QHBoxLayout()
        for button in self.step_buttons.values():
            button.setFont(ui_font(13))
            button.setFixedWidth(40)
            steps.addWidget(button)
        self.entry_label.setFont(ui_font(13))
        steps.addWidget(self.entry_label, 1)
        left.addLayout(steps)
        left.addWidget(self._build_toggle_box())
        self.composition_hint.setWordWrap(True)
        left.addWidget(self.composition_hint)
        left.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidget(panel)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFixedWidth(_PANEL_WIDTH)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(scroll)
        row.addWidget(self._canvas, 1)

    # -- LabView API -------------------------------------------------------------------------
    def canvas(self) -> ProductCanvas:
        """The figure (a pyqtgraph GraphicsLayoutWidget)."""
        return self._canvas

    def refit(self) -> None:
        """Fit the matrices to the canvas and size their numbers again."""
        self._canvas.figure.refit()

    def left_out(self) -> list[str]:
        """What the canvas has no room for at its size: the composition pictures, the worked
        sum (or its middle steps), the names or the entries of the blocks."""
        return self._canvas.left_out()

    def refuse(self, changes: dict, message: str) -> None:
        """Put a refused entry back and say why next to it; other refusals go to the status."""
        for name, editor in self.editors.items():
            if f"{name}_entry" in changes:
                editor.set_texts(self._texts(name))
                editor.show_error(message)
                self._fit_editor_areas()
                return
        self._show_sizes(self.model.state)
        self.status.emit(message)

    def _apply_options(self) -> None:
        self._sync_toggle_boxes()
        self._draw(self.model)

    # -- selection ---------------------------------------------------------------------------
    def highlighted(self) -> tuple[int, int] | None:
        """The entry highlighted now: the one under the pointer, else the selected one."""
        return self._canvas.figure.highlighted

    def select(self, i: int, j: int) -> None:
        """Ask for entry (i, j) of AB to be the selected one (an undoable intent)."""
        sub = cell_name(i, j, "(AB)")
        self.intent.emit(f"Select {sub}", {"selected": (i, j)}, "select-entry")

    def step(self, di: int, dj: int) -> None:
        """Move the selection by (di, dj) entries, wrapping round the rows and columns."""
        product = self.model.product
        if product is None:
            self.status.emit(self.model.message)
            return
        m, n = product.shape
        i, j = self.model.state.selected or (0, 0)
        self.select((i + di) % m, (j + dj) % n)

    def _on_hover(self, entry) -> None:
        if entry == self.preview:
            return
        self.preview = entry
        self._highlight(self.model)

    # -- model → view ------------------------------------------------------------------------
    def _on_model_changed(self, model) -> None:
        self.redraw_count += 1
        self._show(model)

    def _texts(self, name: str) -> list[str]:
        return [t for row in getattr(self.model.state, f"{name}_texts") for t in row]

    def _show_sizes(self, s) -> None:
        values = {"m": s.shape_a[0], "k": s.shape_a[1], "k2": s.shape_b[0], "n": s.shape_b[1]}
        for key, box in self.sizes.items():
            if box.value() != values[key]:
                blocked = box.blockSignals(True)
                box.setValue(values[key])
                box.blockSignals(blocked)

    def _show(self, model) -> None:
        s = model.state
        self._show_sizes(s)
        for name, shape in (("a", s.shape_a), ("b", s.shape_b)):
            editor = self.editors[name]
            if editor.shape() != shape:
                editor.set_shape(*shape)
            if editor.texts() != self._texts(name):
                editor.set_texts(self._texts(name))
            editor.clear_error()
        self._fit_editor_areas()
        square = model.composition is not None
        self.composition_hint.setText(
            "" if square else "Make A and B both 2×2 to compose them as maps of the plane.")
        self._draw(model)

    def _fit_editor_areas(self) -> None:
        # The table's fixed size is known at once; layout hints lag until the next show.
        for name, area in self._editor_areas.items():
            editor = self.editors[name]
            height = editor.table.minimumHeight()
            if not editor.error.isHidden():
                height += editor.error.sizeHint().height() + 4
            width = editor.table.minimumWidth() + editor.title.sizeHint().width() + 12
            bar = area.horizontalScrollBar().sizeHint().height()
            area.setFixedHeight(height + (bar if width > _PANEL_WIDTH - 24 else 0) + 2)

    def _draw(self, model) -> None:
        entry = self.preview if self.preview is not None else model.state.selected
        self._canvas.update_from(model, self.option("heat"), self.option("composition"),
                                 entry, self.option("guides"))
        self._highlight(model)

    def _highlight(self, model) -> None:
        entry = self.preview if self.preview is not None else model.state.selected
        self._canvas.show_terms(model, entry, self.option("guides"))
        shown = self._canvas.figure.highlighted
        self.entry_label.setText("" if shown is None else cell_name(*shown, "(AB)")
                                 + (" (hover)" if self.preview is not None else ""))
        for button in self.step_buttons.values():
            button.setEnabled(model.product is not None)

    # -- gestures → intents ------------------------------------------------------------------
    def _on_size(self, key: str, value: int) -> None:
        s = self.model.state
        changes = {key: value}
        if key == "k" and s.shape_a[1] == s.shape_b[0]:
            changes["k2"] = value  # inner sizes move together while they match
        self.intent.emit("Resize", changes, None)
