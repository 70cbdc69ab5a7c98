"""A bar and a Cancel button for work that runs off the GUI thread (reading a file,
decomposing a matrix, a model's forward pass): shown while it runs, hidden otherwise."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QWidget

__all__ = ["ProgressRow"]


class ProgressRow(QWidget):
    """Progress of a lab's background work, with a Cancel.

    Signals
    -------
    cancel_requested
        The person pressed Cancel.
    """

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(False)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.clicked.connect(self.cancel_requested)
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        self.show_fraction(None)

    def show_fraction(self, fraction: float | None) -> None:
        """Show how far the work got (0…1), or hide the row when None."""
        busy = fraction is not None
        self.bar.setVisible(busy)
        self.cancel_button.setVisible(busy)
        if busy:
            self.bar.setValue(round(1000 * min(1.0, max(0.0, fraction))))
