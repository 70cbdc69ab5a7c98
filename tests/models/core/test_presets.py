"""Presets: every shipped preset loads into its lab's model; parameters substitute."""

import numpy as np
import pytest

from models.core.presets import load_presets, substitute
from models.plane.model import PlaneModel

PLANE = [p for p in load_presets() if p.lab == "plane"]


def test_names_are_unique_and_spaceless():
    names = [p.name for p in load_presets()]
    assert len(names) == len(set(names))
    assert all(" " not in n for n in names)


@pytest.mark.parametrize("preset", PLANE, ids=lambda p: p.name)
def test_plane_presets_load(preset):
    state = PlaneModel.state_from_dict(preset.model_for())
    assert np.all(np.isfinite(state.matrix))
    if preset.param:
        lo = PlaneModel.state_from_dict(preset.model_for(preset.param.min))
        assert np.all(np.isfinite(lo.matrix))


def test_rotation_preset_is_a_rotation():
    rot = next(p for p in PLANE if p.name == "rotation")
    m = PlaneModel(PlaneModel.state_from_dict(rot.model_for(np.pi / 2)))
    np.testing.assert_allclose(m.matrix, [[0, -1], [1, 0]], atol=1e-8)
    assert m.geometry.eigen_case == "complex"


def test_projection_preset_is_idempotent():
    proj = next(p for p in PLANE if p.name == "projection")
    a = PlaneModel.state_from_dict(proj.model_for(0.7)).matrix
    np.testing.assert_allclose(a @ a, a, atol=1e-7)


def test_substitute_whole_words_only():
    assert substitute("sqrt(s)*s", "s", 2.0) == "sqrt(2)*2"
    assert substitute(["k", "0"], "k", -1.5) == ["(-3/2)", "0"]
