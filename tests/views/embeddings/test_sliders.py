"""The stretched-points set's stretch and angle sliders: the model follows the handle live,
one drag is one undo step, the label writes the value, and the keyboard still works."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtTest import QTest

from app.undo import push_edit
from models.embeddings.model import EmbeddingsModel, EmbeddingsState
from views.embeddings.view import EmbeddingsView


@pytest.fixture
def lab(show_lab):
    model, view, intents = show_lab(EmbeddingsView, EmbeddingsModel(EmbeddingsState(
        source="stretched", n=400)))
    stack = QUndoStack()
    view.intent.disconnect()
    view.intent.connect(lambda t, c, k: (intents.append((t, c, k)),
                                         push_edit(stack, model, t, c, k)))
    return model, view, intents, stack


def _axis_direction(view) -> np.ndarray:
    x, y = view.canvas().axes[0].getData()
    return np.array([x[1], y[1]]) / np.hypot(x[1], y[1])


def test_sliders_show_the_model_and_its_range(lab):
    model, view, _, _ = lab
    assert view.stretch.label.text() == "3.0×" and view.angle.label.text() == "30°"
    assert (view.stretch.slider.minimum(), view.stretch.slider.maximum()) == (11, 100)
    assert (view.angle.slider.minimum(), view.angle.slider.maximum()) == (-180, 180)
    assert view.stretch.value() == model.state.stretch == 3.0
    model.update(source="glove")
    assert not view.stretch.isEnabled() and not view.angle.isEnabled()


def test_a_drag_updates_live_and_is_one_undo_step(lab):
    model, view, intents, stack = lab
    slider = view.stretch.slider
    slider.setSliderDown(True)
    for pos, stretch in ((35, 3.5), (42, 4.2), (50, 5.0)):
        slider.setValue(pos)
        # live: the set, its PCA and the drawn axis follow every move of the handle
        assert model.state.stretch == stretch
        assert model.facts.eigenvalues[0] == pytest.approx(stretch ** 2, rel=1e-9)
        assert view.stretch.label.text() == f"{stretch:.1f}×"
    slider.setSliderDown(False)
    assert stack.count() == 1
    keys = {k for _, c, k in intents if "stretch" in c}
    assert len(keys) == 1 and None not in keys

    angle = view.angle.slider
    angle.setSliderDown(True)
    for pos in (10, -20, -45):
        angle.setValue(pos)
    angle.setSliderDown(False)
    assert stack.count() == 2 and model.state.angle_deg == -45.0
    assert view.angle.label.text() == "−45°"
    t = np.radians(-45.0)
    assert abs(_axis_direction(view) @ [np.cos(t), np.sin(t)]) == pytest.approx(1.0)

    stack.undo()
    assert model.state.angle_deg == 30.0 and view.angle.label.text() == "30°"
    assert view.angle.slider.value() == 30
    stack.undo()
    assert model.state.stretch == 3.0 and view.stretch.slider.value() == 30
    assert view.stretch.label.text() == "3.0×"


def test_keyboard_steps_are_steps_of_their_own(lab):
    model, view, intents, stack = lab
    slider = view.angle.slider
    slider.setFocus()
    QTest.keyClick(slider, Qt.Key.Key_Right)
    QTest.keyClick(slider, Qt.Key.Key_Right)
    assert model.state.angle_deg == 32.0 and view.angle.label.text() == "32°"
    assert stack.count() == 2 and intents[-1][2] is None
    QTest.keyClick(view.stretch.slider, Qt.Key.Key_Left)
    assert model.state.stretch == pytest.approx(2.9)
