"""Each lab view's presentation state (toggles, time, stage, camera): saved in scenes, read
back, shown by the view, changed by gestures, never an undo step, and its own per view."""

from __future__ import annotations

import json

import numpy as np
import pytest

from app.labs import LABS, lab_spec
from app.scenes import build_lab, load_scene_file, scene_of
from models.core.scene import make_scene, write_scene
from models.plane.geometry import grid_segments
from models.space.camera import Camera, project

#: A value of each presentation field other than its default, by lab.
_FIELDS = {"plane": {"t": 0.4}, "svd": {"stage": 1.25},
           "space": {"t": 0.6, "camera": {"azimuth": 100.0, "elevation": 30.0, "zoom": 1.5}},
           "embeddings": {"camera": {"azimuth": 40.0, "elevation": -20.0}}}


def _fresh_scene(lab: str, view: dict | None = None) -> dict:
    return make_scene(lab, lab_spec(lab).model_class()().to_dict(), view)


def _build(qtbot, doc: dict, tmp_path):
    path = tmp_path / "scene.json"
    write_scene(path, doc)
    model, view = build_lab(load_scene_file(path))
    qtbot.addWidget(view)
    return model, view


def test_every_lab_names_its_view_state_class_once():
    for spec in LABS:
        assert spec.view_class().VIEW_STATE is spec.view_state_class(), spec.id


@pytest.mark.parametrize("lab", [s.id for s in LABS])
def test_each_labs_view_state_round_trips_through_a_scene_file(qtbot, tmp_path, lab):
    model, view = _build(qtbot, _fresh_scene(lab), tmp_path)
    flipped = {k: not v for k, v in view.view_options().items()}
    view.view_state.update(toggles=flipped, **_FIELDS.get(lab, {}))
    doc = json.loads(json.dumps(scene_of(lab_spec(lab), model, view)))
    assert doc["view"] == flipped | _FIELDS.get(lab, {})
    _, again = _build(qtbot, doc, tmp_path)
    assert again.view_state.state == view.view_state.state
    assert again.view_options() == flipped


@pytest.mark.parametrize("lab", [s.id for s in LABS])
def test_an_old_scene_with_only_booleans_in_view_opens_with_the_defaults(qtbot, tmp_path, lab):
    defaults = lab_spec(lab).view_class().TOGGLES
    first = defaults[0]
    _, view = _build(qtbot, _fresh_scene(lab, {first.key: not first.default}), tmp_path)
    fresh = lab_spec(lab).view_class().VIEW_STATE({t.key: t.default for t in defaults})
    assert view.option(first.key) is (not first.default)
    assert view.view_state.to_dict() == fresh.to_dict() | {first.key: not first.default}


def test_the_plane_view_shows_its_time_and_a_scrub_changes_it(qtbot, tmp_path):
    doc = _fresh_scene("plane", {"t": 0.25})
    doc["model"]["entries"] = [["2", "1"], ["1", "2"]]
    model, view = _build(qtbot, doc, tmp_path)
    assert view.animation.t == 0.25
    shown = 0.75 * np.eye(2) + 0.25 * model.matrix
    canvas = view.canvas()
    x, y = canvas.items["transformed_grid"].getData()
    np.testing.assert_allclose(np.column_stack([x, y]),
                               grid_segments(shown, canvas._tgrid_n).reshape(-1, 2))
    np.testing.assert_allclose(canvas.items["a_i"].tip, shown[:, 0])
    view.animation.slider.setValue(view.animation.slider.maximum())  # the person scrubs
    assert view.view_state.t == 1.0
    np.testing.assert_allclose(canvas.items["a_i"].tip, model.matrix[:, 0])


def test_the_svd_view_shows_its_stage_and_a_scrub_changes_it(qtbot, tmp_path):
    from views.svd.view import STEPS_PER_STAGE

    _, view = _build(qtbot, _fresh_scene("svd", {"stage": 1.5}), tmp_path)
    assert view.stage_bar.s == pytest.approx(1.5) and view.stage == 1.5
    view.stage_bar.slider.setValue(round(0.5 * STEPS_PER_STAGE))
    assert view.view_state.stage == pytest.approx(0.5)


