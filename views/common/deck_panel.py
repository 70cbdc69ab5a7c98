"""The slide list of an open deck: one row per slide (number, title, lab; • when edited
during the talk), with buttons to move or remove the current slide."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

__all__ = ["DeckPanel"]


class DeckPanel(QWidget):
    """A list of slides and the buttons that arrange them.

    Signals
    -------
    slide_chosen(int)
        A row was clicked: show that slide.
    move_requested(int, int)
        Move slide ``i`` to ``j``.
    remove_requested(int)
        Remove slide ``i``.
    """

    slide_chosen = Signal(int)
    move_requested = Signal(int, int)
    remove_requested = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.itemClicked.connect(lambda item: self.slide_chosen.emit(self.list.row(item)))
        self.up = QPushButton("Up")
        self.down = QPushButton("Down")
        self.remove = QPushButton("Remove")
        self.up.setToolTip("Move the current slide one place earlier")
        self.down.setToolTip("Move the current slide one place later")
        self.remove.setToolTip("Remove the current slide from the deck")
        self.up.clicked.connect(lambda: self._move(-1))
        self.down.clicked.connect(lambda: self._move(+1))
        self.remove.clicked.connect(lambda: self._remove())
        buttons = QHBoxLayout()
        for b in (self.up, self.down, self.remove):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self._current = 0

    def set_slides(self, rows: list[tuple[str, str, bool]], current: int) -> None:
        """Show ``rows`` of ``(title, lab, edited)`` with slide ``current`` selected."""
        self.list.clear()
        for n, (title, lab, edited) in enumerate(rows, start=1):
            mark = " •" if edited else ""
            item = QListWidgetItem(f"{n}. {title}{mark}\n    {lab}")
            item.setToolTip("Edited during the talk (Deck → Revert slide restores it)"
                            if edited else title)
            self.list.addItem(item)
        self._current = current
        if rows:
            self.list.setCurrentRow(current)
        self.up.setEnabled(bool(rows) and current > 0)
        self.down.setEnabled(bool(rows) and current < len(rows) - 1)
        self.remove.setEnabled(bool(rows))

    def rows(self) -> list[str]:
        """The rows' texts, first line only (for reading back what is listed)."""
        return [self.list.item(i).text().split("\n")[0] for i in range(self.list.count())]

    def _move(self, step: int) -> None:
        j = self._current + step
        if 0 <= j < self.list.count():
            self.move_requested.emit(self._current, j)

    def _remove(self) -> None:
        if self.list.count():
            self.remove_requested.emit(self._current)
