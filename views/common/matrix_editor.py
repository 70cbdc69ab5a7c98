"""An editable m×n grid of matrix entries, shown exactly as typed (``3/4``, ``-sqrt(2)/2``).

Each committed cell is checked with :func:`models.core.expr.parse_entry` before anything
leaves the widget: a bad entry is refused on the spot, the cell goes back to its
previous text, and a red message names the cell and the reason.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.core.expr import EntryError, parse_entry
from views.common.numbers import num
from views.common.style import PALETTE, ui_font

__all__ = ["MatrixEditor", "cell_name"]

_SUB = str.maketrans("0123456789,", "₀₁₂₃₄₅₆₇₈₉,")


def cell_name(i: int, j: int, symbol: str = "a") -> str:
    """The name of cell (i, j) (0-based) as a person reads it: ``a₁₂``, or ``a₁₀,₂`` past 9."""
    sep = "," if i >= 9 or j >= 9 else ""
    return symbol + f"{i + 1}{sep}{j + 1}".translate(_SUB)


class MatrixEditor(QWidget):
    """Grid of entry texts with validation on commit.

    Parameters
    ----------
    rows, cols : int
        Initial shape.
    symbol : str
        Letter used to name cells in messages and tooltips (``a`` → ``a₁₂``).
    title : str
        Shown to the left of the grid, e.g. ``"A ="``; empty for none.

    Signals
    -------
    entry_edited(int, int, str)
        A cell (row, column, 0-based) was committed with a valid new text.
    """

    entry_edited = Signal(int, int, str)

    def __init__(self, rows: int = 2, cols: int = 2, symbol: str = "a", title: str = "A =",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._symbol = symbol
        self._texts: list[str] = []
        font = ui_font(15)
        self.table = QTableWidget(self)
        self.table.setFont(font)
        self.table.horizontalHeader().hide()
        self.table.verticalHeader().hide()
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        triggers = QAbstractItemView.EditTrigger
        # Any key or a double click starts editing; merely moving focus does not, so a
        # figure never shows a half-open editor.
        self.table.setEditTriggers(triggers.DoubleClicked | triggers.EditKeyPressed
                                   | triggers.AnyKeyPressed | triggers.SelectedClicked)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        for header in (self.table.horizontalHeader(), self.table.verticalHeader()):
            header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        metrics = self.table.fontMetrics()
        # Wide enough for "-sqrt(2)/2", the longest common entry, with editor padding; with
        # three or more columns for "-sqrt(2)", so that a 3×3 or a 2×3 still fits beside a
        # figure on a 1280×720 projector (a longer entry is elided; it is shown whole while
        # edited, and its value is in the tooltip).
        self._cell_w = metrics.horizontalAdvance("-sqrt(2)/2") + 28
        self._narrow_w = metrics.horizontalAdvance("-sqrt(2)") + 20
        self._cell_h = metrics.height() + 16
        self.table.itemChanged.connect(self._on_item_changed)

        self.title = QLabel(title, self)
        self.title.setFont(ui_font(16))
        self.title.setVisible(bool(title))
        self.error = QLabel("", self)
        self.error.setFont(ui_font(12))
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {PALETTE['error']}; font-weight: bold;")
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.title)
        row.addWidget(self.table)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.error)
        self.set_shape(rows, cols)

    # -- shape and contents ------------------------------------------------------------------
    def shape(self) -> tuple[int, int]:
        """(rows, columns)."""
        return self.table.rowCount(), self.table.columnCount()

    def set_shape(self, rows: int, cols: int) -> None:
        """Resize to rows×cols; new cells start as ``"0"``."""
        if rows < 1 or cols < 1:
            raise ValueError("a matrix needs at least one row and one column")
        old = self.texts()
        m, n = self.shape()
        keep = {(i, j): old[i * n + j] for i in range(m) for j in range(n)}
        blocked = self.table.blockSignals(True)
        try:
            self.table.setRowCount(rows)
            self.table.setColumnCount(cols)
            cell_w = self._cell_w if cols <= 2 else self._narrow_w
            for j in range(cols):
                self.table.setColumnWidth(j, cell_w)
            for i in range(rows):
                self.table.setRowHeight(i, self._cell_h)
        finally:
            self.table.blockSignals(blocked)
        frame = 2 * self.table.frameWidth()
        self.table.setFixedSize(cols * cell_w + frame, rows * self._cell_h + frame)
        self.set_texts([keep.get((i, j), "0") for i in range(rows) for j in range(cols)])

    def texts(self) -> list[str]:
        """Entry texts, row-major, as last accepted."""
        return list(self._texts)

    def set_texts(self, texts) -> None:
        """Show ``texts`` (row-major) without emitting anything (model → view)."""
        m, n = self.shape()
        texts = [str(t) for t in texts]
        if len(texts) != m * n:
            raise ValueError(f"expected {m * n} entries, got {len(texts)}")
        blocked = self.table.blockSignals(True)
        try:
            for k, text in enumerate(texts):
                i, j = divmod(k, n)
                item = self.table.item(i, j)
                if item is None:
                    item = QTableWidgetItem()
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                    self.table.setItem(i, j, item)
                if item.text() != text:
                    item.setText(text)
                self._set_tooltip(item, i, j, text)
        finally:
            self.table.blockSignals(blocked)
        self._texts = texts

    # -- messages ----------------------------------------------------------------------------
    def show_error(self, text: str) -> None:
        """Show a refusal message in red below the grid (empty text clears it)."""
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def clear_error(self) -> None:
        """Hide the message."""
        self.show_error("")

    def error_text(self) -> str:
        """The message shown now ('' when none)."""
        return self.error.text()

    # -- editing -----------------------------------------------------------------------------
    def _set_tooltip(self, item: QTableWidgetItem, i: int, j: int, text: str) -> None:
        try:
            tip = f"{cell_name(i, j, self._symbol)} = {num(parse_entry(text), 10)}"
        except EntryError as err:
            tip = f"{cell_name(i, j, self._symbol)}: {err}"
        item.setToolTip(tip)

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        i, j = item.row(), item.column()
        m, n = self.shape()
        k = i * n + j
        if k >= len(self._texts):
            return
        text = item.text().strip()
        old = self._texts[k]
        try:
            parse_entry(text)
        except EntryError as err:
            blocked = self.table.blockSignals(True)
            item.setText(old)  # refuse: the previous text (and value) stays
            self.table.blockSignals(blocked)
            self.show_error(f"{cell_name(i, j, self._symbol)}: {err}")
            return
        self.clear_error()
        blocked = self.table.blockSignals(True)
        if item.text() != text:
            item.setText(text)
        self._set_tooltip(item, i, j, text)
        self.table.blockSignals(blocked)
        if text == old:
            return
        self._texts[k] = text
        self.entry_edited.emit(i, j, text)
