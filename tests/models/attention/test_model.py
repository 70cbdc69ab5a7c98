"""The Attention lab model: small-mode stages against plain NumPy, masks, refusals, scenes,
and the large-mode jobs (overview, exact tile, pooled window) against full weights."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.attention.kernels import Cancelled, attention
from models.attention.large import (
    LargeParams,
    hidden_blocks,
    load_head,
    npy_info,
    plan_job,
    run_job,
    run_jobs,
)
from models.attention.model import AttentionModel, AttentionState
from models.attention.small import PAD, embeddings, project_onto, projections
from models.core.backend import Backend
from models.core.evented import SceneError


def _reference(model: AttentionModel):
    """softmax(QKᵀ/√d_k / T)·V written out by hand, hidden cells at -inf."""
    s = model.state
    words = s.sentence.split() + [PAD] * s.padding
    x = embeddings(tuple(words), s.seed, s.d_model) if s.x is None else np.array(s.x)
    wq, wk, wv = projections(s.seed, s.heads, s.d_model, s.d_k)
    n = len(words)
    hide = np.zeros((n, n), dtype=bool)
    if s.causal:
        hide |= np.triu(np.ones((n, n), dtype=bool), 1)
    if s.padding:
        hide[:, n - s.padding:] = True
    for i, j in s.masked:
        hide[i, j] = True
    weights, outs = [], []
    for h in range(s.heads):
        q, k, v = x @ wq[h], x @ wk[h], x @ wv[h]
        z = (q @ k.T) / math.sqrt(s.d_k) / s.temperature
        z = np.where(hide, -np.inf, z)
        m = np.max(z, axis=1, keepdims=True)
        e = np.where(hide, 0.0, np.exp(z - np.where(np.isfinite(m), m, 0)))
        tot = e.sum(axis=1, keepdims=True)
        w = np.divide(e, tot, out=np.zeros_like(e), where=tot > 0)
        weights.append(w)
        outs.append(w @ v)
    return np.array(weights), np.array(outs), hide


def test_default_matches_numpy_and_rows_sum_to_one():
    m = AttentionModel()
    w, out, _ = _reference(m)
    np.testing.assert_allclose(m.small.weights, w, atol=1e-12)
    np.testing.assert_allclose(m.small.out, out, atol=1e-12)
    np.testing.assert_allclose(m.small.row_sums, 1.0, atol=1e-12)
    d = m.small
    np.testing.assert_allclose(d.scores, d.q @ np.swapaxes(d.k, 1, 2))
    np.testing.assert_allclose(d.scaled, d.scores / math.sqrt(d.d_k))


def test_equal_words_share_embeddings():
    m = AttentionModel()  # "the cat sat on the mat"
    np.testing.assert_array_equal(m.small.x[0], m.small.x[4])
    np.testing.assert_array_equal(m.small.q[:, 0], m.small.q[:, 4])


@pytest.mark.parametrize("changes", [
    {"causal": True},
    {"padding": 2},
    {"masked": [(2, 1), (0, 3)]},
    {"causal": True, "padding": 1, "masked": [(4, 0)], "temperature": 0.3},
])
def test_masks_are_respected(changes):
    m = AttentionModel()
    m.update(**changes)
    w, out, hide = _reference(m)
    np.testing.assert_allclose(m.small.weights, w, atol=1e-12)
    np.testing.assert_allclose(m.small.out, out, atol=1e-12)
    assert np.all(m.small.weights[:, hide] == 0)
    assert np.all(np.isneginf(m.small.masked[:, hide]))
    assert (m.small.reasons != 0).sum() == hide.sum()
    np.testing.assert_allclose(m.small.row_sums, 1.0, atol=1e-12)


def test_a_row_with_every_key_hidden_is_zero_not_nan():
    m = AttentionModel()
    m.update(sentence="a b c", masked=[(1, 0), (1, 1), (1, 2)])
    assert np.all(m.small.weights[:, 1] == 0) and np.all(m.small.out[:, 1] == 0)
    np.testing.assert_allclose(m.small.row_sums[:, [0, 2]], 1.0)
    assert np.all(m.small.row_sums[:, 1] == 0)


def test_toggle_mask_and_cells_beyond_a_shorter_sentence():
    m = AttentionModel()
    m.update(toggle_mask=(5, 2))
    assert m.state.masked == {(5, 2)}
    m.update(toggle_mask=(5, 2))
    assert m.state.masked == frozenset()
    m.update(masked=[(5, 5), (1, 1)])
    m.update(sentence="just three words")
    assert m.state.masked == {(1, 1)}


def test_temperature_sharpens_and_softmax_panel_matches_course_example():
    m = AttentionModel()
    np.testing.assert_allclose(m.softmax_probs, [0.659, 0.242, 0.099], atol=1e-3)
    cold = m.small.weights.max(axis=-1).mean()
    m.update(temperature=0.2)
    assert m.small.weights.max(axis=-1).mean() > cold
    w, _, _ = _reference(m)
    np.testing.assert_allclose(m.small.weights, w, atol=1e-12)
    m.update(logits_text="1, 1, 1, 1")
    np.testing.assert_allclose(m.softmax_probs, 0.25)


def test_edited_embedding_entry():
    m = AttentionModel()
    m.update(x_entry=(1, 2, "3/2"))
    assert m.small.x[1, 2] == 1.5
    w, _, _ = _reference(m)
    np.testing.assert_allclose(m.small.weights, w, atol=1e-12)
    m.update(sentence="a b")  # the edited rows no longer fit: seeded embeddings again
    assert m.state.x is None


def test_one_change_one_signal():
    m = AttentionModel()
    seen = []
    m.changed.connect(lambda model: seen.append(model))
    m.update(causal=True, padding=1, temperature=0.5)
    assert len(seen) == 1


@pytest.mark.parametrize("changes, words", [
    ({"sentence": "   "}, "at least one word"),
    ({"sentence": " ".join(["w"] * 65)}, "at most 64"),
    ({"sentence": "x" * 30}, "longer than"),
    ({"sentence": 5}, "text"),
    ({"padding": 60}, "at most 64"),
    ({"temperature": 0}, "temperature"),
    ({"temperature": -1}, "temperature"),
    ({"temperature": float("nan")}, "temperature"),
    ({"temperature": float("inf")}, "temperature"),
    ({"temperature": "warm"}, "temperature"),
    ({"temperature": "0.5"}, "temperature must be a number"),
    ({"temperature": True}, "temperature must be a number"),
    ({"masked": [("1", 2)]}, "pair of whole numbers"),
    ({"masked": [(True, 0)]}, "pair of whole numbers"),
    ({"window": ("0", 10, 0, 10)}, "four whole numbers"),
    ({"heads": 5}, "heads"),
    ({"d_k": 0}, "d_k"),
    ({"d_model": 2.5}, "whole number"),
    ({"causal": "yes"}, "true or false"),
    ({"head": 3}, "head"),
    ({"masked": [(9, 9)]}, "no cell"),
    ({"toggle_mask": (0, 6)}, "no cell"),
    ({"logits_text": "1, , x"}, "logits"),
    ({"mode": "medium"}, "mode"),
    ({"n": 200000}, "n must be"),
    ({"window": (0, 10, 5, 5)}, "outside"),
    ({"bogus": 1}, "unknown"),
])
def test_bad_input_is_refused_and_state_kept(refused, changes, words):
    refused(AttentionModel(), words, **changes)


@settings(max_examples=40, deadline=None)
@given(words=st.lists(st.sampled_from(["a", "b", "cat", "dog", "x"]), min_size=1, max_size=12),
       seed=st.integers(0, 2**20), temperature=st.floats(0.01, 100),
       causal=st.booleans(), heads=st.integers(1, 4), d_k=st.integers(1, 8))
def test_property_rows_are_distributions(words, seed, temperature, causal, heads, d_k):
    m = AttentionModel()
    m.update(sentence=" ".join(words), seed=seed, temperature=temperature, causal=causal,
             heads=heads, d_k=d_k)
    w = m.small.weights
    assert np.all(np.isfinite(w)) and np.all(w >= 0) and np.all(w <= 1 + 1e-12)
    np.testing.assert_allclose(w.sum(axis=-1), 1.0, atol=1e-9)
    if causal:
        assert np.all(np.triu(w[0], 1) == 0)


def test_adding_a_head_keeps_the_existing_heads_weights():
    one, two, four = (projections(7, h, 8, 4) for h in (1, 2, 4))
    for w1, w2, w4 in zip(one, two, four, strict=True):
        np.testing.assert_array_equal(w2[0], w1[0])
        np.testing.assert_array_equal(w4[:2], w2)
        assert not np.array_equal(w2[0], w2[1])  # each head still has its own weights
    m = AttentionModel()
    m.update(heads=1)
    before = np.array(m.small.weights[0])
    m.update(heads=2)
    np.testing.assert_array_equal(m.small.weights[0], before)


def test_projection_for_the_geometry_panel():
    np.testing.assert_allclose(project_onto([2.0, 1.0], [3.0, 0.0]), [2.0, 0.0])
    np.testing.assert_allclose(project_onto([2.0, 1.0], [0.0, 0.0]), [0.0, 0.0])


# -- scenes -------------------------------------------------------------------------------------
def test_scene_round_trip_small_and_large():
    m = AttentionModel()
    m.update(causal=True, padding=1, masked=[(3, 1)], temperature=0.4, heads=3, head=2,
             logits_text="3, 1, 0", x_entry=(0, 0, 2.0))
    m.update(mode="large", n=1000, h=4, d=16, large_seed=5, large_head=3,
             window=(10, 200, 0, 150))
    doc = m.to_dict()
    again = AttentionModel(AttentionModel.state_from_dict(doc))
    assert again.to_dict() == doc
    np.testing.assert_array_equal(again.small.weights, m.small.weights)


_NUMBER_FIELDS = ("seed", "d_model", "d_k", "heads", "head", "padding", "temperature")
_NOT_A_NUMBER = st.one_of(st.text(max_size=5), st.booleans(), st.none(),
                          st.lists(st.integers(0, 3), max_size=2), st.just({"v": 1}),
                          st.sampled_from(["0.5", "1", "2"]))


@settings(max_examples=60, deadline=None)
@given(key=st.sampled_from(_NUMBER_FIELDS + tuple(f"large.{k}" for k in "nhd")
                           + ("large.seed", "large.head")),
       value=_NOT_A_NUMBER)
def test_scene_numbers_must_be_numbers(key, value):
    doc = AttentionModel().to_dict()
    if key.startswith("large."):
        doc["large"][key[6:]] = value
    else:
        doc[key] = value
    with pytest.raises(SceneError, match=r"must be a number|whole number|must be between"):
        AttentionModel.state_from_dict(doc)


_WRONG = {
    "causal": [0, 1, "true", "false", None, [True]],
    "masked": [[["1", "2"]], [[True, False]], [[0.5, 1]], [[0, 1, 2]], ["01"], [None]],
    "window": [["0", "4", "0", "4"], [True, 4, 0, 4], [0, 4, 0], "0:4", {"r0": 0}],
    "x": ["0", [["1"] * 8] * 6, [[True] * 8] * 6, [[None] * 8] * 6, [1.0] * 6],
    "mode": [1, None, ["large"]],
    "logits": [2.0, ["2", "1"], None],
    "sentence": [5, None, ["the", "cat"]],
}


@settings(max_examples=40, deadline=None)
@given(data=st.data(), field=st.sampled_from(sorted(_WRONG)))
def test_scene_fields_of_the_wrong_type_are_refused(data, field):
    value = data.draw(st.sampled_from(_WRONG[field]))
    doc = AttentionModel().to_dict()
    if field == "window":
        doc["large"]["window"] = value
    else:
        doc[field] = value
    with pytest.raises(SceneError):
        AttentionModel.state_from_dict(doc)


def test_scene_accepts_its_own_types_and_whole_floats():
    doc = AttentionModel().to_dict() | {"temperature": 2, "seed": 3.0, "causal": True}
    s = AttentionModel.state_from_dict(doc)
    assert (s.temperature, s.seed, s.causal) == (2.0, 3, True)


@pytest.mark.parametrize("doc, words", [
    ([], "object"),
    ({"sentence": ""}, "word"),
    ({"masked": "all"}, "list"),
    ({"temperature": -2}, "temperature"),
    ({"large": {"q_path": "/no/such/file.npy"}}, "no such file"),
    ({"large": []}, "object"),
    ({"large": {"window": [0, 99999, 0, 10]}}, "outside"),
])
def test_bad_scene_is_refused(doc, words):
    with pytest.raises(SceneError, match=words):
        AttentionModel.state_from_dict(doc)


# -- .npy files ---------------------------------------------------------------------------------
def test_npy_files_checked_and_used(tmp_path):
    rng = np.random.default_rng(1)
    q = rng.standard_normal((2, 300, 8)).astype(np.float32)
    k = rng.standard_normal((2, 300, 8)).astype(np.float32)
    np.save(tmp_path / "q.npy", q)
    np.save(tmp_path / "k.npy", k)
    m = AttentionModel()
    m.update(mode="large", q_path=str(tmp_path / "q.npy"), k_path=str(tmp_path / "k.npy"),
             large_head=1)
    assert (m.state.n, m.state.m, m.state.h, m.state.d) == (300, 300, 2, 8)
    qh, kh = load_head(m.large)
    np.testing.assert_array_equal(qh, q[1])
    again = AttentionModel.state_from_dict(m.to_dict())
    assert again.q_path == m.state.q_path and again.n == 300


@pytest.mark.parametrize("make, words", [
    (lambda p: np.save(p, np.array([{"a": 1}], dtype=object), allow_pickle=True), "objects"),
    (lambda p: np.save(p, np.ones((4, 3), dtype=complex)), "real numbers"),
    (lambda p: np.save(p, np.ones(5)), "expected"),
    (lambda p: np.save(p, np.ones((1, 2, 3, 4))), "expected"),
    (lambda p: p.write_bytes(b"not an array at all"), "not a readable"),
    (lambda p: p.write_bytes(b"\x93NUMPY\x01\x00\x10\x00{'descr': nonsense}\n"),
     "not a readable"),
    (lambda p: (np.save(p, np.ones((50, 8))), p.write_bytes(p.read_bytes()[:300])),
     "truncated"),
])
def test_bad_npy_is_refused_with_a_message(refused, tmp_path, make, words):
    path = tmp_path / "bad.npy"
    make(path)
    refused(AttentionModel(), words, q_path=str(path))


def test_choosing_a_file_reads_only_its_header(tmp_path, monkeypatch):
    path = tmp_path / "q.npy"
    q = np.ones((3, 400, 8), np.float32)
    q[2, 5, 1] = np.nan  # in a head not shown yet: found only when that head is read
    np.save(path, q)

    def no_reading(*_args, **_kwargs):
        raise AssertionError("the values were read on the GUI thread")

    with monkeypatch.context() as mp:
        for name in ("load", "memmap", "fromfile"):
            mp.setattr(np, name, no_reading)
        m = AttentionModel()
        m.update(mode="large", q_path=str(path))
        assert (m.state.h, m.state.n, m.state.d) == (3, 400, 8)
        again = AttentionModel.state_from_dict(m.to_dict())
        assert again.q_path == str(path)
    run_job(plan_job(m.large, None, (64, 64)))  # head 0 is finite
    m.update(large_head=2)
    with pytest.raises(ValueError, match="NaN"):
        run_job(plan_job(m.large, None, (64, 64)))


def test_mismatched_q_and_k_and_wrong_suffix(tmp_path):
    np.save(tmp_path / "q.npy", np.ones((10, 8), np.float32))
    np.save(tmp_path / "k.npy", np.ones((10, 4), np.float32))
    (tmp_path / "q.txt").write_text("1 2 3")
    m = AttentionModel()
    with pytest.raises(ValueError, match="size"):
        m.update(q_path=str(tmp_path / "q.npy"), k_path=str(tmp_path / "k.npy"))
    with pytest.raises(ValueError, match="not a .npy"):
        npy_info(str(tmp_path / "q.txt"))


# -- large-mode jobs ----------------------------------------------------------------------------
def _params(n=600, causal=True, temperature=1.0):
    return LargeParams(n=n, m=n, h=2, d=16, seed=3, head=1, causal=causal,
                       temperature=temperature)


def _full(p):
    q, k = load_head(p)
    _, w = attention(q, k, np.zeros((p.m, 1), np.float32), causal=p.causal,
                     temperature=p.temperature)
    return w


def _pooled(w, res):
    rb, cb = res.row_bounds, res.col_bounds
    return np.array([[w[rb[a]:rb[a + 1], cb[b]:cb[b + 1]].max() for b in range(len(cb) - 1)]
                     for a in range(len(rb) - 1)])


def test_seeded_heads_are_float32_and_repeatable():
    p = _params()
    q, k = load_head(p)
    assert q.dtype == np.float32 and q.shape == (600, 16) and k.shape == (600, 16)
    q2, _ = load_head(LargeParams(**{**p.__dict__, "head": 0}))
    assert not np.array_equal(q, q2)
    np.testing.assert_array_equal(load_head(p)[0], q)


def test_jobs_match_the_full_weights():
    p = _params()
    w = _full(p)
    over, tile, pooled = run_jobs([plan_job(p, None, (100, 120)),
                                   plan_job(p, (100, 300, 50, 400), (500, 500)),
                                   plan_job(p, (0, 600, 0, 590), (64, 64))])
    assert (over.job.kind, tile.job.kind) == ("overview", "tile")
    np.testing.assert_allclose(over.image, _pooled(w, over), atol=1e-6)
    np.testing.assert_allclose(tile.image, w[100:300, 50:400], atol=1e-6)
    assert "backend: numpy" in tile.describe() and "exact window 200×350" in tile.describe()
    np.testing.assert_allclose(pooled.image, _pooled(w, pooled), atol=1e-6)


def test_big_windows_are_pooled_not_exact():
    p = LargeParams(n=5000, m=5000, h=1, d=8, seed=0, head=0, causal=False, temperature=1.0)
    assert plan_job(p, (0, 3000, 0, 100), (300, 300)).kind == "pooled"
    assert plan_job(p, (0, 2048, 0, 2048), (300, 300)).kind == "tile"
    assert plan_job(p, (0, 5000, 0, 5000), (300, 300)).kind == "overview"


def test_cancel_stops_a_job():
    p = _params(n=2000)
    calls = []
    with pytest.raises(Cancelled):
        run_job(plan_job(p, None, (256, 256)), progress=calls.append,
                cancel=lambda: len(calls) >= 2)
    assert len(calls) == 2


def test_gpu_failure_falls_back_to_numpy_with_a_message():
    # Shaped like CuPy's own error class: only CUDA errors fall back, not any RuntimeError.
    cuda_error = type("CUDARuntimeError", (RuntimeError,),
                      {"__module__": "cupy_backends.cuda.api.runtime"})

    class BrokenDevice:
        def asarray(self, a, dtype=None):
            raise cuda_error("cudaErrorMemoryAllocation: out of memory")

    gpu = Backend(name="cupy", xp=BrokenDevice(), device="Test GPU")
    p = _params(n=300)
    res = run_job(plan_job(p, None, (64, 64)), gpu)
    assert res.backend == "numpy" and res.fallback.startswith("GPU failed (CUDARuntimeError")
    assert res.describe().startswith("GPU failed") and "backend: numpy" in res.describe()
    np.testing.assert_allclose(res.image, _pooled(_full(p), res), atol=1e-6)


def test_a_bug_on_the_gpu_is_not_hidden_by_a_rerun_on_the_cpu():
    class BuggyDevice:
        def asarray(self, a, dtype=None):
            raise NotImplementedError("a path nobody wrote")

    gpu = Backend(name="cupy", xp=BuggyDevice(), device="Test GPU")
    with pytest.raises(NotImplementedError, match="nobody wrote"):
        run_job(plan_job(_params(n=300), None, (64, 64)), gpu)


def test_state_is_frozen():
    s = AttentionState()
    with pytest.raises(AttributeError):
        s.temperature = 3  # type: ignore[misc]


# -- which pooled blocks are hidden -------------------------------------------------------------
def _hidden_by_brute_force(res, n, m):
    i = np.arange(n)[:, None]
    j = np.arange(m)[None, :]
    hide = j > i + (m - n)
    rb, cb = res.row_bounds, res.col_bounds
    return np.array([[hide[rb[a]:rb[a + 1], cb[b]:cb[b + 1]].all()
                      for b in range(len(cb) - 1)] for a in range(len(rb) - 1)])


def test_a_sharp_non_causal_overview_has_zeros_but_no_hidden_blocks():
    res = run_job(plan_job(_params(n=600, causal=False, temperature=0.01), None, (100, 120)))
    assert (res.image == 0).mean() > 0.3  # many blocks underflow to 0 …
    assert not res.hidden.any()  # … yet nothing is masked


@pytest.mark.parametrize("window, pixels", [(None, (100, 120)), (None, (64, 64)),
                                            ((100, 300, 50, 400), (500, 500)),
                                            ((0, 600, 0, 590), (64, 64))])
def test_a_causal_result_hides_exactly_the_blocks_above_the_diagonal(window, pixels):
    p = _params(n=600, causal=True, temperature=0.01)
    res = run_job(plan_job(p, window, pixels))
    np.testing.assert_array_equal(res.hidden, _hidden_by_brute_force(res, 600, 600))
    assert res.hidden.any() and not res.hidden.all()
    assert np.all(res.image[res.hidden] == 0)


def test_hidden_blocks_with_more_keys_than_queries():
    rb, cb = np.arange(5), np.arange(8)  # 4 queries aligned with the last 4 of 7 keys
    class _Res:  # noqa: N801 - a stand-in with the bounds only
        row_bounds, col_bounds = rb, cb
    np.testing.assert_array_equal(hidden_blocks(rb, cb, 4, 7, True),
                                  _hidden_by_brute_force(_Res, 4, 7))
    assert not hidden_blocks(rb, cb, 4, 7, False).any()
