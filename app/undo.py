"""Undo commands: every edit of a lab model is one :class:`ModelEdit` on a QUndoStack."""

from __future__ import annotations

import sys

from PySide6.QtGui import QUndoCommand

__all__ = ["ModelEdit", "push_edit", "push_state"]


class ModelEdit(QUndoCommand):
    """Swap a model between two immutable states.

    Edits that carry the same non-None ``merge_key`` (all the moves of one drag) merge into
    one command, so a drag is one undo step. :func:`push_state` merges them before Qt sees
    a new command, and Qt's own merging stays off (``id()`` is -1): when Qt merges, it
    deletes the pushed command from C++ while PySide keeps its Python object (and both
    states) alive for good, a leak of one command per mouse move of every drag.
    """

    def __init__(self, model, text: str, old_state, new_state, merge_key=None):
        super().__init__(text)
        self.model = model
        self.old_state = old_state
        self.new_state = new_state
        self.merge_key = merge_key

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


def push_state(stack, model, text: str, new_state, merge_key=None) -> None:
    """Push the edit ``model.state`` → ``new_state`` as one undo step, or merge it into the
    step on top of ``stack`` when that step is the same gesture (same model and merge key,
    nothing undone above it): the step then ends at ``new_state`` and stays one step."""
    top = stack.command(stack.index() - 1) if stack.index() > 0 else None
    if (merge_key is not None and stack.index() == stack.count()
            and isinstance(top, ModelEdit) and top.model is model
            and top.merge_key == merge_key):
        top.new_state = new_state
        _apply_reporting(model, new_state)
        stack.indexChanged.emit(stack.index())  # as Qt does after a merge: views of the
        return  # history (titles, unsaved marks, autosave) look again
    stack.push(ModelEdit(model, text, model.state, new_state, merge_key))


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
    push_state(stack, model, text, new_state, merge_key)
    return None
