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