def test_the_space_view_shows_its_camera_and_time_and_a_drag_turns_it(qtbot, tmp_path):
    from models.space.view_state import shown_geometry

    doc = _fresh_scene("space", _FIELDS["space"])
    doc["model"]["entries"] = [["1", "0.5", "0"], ["0", "2", "0"], ["0", "0", "1"]]
    model, view = _build(qtbot, doc, tmp_path)
    cam = view.view_state.camera
    assert cam == Camera(100, 30, 1.5) and view.animation.t == pytest.approx(0.6)
    canvas = view.canvas()
    xy, _ = project(shown_geometry(model, 0.6).basis_out[1], cam.rotation)
    np.testing.assert_allclose(canvas.items["a_1"].tip, xy, atol=1e-9)
    canvas.orbit(25, 0)  # a drag of 25 pixels
    assert view.view_state.camera.azimuth == pytest.approx(100 - 25 * 0.4)
    xy, _ = project(shown_geometry(model, 0.6).basis_out[1], view.view_state.camera.rotation)
    np.testing.assert_allclose(canvas.items["a_1"].tip, xy, atol=1e-9)


def test_an_older_space_scene_with_the_camera_in_the_model_still_opens(qtbot, tmp_path):
    doc = _fresh_scene("space", {"probe": True})
    doc["model"]["camera"] = {"azimuth": 20, "elevation": 25, "zoom": 2}
    _, view = _build(qtbot, doc, tmp_path)
    assert view.view_state.camera == Camera(20, 25, 2) and view.option("probe")


@pytest.mark.parametrize("lab, bad, message", [
    ("plane", {"t": 3}, "'t' must be a number from 0 to 1"),
    ("svd", {"stage": "end"}, "'stage' must be a number from 0 to 3"),
    ("space", {"camera": {"zoom": "big"}}, "camera"),
    ("norms", {"grid": "yes"}, "'grid' must be true or false"),
])
def test_a_bad_view_value_is_refused_and_nothing_changes(window, tmp_path, lab, bad, message):
    window.switch_lab(lab)
    view, model = window.view, window.model_for(window.spec)
    before_view, before_model = view.view_state.state, model.state
    path = tmp_path / "bad.json"
    doc = _fresh_scene(lab, bad)
    doc["model"] = model.to_dict()
    write_scene(path, doc)
    error = window.open_scene(path)
    assert error is not None and message in error
    assert view.view_state.state is before_view and model.state is before_model
    assert window.path is None


def test_presentation_changes_are_not_undo_steps_and_leave_the_lab_saved(window, tmp_path):
    window.switch_lab("plane")
    assert window.save_scene(tmp_path / "p.json") is None
    view = window.view
    view.set_option("grid", False)
    view.animation.slider.setValue(0)
    assert view.view_state.t == 0.0 and not view.option("grid")
    assert window.undo_stack.count() == 0 and not window.is_dirty()
    window.switch_lab("space")
    window.view.canvas().orbit(30, 10)
    assert window.undo_stack.count() == 0 and not window.is_dirty()


def test_side_by_side_views_keep_their_own_presentation(window):
    window.switch_lab("space")
    window.toggle_split()
    main, second = window.view, window.secondary
    assert second.model is main.model and second.view_state is not main.view_state
    second.canvas().orbit(40, 0)
    second.view_state.set_time(0.5)
    assert main.view_state.camera == Camera() and main.view_state.t == 1.0
    assert second.view_state.camera != Camera()
    n = second.redraw_count
    main.model.update(entry=(0, 1, "1"))  # an edit of A still reaches both
    assert second.redraw_count == n + 1
    scene = window.current_scene()
    assert scene["view"]["camera"] == Camera().to_dict() and scene["view"]["t"] == 1.0


def test_the_show_menu_follows_a_preset_and_the_check_boxes(window):
    window.switch_lab("svd")
    view = window.view
    marks = {a.text(): a for a in window.toggle_menu.actions()}
    rank1 = marks["Rank-1 approximation A₁"]
    assert not rank1.isChecked()
    window.apply_preset("svd-nearly-rank-one")
    assert view.option("rank1") and rank1.isChecked()
    view._boxes["grid"].click()
    assert not view.option("grid") and not marks["Grid"].isChecked()
    marks["Grid"].trigger()  # the menu still drives the view
    assert view.option("grid") and view._boxes["grid"].isChecked()
