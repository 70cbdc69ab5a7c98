"""The Plane and SVD labs' view states, and the picture at time t, against NumPy."""

from __future__ import annotations

import numpy as np
import pytest

from models.core.evented import SceneError
from models.plane.model import PlaneModel
from models.plane.view_state import PlaneViewState, SvdViewState, shown_geometry


def test_time_is_clamped_for_gestures_and_refused_out_of_range_from_values():
    vs = PlaneViewState({"grid": True})
    assert vs.t == 1.0
    vs.set_time(-0.5)
    assert vs.t == 0.0
    vs.set_time(0.25)
    seen = []
    vs.changed.connect(lambda v: seen.append(v.t))
    for bad in (1.5, -0.1, float("nan"), float("inf"), True, "0.5", None):
        with pytest.raises(ValueError, match="'t' must be a number from 0 to 1"):
            vs.update(t=bad)
    assert vs.t == 0.25 and seen == []


def test_stage_is_clamped_for_gestures_and_refused_out_of_range_from_values():
    vs = SvdViewState({"rank1": False})
    assert vs.stage == 3.0
    vs.set_stage(7)
    assert vs.stage == 3.0
    vs.set_stage(1.5)
    with pytest.raises(ValueError, match="'stage' must be a number from 0 to 3"):
        vs.update(stage=3.5)
    assert vs.stage == 1.5


@pytest.mark.parametrize("cls, field, value", [(PlaneViewState, "t", 0.4),
                                               (SvdViewState, "stage", 2.25)])
def test_scene_view_round_trips_and_old_views_keep_the_defaults(cls, field, value):
    vs = cls({"grid": True})
    vs.update(toggles={"grid": False}, **{field: value})
    doc = vs.to_dict()
    assert doc == {"grid": False, field: value}
    again = cls({"grid": True})
    again.load(cls.check(doc))
    assert again.state == vs.state
    old = cls({"grid": True})
    old.load(cls.check({"grid": False}))  # a scene from before the field existed
    assert getattr(old.state, field) == getattr(cls({}).state, field)


@pytest.mark.parametrize("view", [{"t": 2}, {"t": "1"}, {"t": None}, {"t": False}])
def test_a_bad_time_in_a_scene_is_refused(view):
    with pytest.raises(SceneError, match="'t'"):
        PlaneViewState.check(view)


@pytest.mark.parametrize("t", [0.0, 0.3, 0.75])
def test_the_geometry_at_t_is_that_of_the_interpolated_matrix(t):
    m = PlaneModel()
    m.update(texts=("1", "2", "-3", "1"))
    a = np.array([[1.0, 2.0], [-3.0, 1.0]])
    shown = (1 - t) * np.eye(2) + t * a
    g = shown_geometry(m, t)
    np.testing.assert_allclose(g.matrix, shown, rtol=1e-15)
    np.testing.assert_allclose(g.singular_values, np.linalg.svd(shown, compute_uv=False),
                               rtol=1e-12)
    np.testing.assert_allclose(sorted(g.eigenvalues, key=lambda z: z.imag),
                               sorted(np.linalg.eigvals(shown), key=lambda z: z.imag),
                               rtol=1e-12)
    assert shown_geometry(m, t) is g  # the same frame again is not derived again
    m.update(x=[0.3, 0.1])  # moving x keeps A: the frame stays valid
    assert shown_geometry(m, t) is g
    m.update(entry=(0, 0, "2"))
    assert shown_geometry(m, t) is not g
    np.testing.assert_allclose(shown_geometry(m, t).matrix,
                               (1 - t) * np.eye(2) + t * np.array([[2.0, 2.0], [-3.0, 1.0]]))
    assert shown_geometry(m, 1.0) is m.geometry
