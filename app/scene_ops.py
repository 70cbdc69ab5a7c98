"""The window's scene handling: open, save, what is unsaved, and crash recovery.

Each lab keeps its own model, and a scene holds one lab, so "unsaved" is tracked per model:
a model is clean while its state is the very object last saved or opened (states are
immutable, and undo restores the old object, so undoing back to it is clean again).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from app.labs import lab_spec
from app.scenes import CheckedScene, check_scene, scene_of
from models.evented import SceneError
from models.scene import read_scene, write_scene

__all__ = ["SceneOpsMixin"]


class SceneOpsMixin:
    """Scene methods of :class:`app.main_window.MainWindow`."""

    # -- what is unsaved ---------------------------------------------------------------------
    def dirty_keys(self) -> list[str]:
        """Models whose state differs from the one last saved or opened."""
        return [k for k, m in self.models.items() if m.state is not self.saved_states.get(k)]

    def is_dirty(self) -> bool:
        """True when some lab has unsaved work."""
        return bool(self.dirty_keys())

    def dirty_titles(self) -> list[str]:
        """Titles of the labs with unsaved work, for messages."""
        return [lab_spec(self.lab_of_model.get(k, k)).title for k in self.dirty_keys()
                if self.lab_of_model.get(k)]

    def _mark_saved(self, key: str) -> None:
        self.saved_states[key] = self.models[key].state

    def _edited(self, *_args) -> None:
        self._update_title()
        if self.is_dirty():
            self.autosaver.touch()
        else:
            self.autosaver.discard()

    # -- scenes ------------------------------------------------------------------------------
    def current_scene(self) -> dict:
        """The scene document for what the window shows now."""
        return scene_of(self.spec, self.model_for(self.spec), self.view)

    def _scene_of_key(self, key: str) -> dict:
        lab_id = self.lab_of_model[key]
        return scene_of(lab_spec(lab_id), self.models[key], self.view_for(lab_id))

    def open_scene(self, path: str | Path) -> str | None:
        """Open a scene; on any problem report it and leave the open scene untouched.

        Returns the error message, or None on success.
        """
        try:
            checked = check_scene(read_scene(path))
        except SceneError as err:
            return self.report_error("Cannot open scene", f"{Path(path).name}: {err}")
        self._apply_checked(checked)
        self._mark_saved(checked.spec.share_key)
        self.path = Path(path)
        self.undo_stack.clear()
        self._edited()
        self.statusBar().showMessage(f"Opened {self.path.name}", 5000)
        return None

    def _apply_checked(self, checked: CheckedScene) -> None:
        self.switch_lab(checked.spec.id)
        self.model_for(checked.spec).apply(checked.state)
        self.view.set_view_options({k: v for k, v in checked.view.items()
                                    if isinstance(v, bool)})
        self._rebuild_toggles()

    def save_scene(self, path: str | Path) -> str | None:
        """Save the current lab's scene atomically to ``path``; returns the error or None."""
        try:
            write_scene(path, self.current_scene())
        except OSError as err:
            return self.report_error("Cannot save scene",
                                     f"{Path(path).name}: {err.strerror or err}")
        self.path = Path(path)
        self._mark_saved(self.spec.share_key)
        self._edited()
        others = self.dirty_titles()
        note = f"; unsaved changes remain in {', '.join(others)}" if others else ""
        self.statusBar().showMessage(f"Saved {self.path.name}{note}", 8000)
        return None

    # -- crash recovery ----------------------------------------------------------------------
    def recovery_scenes(self) -> tuple[str, list[dict]]:
        """What the autosaver writes: the current lab and a scene per lab with unsaved work."""
        return self.spec.id, [self._scene_of_key(k) for k in self.dirty_keys()
                              if k in self.lab_of_model]

    def offer_recovery(self) -> bool:
        """At start-up: offer back the unsaved work of runs that did not close normally."""
        restored = False
        for path, current, docs in self.autosaver.pending():
            try:
                checked = [check_scene(d) for d in docs]
            except SceneError:
                self.autosaver.forget(path)
                continue
            if self.interactive:
                labs = ", ".join(c.spec.title for c in checked)
                answer = QMessageBox.question(
                    self, "Recover unsaved work?",
                    f"linscope did not close normally last time. Recover the unsaved work "
                    f"({labs})?")
                if answer != QMessageBox.StandardButton.Yes:
                    self.autosaver.forget(path)
                    continue
            for c in checked:
                self._apply_checked(c)  # applied without marking saved: it is unsaved work
            if any(c.spec.id == current for c in checked):
                self.switch_lab(current)
            self.autosaver.forget(path)
            restored = True
        if restored:
            self.undo_stack.clear()
            self._edited()
            self.statusBar().showMessage("Recovered the unsaved work", 8000)
        return restored
