"""The play/pause button, scrubber and clock that the animation bars share.

A :class:`PlaybackBar` plays a value from 0 to ``span`` at a fixed speed and lets the
person scrub it; subclasses name the value, label it and say what it means (the Plane
lab's time t, the SVD lab's stage s).
"""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSlider, QWidget

from views.common.style import ui_font

__all__ = ["PlaybackBar"]


def _refresh_rate() -> float:
    screen = QGuiApplication.primaryScreen()
    rate = screen.refreshRate() if screen is not None else 0.0
    return rate if 10.0 <= rate <= 500.0 else 60.0


class PlaybackBar(QWidget):
    """Play/pause, a 0…``span`` scrubber and a label; the base of the animation bars.

    Parameters
    ----------
    span : float
        The largest value (the scrubber runs from 0 to ``span``).
    steps : int
        Scrubber positions per unit of the value.
    play_tip, scrub_tip : str
        Tooltips of the play button and the scrubber.
    widest_label : str
        The longest text the label shows (it keeps the bar from jumping as it plays).

    Subclasses emit their own signal in :meth:`_emit_value`, write the label in
    :meth:`_show_label` and give the speed in :meth:`_seconds_per_unit`.
    """

    def __init__(self, span: float, steps: int, play_tip: str, scrub_tip: str,
                 widest_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._span, self._steps = float(span), int(steps)
        self.button = QPushButton("▶ Play", self)
        self.button.setFont(ui_font(13))
        self.button.setToolTip(play_tip)
        self.button.clicked.connect(self.toggle)
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setRange(0, round(self._span * self._steps))
        self.slider.setValue(round(self._span * self._steps))
        self.slider.setToolTip(scrub_tip)
        self.slider.valueChanged.connect(self._on_slider)
        self.label = QLabel(self)
        self.label.setFont(ui_font(13))
        self.label.setMinimumWidth(self.label.fontMetrics().horizontalAdvance(widest_label) + 8)
        # Tick at the screen's refresh rate: smooth without painting frames nobody sees.
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(max(1, round(1000.0 / _refresh_rate())))
        self._timer.timeout.connect(self._tick)
        self._clock = QElapsedTimer()
        self._from, self._to = 0.0, self._span

    def _add_controls(self, layout: QHBoxLayout) -> None:
        """Put the button, the scrubber (stretching) and the label into ``layout``."""
        layout.addWidget(self.button)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.label)

    # -- hooks for subclasses -----------------------------------------------------------------
    def _emit_value(self, value: float) -> None:
        """Tell listeners the value moved (the subclass's own signal)."""
        raise NotImplementedError

    def _show_label(self, value: float) -> None:
        """Write the label for ``value``."""
        raise NotImplementedError

    def _seconds_per_unit(self) -> float:
        """Playback speed: seconds per unit of the value."""
        raise NotImplementedError

    # -- state -------------------------------------------------------------------------------
    @property
    def _value(self) -> float:
        return self.slider.value() / self._steps

    @property
    def playing(self) -> bool:
        """True while playing."""
        return self._timer.isActive()

    @property
    def interval_ms(self) -> int:
        """Timer interval (follows the screen's refresh rate)."""
        return self._timer.interval()

    def _set_value(self, value: float) -> None:
        """Show ``value`` (clamped) without emitting (model → view)."""
        blocked = self.slider.blockSignals(True)
        self.slider.setValue(round(min(max(value, 0.0), self._span) * self._steps))
        self.slider.blockSignals(blocked)
        self._show_label(self._value)

    # -- playback ----------------------------------------------------------------------------
    def play(self, start: float | None = None, stop: float | None = None) -> None:
        """Play from ``start`` (the current value; 0 when already at ``stop``) to ``stop``
        (the end of the scrubber)."""
        stop = self._span if stop is None else float(stop)
        if start is None:
            start = 0.0 if self._value >= stop else self._value
        self._from, self._to = float(start), stop
        self.slider.setValue(round(start * self._steps))
        self._clock.start()
        self._timer.start()
        self.button.setText("❚❚ Pause")

    def pause(self) -> None:
        """Stop playing; the value stays where it is."""
        self._timer.stop()
        self.button.setText("▶ Play")

    def toggle(self) -> None:
        """Play when paused, pause when playing."""
        if self.playing:
            self.pause()
        else:
            self.play()

    def _tick(self) -> None:
        value = self._from + self._clock.elapsed() / (1000.0 * self._seconds_per_unit())
        if value >= self._to:
            value = self._to
            self.pause()
        self.slider.setValue(round(value * self._steps))

    def _on_slider(self, position: int) -> None:
        value = position / self._steps
        self._show_label(value)
        self._emit_value(value)

    # -- lifetime: a running timer must never outlive the widget being shown ---------------
    def hideEvent(self, ev) -> None:  # noqa: N802 - Qt API
        self.pause()
        super().hideEvent(ev)

    def closeEvent(self, ev) -> None:  # noqa: N802 - Qt API
        self.pause()
        super().closeEvent(ev)
