"""The window's dialogs: open, save, export, the command palette, help and unsaved changes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
)

__all__ = ["DialogsMixin", "CommandPalette"]

_SCENE_FILTER = "linscope scenes (*.json);;All files (*)"
FORMAT_HELP = """<h3>Scene files</h3>
<p>A scene is a UTF-8 JSON file (at most 4 MiB):</p>
<pre>{
  "format": "linscope-scene",
  "version": 1,
  "lab": "plane",
  "model": {"entries": [["cos(pi/6)", "-1/2"], ["1/2", "sqrt(3)/2"]],
            "x": [-0.6, 0.8], "x_on_circle": false},
  "view": {"grid": true, "eigen": true}
}</pre>
<p>Each lab has its own <code>model</code> fields; docs/scene-format.md lists them all,
and every preset is an example.</p>
<p>Entries are kept as typed (fractions, sqrt, pi, sin, cos…) and parsed safely.
A file that is truncated, malformed, of a newer version or too large is refused with a
message, and the open scene stays as it was. Saving writes a temporary file and renames it.</p>
"""


class CommandPalette(QDialog):
    """Type to filter every action by name; Enter runs it."""

    def __init__(self, actions: dict, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Command palette")
        self.resize(480, 360)
        self._actions = [a for a in actions.values() if a.isEnabled()]
        self.filter = QLineEdit(placeholderText="Type a command…")
        self.list = QListWidget()
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        self.filter.textChanged.connect(self._refill)
        self.filter.returnPressed.connect(self._run_first)
        self.list.itemActivated.connect(self._run)
        self._refill("")

    def _refill(self, text: str) -> None:
        self.list.clear()
        for act in self._actions:
            name = act.text().replace("&", "")
            if text.lower() in name.lower():
                item = QListWidgetItem(f"{name}    {act.shortcut().toString()}".rstrip())
                item.setData(256, act)
                self.list.addItem(item)

    def _run_first(self) -> None:
        if self.list.count():
            self._run(self.list.item(0))

    def _run(self, item) -> None:
        act = item.data(256)
        self.accept()
        act.trigger()


class ExportDialog(QDialog):
    """Choose the file, the width in pixels and a transparent background."""

    def __init__(self, default_path: str, width: int, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export figure")
        self.path = QLineEdit(default_path)
        self.width = QSpinBox(minimum=16, maximum=16384, value=width, suffix=" px")
        self.transparent = QCheckBox("Transparent background")
        form = QFormLayout(self)
        form.addRow("File (.png, .svg, .pdf)", self.path)
        form.addRow("Width", self.width)
        form.addRow("", self.transparent)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class DialogsMixin:
    """Dialog-driven handlers of the main window (each ends in a scriptable method)."""

    def open_scene_dialog(self) -> None:
        if self.is_dirty() and not self.confirm_discard():
            return
        path, _ = QFileDialog.getOpenFileName(self, "Open scene", self._folder(), _SCENE_FILTER)
        if path:
            self.open_scene(path)

    def save_scene_action(self) -> None:
        if self.path is None:
            self.save_scene_as()
        else:
            self.save_scene(self.path)

    def save_scene_as(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save scene", self._folder(), _SCENE_FILTER)
        if path:
            if not path.lower().endswith(".json"):
                path += ".json"
            self.save_scene(path)

    def export_dialog(self) -> None:
        stem = self.path.stem if self.path else self.spec.id
        default = str(Path(self._folder()) / f"{stem}.png")
        dialog = ExportDialog(default, max(self.view.canvas().width() * 2, 800), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.export_figure(dialog.path.text(), dialog.width.value(),
                               dialog.transparent.isChecked())

    def show_palette(self) -> None:
        CommandPalette(self.actions, self).exec()

    def toggle_fullscreen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()
        self.actions["view.fullscreen"].setChecked(self.isFullScreen())

    def show_format_help(self) -> None:
        QMessageBox.information(self, "Scene file format", FORMAT_HELP)

    def show_about(self) -> None:
        QMessageBox.about(self, "About linscope",
                          "<b>linscope</b><br>See linear algebra move: edit a matrix and "
                          "watch the plane, its eigenvectors and its SVD respond live.")

    def confirm_discard(self) -> bool:
        """Ask about unsaved changes; True when it is fine to go on."""
        labs = ", ".join(self.dirty_titles()) or "the scene"
        box = QMessageBox.question(
            self, "Unsaved changes",
            f"There are unsaved changes in {labs}. Save the current lab's scene first?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel)
        if box == QMessageBox.StandardButton.Save:
            self.save_scene_action()
            return not self.is_dirty()
        return box == QMessageBox.StandardButton.Discard

    def _folder(self) -> str:
        return str(self.path.parent) if self.path else str(Path.cwd())
