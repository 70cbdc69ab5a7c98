"""ViewState: validated, evented presentation state, read from and written to a scene."""

from __future__ import annotations

import pytest

from models.core.evented import SceneError
from models.core.view_state import ViewState


def _counted(vs: ViewState) -> list:
    seen: list = []
    vs.changed.connect(lambda v: seen.append(v.state))
    return seen


def test_a_change_is_one_notification_and_an_unchanged_one_none():
    vs = ViewState({"grid": True, "probe": False})
    seen = _counted(vs)
    vs.set_toggle("probe", True)
    assert vs.option("probe") is True and vs.option("grid") is True
    assert len(seen) == 1 and seen[0] is vs.state
    vs.update(toggles={"probe": True, "grid": True})  # already so
    assert len(seen) == 1


@pytest.mark.parametrize("changes, message", [
    ({"toggles": {"grid": 1}}, "'grid' must be true or false"),
    ({"toggles": {"grid": False, "axes": True}}, "no option 'axes'"),
    ({"t": 0.5}, "no field 't'"),
])
def test_a_bad_change_is_refused_with_a_message_and_nothing_changes(changes, message):
    vs = ViewState({"grid": True})
    before, seen = vs.state, _counted(vs)
    with pytest.raises(ValueError, match=message):
        vs.update(**changes)
    assert vs.state is before and seen == []
    with pytest.raises(KeyError):
        vs.set_toggle("axes", True)


def test_the_state_is_frozen():
    vs = ViewState({"grid": True})
    with pytest.raises(TypeError):
        vs.state.toggles["grid"] = False
    with pytest.raises(AttributeError):
        vs.state.toggles = {}


def test_scene_view_round_trips_and_merges():
    vs = ViewState({"grid": True, "probe": False})
    vs.set_toggle("grid", False)
    doc = vs.to_dict()
    assert doc == {"grid": False, "probe": False}
    fresh = ViewState({"grid": True, "probe": False})
    fresh.load(ViewState.check(doc))
    assert fresh.state == vs.state
    # What a scene leaves out keeps its value; names of other views' toggles are ignored.
    fresh.load(ViewState.check({"probe": True, "rank1": True}))
    assert fresh.to_dict() == {"grid": False, "probe": True}


@pytest.mark.parametrize("view", [{"grid": "yes"}, {"grid": None}, {"probe": 0}])
def test_a_scene_view_that_is_not_booleans_is_refused(view):
    with pytest.raises(SceneError, match="must be true or false"):
        ViewState.check(view)
