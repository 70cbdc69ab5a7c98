"""Undo commands survive a failing view: the stack stays consistent and the failure is
reported as an unhandled exception, not thrown back into Qt's C++ undo stack."""

from __future__ import annotations

import sys

from PySide6.QtGui import QUndoStack

from app.undo import ModelEdit
from models.plane.model import PlaneModel


def test_a_view_that_raises_does_not_break_the_undo_stack(qapp, monkeypatch):
    reported = []
    monkeypatch.setattr(sys, "excepthook", lambda *exc: reported.append(exc[0]))
    model = PlaneModel()
    calls = []

    def failing_view(_model):
        calls.append(_model.state)
        raise ZeroDivisionError("a view failed")

    model.changed.connect(failing_view)
    stack = QUndoStack()
    old = model.state
    new = model.prepare(x=(0.25, -0.5))
    stack.push(ModelEdit(model, "Move x", old, new))
    assert model.state is new and stack.index() == 1
    stack.undo()
    assert model.state is old and stack.index() == 0
    stack.redo()
    assert model.state is new and stack.index() == 1
    assert len(reported) == 3 and len(calls) == 3
    model.changed.disconnect(failing_view)


def _live_edits() -> int:
    import gc

    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, ModelEdit))


def test_a_drag_is_one_step_and_leaves_no_command_behind(qapp):
    from app.undo import push_edit

    model = PlaneModel()
    stack = QUndoStack()
    indexes = []
    stack.indexChanged.connect(indexes.append)
    start = model.state
    before = _live_edits()
    for k in range(30):  # the moves of one drag
        assert push_edit(stack, model, "Drag x", {"x": (0.1 * k, 0.5)}, ("drag", 1)) is None
    assert stack.count() == 1 and stack.index() == 1
    assert tuple(model.state.x) == (0.1 * 29, 0.5)
    assert len(indexes) == 30  # every move is announced, as a merge by Qt would be
    # Qt's own merge deleted each merged command in C++ while PySide kept its Python object
    # (and both states) forever: one leaked command per mouse move.
    assert _live_edits() - before == 1
    stack.undo()
    assert model.state is start
    stack.redo()
    assert tuple(model.state.x) == (0.1 * 29, 0.5)


def test_a_new_drag_or_an_undone_step_is_never_merged_into(qapp):
    from app.undo import push_edit

    model = PlaneModel()
    stack = QUndoStack()
    push_edit(stack, model, "Drag x", {"x": (1.0, 0.0)}, ("drag", 1))
    push_edit(stack, model, "Drag x", {"x": (2.0, 0.0)}, ("drag", 2))  # the next drag
    assert stack.count() == 2
    stack.undo()
    push_edit(stack, model, "Drag x", {"x": (3.0, 0.0)}, ("drag", 1))  # same key, undone
    assert stack.count() == 2 and stack.index() == 2
    stack.undo()
    assert tuple(model.state.x) == (1.0, 0.0)
