"""A horizontal slider over a range of numbers in fixed steps, with its value written
beside it (``3.0×``, ``30°``): the stretched-points set's stretch and angle.

Every move of one drag carries the same merge key, so the app makes the drag one undo
step while the model follows the handle live; a keyboard step or a click on the groove
carries none and is a step of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import count

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QWidget

from views.common.style import ui_font

__all__ = ["StepSlider"]

_drags = count(1)


class StepSlider(QWidget):
    """A slider from ``lo`` to ``hi`` in steps of ``1 / per_unit``, and a label.

    Parameters
    ----------
    name : str
        Names the drags' merge keys (``(name, n)``).
    lo, hi : float
        The range.
    per_unit : int
        Slider positions per unit: 10 for steps of 0.1, 1 for whole numbers.
    text : callable
        Writes a value for the label, e.g. ``lambda v: f"{v:.1f}×"``.

    Signals
    -------
    moved(float, object)
        The value the person asks for, and the drag's merge key (None outside a drag).
    """

    moved = Signal(float, object)

    def __init__(self, name: str, lo: float, hi: float, per_unit: int,
                 text: Callable[[float], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._name = name
        self._per_unit = per_unit
        self._text = text
        self._drag_key = None
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setRange(round(lo * per_unit), round(hi * per_unit))
        self.slider.setSingleStep(1)
        self.slider.setPageStep(max(1, (self.slider.maximum() - self.slider.minimum()) // 10))
        self.slider.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrows, Page Up/Down
        self.label = QLabel(self)
        self.label.setFont(ui_font(12))
        widest = max(self.label.fontMetrics().horizontalAdvance(text(v)) for v in (lo, hi))
        self.label.setMinimumWidth(widest + 6)
        self.label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.slider, 1)
        row.addWidget(self.label)
        self.setFocusProxy(self.slider)
        self.slider.sliderPressed.connect(self._begin_drag)
        self.slider.sliderReleased.connect(self._end_drag)
        self.slider.valueChanged.connect(self._slid)

    def value(self) -> float:
        """The value at the slider's position."""
        return self.slider.value() / self._per_unit

    def set_value(self, value: float) -> None:
        """Show ``value`` (from the model): the nearest position, the exact value written;
        nothing is emitted."""
        blocked = self.slider.blockSignals(True)
        self.slider.setValue(round(value * self._per_unit))
        self.slider.blockSignals(blocked)
        self.label.setText(self._text(value))

    def _begin_drag(self) -> None:
        self._drag_key = (self._name, next(_drags))

    def _end_drag(self) -> None:
        self._drag_key = None

    def _slid(self, pos: int) -> None:
        value = pos / self._per_unit
        self.label.setText(self._text(value))
        self.moved.emit(value, self._drag_key)
