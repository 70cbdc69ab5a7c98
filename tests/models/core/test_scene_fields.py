"""Every lab's scene reader against any JSON value in any field: a state that can be shown,
or a SceneError with a message; never another exception, before or after the check."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.labs import LABS
from models.core.evented import SceneError
from models.core.presets import load_presets

_MODELS = {spec.id: spec.model_class() for spec in LABS}
_PRESETS = load_presets()

_text = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["1/0", "sin(1e999)", "2e", "٣", "\ud800 cat", "~nosuchuser/q.npy",
                     "q" * 300 + ".npy", "nan", "inf", "1e400", "", " ", "√" * 60 + "2",
                     "large", "small", "0.5"]),
)
_scalars = st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70),
                     st.floats(allow_nan=False), _text)
json_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=5),
                            st.dictionaries(st.text(max_size=6), inner, max_size=3)),
    max_leaves=12,
)


def _paths(model: dict) -> list[tuple]:
    """Every place in a model dict a value sits: keys, list items, and one level deeper."""
    out = []
    for key, value in model.items():
        out.append((key,))
        if isinstance(value, dict):
            out += [(key, k) for k in value]
        elif isinstance(value, list):
            out += [(key, i) for i in range(len(value))]
            out += [(key, i, j) for i, row in enumerate(value) if isinstance(row, list)
                    for j in range(len(row))]
    return out


def _set(model: dict, path: tuple, value) -> None:
    target = model
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value


@settings(max_examples=300, deadline=None)
@given(data=st.data(), preset=st.sampled_from(_PRESETS), value=json_values)
def test_any_value_in_any_field_is_a_state_or_a_scene_error(data, preset, value):
    model_class = _MODELS[preset.lab]
    doc = preset.model_for()
    path = data.draw(st.sampled_from(_paths(doc)))
    if data.draw(st.booleans(), label="delete instead") and len(path) == 1:
        del doc[path[0]]
    else:
        _set(doc, path, value)
    try:
        state = model_class.state_from_dict(doc)
    except SceneError as err:
        assert str(err) and "Traceback" not in str(err)
        return
    model = model_class(state)  # whatever passed the check can be derived and shown
    again = model_class.state_from_dict(model.to_dict())
    assert model_class(again).to_dict() == model.to_dict()


@pytest.mark.parametrize("lab", sorted(_MODELS))
@pytest.mark.parametrize("value", [None, 1, True, "model", [], [[]], math.inf])
def test_a_whole_model_field_of_the_wrong_kind_is_a_scene_error(lab, value):
    with pytest.raises(SceneError):
        _MODELS[lab].state_from_dict(value)


_ONCE_ESCAPED = ["sin(1e999)", "tan(1e999)", "cos(1e308*10)", "1/1e999", "٣", "１/４", "2e",
                 "\ud800 cat", "√" * 60 + "2"]


@pytest.mark.parametrize("lab", sorted(_MODELS))
def test_each_text_field_refuses_what_once_escaped(lab):
    preset = next(p for p in _PRESETS if p.lab == lab)
    model_class = _MODELS[lab]
    doc = preset.model_for()
    places = [p for p in _paths(doc) if isinstance(_get(doc, p), str)]
    assert places
    for place in places:
        for text in _ONCE_ESCAPED:
            bad = preset.model_for()
            _set(bad, place, text)
            try:
                state = model_class.state_from_dict(bad)
            except SceneError as err:
                assert str(err), (place, text)
                continue
            model_class(state)  # accepted (a word in a sentence, say): it must derive


def _get(model: dict, path: tuple):
    for step in path:
        model = model[step]
    return model
