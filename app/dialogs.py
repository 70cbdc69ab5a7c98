"""The window's dialogs: open, save, export, the command palette, help and unsaved changes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
)

from app.labs import lab_spec

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


class DialogsMixin:
    """Dialog-driven handlers of the main window (each ends in a scriptable method)."""

    def open_word_vectors(self) -> None:
        """Show the Embeddings lab and ask for a file of word vectors to read into it."""
        from app.embedding_files import files_of

        if self.spec.id != "embeddings":
            self.switch_lab("embeddings")
        files = files_of(self.view)
        if files is not None:
            files.open_dialog()

    def open_model(self) -> None:
        """Show the Attention lab and offer a model folder to read its attention."""
        from app.model_jobs import real_jobs_of

        if self.spec.id != "attention":
            self.switch_lab("attention")
        jobs = real_jobs_of(self.view)
        if jobs is not None:
            jobs.open_dialog()

    def open_scene_dialog(self) -> None:
        """Choose a scene and open it into its lab (asking first if that lab is unsaved)."""
        path, _ = QFileDialog.getOpenFileName(self, "Open scene", self._folder(), _SCENE_FILTER)
        if path:
            self.open_scene(path, confirm=True)

    def save_scene_action(self) -> bool:
        """Save the lab on screen to its own file, or ask for a name when it has none.

        Returns
        -------
        bool
            True when the lab's work is saved.
        """
        path = self.document().path
        if path is None:
            return self.save_scene_as()
        return self.save_scene(path) is None

    def save_scene_as(self) -> bool:
        """Ask for a file name and save the lab on screen there; True when saved.

        A window that is not interactive cannot ask: it records the lab in
        ``name_requests``, says so in the status bar and writes nothing.
        """
        if not self.interactive:
            self.name_requests.append(self.spec.id)
            self.statusBar().showMessage(f"{self.spec.title} has no file yet: use Save as",
                                         8000)
            return False
        suggested = str(Path(self._folder()) / f"{self.spec.id}.json")
        path, _ = QFileDialog.getSaveFileName(self, "Save scene", suggested, _SCENE_FILTER)
        if not path:
            return False
        if not path.lower().endswith(".json"):
            path += ".json"
        return self.save_scene(path) is None

    def export_dialog(self) -> None:
        """Ask for the file and the figure's size, font, theme; export through the same
        code as ``linscope render``."""
        from app.export_dialog import ExportDialog

        stem = self.path.stem if self.path else self.spec.id
        default = str(Path(self._folder()) / f"{stem}.png")
        port = self.view.canvas().viewport()
        dialog = ExportDialog(default, (port.width(), port.height()), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.export_figure(dialog.path.text(), spec=dialog.spec())

    def export_figure(self, path: str | Path, width: int | None = None,
                      transparent: bool = False, spec=None) -> str | None:
        """Export the current lab as a figure; returns the error message or None.

        The figure is built afresh from the lab's scene by the same code as
        ``linscope render`` (figure style, laid out at the requested size). Without a
        ``spec``, ``width`` pixels (default: the canvas's) keep the canvas's aspect.
        """
        from app.export import ExportError
        from app.figure_spec import FigureSpec, Length, SpecError
        from app.render import RenderError, render_checked
        from app.scenes import check_scene, scene_of
        from models.core.evented import SceneError

        try:
            if spec is None:
                port = self.view.canvas().viewport()
                w = width or port.width()
                h = max(1, round(w * port.height() / max(1, port.width())))
                spec = FigureSpec(Length(w, "px"), Length(h, "px"), transparent=transparent)
            doc = self.document()
            checked = check_scene(scene_of(self.spec, doc.model, self.view),
                                  base=doc.path.parent if doc.path else None)
            left_out: list[str] = []
            render_checked(checked, path, spec, left_out)
        except (ExportError, RenderError, SpecError, SceneError) as err:
            return self.report_error("Cannot export figure", str(err))
        room = f" (too small for everything; left out: {', '.join(left_out)})" if left_out else ""
        self.statusBar().showMessage(f"Exported {Path(path).name}{room}", 8000)
        return None

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

    def confirm_discard(self, documents=None) -> bool:
        """Ask about the unsaved work of ``documents`` (default: every lab's); True when it
        is fine to go on. Save saves each of them to its own file, asking for names."""
        documents = [d for d in (documents or self.dirty_documents()) if d.dirty]
        labs = ", ".join(lab_spec(d.lab_id).title for d in documents) or "the scene"
        box = QMessageBox.question(
            self, "Unsaved changes",
            f"There are unsaved changes in {labs}. Save them first?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel)
        if box == QMessageBox.StandardButton.Save:
            shown = self.spec.id
            for doc in documents:
                self.switch_lab(doc.lab_id)  # Save acts on the lab on screen
                if not self.save_scene_action():
                    return False  # not saved (cancelled or failed): stay, in that lab
            self.switch_lab(shown)
            return True
        return box == QMessageBox.StandardButton.Discard

    def _folder(self) -> str:
        paths = [self.path] + [d.path for d in self.documents.values()]
        known = next((p for p in paths if p is not None), None)
        return str(known.parent) if known else str(Path.cwd())
