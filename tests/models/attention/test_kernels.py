"""Attention, softmax, pooled overviews and tiles against plain references."""

from __future__ import annotations

import math
import tracemalloc

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.attention.kernels import (
    Cancelled,
    attention,
    attention_overview,
    attention_tile,
    row_stats,
    softmax,
)
from models.attention.pooling import block_bounds, segment_reduce

FAST = settings(max_examples=40, deadline=None)


# ---------------------------------------------------------------- references


def ref_weights(q, k, causal=False, mask=None, temperature=1.0):
    """Row by row in float64: softmax over the keys a query may see."""
    q, k = np.asarray(q, np.float64), np.asarray(k, np.float64)
    if q.ndim == 2:
        q, k = q[None], k[None]
        mask = None if mask is None else np.asarray(mask)[None]
    h, n, d = q.shape
    m = k.shape[1]
    w = np.zeros((h, n, m))
    for hh in range(h):
        for i in range(n):
            ok = np.ones(m, bool)
            if causal:
                ok &= np.arange(m) <= i + (m - n)
            if mask is not None:
                ok &= np.broadcast_to(mask, (h, n, m))[hh, i]
            if not ok.any():
                continue
            s = k[hh][ok] @ q[hh, i] / math.sqrt(d) / temperature
            e = np.exp(s - s.max())
            w[hh, i, ok] = e / e.sum()
    return w


