"""Undo commands: every edit of a lab model is one :class:`ModelEdit` on a QUndoStack."""

from __future__ import annotations

import sys

from PySide6.QtGui import QUndoCommand

__all__ = ["ModelEdit", "push_edit"]

_MERGE_ID = 0x4C53  # any fixed id: only edits with equal merge keys merge (see mergeWith)


class ModelEdit(QUndoCommand):
    """Swap a model between two immutable states.

    Edits that carry the same non-None ``merge_key`` (all the moves of one drag) merge into
    one command, so a drag is one undo step.
    """

    def __init__(self, model, text: str, old_state, new_state, merge_key=None):
        super().__init__(text)
        self.model = model
        self.old_state = old_state
        self.new_state = new_state
        self.merge_key = merge_key

    def id(self) -> int:  # noqa: A003 - Qt's name
        return _MERGE_ID if self.merge_key is not None else -1

    def mergeWith(self, other) -> bool:  # noqa: N802 - Qt's name
        if (not isinstance(other, ModelEdit) or other.model is not self.model
                or other.merge_key != self.merge_key):
            return False
        self.new_state = other.new_state
        return True

    def redo(self) -> None:
        _apply_reporting(self.model, self.new_state)

    def undo(self) -> None:
        _apply_reporting(self.model, self.old_state)


def _apply_reporting(model, state) -> None:
    # Qt's undo stack calls redo/undo from C++ (inside push, undo, setIndex): an exception
    # escaping back into it leaves the stack half-updated and has crashed the process.
    # The state is in place before any view is notified, so a failing view is reported as
    # an unhandled exception and the stack stays consistent.
    try:
        model.apply(state)
    except Exception:  # noqa: BLE001 - reported, never swallowed
        sys.excepthook(*sys.exc_info())


def push_edit(stack, model, text: str, changes: dict, merge_key=None) -> str | None:
    """Validate ``changes`` with the model and push one undoable edit.

    Returns
    -------
    str or None
        ``None`` when the edit was pushed, else the refusal message (nothing changed).
    """
    try:
        new_state = model.prepare(**changes)
    except (ValueError, TypeError) as err:
        return str(err)
    stack.push(ModelEdit(model, text, model.state, new_state, merge_key))
    return None
