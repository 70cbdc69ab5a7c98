"""The Low-rank lab's model: generated matrices, state checks, derived facts against
NumPy, scenes, and the link to the SVD and Space labs."""

import numpy as np
import pytest

from models.core.evented import SceneError
from models.lowrank.generated import decaying, lora_update, low_rank_plus_noise, picture
from models.lowrank.model import LowRankModel
from models.lowrank.state import LowRankState


def test_generated_matrices_have_the_asked_structure():
    a = low_rank_plus_noise(50, 40, 3, 0.0, seed=1)
    assert np.linalg.matrix_rank(a.astype(np.float64), tol=1e-4) == 3
    d = decaying(30, 20, 1.5, "power", seed=2)
    np.testing.assert_allclose(np.linalg.svd(d, compute_uv=False),
                               np.arange(1, 21) ** -1.5, rtol=1e-4, atol=1e-6)
    e = decaying(20, 20, 0.5, "exp")
    np.testing.assert_allclose(np.linalg.svd(e, compute_uv=False),
                               np.exp(-0.5 * np.arange(20)), rtol=1e-4, atol=1e-6)
    parts = lora_update(64, 48, 4, 0.0, seed=3)
    assert parts.b.shape == (64, 4) and parts.a.shape == (4, 48)
    np.testing.assert_allclose(parts.delta, parts.b @ parts.a, atol=1e-5)
    p = picture()
    assert p.shape == (512, 512) and 0 <= p.min() and p.max() <= 1
    np.testing.assert_array_equal(p, picture())  # the same on every call
    assert not p.flags.writeable


def test_model_facts_equal_numpy_for_a_random_rank_3_matrix():
    m = LowRankModel(LowRankState(source="random", rows=60, cols=80, rank=3, noise=0.05, k=3))
    a = m.source.matrix.astype(np.float64)
    u, s, vt = np.linalg.svd(a, full_matrices=False)
    a3 = (u[:, :3] * s[:3]) @ vt[:3]
    np.testing.assert_allclose(m.approx, a3, atol=1e-4)
    np.testing.assert_allclose(m.error, a - a3, atol=1e-4)
    f = m.facts
    assert f.spectral == pytest.approx(s[3], rel=1e-5)
    assert f.spectral_direct == pytest.approx(np.linalg.norm(a - a3, 2), rel=1e-4)
    assert f.frobenius == pytest.approx(np.sqrt(np.sum(s[3:] ** 2)), rel=1e-5)
    assert f.frobenius_direct == pytest.approx(np.linalg.norm(a - a3), rel=1e-4)
    assert f.energy == pytest.approx(np.sum(s[:3] ** 2) / np.sum(s ** 2), rel=1e-6)
    assert (f.params_full, f.params_k) == (4800, 3 * 141)
    assert f.ranks_for[0.9] <= 3  # three values carry nearly all of it


def test_k_beyond_the_matrix_is_refused_and_a_new_source_lowers_k():
    m = LowRankModel(LowRankState(k=50))
    with pytest.raises(ValueError, match="between 1 and min"):
        m.prepare(k=513)
    assert m.state.k == 50
    m.update(source="entries")
    assert m.state.k == 2 and m.k == 2
    m.update(k=1)
    assert m.facts.spectral == pytest.approx(
        np.linalg.svd(np.array([[3.0, 1], [1, 2]]), compute_uv=False)[1], rel=1e-6)


def test_typed_entries_go_through_the_safe_parser():
    m = LowRankModel(LowRankState(source="entries", k=1))
    m.update(entry=(0, 1, "sqrt(2)/2"))
    assert m.state.entries[0][1] == pytest.approx(np.sqrt(2) / 2)
    for bad in ("__import__('os')", "1/0", "nan"):
        with pytest.raises(ValueError):
            m.prepare(entry=(0, 0, bad))
    m.update(shape=(3, 3))
    assert np.asarray(m.state.entries).shape == (3, 3)
    assert m.link()[0] == "space"


@pytest.mark.parametrize("changes, message", [
    ({"rows": 1}, "rows must be between"), ({"noise": -1}, "noise must be between"),
    ({"source": "nope"}, "unknown source"), ({"decay": "linear"}, "decay must be"),
    ({"source": "random", "rank": 250, "rows": 200}, "more than min"),
    ({"channel": "alpha"}, "channel must be"), ({"source": "file"}, "no file named")])
def test_bad_changes_are_refused_with_a_message(changes, message):
    m = LowRankModel()
    with pytest.raises(ValueError, match=message):
        m.prepare(**changes)


def test_scene_round_trip_and_refusals():
    m = LowRankModel(LowRankState(source="lora", rows=64, cols=48, rank=4, noise=0.02, k=4))
    again = LowRankModel(LowRankModel.state_from_dict(m.to_dict()))
    assert again.state == m.state
    np.testing.assert_array_equal(again.source.matrix, m.source.matrix)
    assert again.lora.r == 4 and again.lora.full == 64 * 48 and again.lora.lora == 112 * 4
    for bad in ({"k": "3"}, {"colour": 1}, {"entries": [[1, "x"]]}, {"source": "file"},
                {"source": "picture", "k": 10000}, "nope"):
        with pytest.raises(SceneError):
            LowRankModel.state_from_dict(bad)


def test_lora_facts_say_w_decays_slowly_and_delta_does_not():
    m = LowRankModel(LowRankState(source="lora", rows=128, cols=128, rank=8, noise=0.01, k=8))
    assert m.lora.delta_energy > 0.999
    w = m.source.lora.w.astype(np.float64)
    s = np.linalg.svd(w, compute_uv=False)
    assert m.lora.w_energy == pytest.approx(np.sum(s[:8] ** 2) / np.sum(s ** 2), rel=1e-4)
    assert m.lora.w_energy < 0.3


def test_link_of_a_2x2_opens_the_svd_lab_with_the_same_entries():
    m = LowRankModel(LowRankState(source="entries", entries=((3.0, 1.0), (1.0, 2.0)), k=1))
    assert m.link() == ("svd", {"entries": [["3", "1"], ["1", "2"]]})
    assert LowRankModel().link() is None


def test_at_full_rank_the_direct_errors_are_round_off():
    m = LowRankModel(LowRankState(source="decay", rows=300, cols=280, alpha=0.5, k=280))
    assert m.k == 280 and m.facts.spectral == 0.0 and m.facts.frobenius == 0.0
    s1 = float(m.source.dec.s[0])
    assert m.facts.spectral_direct < 1e-5 * s1 and m.facts.frobenius_direct < 1e-4 * s1
