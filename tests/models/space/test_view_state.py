"""The Space lab's view state: time and camera, their scene form, and the picture at t."""

from __future__ import annotations

import numpy as np
import pytest

from models.core.evented import SceneError
from models.space.camera import Camera
from models.space.model import SpaceModel
from models.space.view_state import SpaceViewState, shown_geometry


def test_camera_and_time_are_presentation_not_model_state():
    m = SpaceModel()
    m.update(entry=(1, 1, "2"))
    old_state = m.state
    vs = SpaceViewState({"axes": True})
    seen = []
    m.changed.connect(lambda model: seen.append("model"))
    vs.changed.connect(lambda v: seen.append("view"))
    vs.set_camera(Camera(80, 10, 2))
    vs.set_time(0.5)
    assert seen == ["view", "view"] and m.state is old_state
    assert vs.camera == Camera(80, 10, 2) and vs.t == 0.5
    np.testing.assert_allclose(shown_geometry(m, vs.t).matrix, np.diag([1, 1.5, 1]))
    np.testing.assert_allclose(m.geometry.matrix, np.diag([1, 2, 1]))  # the model's is A's
    np.testing.assert_allclose(m.facts.singular_values, [2, 1, 1])


def test_scene_view_round_trips():
    vs = SpaceViewState({"axes": True, "probe": False})
    vs.update(t=0.25, camera=Camera(100, 30, 1.5), toggles={"probe": True})
    doc = vs.to_dict()
    assert doc == {"axes": True, "probe": True, "t": 0.25,
                   "camera": {"azimuth": 100.0, "elevation": 30.0, "zoom": 1.5}}
    again = SpaceViewState({"axes": True, "probe": False})
    again.load(SpaceViewState.check(doc))
    assert again.state == vs.state


def test_a_camera_in_the_model_of_an_older_scene_is_read():
    changes = SpaceViewState.check({"probe": True},
                                   {"camera": {"azimuth": 200, "elevation": 95}})
    assert changes["camera"] == Camera(-160, 89, 1)  # wrapped and clamped, as before
    both = SpaceViewState.check({"camera": {"azimuth": 5, "elevation": 5}},
                                {"camera": {"azimuth": 200, "elevation": 95}})
    assert both["camera"] == Camera(5, 5, 1)  # the view's own wins
    assert "camera" not in SpaceViewState.check({}, {"entries": []})


@pytest.mark.parametrize("view, model, message", [
    ({"camera": {"zoom": "big"}}, None, "numbers azimuth"),
    ({"camera": [1, 2]}, None, "must be an object"),
    ({"camera": {"azimuth": 1e400}}, None, "finite"),
    ({}, {"camera": {"zoom": "big"}}, "'model.camera' needs numbers"),
    ({}, {"camera": [1, 2]}, "'model.camera' must be an object"),
    ({"t": -1}, None, "'t' must be a number from 0 to 1"),
])
def test_a_bad_camera_or_time_is_refused_with_a_message(view, model, message):
    with pytest.raises(SceneError, match=message):
        SpaceViewState.check(view, model)


@pytest.mark.parametrize("t", [0.0, 0.4])
def test_the_geometry_at_t_maps_the_cube_by_the_interpolated_matrix(t):
    m = SpaceModel()
    a = np.array([[1.0, 2.0, 0.0], [0.0, 1.0, -1.0], [0.5, 0.0, 2.0]])
    m.update(matrix=a)
    shown = (1 - t) * np.eye(3) + t * a
    g = shown_geometry(m, t)
    np.testing.assert_allclose(g.matrix, shown, rtol=1e-15)
    np.testing.assert_allclose(np.linalg.det(shown), g.volume, rtol=1e-12)
    assert shown_geometry(m, t) is g and shown_geometry(m, 1.0) is m.geometry
