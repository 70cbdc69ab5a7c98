"""A file name field with a Browse… button, for the Export and Record dialogs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLineEdit, QPushButton, QWidget

__all__ = ["FileField"]


class FileField(QWidget):
    """``path`` (a QLineEdit) and a Browse… button that asks for a file to write.

    Parameters
    ----------
    path : str
        The name offered first.
    title : str
        The file dialog's title.
    filters : str
        The file dialog's filters ("PNG image (*.png);;…").
    suffixes : tuple of str
        Accepted endings; a name chosen without one gets the first.

    Signals
    -------
    chosen(str)
        A file was picked with Browse….
    """

    chosen = Signal(str)

    def __init__(self, path: str, title: str, filters: str, suffixes: tuple[str, ...],
                 parent=None) -> None:
        super().__init__(parent)
        self._title, self._filters, self._suffixes = title, filters, suffixes
        self.path = QLineEdit(path)
        # Wide enough for a folder and a file name, not just the name's end.
        self.path.setMinimumWidth(self.path.fontMetrics().horizontalAdvance("x" * 40))
        browse = QPushButton("Browse…")
        browse.clicked.connect(self.browse)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.path, 1)
        row.addWidget(browse)

    def browse(self) -> None:
        """Ask for a file; the name chosen replaces the field's."""
        path, _ = QFileDialog.getSaveFileName(self, self._title, self.path.text(),
                                              self._filters)
        if not path:
            return
        if Path(path).suffix.lower() not in self._suffixes:
            path += self._suffixes[0]
        self.path.setText(path)
        self.chosen.emit(path)
