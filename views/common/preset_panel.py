"""The preset list of the current lab, with a slider for a parameterised preset."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QSlider, QVBoxLayout, QWidget

from views.common.numbers import num
from views.common.style import PALETTE

__all__ = ["PresetPanel"]

_STEPS = 1000


class PresetPanel(QWidget):
    """Lists presets; choosing one emits ``preset_chosen(name, value)``; moving the slider of
    a parameterised preset emits ``param_moved(name, value)`` (one drag = one undo step is
    the app's business).
    """

    preset_chosen = Signal(str, object)
    param_moved = Signal(str, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._presets = {}
        self._current = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        # Room for a description's words: a squeezed dock would wrap it one word per line.
        self.setMinimumWidth(190)
        title = QLabel(f"<b>Presets</b>  <span style='color:{PALETTE['muted']}'>(click to apply; "
                       "⟷ has a slider)</span>")
        title.setWordWrap(True)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        # Descriptions wrap to the panel's width instead of scrolling sideways.
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setStyleSheet("QListWidget { font-size: 11pt; } "
                                "QListWidget::item { padding: 4px 2px; }")
        # A click applies; Enter applies the current item. A double-click also "activates",
        # which must not apply the preset a second time.
        self.list.itemClicked.connect(self._chosen)
        self.list.itemActivated.connect(self._activated)
        self._last_click = None
        self.param_label = QLabel()
        self.param_label.setWordWrap(True)
        self.param_label.setStyleSheet("font-size: 12pt; font-weight: bold;")
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, _STEPS)
        self.slider.valueChanged.connect(self._moved)
        layout.addWidget(title)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.param_label)
        layout.addWidget(self.slider)
        self._show_param(None)

    def sizeHint(self):  # noqa: N802 - Qt's name
        # The dock starts this wide: descriptions read well and the lab keeps the rest.
        hint = super().sizeHint()
        hint.setWidth(220)
        return hint

    def set_presets(self, presets) -> None:
        """Show ``presets`` (a list of :class:`models.core.presets.Preset`)."""
        self.list.clear()
        self._presets = {p.name: p for p in presets}
        for p in presets:
            item = QListWidgetItem(p.name + ("  ⟷" if p.param else "") + "\n" + p.description)
            item.setToolTip(p.description)
            item.setData(Qt.ItemDataRole.UserRole, p.name)
            self.list.addItem(item)
        self.list.setCurrentRow(-1)  # nothing looks chosen until the person chooses
        self._show_param(None)

    def choose(self, name: str, value: float | None = None) -> None:
        """Choose a preset as if clicked (value: the parameter, default if None)."""
        p = self._presets[name]
        self._show_param(p, value)
        self.preset_chosen.emit(name, value)

    def _chosen(self, item: QListWidgetItem) -> None:
        self._last_click = (item, time.monotonic())
        self.choose(item.data(Qt.ItemDataRole.UserRole))

    def _activated(self, item: QListWidgetItem) -> None:
        if self._last_click and self._last_click[0] is item and \
                time.monotonic() - self._last_click[1] < 1.0:
            return  # the second half of a double-click
        self.choose(item.data(Qt.ItemDataRole.UserRole))

    def current(self):
        """The preset chosen last and its parameter's value as applied (None for a preset
        without one), or None before any is chosen."""
        if self._current is None:
            return None
        return self._current, getattr(self, "_current_value", None)

    def _show_param(self, preset, value: float | None = None) -> None:
        self._current = preset
        self._current_value = None
        has = preset is not None and preset.param is not None
        self.slider.setVisible(has)
        self.param_label.setVisible(has)
        if has:
            prm = preset.param
            v = prm.default if value is None else value
            self._current_value = v
            self.slider.blockSignals(True)
            self.slider.setValue(round((v - prm.min) / (prm.max - prm.min) * _STEPS))
            self.slider.blockSignals(False)
            self._label(v)

    def _value(self) -> float:
        prm = self._current.param
        return prm.min + (prm.max - prm.min) * self.slider.value() / _STEPS

    def _label(self, v: float) -> None:
        prm = self._current.param
        self.param_label.setText(f"{self._current.name}: {prm.label} = {num(v, 4)}")

    def _moved(self, _pos: int) -> None:
        if self._current is None or self._current.param is None:
            return
        v = self._value()
        self._current_value = v
        self._label(v)
        self.param_moved.emit(self._current.name, v)
