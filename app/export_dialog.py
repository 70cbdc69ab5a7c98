"""The Export figure dialog: the file, a size in pixels or physical units (with presets for a
slide and a journal's one and two columns), dpi, font size, theme and background. It reads
its fields into the same :class:`~app.figure_spec.FigureSpec` as ``linscope render``."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
)

from app.figure_spec import PRESETS, FigureSpec, SpecError, parse_length
from app.file_field import FileField

__all__ = ["ExportDialog"]

_FILTER = "PNG image (*.png);;SVG vector figure (*.svg);;PDF vector figure (*.pdf)"
_CUSTOM = "custom"
_WINDOW = "as the window"


class ExportDialog(QDialog):
    """Choose the file and the figure's size, dpi, font size, theme and background.

    Parameters
    ----------
    default_path : str
        The file offered first.
    window_size : tuple of int
        The canvas's size in pixels (the "as the window" preset).
    """

    def __init__(self, default_path: str, window_size: tuple[int, int], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export figure")
        self._window_size = window_size
        file_row = FileField(default_path, "Export figure", _FILTER, (".png", ".svg", ".pdf"))
        file_row.chosen.connect(self._update)
        self.path = file_row.path
        self.preset = QComboBox()
        self.preset.addItems([_WINDOW, *PRESETS, _CUSTOM])
        self.width = QLineEdit(str(window_size[0]))
        self.height = QLineEdit(str(window_size[1]))
        for edit in (self.width, self.height):
            edit.setPlaceholderText("1200 or 85mm")
            edit.setToolTip("pixels (1200) or a length: 85mm, 8.5cm, 3.5in, 240pt")
        self.dpi = QDoubleSpinBox(minimum=10, maximum=2400, value=300, decimals=0,
                                  suffix=" dpi")
        self.dpi.setToolTip("raster pixels per inch of a physical size (PNG)")
        self.font_size = QDoubleSpinBox(minimum=0, maximum=96, value=0, decimals=1,
                                        suffix=" pt", singleStep=0.5)
        self.font_size.setSpecialValueText("automatic")
        self.font_size.setToolTip("labels' size; automatic: 9 pt at a physical size, the "
                                  "window's sizes in pixels")
        from views.common.style import theme

        current = theme()  # the window's theme is the figure's unless changed here
        self.theme = QComboBox()
        self.theme.addItems(_theme_names())
        self.theme.setCurrentText(current.name)
        self.colorblind = QCheckBox("Colour-blind-safe colours")
        self.colorblind.setChecked(current.colorblind)
        self.transparent = QCheckBox("Transparent background")
        self.text_as_paths = QCheckBox("SVG text as outlines")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow("File (.png, .svg, .pdf)", file_row)
        form.addRow("Size", self.preset)
        form.addRow("Width", self.width)
        form.addRow("Height", self.height)
        form.addRow("Resolution", self.dpi)
        form.addRow("Font size", self.font_size)
        form.addRow("Theme", self.theme)
        form.addRow("", self.colorblind)
        form.addRow("", self.transparent)
        form.addRow("", self.text_as_paths)
        form.addRow(self.summary)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.preset.currentTextChanged.connect(self._preset_chosen)
        for edit in (self.width, self.height, self.path):
            edit.textEdited.connect(self._edited)
        self.dpi.valueChanged.connect(self._update)
        self.font_size.valueChanged.connect(self._update)
        self._update()

    def spec(self) -> FigureSpec:
        """The figure asked for; raises :class:`SpecError` naming a bad field."""
        width = parse_length(self.width.text(), "width")
        height = parse_length(self.height.text(), "height")
        return FigureSpec(width, height, dpi=self.dpi.value(),
                          font_pt=self.font_size.value() or None,
                          theme=self.theme.currentText() or None,
                          colorblind=self.colorblind.isChecked(),
                          transparent=self.transparent.isChecked(),
                          text_as_paths=self.text_as_paths.isChecked())

    def _preset_chosen(self, name: str) -> None:
        if name == _WINDOW:
            w, h = (str(v) for v in self._window_size)
        elif name in PRESETS:
            w, h = PRESETS[name]
        else:
            return
        self.width.setText(w)
        self.height.setText(h)
        self._update()

    def _edited(self, *_args) -> None:
        if self.sender() is not self.path:
            self.preset.blockSignals(True)
            self.preset.setCurrentText(_CUSTOM)
            self.preset.blockSignals(False)
        self._update()

    def _update(self, *_args) -> None:
        """Say what will be written, or which field is wrong (and refuse OK)."""
        ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        suffix = Path(self.path.text()).suffix.lower()
        try:
            spec = self.spec()
            if suffix not in (".png", ".svg", ".pdf"):
                raise SpecError("file: end the name in .png, .svg or .pdf")
        except SpecError as err:
            self.summary.setText(f"<span style='color:#B2182B'>{err}</span>")
            ok_button.setEnabled(False)
            return
        ok_button.setEnabled(True)
        self.dpi.setEnabled(spec.physical)
        w_pt, h_pt = spec.size_pt()
        font = spec.effective_font_pt()
        text = (f"{w_pt * 25.4 / 72:.0f} × {h_pt * 25.4 / 72:.0f} mm" if spec.physical
                else "{} × {} px".format(*spec.layout_px()))
        if suffix == ".png" and spec.physical:
            text += " → {} × {} px".format(*spec.raster_px())
        text += f"; labels at {font:g} pt" if font else "; labels as in the window"
        self.summary.setText(text)


def _theme_names() -> list[str]:
    from views.common.themes import THEMES

    return list(THEMES)
