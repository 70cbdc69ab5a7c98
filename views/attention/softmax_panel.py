"""A toy softmax: typed logits, their probabilities as bars, and the temperature slider.

The slider sets the lab's one temperature, so the same drag that sharpens the toy
bars sharpens every attention row. It is logarithmic (0.1 … 10) because temperature
acts multiplicatively; all the moves of one drag share one merge key (one undo step).
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QSlider, QVBoxLayout, QWidget

from views.common.style import color, label_font, pen, pt

__all__ = ["SoftmaxPanel", "slider_to_temperature", "temperature_to_slider"]

_STEPS = 1000
_LOG_MIN, _LOG_MAX = -1.0, 1.0  # log10 of 0.1 and 10
_BAR = "j_hat"
_drags = itertools.count(1)


def slider_to_temperature(pos: int) -> float:
    """Slider position (0 … 1000) to temperature (0.1 … 10), logarithmically."""
    t = 10 ** (_LOG_MIN + (_LOG_MAX - _LOG_MIN) * pos / _STEPS)
    return float(f"{t:.3g}")  # round so a drag produces readable values


def temperature_to_slider(t: float) -> int:
    """Inverse of :func:`slider_to_temperature` (clamped to the slider's range)."""
    x = (math.log10(max(t, 1e-9)) - _LOG_MIN) / (_LOG_MAX - _LOG_MIN)
    return int(round(min(max(x, 0.0), 1.0) * _STEPS))


class SoftmaxPanel(QWidget):
    """Logits, temperature and probability bars.

    Signals
    -------
    edit(str, dict, object)
        An intent for the lab model: undo text, changes, merge key.
    """

    edit = Signal(str, dict, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._drag_key = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.t_label = QLabel("Temperature T = 1")
        self.t_label.setFont(label_font(12, bold=True))
        row.addWidget(self.t_label)
        layout.addLayout(row)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, _STEPS)
        self.slider.setPageStep(50)
        self.slider.setToolTip("Temperature, 0.1 to 10 (logarithmic): low T sharpens, "
                               "high T flattens")
        layout.addWidget(self.slider)
        layout.addWidget(QLabel("Softmax of logits z (comma separated):"))
        self.logits = QLineEdit()
        self.logits.setToolTip("e.g. 2.0, 1.0, 0.1 — fractions and sqrt(2) work too")
        layout.addWidget(self.logits)
        self.plot = pg.PlotWidget()
        self.plot.setMinimumHeight(170)
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(False, False)
        self.plot.hideButtons()
        pi = self.plot.getPlotItem()
        pi.setTitle("p = softmax(z / T)", size=pt(11))
        pi.getAxis("bottom").setStyle(tickFont=label_font(10))
        pi.getAxis("left").setStyle(tickFont=label_font(10))
        self.bars = pg.BarGraphItem(x=[0], height=[0], width=0.6, brush=color(_BAR),
                                    pen=pen(_BAR))
        pi.addItem(self.bars)
        self._texts: list[pg.TextItem] = []
        layout.addWidget(self.plot)
        self.slider.sliderPressed.connect(self._begin_drag)
        self.slider.sliderReleased.connect(self._end_drag)
        self.slider.valueChanged.connect(self._slid)
        self.logits.editingFinished.connect(self._typed)
        self._shown_logits = ""

    # -- gestures -> intents ---------------------------------------------------------------
    def _begin_drag(self) -> None:
        self._drag_key = ("attention-temperature", next(_drags))

    def _end_drag(self) -> None:
        self._drag_key = None

    def _slid(self, pos: int) -> None:
        # A keyboard step is its own undo step; every move of one drag merges.
        self.edit.emit("Temperature", {"temperature": slider_to_temperature(pos)},
                       self._drag_key)

    def _typed(self) -> None:
        text = self.logits.text().strip()
        if text != self._shown_logits:
            self.edit.emit("Softmax logits", {"logits_text": text}, None)

    # -- model -> widgets ------------------------------------------------------------------
    def show_values(self, temperature: float, logits_text: str, logits, probs) -> None:
        """Update slider, text and bars (signals of the inputs blocked)."""
        self.slider.blockSignals(True)
        self.slider.setValue(temperature_to_slider(temperature))
        self.slider.blockSignals(False)
        self.t_label.setText(f"Temperature T = {temperature:.3g}")
        self.restore_logits(logits_text)
        x = np.arange(len(probs), dtype=float)
        self.bars.setOpts(x=x, height=np.asarray(probs, dtype=float))
        pi = self.plot.getPlotItem()
        pi.getAxis("bottom").setTicks([[(k, f"{z:g}") for k, z in enumerate(logits)], []])
        while len(self._texts) < len(probs):
            t = pg.TextItem("", color=color("text"), anchor=(0.5, 1.0))
            t.setFont(label_font(10))
            pi.addItem(t, ignoreBounds=True)
            self._texts.append(t)
        for k, t in enumerate(self._texts):
            t.setVisible(k < len(probs))
            if k < len(probs):
                t.setText(f"{probs[k]:.2f}")
                t.setPos(k, float(probs[k]))
        pi.setXRange(-0.6, len(probs) - 0.4, padding=0)
        pi.setYRange(0, 1.15, padding=0)

    def restore_logits(self, logits_text: str) -> None:
        """Put the model's logits back in the box (after a refused edit)."""
        self._shown_logits = logits_text
        self.logits.blockSignals(True)
        self.logits.setText(logits_text)
        self.logits.blockSignals(False)
