"""Blocked top-k search against a plain NumPy reference (the whole score matrix, argsort)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.core.backend import numpy_backend
from models.embeddings.search import (
    angle_facts,
    normalise,
    pairwise_cosine,
    squared_norms,
    top_k,
)

FAST = settings(max_examples=25, deadline=None)


def reference(vectors, queries, k, metric, exclude=None):
    """Whole matrix in float64, best first, ties by index; −1/NaN where nothing is left."""
    v, q = np.asarray(vectors, np.float64), np.atleast_2d(np.asarray(queries, np.float64))
    if metric == "cosine":
        nv, nq = np.linalg.norm(v, axis=1), np.linalg.norm(q, axis=1)
        key = (q @ v.T) / np.where(nq > 0, nq, 1)[:, None] / np.where(nv > 0, nv, 1)
        key[:, nv == 0] = -np.inf
        key[nq == 0] = -np.inf
    elif metric == "dot":
        key = q @ v.T
    else:
        key = -np.sqrt(((q[:, None, :] - v[None]) ** 2).sum(-1))
    for i, ex in enumerate(exclude or []):
        key[i, list(ex)] = -np.inf
    order = np.argsort(-key, axis=1, kind="stable")[:, :k]
    score = np.take_along_axis(key, order, axis=1)
    order = np.where(np.isneginf(score), -1, order)
    score = np.where(np.isneginf(score), np.nan, -score if metric == "euclidean" else score)
    return order, score


def data(n, d, m, seed=0, dtype=np.float64):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, d)).astype(dtype), rng.standard_normal((m, d)).astype(dtype)


@pytest.mark.parametrize("metric", ["cosine", "euclidean", "dot"])
@pytest.mark.parametrize("d", [3, 50, 64, 300])
def test_matches_the_full_matrix_for_every_metric_and_size(metric, d):
    v, q = data(1003, d, 9, seed=d)
    vectors = normalise(v).astype(np.float64) if metric == "cosine" else v
    got_i, got_s = top_k(vectors, q, 12, metric, block_rows=128)  # 1003 = 7·128 + 107
    want_i, want_s = reference(v, q, 12, metric)
    np.testing.assert_array_equal(got_i, want_i)
    np.testing.assert_allclose(got_s, want_s, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("metric", ["cosine", "euclidean", "dot"])
def test_float32_scores_agree_and_stay_float32(metric):
    v, q = data(700, 50, 4, dtype=np.float32)
    vectors = normalise(v) if metric == "cosine" else v
    idx, score = top_k(vectors, q, 5, metric, sq_norms=squared_norms(vectors))
    assert score.dtype == np.float32 and idx.dtype == np.int64
    want_i, want_s = reference(v, q, 5, metric)
    np.testing.assert_allclose(score, want_s, rtol=2e-4, atol=2e-4)
    assert (idx[:, 0] == want_i[:, 0]).all()


@pytest.mark.parametrize("metric", ["cosine", "euclidean", "dot"])
def test_k_larger_than_the_blocks_and_than_n(metric):
    v, q = data(50, 8, 3)
    vectors = normalise(v).astype(np.float64) if metric == "cosine" else v
    idx, score = top_k(vectors, q, 20, metric, block_rows=7)
    want_i, want_s = reference(v, q, 20, metric)
    np.testing.assert_array_equal(idx, want_i)
    idx, score = top_k(vectors, q, 60, metric, block_rows=7)
    assert (idx[:, 50:] == -1).all() and np.isnan(score[:, 50:]).all()
    assert sorted(idx[0, :50]) == list(range(50))


def test_exclusions_per_query():
    v, q = data(300, 16, 3)
    u = normalise(v).astype(np.float64)
    exclude = [[0, 5, 299], [], {int(top_k(u, q[2], 1)[0][0])}]
    idx, score = top_k(u, q, 10, exclude=exclude, block_rows=64)
    want_i, _ = reference(v, q, 10, "cosine", exclude)
    np.testing.assert_array_equal(idx, want_i)
    assert not set(idx[0]) & {0, 5, 299}
    with pytest.raises(ValueError, match="one collection per query"):
        top_k(u, q, 3, exclude=[[1]])


@pytest.mark.parametrize("metric", ["cosine", "euclidean", "dot"])
def test_ties_are_broken_by_index(metric):
    v = np.array([[1, 0], [0, 1], [1, 0], [1, 0], [0, 1], [1, 0]] * 5, dtype=np.float64)
    idx, score = top_k(v, np.array([1.0, 0.0]), 4, metric, block_rows=4)
    assert list(idx) == [0, 2, 3, 5]
    idx, _ = top_k(v, np.array([1.0, 0.0]), 13, metric, block_rows=5)
    assert list(idx) == [i for i in range(30) if i % 6 in (0, 2, 3, 5)][:13]


def test_zero_vectors_never_match_under_cosine():
    v = np.array([[0, 0, 0], [1, 0, 0], [-1, 0, 0], [0, 0, 0]], dtype=np.float32)
    u = normalise(v)
    assert (u[0] == 0).all() and (u[3] == 0).all()
    idx, score = top_k(u, np.array([0, 1, 0], np.float32), 4)
    assert list(idx[:2]) == [1, 2] and list(idx[2:]) == [-1, -1]
    assert np.isnan(score[2:]).all()
    idx, _ = top_k(u, np.zeros(3, np.float32), 2)  # a zero query matches nothing
    assert list(idx) == [-1, -1]
    idx, score = top_k(v, np.zeros(3, np.float32), 2, "euclidean")  # but is a point
    assert list(idx) == [0, 3] and list(score) == [0, 0]


def test_euclidean_distance_to_itself_is_about_zero_never_nan():
    v, _ = data(200, 300, 1, dtype=np.float32)
    v *= 100
    idx, score = top_k(v, v[:20], 2, "euclidean")
    assert list(idx[:, 0]) == list(range(20))
    # ‖x‖² − 2x·x + ‖x‖² cancels: float32 leaves a few ulps of ‖x‖² before the root.
    assert (score[:, 0] >= 0).all() and (score[:, 0] < 3e-3 * 100 * math.sqrt(300)).all()
    assert (score[:, 0] < 1e-3 * score[:, 1]).all()
    assert not np.signbit(score).any()
    v64 = v.astype(np.float64)
    assert (top_k(v64, v64[:20], 1, "euclidean")[1] < 1e-3).all()


def test_backend_argument_returns_host_arrays_and_checks_arguments():
    v, q = data(100, 5, 2)
    idx, score = top_k(v, q, 3, "dot", backend=numpy_backend())
    np.testing.assert_array_equal(idx, reference(v, q, 3, "dot")[0])
    with pytest.raises(ValueError, match="unknown metric"):
        top_k(v, q, 3, "manhattan")
    with pytest.raises(ValueError, match="k must be"):
        top_k(v, q, 0)
    with pytest.raises(ValueError, match="do not match"):
        top_k(v, q[:, :3], 2)


@FAST
@given(n=st.integers(1, 80), d=st.integers(1, 12), k=st.integers(1, 10),
       block=st.integers(1, 30), seed=st.integers(0, 2**16),
       metric=st.sampled_from(["cosine", "euclidean", "dot"]))
def test_any_block_size_gives_the_reference(n, d, k, block, seed, metric):
    rng = np.random.default_rng(seed)
    v = rng.integers(-2, 3, size=(n, d)).astype(np.float64)  # small integers: many ties
    q = rng.integers(-2, 3, size=(3, d)).astype(np.float64)
    vectors = normalise(v).astype(np.float64) if metric == "cosine" else v
    idx, score = top_k(vectors, q, k, metric, block_rows=block)
    want_i, want_s = reference(v, q, k, metric)
    np.testing.assert_allclose(score, want_s, rtol=1e-6, atol=1e-6)
    if metric != "cosine":  # exact integer arithmetic: ties are exact, so indices agree
        np.testing.assert_array_equal(idx, want_i)


def test_pairwise_cosine_matches_numpy():
    v, _ = data(40, 20, 1)
    v[7] = 0
    rows = [3, 7, 0, 39, 3]
    got = pairwise_cosine(v, rows)
    a = v[rows]
    norms = np.linalg.norm(a, axis=1)
    want = (a @ a.T) / np.outer(np.where(norms > 0, norms, 1), np.where(norms > 0, norms, 1))
    np.testing.assert_allclose(got, want, atol=1e-6)
    assert got[1, 1] == 0 and got.dtype == np.float32


def test_angle_facts():
    f = angle_facts([1, 0], [1, 1])
    assert f.cos == pytest.approx(math.sqrt(0.5)) and f.degrees == pytest.approx(45)
    assert f.dot == 1 and f.norm_b == pytest.approx(math.sqrt(2))
    assert angle_facts([1, 0], [-2, 0]).degrees == pytest.approx(180)
    assert angle_facts([1, 0], [1, 1e-9]).degrees == pytest.approx(math.degrees(1e-9))
    assert math.isnan(angle_facts([0, 0], [1, 0]).cos)
    with pytest.raises(ValueError):
        angle_facts([1, 2], [1, 2, 3])


def test_a_pair_in_the_plane_keeps_lengths_angle_and_dot():
    from models.embeddings.search import angle_facts, pair_in_plane

    rng = np.random.default_rng(11)
    a, b = rng.normal(size=50), rng.normal(size=50)
    pa, pb = (np.array(v) for v in pair_in_plane(angle_facts(a, b)))
    assert pa @ pb == pytest.approx(a @ b, rel=1e-9)
    assert np.linalg.norm(pa) == pytest.approx(np.linalg.norm(a), rel=1e-12)
    assert np.linalg.norm(pb) == pytest.approx(np.linalg.norm(b), rel=1e-12)
    assert pair_in_plane(angle_facts(a, np.zeros(50))) is None
