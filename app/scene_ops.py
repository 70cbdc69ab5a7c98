"""The window's scene handling: open, save, what is unsaved, and crash recovery.

A scene holds one lab, and each model is a document (:class:`app.documents.LabDocument`)
with its own file, undo stack and saved state. A document is clean while its state is the
very object last saved or opened (states are immutable, and undo restores the old object,
so undoing back to it is clean again). One file holds one document: saving a lab writes
only its own document's file, and writing a file another document came from leaves that
document unsaved.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from app.documents import LabDocument
from app.labs import lab_spec
from app.scenes import CheckedScene, apply_scene, check_scene, load_scene_file, scene_of
from models.core.evented import SceneError
from models.core.safe_write import remove_stale_temporaries
from models.core.scene import write_scene

__all__ = ["SceneOpsMixin"]


class SceneOpsMixin:
    """Scene methods of :class:`app.main_window.MainWindow`."""

    # -- what is unsaved ---------------------------------------------------------------------
    def dirty_documents(self) -> list[LabDocument]:
        """Documents whose state differs from the one last saved or opened."""
        return [d for d in self.documents.values() if d.dirty]

    def dirty_keys(self) -> list[str]:
        """Share keys of the models with unsaved work."""
        return [d.key for d in self.dirty_documents()]

    def is_dirty(self) -> bool:
        """True when some lab has unsaved work."""
        return bool(self.dirty_documents())

    def dirty_titles(self, exclude: LabDocument | None = None) -> list[str]:
        """Titles of the labs with unsaved work (but ``exclude``), for messages."""
        return [lab_spec(d.lab_id).title for d in self.dirty_documents() if d is not exclude]

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

    def _scene_of_document(self, doc: LabDocument) -> dict:
        return scene_of(lab_spec(doc.lab_id), doc.model, self.view_for(doc.lab_id))

    def open_scene(self, path: str | Path, confirm: bool = False) -> str | None:
        """Open a scene into its lab's document; on any problem report it and leave every
        open scene untouched. Only that document's undo history is cleared.

        Parameters
        ----------
        path : path-like
            The scene file.
        confirm : bool
            Ask first when the scene would replace unsaved work of its lab (an interactive
            window only: the Open dialog, a scene named on the command line).

        Returns
        -------
        str or None
            The error message, or None on success (or when the person chose to keep the
            unsaved work).
        """
        remove_stale_temporaries(path)  # left by a save of this file that was killed
        again = lambda: self.open_scene(path, confirm)  # noqa: E731
        if self._read_vectors_first(path, again) or self._decompose_first(path, again):
            return None  # the scene opens when its file is read (off this thread)
        try:
            checked = load_scene_file(path)
        except SceneError as err:
            return self.report_error("Cannot open scene", f"{Path(path).name}: {err}")
        doc = self.document(checked.spec)
        if confirm and self.interactive and doc.dirty and not self.confirm_discard([doc]):
            return None
        self._apply_checked(checked)
        self._claim_file(doc, path)
        doc.stack.clear()
        self._edited()
        self.statusBar().showMessage(f"Opened {Path(path).name}", 5000)
        return None

    def _decompose_first(self, path: str | Path, then) -> bool:
        """When the scene at ``path`` needs heavy work before it can show — a Low-rank
        matrix not decomposed yet, a real model's attention not computed yet — run it on
        that lab's worker and call ``then`` afterwards; True when that started."""
        from app.lowrank_jobs import LowRankJobs, jobs_of
        from app.model_jobs import RealModelJobs, real_jobs_of
        from models.core.scene import read_scene

        if self.task_runner is None:
            return False
        try:
            doc = read_scene(path)
        except SceneError:
            return False  # opening it says what is wrong
        kind = {"lowrank": (LowRankJobs, jobs_of),
                "attention": (RealModelJobs, real_jobs_of)}.get(doc.get("lab"))
        if kind is None or not isinstance(doc.get("model"), dict):
            return False
        work = kind[0].scene_work(doc["model"], str(Path(path).absolute().parent))
        if work is None:
            return False  # nothing heavy first: no lab is built for it here
        jobs = kind[1](self.view_for(doc["lab"]))
        if jobs is None:
            return False
        jobs.preload(work, then)
        return True

    def _read_vectors_first(self, path: str | Path, then) -> bool:
        """When the scene at ``path`` names a file of word vectors not read yet, read it on
        the Embeddings lab's worker and call ``then`` afterwards; True when that started."""
        from app.embedding_files import files_of
        from models.core.scene import read_scene
        from models.embeddings.sets import is_file_set_kept, resolve

        if self.task_runner is None:
            return False
        try:
            doc = read_scene(path)
        except SceneError:
            return False  # opening it says what is wrong
        model = doc.get("model")
        if doc.get("lab") != "embeddings" or not isinstance(model, dict) \
                or model.get("source") != "file" or not isinstance(model.get("path"), str):
            return False
        folder = str(Path(path).absolute().parent)
        labels = model.get("labels") if isinstance(model.get("labels"), str) else ""
        vectors = resolve(model["path"], folder)
        labels_path = resolve(labels, folder) if labels.strip() else None
        if is_file_set_kept(vectors, labels_path):
            return False
        files = files_of(self.view_for("embeddings"))
        if files is None:
            return False
        files.preload(vectors, labels_path, then)
        return True

    def _claim_file(self, doc: LabDocument, path: str | Path) -> None:
        """``doc`` now is what ``path`` holds; a document that came from that file loses it."""
        for other in self.documents.values():
            if other is not doc and other.holds(path):
                other.lose_file()
        doc.mark_saved(path)

    def show_in_lab(self, lab_id: str, model: dict, text: str) -> str | None:
        """Switch to lab ``lab_id`` showing the scene ``model`` (a view's request to show the
        same thing in another lab's picture), as one undoable step of that lab; returns the
        error message or None."""
        from app.undo import push_state
        from models.core.scene import make_scene

        try:
            checked = check_scene(make_scene(lab_id, model))
        except (SceneError, KeyError) as err:
            return self.report_error("Cannot show it there", str(err))
        self.switch_lab(checked.spec.id)
        doc = self.document(checked.spec)
        apply_scene(checked, doc.model, self.view, set_state=lambda state: push_state(
            doc.stack, doc.model, text, state))
        return None

    def _apply_checked(self, checked: CheckedScene) -> None:
        self.switch_lab(checked.spec.id)
        apply_scene(checked, self.model_for(checked.spec), self.view)  # as `render` does
        self._rebuild_toggles()

    def save_scene(self, path: str | Path) -> str | None:
        """Save the current lab's scene atomically to ``path`` (Save as); returns the error
        or None. ``path`` becomes the file of the current lab's document."""
        try:
            write_scene(path, self.current_scene())
        except (OSError, ValueError) as err:
            return self.report_error("Cannot save scene",
                                     f"{Path(path).name}: {getattr(err, 'strerror', '') or err}")
        self._claim_file(self.document(), path)
        self._edited()
        others = self.dirty_titles()
        note = f"; unsaved changes remain in {', '.join(others)}" if others else ""
        self.statusBar().showMessage(f"Saved {Path(path).name}{note}", 8000)
        return None

    # -- crash recovery ----------------------------------------------------------------------
    def recovery_scenes(self) -> tuple[str, list[dict]]:
        """What the autosaver writes: the current lab and a scene per lab with unsaved work."""
        return self.spec.id, [self._recovery_scene(d) for d in self.dirty_documents()]

    def _recovery_scene(self, doc: LabDocument) -> dict:
        # The document's file goes along: relative .npy paths are read from its folder, and
        # the recovered work is saved back to it with Ctrl+S.
        scene = self._scene_of_document(doc)
        if doc.path is not None:
            scene[_RECOVERED_FILE] = str(doc.path)
        return scene

    def offer_recovery(self) -> bool:
        """At start-up: offer back the unsaved work of runs that did not close normally."""
        restored = False
        for path, current, docs in self.autosaver.pending():
            try:
                files = [_recovered_file(d) for d in docs]
                checked = [check_scene(d, base=f.parent if f else None)
                           for d, f in zip(docs, files, strict=True)]
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
            for c, file in zip(checked, files, strict=True):
                self._apply_checked(c)  # applied without marking saved: it is unsaved work
                self.document(c.spec).path = file
                # Earlier steps of this lab would undo onto the recovered state: drop them.
                self.document(c.spec).stack.clear()
            if any(c.spec.id == current for c in checked):
                self.switch_lab(current)
            self.autosaver.forget(path)
            restored = True
        if restored:
            self._edited()
            self.statusBar().showMessage("Recovered the unsaved work", 8000)
        return restored


_RECOVERED_FILE = "recovered_from"


def _recovered_file(scene: dict) -> Path | None:
    """The file a recovered scene's lab had (absolute), or None."""
    file = scene.get(_RECOVERED_FILE)
    if isinstance(file, str) and file and Path(file).is_absolute():
        return Path(file)
    return None
