"""The presenter's own screen while presenting on another: the current slide's notes, the
next slide's title and the time since the talk began."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtWidgets import QLabel, QTextEdit, QVBoxLayout, QWidget

from views.common.style import ui_font

__all__ = ["PresenterView", "elapsed_text", "slide_info"]


def elapsed_text(ms: int) -> str:
    """``ms`` milliseconds as ``m:ss`` (``h:mm:ss`` from an hour on)."""
    s = max(0, int(ms)) // 1000
    h, m, s = s // 3600, s // 60 % 60, s % 60
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def slide_info(window) -> tuple[str, str]:
    """``(notes of the current slide, title of the next)`` of the window's open deck.

    Without an open deck there are no notes, and "next" is the lab's next preset, as the
    clicker would show it (the presenter passes that in through :meth:`PresenterView.show_info`).
    """
    deck = getattr(window, "deck", None)
    if deck is None or not getattr(deck, "is_open", False):
        return "", ""
    session = getattr(deck, "session", deck)
    try:
        i, n = session.index, len(session)
        current = session.slide(i) if n else None
        following = session.slide(i + 1) if i + 1 < n else None
    except (AttributeError, IndexError, TypeError):
        return "", ""
    notes = current.notes if current is not None else ""
    title = (following.title or f"Slide {i + 2}") if following is not None else "(last slide)"
    return notes, title


class PresenterView(QWidget):
    """A small window for the presenter's screen.

    Attributes
    ----------
    notes : QTextEdit
        The current slide's speaker notes (read-only).
    next_title : QLabel
        What comes next.
    clock : QLabel
        Time since presenting began, updated every second.
    """

    def __init__(self) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setWindowTitle("linscope — presenter")
        self.clock = QLabel("0:00")
        self.clock.setFont(ui_font(28))
        self.next_title = QLabel()
        self.next_title.setFont(ui_font(16))
        self.next_title.setWordWrap(True)
        self.notes = QTextEdit()
        self.notes.setReadOnly(True)
        self.notes.setFont(ui_font(16))
        layout = QVBoxLayout(self)
        layout.addWidget(self.clock)
        layout.addWidget(self.next_title)
        layout.addWidget(self.notes, 1)
        self._started = QElapsedTimer()
        self._started.start()
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._show_time)
        self._tick.start()

    def show_info(self, notes: str, next_title: str) -> None:
        """Show the current slide's ``notes`` and the ``next_title``."""
        self.notes.setPlainText(notes or "(no notes)")
        self.next_title.setText(f"Next: {next_title}" if next_title else "Next: —")

    def _show_time(self) -> None:
        self.clock.setText(elapsed_text(self._started.elapsed()))

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self._tick.stop()
        super().closeEvent(event)
