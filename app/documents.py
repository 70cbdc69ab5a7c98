"""Lab documents: each model the window shows is a document with its own undo history, its
own file and its own saved state. Labs that share a model (Plane, SVD and Norms share A)
share its document, so an edit in one is undone from any of them, and never from another
lab."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QUndoGroup, QUndoStack

__all__ = ["LabDocument"]


class LabDocument:
    """One model of the window, its undo stack, file and saved state.

    Parameters
    ----------
    key : str
        The share key of the labs that show this model (:attr:`app.labs.LabSpec.share_key`).
    model : LabModel
        The model.
    lab_id : str
        The lab that shows it (the latest one shown, for titles and recovery).
    group : QUndoGroup
        The window's undo group; the document's stack joins it (and is owned by it).

    Attributes
    ----------
    stack : QUndoStack
        This document's undo history.
    path : Path or None
        The file this document was last opened from or saved to.
    saved_state : object
        The state last opened or saved. States are immutable and undo restores the old
        object, so the document is clean exactly while the model holds this very object.
    """

    def __init__(self, key: str, model, lab_id: str, group: QUndoGroup) -> None:
        self.key = key
        self.model = model
        self.lab_id = lab_id
        self.stack = QUndoStack(group)
        group.addStack(self.stack)
        self.path: Path | None = None
        self.saved_state = model.state  # a fresh model is clean

    @property
    def dirty(self) -> bool:
        """True when the model differs from what was last opened or saved."""
        return self.model.state is not self.saved_state

    def mark_saved(self, path: str | Path) -> None:
        """The model's state is now what ``path`` holds."""
        self.path = Path(path).absolute()
        self.saved_state = self.model.state

    def lose_file(self) -> None:
        """Another document was written to this one's file: the file no longer holds this
        document's work, so it has no file and counts as unsaved until saved again."""
        self.path = None
        self.saved_state = None

    def holds(self, path: str | Path) -> bool:
        """Whether this document's file is ``path`` (links and relative names resolved)."""
        return self.path is not None and _same_file(self.path, Path(path))


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except (OSError, RuntimeError):  # a link loop
        return a.absolute() == b.absolute()
