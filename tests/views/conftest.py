"""Fixtures shared by the view tests: a lab view shown on its model, wired like the app."""

from __future__ import annotations

import json

import pytest

from views.common.style import configure_pyqtgraph


@pytest.fixture
def show_lab(qtbot):
    """A function ``show_lab(view_class, model, size=(1200, 800), statuses=None)`` that
    builds ``view_class(model)``, shows it and returns ``(model, view, intents)``.

    Every intent is recorded in ``intents`` as ``(text, changes, merge_key)`` and applied
    the way the app applies it: ``model.update(**changes)``, with a refusal going back to
    the view's ``refuse``. A ``statuses`` list, when given, collects the status messages.
    """

    def show(view_class, model, size=(1200, 800), statuses=None):
        configure_pyqtgraph()
        view = view_class(model)
        qtbot.addWidget(view)
        intents = []

        def apply(text, changes, key):
            intents.append((text, changes, key))
            try:
                model.update(**changes)
            except ValueError as err:
                view.refuse(changes, str(err))

        view.intent.connect(apply)
        if statuses is not None:
            view.status.connect(statuses.append)
        view.resize(*size)
        view.show()
        qtbot.waitExposed(view)
        return model, view, intents

    return show


@pytest.fixture
def reopen(qtbot):
    """A function ``reopen(lab, model, view)`` that saves what ``view`` shows as a scene of lab
    ``lab`` (through JSON, as a file holds it) and returns the ``(model, view)`` the app
    builds from that scene."""
    from app.labs import lab_spec
    from app.scenes import build_lab, check_scene, scene_of

    def reopen_(lab, model, view):
        doc = json.loads(json.dumps(scene_of(lab_spec(lab), model, view)))
        model2, view2 = build_lab(check_scene(doc))
        qtbot.addWidget(view2)
        return model2, view2

    return reopen_


@pytest.fixture
def lab_at(qtbot):
    """``lab_at(preset, size)``: the lab of a preset, built as the window and ``render``
    build it, shown at ``size`` and painted once (text items settle their transforms when
    painted); returns (model, view)."""
    from app.scenes import build_lab, check_scene, find_preset, preset_scene
    from views.common.style import configure_pyqtgraph

    def build(name, size=(1280, 720)):
        configure_pyqtgraph()
        model, view = build_lab(check_scene(preset_scene(find_preset(name))))
        qtbot.addWidget(view)
        view.resize(*size)
        view.show()
        qtbot.waitExposed(view)
        view.grab()
        return model, view

    return build
