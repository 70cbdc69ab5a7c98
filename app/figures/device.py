"""The paint device a figure is painted on to be recorded, and :func:`record`."""

from __future__ import annotations

from PySide6.QtGui import QPaintDevice, QPainter

from app.figures.recorder import LOGICAL_DPI, Recording, RecordingEngine

__all__ = ["RecordingDevice", "record"]


def record(paint, size: tuple[int, int]) -> Recording | None:
    """Run ``paint(painter)`` on a recording device of ``size`` logical pixels; None when
    the painter could not start."""
    device = RecordingDevice(size)
    painter = QPainter()
    if not painter.begin(device):
        return None
    try:
        paint(painter)
    finally:
        painter.end()
    return device.engine.recording


class RecordingDevice(QPaintDevice):
    """A paint device of ``size`` logical pixels at 96 per inch, painted by the recorder."""

    def __init__(self, size: tuple[int, int]):
        super().__init__()
        self.size = size
        self.engine = RecordingEngine(size)

    def paintEngine(self):  # noqa: N802 - Qt API
        return self.engine

    def metric(self, metric):
        m = QPaintDevice.PaintDeviceMetric
        w, h = self.size
        values = {
            m.PdmWidth: w, m.PdmHeight: h,
            m.PdmWidthMM: round(w * 25.4 / LOGICAL_DPI),
            m.PdmHeightMM: round(h * 25.4 / LOGICAL_DPI),
            m.PdmDpiX: LOGICAL_DPI, m.PdmDpiY: LOGICAL_DPI,
            m.PdmPhysicalDpiX: LOGICAL_DPI, m.PdmPhysicalDpiY: LOGICAL_DPI,
            m.PdmDepth: 32, m.PdmNumColors: 0x7FFFFFFF, m.PdmDevicePixelRatio: 1,
            m.PdmDevicePixelRatioScaled: int(QPaintDevice.devicePixelRatioFScale()),
        }
        return values.get(metric, 0)