def ref_pool(w, rows, cols, reduce):
    """Pool (h, n, m) weights into floor-bounded blocks with explicit loops."""
    h, n, m = w.shape
    out = np.zeros((h, rows, cols))
    for r in range(rows):
        for c in range(cols):
            blk = w[:, r * n // rows : (r + 1) * n // rows, c * m // cols : (c + 1) * m // cols]
            out[:, r, c] = blk.max(axis=(1, 2)) if reduce == "max" else blk.mean(axis=(1, 2))
    return out


def qk(seed, h, n, m, d, scale=1.0, dtype=np.float64):
    rng = np.random.default_rng(seed)
    shape_q, shape_k = ((n, d), (m, d)) if h is None else ((h, n, d), (h, m, d))
    return (
        (rng.standard_normal(shape_q) * scale).astype(dtype),
        (rng.standard_normal(shape_k) * scale).astype(dtype),
    )


# ---------------------------------------------------------------- softmax

finite = st.floats(-1e4, 1e4, allow_nan=False)


@FAST
@given(
    st.lists(st.lists(finite, min_size=1, max_size=6), min_size=1, max_size=4),
    st.floats(0.05, 20),
)
def test_softmax_rows_sum_to_one_and_match_formula(rows, t):
    width = min(len(r) for r in rows)
    x = np.array([r[:width] for r in rows])
    p = softmax(x, temperature=t)
    assert np.all(np.isfinite(p)) and np.all(p >= 0)
    np.testing.assert_allclose(p.sum(axis=-1), 1.0, rtol=1e-12)
    z = x / t
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    np.testing.assert_allclose(p, e / e.sum(axis=-1, keepdims=True), rtol=1e-12, atol=1e-300)


def test_softmax_edge_rows_and_dtypes():
    x = np.array([[-np.inf, -np.inf, -np.inf], [1.0, np.inf, np.inf], [0.0, 1.0, -np.inf]])
    p = softmax(x)
    np.testing.assert_array_equal(p[0], 0.0)
    np.testing.assert_array_equal(p[1], [0.0, 0.5, 0.5])
    assert p[2, 2] == 0.0 and not np.isnan(p).any()
    assert softmax(np.ones(3, np.float32)).dtype == np.float32
    assert softmax([1, 2, 3]).dtype == np.float64
    np.testing.assert_allclose(softmax(np.array([[1.0, 2.0], [3.0, 5.0]]), axis=0).sum(0), 1.0)


@pytest.mark.parametrize("t", [0, -1.0, float("nan"), float("inf"), "hot"])
def test_softmax_rejects_bad_temperature(t):
    with pytest.raises(ValueError, match="temperature"):
        softmax(np.ones(3), temperature=t)


# ---------------------------------------------------------------- attention


@st.composite
def attention_cases(draw):
    h = draw(st.sampled_from([None, 1, 2, 3]))
    n, m = draw(st.integers(1, 6)), draw(st.integers(1, 7))
    d, dv = draw(st.integers(1, 4)), draw(st.integers(1, 3))
    scale = draw(st.sampled_from([1.0, 1e-3, 100.0]))  # 100 gives logits of about ±1e4
    seed = draw(st.integers(0, 2**16))
    q, k = qk(seed, h, n, m, d, scale)
    rng = np.random.default_rng(seed + 1)
    v = rng.standard_normal((m, dv) if h is None else (h, m, dv))
    mask = None
    if draw(st.booleans()):
        mshape = (n, m) if h is None or draw(st.booleans()) else (h, n, m)
        mask = rng.random(mshape) < draw(st.sampled_from([0.2, 0.6, 1.0]))
    return q, k, v, mask, draw(st.booleans()), draw(st.floats(0.1, 5.0))


@FAST
@given(attention_cases())
def test_attention_matches_reference(case):
    q, k, v, mask, causal, t = case
    out, w = attention(q, k, v, causal=causal, mask=mask, temperature=t)
    ref = ref_weights(q, k, causal, mask, t)
    if q.ndim == 2:
        ref = ref[0]
    assert w.shape == ref.shape and out.shape == ref.shape[:-1] + v.shape[-1:]
    assert not np.isnan(w).any() and not np.isnan(out).any()
    np.testing.assert_allclose(w, ref, atol=1e-9)
    np.testing.assert_allclose(out, ref @ v, atol=1e-8)
    sums = w.sum(axis=-1)
    assert np.all(np.isclose(sums, 1.0) | (sums == 0.0))


def test_fully_masked_rows_give_zero_weights_and_output():
    q, k = qk(0, 2, 3, 4, 2)
    v = np.ones((2, 4, 5))
    mask = np.ones((3, 4), bool)
    mask[1] = False
    out, w = attention(q, k, v, mask=mask)
    assert np.all(w[:, 1] == 0) and np.all(out[:, 1] == 0)
    np.testing.assert_allclose(out[:, [0, 2]], 1.0)


def test_causal_aligns_queries_with_the_end_of_the_keys():
    q, k = qk(1, None, 2, 4, 3)
    _, w = attention(q, k, np.zeros((4, 1)), causal=True)
    assert w[0, 3] == 0 and np.all(w[0, :3] > 0) and np.all(w[1] > 0)
    q, k = qk(1, None, 4, 2, 3)
    _, w = attention(q, k, np.zeros((2, 1)), causal=True)
    assert np.all(w[:2] == 0) and w[2, 1] == 0 and w[2, 0] == 1.0 and np.all(w[3] > 0)


def test_dtypes_and_dimensions_are_kept():
    q, k = qk(2, 2, 5, 6, 4, dtype=np.float32)
    out, w = attention(q, k, np.ones((2, 6, 3), np.float32))
    assert out.dtype == w.dtype == np.float32 and w.shape == (2, 5, 6) and out.shape == (2, 5, 3)
    out, w = attention(q[0].astype(np.float64), k[0], np.ones((6, 3), np.float32))
    assert out.dtype == np.float64 and w.shape == (5, 6) and out.shape == (5, 3)
    out, w = attention(np.ones((3, 2), int), np.ones((4, 2), int), np.ones((4, 1), int))
    assert w.dtype == np.float64
    np.testing.assert_allclose(w, 0.25)


@pytest.mark.parametrize(
    ("q_shape", "k_shape", "v_shape", "mask", "message"),
    [
        ((5, 64), (6, 32), (6, 2), None, "q has d=64 but k has d=32"),
        ((2, 5, 4), (3, 6, 4), (3, 6, 2), None, "q has 2 heads but k has 3"),
        ((5, 4), (6, 4), (7, 2), None, "k has m=6 keys but v has 7"),
        ((2, 5, 4), (2, 6, 4), (1, 6, 2), None, "q has 2 heads but v has 1"),
        ((5, 4), (2, 6, 4), (6, 2), None, "must both be 2D or both 3D"),
        ((5,), (6,), (6,), None, "q must be 2D"),
        ((5, 4), (6, 4), (6, 2), np.ones((5, 6)), "mask must be boolean"),
        ((5, 4), (6, 4), (6, 2), np.ones((6, 5), bool), r"mask must have shape \(5, 6\)"),
        ((5, 4), (6, 4), (6, 2), np.ones((1, 5, 6), bool), "mask must have shape"),
    ],
)
def test_attention_refuses_bad_shapes(q_shape, k_shape, v_shape, mask, message):
    with pytest.raises(ValueError, match=message):
        attention(np.ones(q_shape), np.ones(k_shape), np.ones(v_shape), mask=mask)


def test_attention_refuses_bad_temperature():
    with pytest.raises(ValueError, match="temperature"):
        attention(np.ones((2, 2)), np.ones((2, 2)), np.ones((2, 2)), temperature=0.0)


# ---------------------------------------------------------------- pooling helper


@FAST
@given(st.integers(1, 60), st.data())
def test_segment_reduce_matches_loops(length, data):
    count = data.draw(st.integers(1, length))
    bounds = block_bounds(length, count)
    assert bounds[0] == 0 and bounds[-1] == length and np.all(np.diff(bounds) >= 1)
    assert set(np.diff(bounds)) <= {length // count, -(-length // count)}
    x = np.random.default_rng(length).standard_normal((2, length, 3))
    for op, fn in (("max", np.max), ("sum", np.sum)):
        got = segment_reduce(np, x, bounds, op)
        pairs = zip(bounds[:-1], bounds[1:], strict=True)
        want = np.stack([fn(x[:, a:b], axis=1) for a, b in pairs], 1)
        np.testing.assert_allclose(got, want, rtol=1e-12)


# ---------------------------------------------------------------- overview

OVERVIEW_CASES = [
    (2, 37, 53, (7, 11)),  # neither divisible
    (1, 64, 48, (8, 6)),  # both divisible
    (3, 40, 30, (512, 512)),  # more blocks asked than tokens
    (2, 10, 30, (3, 7)),  # fewer queries than keys
    (1, 30, 12, (4, 5)),  # more queries than keys: early causal rows see nothing
]


@pytest.mark.parametrize(("h", "n", "m", "shape"), OVERVIEW_CASES)
@pytest.mark.parametrize("reduce", ["max", "mean"])
@pytest.mark.parametrize("causal", [False, True])
def test_overview_equals_pooled_full_weights(h, n, m, shape, reduce, causal):
    q, k = qk(n * m, h, n, m, 5)
    rows, cols = min(shape[0], n), min(shape[1], m)
    want = ref_pool(ref_weights(q, k, causal, temperature=0.7), rows, cols, reduce)
    for chunk in (None, 1, 5):
        got = attention_overview(
            q, k, causal=causal, temperature=0.7, shape=shape, reduce=reduce, chunk_rows=chunk
        )
        assert got.shape == (h, rows, cols) and got.dtype == np.float64
        np.testing.assert_allclose(got, want, atol=1e-12)


@FAST
@given(
    st.integers(1, 3),
    st.integers(1, 20),
    st.integers(1, 20),
    st.integers(1, 8),
    st.integers(1, 8),
    st.sampled_from(["max", "mean"]),
    st.booleans(),
    st.integers(1, 9),
)
def test_overview_random_shapes(h, n, m, rows, cols, reduce, causal, chunk):
    q, k = qk(n + 7 * m, h, n, m, 3, scale=3.0)
    got = attention_overview(
        q, k, causal=causal, shape=(rows, cols), reduce=reduce, chunk_rows=chunk
    )
    want = ref_pool(ref_weights(q, k, causal), min(rows, n), min(cols, m), reduce)
    np.testing.assert_allclose(got, want, atol=1e-12)


def test_overview_float32_2d_and_huge_logits():
    q, k = qk(3, None, 33, 29, 4, scale=100.0, dtype=np.float32)  # logits about ±1e4
    got = attention_overview(q, k, causal=True, shape=(5, 4), reduce="mean", chunk_rows=4)
    assert got.shape == (1, 5, 4) and got.dtype == np.float32 and np.isfinite(got).all()
    want = ref_pool(ref_weights(q, k, True), 5, 4, "mean")
    np.testing.assert_allclose(got, want, atol=2e-5)


def test_overview_progress_and_cancel():
    q, k = qk(4, 2, 50, 50, 3)
    seen = []
    attention_overview(q, k, causal=True, shape=(8, 8), chunk_rows=7, progress=seen.append)
    assert len(seen) == 8 and seen[-1] == 1.0 and seen == sorted(seen) and seen[0] > 0
    calls = []

    def cancel():
        calls.append(1)
        return len(calls) > 2

    with pytest.raises(Cancelled):
        attention_overview(q, k, chunk_rows=7, progress=seen.append, cancel=cancel)
    assert len(calls) == 3


def test_overview_never_holds_the_full_matrix():
    q, k = qk(5, 1, 1024, 1024, 16, dtype=np.float32)
    tracemalloc.start()
    try:
        attention_overview(q, k, shape=(64, 64), chunk_rows=32)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1024 * 1024 * 4 / 4  # a quarter of the float32 matrix


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"reduce": "median"}, "reduce"),
        ({"shape": (0, 4)}, "shape"),
        ({"shape": (4,)}, "shape"),
        ({"chunk_rows": 0}, "chunk_rows"),
        ({"temperature": -1}, "temperature"),
    ],
)
def test_overview_refuses_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        attention_overview(np.ones((4, 2)), np.ones((4, 2)), **kwargs)


