"""PlaneView end to end: gestures become intents, model changes redraw exactly once."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from models.plane.geometry import grid_segments
from models.plane.model import PlaneModel
from views.common import animation_bar
from views.plane.view import PlaneView


@pytest.fixture
def plane(show_lab):
    """A shown PlaneView whose intents are applied the way the app will apply them."""
    return show_lab(PlaneView, PlaneModel())


def drag(handle, *points, fine=False):
    handle.begin_drag()
    for x, y in points:
        handle.drag_to(x, y, fine)
    handle.end_drag()


def test_exactly_one_redraw_per_model_change(plane):
    model, view, _ = plane
    for change in ({"matrix": [[2, 1], [1, 2]]}, {"entry": (0, 1, "3/4"), "x": [1, 0]},
                   {"x_on_circle": True}):
        before = view.redraw_count
        model.update(**change)
        QApplication.processEvents()
        assert view.redraw_count == before + 1
    before = view.redraw_count
    view.view_state.set_time(0.25)  # presentation: one redraw as well
    QApplication.processEvents()
    assert view.redraw_count == before + 1


def test_the_editor_follows_the_model_without_echoing_intents(plane):
    model, view, intents = plane
    model.update(matrix=[[0.5, -2], [1, 3]])
    assert view.editor.texts() == ["0.5", "-2", "1", "3"]
    model.update(texts=["cos(pi/3)", "0", "0", "1"])
    assert view.editor.table.item(0, 0).text() == "cos(pi/3)"
    assert intents == []


def test_an_edited_cell_becomes_an_edit_intent(plane):
    model, view, intents = plane
    view.editor.entry_edited.emit(0, 1, "3/4")
    assert intents == [("Edit a12", {"entry": (0, 1, "3/4")}, None)]
    assert model.matrix[0, 1] == 0.75


def test_one_drag_of_a_tip_is_one_merge_key(plane):
    model, view, intents = plane
    drag(view.canvas().handle("a_i"), (1.2, 0.1), (1.61, 0.52), (2.02, 0.98))
    assert [t for t, _, _ in intents] == ["Drag Aî"] * 3
    assert len({key for _, _, key in intents}) == 1
    np.testing.assert_allclose(model.matrix[:, 0], [2.0, 1.0])
    assert model.state.texts[0] == "2" and model.state.texts[2] == "1"
    drag(view.canvas().handle("a_j"), (0.5, 1.5))
    assert intents[-1][0] == "Drag Aĵ"
    assert intents[-1][2] != intents[0][2]  # a second drag is a second undo step
    np.testing.assert_allclose(model.matrix[:, 1], [0.5, 1.5])


def test_grabbing_a_tip_mid_animation_shows_a_first(plane):
    model, view, _ = plane
    view.view_state.set_time(0.3)
    drag(view.canvas().handle("a_i"), (2, 0))
    assert view.view_state.t == 1.0
    assert view.animation.t == 1.0


def test_x_on_the_unit_circle_stays_unit(plane):
    model, view, intents = plane
    view.circle_box.click()
    assert intents[-1][1] == {"x_on_circle": True}
    assert model.state.x_on_circle and view.circle_box.isChecked()
    drag(view.canvas().handle("x"), (2.0, 3.0), (-1.5, 0.2))
    assert [t for t, _, _ in intents[-2:]] == ["Move x", "Move x"]
    assert intents[-1][2] == intents[-2][2]
    assert math.hypot(*model.state.x) == pytest.approx(1.0)


def test_the_parallel_cue_appears_for_an_eigenvector(plane):
    model, view, _ = plane
    model.update(matrix=[[2, 1], [1, 2]], x=[0.6, 0.6])
    canvas = view.canvas()
    assert canvas.parallel
    assert canvas.label("ax").text == "Ax = λx, λ=3"
    model.update(x=[0.6, -0.6])
    assert canvas.label("ax").text == "Ax = λx, λ=1"
    model.update(x=[1, 0])
    assert not canvas.parallel


INSPECTOR_CASES = [
    ([[2, 1], [1, 2]], ["Two distinct real eigenvalues", "λ₁ = 3", "λ₂ = 1", "det = 3",
                        "v₁ = (0.7071, 0.7071)", "✓ symmetric", "A⁻¹"]),
    ([[2, 0], [0, 2]], ["every direction is an eigenvector", "λ = 2", "every non-zero vector"]),
    ([[1, 1], [0, 1]], ["only one eigen-direction: defective", "λ = 1", "v₁ = (1, 0)"]),
    ([[0, -1], [1, 0]], ["Complex eigenvalues", "rotation by θ = 90.0°", "r = |λ| = 1",
                         "λ₁ = i", "λ₂ = −i", "✓ orthogonal"]),
    ([[1, 2], [2, 4]], ["not invertible (det = 0)", "κ = σ₁/σ₂ = ∞", "rank = 1",
                        "✗ not invertible"]),
]


@pytest.mark.parametrize("matrix, words", INSPECTOR_CASES)
def test_the_inspector_explains_each_eigen_case(plane, qtbot, matrix, words):
    model, view, _ = plane
    model.update(matrix=matrix)
    # The inspector follows once the canvas has painted the change.
    qtbot.waitUntil(lambda: all(w in view.inspector.text() for w in words), timeout=2000)
    text = view.inspector.text()
    for norm in ("‖A‖₁", "‖A‖₂", "‖A‖∞", "‖A‖F", "trace", "σ₁", "σ₂"):
        assert norm in text


def test_animation_time_zero_shows_the_identity(plane):
    model, view, intents = plane
    model.update(matrix=[[2, 1], [1, 2]])
    view.flush()
    view.animation.slider.setValue(0)  # the person scrubs to t = 0
    assert view.view_state.t == 0.0
    assert intents == []  # time is presentation state, not an undoable edit
    canvas = view.canvas()
    x, y = canvas.items["transformed_grid"].getData()
    np.testing.assert_allclose(np.column_stack([x, y]),
                               grid_segments(np.eye(2), canvas._tgrid_n).reshape(-1, 2))
    assert canvas.items["a_i"].tip == (1.0, 0.0)
    assert "λ₁ = 3" in view.inspector.text()  # the inspector still describes A
    assert view.animation.label.text() == "t = 0.00: (1−t)·I + t·A"


def test_playing_runs_to_the_end_at_the_screen_rate_and_stops(plane, qtbot, monkeypatch):
    model, view, _ = plane
    monkeypatch.setattr(animation_bar, "DURATION_S", 0.15)
    bar = view.animation
    rate = QGuiApplication.primaryScreen().refreshRate() or 60
    assert bar.interval_ms == round(1000 / (rate if 10 <= rate <= 500 else 60))
    model.update(matrix=[[2, 1], [1, 2]])
    bar.play()  # at t = 1 play restarts from 0
    assert bar.playing and bar.t < 0.5
    qtbot.waitUntil(lambda: not bar.playing, timeout=3000)
    assert view.view_state.t == 1.0 and bar.t == 1.0
    assert "Play" in bar.button.text()
    bar.play()
    bar.pause()
    assert not bar.playing


def test_the_inspector_never_delays_the_picture_and_flush_catches_up(plane):
    model, view, _ = plane
    model.update(matrix=[[3, 0], [0, 1]])
    assert view.canvas().label("det").text == "det = 3"  # the picture is already current
    view.flush()
    assert "λ₁ = 3" in view.inspector.text()
    view.hide()
    model.update(matrix=[[5, 0], [0, 1]])  # off screen: nothing paints, so no waiting
    assert "λ₁ = 5" in view.inspector.text()


def test_closing_the_view_stops_the_animation(plane):
    _, view, _ = plane
    view.animation.play()
    view.close()
    assert not view.animation.playing


def test_toggles_hide_and_show_items(plane):
    model, view, _ = plane
    assert [t.key for t in view.TOGGLES] == ["grid", "transformed_grid", "basis", "square",
                                             "ellipse", "eigen", "probe"]
    canvas = view.canvas()
    view.set_option("ellipse", False)
    assert not canvas.items["ellipse"].isVisible()
    assert not canvas.label("semi_axis_1").isVisible()
    assert not view._boxes["ellipse"].isChecked()
    view._boxes["ellipse"].click()
    assert view.option("ellipse") and canvas.items["ellipse"].isVisible()
    view.set_view_options({"probe": False, "eigen": False})
    assert not canvas.items["ax"].isVisible() and not canvas.handle("x").isVisible()
    assert not canvas.items["eigenline_1"].isVisible()
    assert view.view_options()["probe"] is False


def test_refusals_are_shown_where_they_belong(plane, qtbot):
    model, view, _ = plane
    with qtbot.waitSignal(view.status) as sig:
        view.refuse({"x": [1, 2]}, "x must be finite")
    assert sig.args == ["x must be finite"]
    view.refuse({"entry": (0, 1, "9e9")}, "too large")
    assert view.editor.error_text() == "a₁₂: too large"
    assert view.editor.table.item(0, 1).text() == model.state.texts[1]


def test_the_canvas_is_the_figure(plane):
    _, view, _ = plane
    from views.plane.canvas import PlaneCanvas

    assert isinstance(view.canvas(), PlaneCanvas)


def _settle(ms: float = 60.0) -> None:
    """Run the event loop for ``ms`` milliseconds (every queued paint and flush)."""
    import time

    end = time.perf_counter() + ms / 1e3
    while time.perf_counter() < end:
        QApplication.processEvents()


def test_an_edit_that_moves_the_view_range_paints_the_canvas_once(plane):
    model, view, _ = plane
    canvas = view.canvas()
    _settle()
    for matrix in ([[2, 1], [1, 2]], [[1, 2], [2, 4]], [[0.96, -0.72], [0.72, 0.96]]):
        box, paints = canvas.vb.viewRange(), canvas.paint_count
        model.update(matrix=matrix)
        _settle()
        assert canvas.vb.viewRange() != box  # the range did change
        assert canvas.paint_count == paints + 1


def test_after_many_edits_the_canvas_paints_what_a_fresh_one_paints(plane, show_lab):
    # Items are updated in place, their texts and pens only when they change, and their
    # moves go unreported: the picture must still be the one a new canvas draws.
    model, view, _ = plane
    for k, matrix in enumerate(([[1, 1], [0, 1]], [[0, 1], [1, 0]], [[1.5, -0.3], [0.7, 0.9]],
                                [[2, 0], [0, 2]], [[1, -1], [0.2, -0.25]])):
        model.update(matrix=matrix, x=[0.8, 0.6 - 0.1 * k])
        _settle(20)
    fresh_model = PlaneModel()
    fresh_model.update(matrix=model.matrix, x=model.state.x)
    _, fresh, _ = show_lab(PlaneView, fresh_model)
    fresh.resize(view.size())
    _settle()
    view.flush()
    fresh.flush()
    _settle()
    a = view.canvas().grab().toImage()
    b = fresh.canvas().grab().toImage()
    assert a.size() == b.size() and a == b
