"""The Record dialog: what moves (or "what I do", live), for how long, how fast, how big,
and the file (its suffix chooses MP4, GIF or APNG)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QSpinBox,
)

from app.file_field import FileField
from app.recording.quantities import QUANTITIES
from app.recording.record import MAX_FPS, MAX_SECONDS

__all__ = ["RecordDialog", "LIVE", "SIZES"]

#: The choice that records the live canvas until Stop.
LIVE = "live"
#: Frame sizes offered (16:9, what projectors and slides expect).
SIZES = ((1280, 720), (1920, 1080), (640, 360))
_FILTER = "MP4 video (*.mp4);;GIF animation (*.gif);;Animated PNG (*.apng)"


class RecordDialog(QDialog):
    """Choose what to record.

    Parameters
    ----------
    quantities : list of str
        The quantities this lab can move (keys of :data:`QUANTITIES`).
    default_path : str
        The file suggested.
    """

    def __init__(self, quantities: list[str], default_path: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Record")
        self.what = QComboBox()
        for q in quantities:
            self.what.addItem(f"Animate {QUANTITIES[q]}", q)
        self.what.addItem("What I do (live, until Stop)", LIVE)
        self.seconds = QDoubleSpinBox(minimum=0.5, maximum=MAX_SECONDS, value=4.0,
                                      decimals=1, suffix=" s")
        self.fps = QSpinBox(minimum=1, maximum=MAX_FPS, value=30, suffix=" fps")
        self.size = QComboBox()
        for w, h in SIZES:
            self.size.addItem(f"{w} × {h}", (w, h))
        file_box = FileField(default_path, "Record to", _FILTER, (".mp4", ".gif", ".apng"))
        self.path = file_box.path
        form = QFormLayout(self)
        form.addRow("What moves", self.what)
        form.addRow("Length", self.seconds)
        form.addRow("Frame rate", self.fps)
        form.addRow("Size", self.size)
        form.addRow("File (.mp4, .gif, .apng)", file_box)
        form.addRow(QLabel("Frames are drawn offscreen at this size; MP4 plays in "
                           "PowerPoint, Keynote and browsers."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Record")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.what.currentIndexChanged.connect(self._what_changed)
        self._what_changed()

    def _what_changed(self, *_args) -> None:
        self.seconds.setEnabled(self.what.currentData() != LIVE)  # live: until Stop

    def choice(self) -> dict:
        """What was chosen: ``what`` (a quantity or :data:`LIVE`), ``seconds``, ``fps``,
        ``size`` (width, height) and ``path``."""
        return {"what": self.what.currentData(), "seconds": self.seconds.value(),
                "fps": self.fps.value(), "size": self.size.currentData(),
                "path": self.path.text().strip()}