# ---------------------------------------------------------------- tiles

TILE_WINDOWS = [
    (slice(3, 12), slice(0, 20)),
    (slice(None, None, 4), slice(5, 40, 3)),
    (np.array([20, 0, 7, -1]), np.array([39, 2, 2, 15])),
    (np.array([5]), slice(None)),
]


@pytest.mark.parametrize(("rows", "cols"), TILE_WINDOWS)
@pytest.mark.parametrize("causal", [False, True])
@pytest.mark.parametrize("n", [25, 40])
def test_tile_equals_window_of_full_weights(rows, cols, causal, n):
    q, k = qk(6, 2, n, 40, 4, scale=2.0)
    full = ref_weights(q, k, causal, temperature=1.3)
    want = full[:, rows][:, :, cols]
    for chunk in (None, 2):
        got = attention_tile(q, k, rows, cols, causal=causal, temperature=1.3, chunk_rows=chunk)
        assert got.shape == want.shape
        np.testing.assert_allclose(got, want, atol=1e-12)


def test_row_stats_streams_keys():
    q, k = qk(7, 2, 30, 45, 3)
    rows = np.array([0, 4, 29, 10])
    s = np.einsum("hid,hjd->hij", q[:, rows], k) / math.sqrt(3)
    s = np.where(np.arange(45)[None, None, :] <= rows[None, :, None] + 15, s, -np.inf)
    for chunk in (None, 1, 4):
        mx, lse = row_stats(q, k, rows, causal=True, chunk_keys=chunk)
        np.testing.assert_allclose(mx, s.max(-1), rtol=1e-12)
        want = s.max(-1) + np.log(np.exp(s - s.max(-1, keepdims=True)).sum(-1))
        np.testing.assert_allclose(lse, want, rtol=1e-12)
    mx, lse = row_stats(q[:, :3], k[:, :1], slice(None), causal=True)  # m < n: rows see nothing
    assert np.all(np.isneginf(lse[:, :2])) and np.all(np.isfinite(lse[:, 2]))


def test_tile_refuses_out_of_range_and_empty_window():
    q, k = qk(8, None, 5, 6, 2)
    with pytest.raises(ValueError, match="rows index out of range"):
        attention_tile(q, k, np.array([5]), slice(None))
    with pytest.raises(ValueError, match="cols must be a slice or a 1D integer array"):
        attention_tile(q, k, slice(None), np.array([0.5]))
    assert attention_tile(q, k, slice(0, 0), slice(None)).shape == (1, 0, 6)
