"""Play/pause and a scrubber for the identity-to-A animation, (1−t)·I + t·A."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QWidget

from views.common.playback_bar import PlaybackBar

__all__ = ["AnimationBar"]

STEPS = 1000
DURATION_S = 2.0


class AnimationBar(PlaybackBar):
    """Animation controls: play/pause, a 0…1 scrubber and the formula being shown.

    Signals
    -------
    time_changed(float)
        The person (or playback) moved the time to t ∈ [0, 1].
    """

    time_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(1.0, STEPS, "Play the map from the identity (t = 0) to A (t = 1)",
                         "Scrub t: the picture shows (1−t)·I + t·A",
                         "t = 0.00: (1−t)·I + t·A", parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        self._add_controls(layout)
        self._show_label(1.0)

    @property
    def t(self) -> float:
        """The time shown by the scrubber."""
        return self._value

    def set_time(self, t: float) -> None:
        """Show time ``t`` without emitting (model → view)."""
        self._set_value(t)

    def _emit_value(self, value: float) -> None:
        self.time_changed.emit(value)

    def _show_label(self, t: float) -> None:
        self.label.setText(f"t = {t:.2f}: (1−t)·I + t·A")

    def _seconds_per_unit(self) -> float:
        return DURATION_S  # read at each tick, so a test may shorten it
