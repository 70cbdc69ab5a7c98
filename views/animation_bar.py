"""Play/pause and a scrubber for the identity-to-A animation, (1−t)·I + t·A."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSlider, QWidget

from views.style import ui_font

__all__ = ["AnimationBar"]

STEPS = 1000
DURATION_S = 2.0


def _refresh_rate() -> float:
    screen = QGuiApplication.primaryScreen()
    rate = screen.refreshRate() if screen is not None else 0.0
    return rate if 10.0 <= rate <= 500.0 else 60.0


class AnimationBar(QWidget):
    """Animation controls: play/pause, a 0…1 scrubber and the formula being shown.

    Signals
    -------
    time_changed(float)
        The person (or playback) moved the time to t ∈ [0, 1].
    """

    time_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.button = QPushButton("▶ Play", self)
        self.button.setFont(ui_font(13))
        self.button.setToolTip("Play the map from the identity (t = 0) to A (t = 1)")
        self.button.clicked.connect(self.toggle)
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setRange(0, STEPS)
        self.slider.setValue(STEPS)
        self.slider.setToolTip("Scrub t: the picture shows (1−t)·I + t·A")
        self.slider.valueChanged.connect(self._on_slider)
        self.label = QLabel(self)
        self.label.setFont(ui_font(13))
        self.label.setMinimumWidth(self.label.fontMetrics().horizontalAdvance(
            "t = 0.00: (1−t)·I + t·A") + 8)
        # Tick at the screen's refresh rate: smooth without painting frames nobody sees.
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(max(1, round(1000.0 / _refresh_rate())))
        self._timer.timeout.connect(self._tick)
        self._clock = QElapsedTimer()
        self._t0 = 0.0
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.button)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.label)
        self._show_label(1.0)

    # -- state -----------------------------------------------------------------------------
    @property
    def t(self) -> float:
        """The time shown by the scrubber."""
        return self.slider.value() / STEPS

    @property
    def playing(self) -> bool:
        """True while the animation runs."""
        return self._timer.isActive()

    @property
    def interval_ms(self) -> int:
        """Timer interval (follows the screen's refresh rate)."""
        return self._timer.interval()

    def set_time(self, t: float) -> None:
        """Show time ``t`` without emitting (model → view)."""
        blocked = self.slider.blockSignals(True)
        self.slider.setValue(round(min(max(t, 0.0), 1.0) * STEPS))
        self.slider.blockSignals(blocked)
        self._show_label(self.t)

    # -- playback --------------------------------------------------------------------------
    def play(self) -> None:
        """Start playing from the current time (from 0 when already at the end)."""
        if self.t >= 1.0:
            self.slider.setValue(0)
        self._t0 = self.t
        self._clock.start()
        self._timer.start()
        self.button.setText("❚❚ Pause")

    def pause(self) -> None:
        """Stop playing; the time stays where it is."""
        self._timer.stop()
        self.button.setText("▶ Play")

    def toggle(self) -> None:
        """Play when paused, pause when playing."""
        if self.playing:
            self.pause()
        else:
            self.play()

    def _tick(self) -> None:
        t = self._t0 + self._clock.elapsed() / (1000.0 * DURATION_S)
        if t >= 1.0:
            t = 1.0
            self.pause()
        self.slider.setValue(round(t * STEPS))

    def _on_slider(self, value: int) -> None:
        t = value / STEPS
        self._show_label(t)
        self.time_changed.emit(t)

    def _show_label(self, t: float) -> None:
        self.label.setText(f"t = {t:.2f}: (1−t)·I + t·A")

    # -- lifetime: a running timer must never outlive the widget being shown ---------------
    def hideEvent(self, ev) -> None:  # noqa: N802 - Qt API
        self.pause()
        super().hideEvent(ev)

    def closeEvent(self, ev) -> None:  # noqa: N802 - Qt API
        self.pause()
        super().closeEvent(ev)
