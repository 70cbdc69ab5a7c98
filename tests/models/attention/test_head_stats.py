"""Head statistics (entropy, distance to a pattern, the order) against explicit NumPy sums."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.attention.head_stats import (
    PATTERNS,
    diagonal,
    entropy,
    first_token,
    head_order,
    pattern,
    pattern_distance,
    previous_token,
)
from models.attention.pooling import block_mean


def _causal_uniform(n):
    w = np.tril(np.ones((n, n)))
    return w / w.sum(axis=1, keepdims=True)


def _random_causal(rng, layers, heads, n):
    x = rng.random((layers, heads, n, n)) * np.tril(np.ones((n, n)))
    x[..., 0, 0] += 1e-3  # row 0 never empty
    return (x / x.sum(axis=-1, keepdims=True)).astype(np.float32)


def _explicit_entropy(w):
    L, H, n, _ = w.shape
    out = np.full((L, H), np.nan)
    for li in range(L):
        for h in range(H):
            rows = []
            for i in range(n):
                row = w[li, h, i].astype(np.float64)
                if not row.any():
                    continue
                rows.append(-sum(x * np.log(x) for x in row if x > 0))
            if rows:
                out[li, h] = np.mean(rows)
    return out


def _explicit_tv(w, p):
    L, H, n, _ = w.shape
    out = np.full((L, H), np.nan)
    for li in range(L):
        for h in range(H):
            rows = [0.5 * np.abs(w[li, h, i].astype(np.float64) - p[i]).sum()
                    for i in range(n) if w[li, h, i].any()]
            if rows:
                out[li, h] = np.mean(rows)
    return out


def test_patterns_are_row_stochastic_and_shaped_as_named():
    n = 6
    for make in (previous_token, first_token, diagonal):
        p = make(n)
        assert p.shape == (n, n)
        np.testing.assert_allclose(p.sum(axis=1), 1.0)
        assert set(np.unique(p)) <= {0.0, 1.0}
    prev = previous_token(n)
    assert prev[0, 0] == 1.0  # row 0 has no previous token: it attends to itself
    assert all(prev[i, i - 1] == 1.0 for i in range(1, n))
    np.testing.assert_array_equal(first_token(n)[:, 0], 1.0)
    np.testing.assert_array_equal(diagonal(n), np.eye(n))
    np.testing.assert_array_equal(pattern("previous", 4), previous_token(4))
    assert set(PATTERNS) == {"previous", "first", "diagonal"}
    with pytest.raises(ValueError, match="no pattern"):
        pattern("nope", 3)


def test_uniform_rows_have_entropy_log_of_their_length():
    n = 7
    full = np.full((n, n), 1.0 / n)
    causal = _causal_uniform(n)
    w = np.stack([np.stack([full, causal, np.eye(n)])])  # (1, 3, n, n)
    e = entropy(w)
    assert e.shape == (1, 3)
    assert e[0, 0] == pytest.approx(np.log(n))
    assert e[0, 1] == pytest.approx(np.mean([np.log(k) for k in range(1, n + 1)]))
    assert e[0, 2] == 0.0  # one key per row: 0 · log 0 = 0 everywhere else


def test_all_zero_rows_are_left_out_and_an_empty_head_is_nan():
    n = 4
    w = np.zeros((1, 2, n, n))
    w[0, 0, :2] = 1.0 / n  # two uniform rows, two padding rows of zeros
    e = entropy(w)
    assert e[0, 0] == pytest.approx(np.log(n))
    assert np.isnan(e[0, 1])
    d = pattern_distance(w, first_token(n))
    assert d[0, 0] == pytest.approx(0.5 * ((1 - 1 / n) + (n - 1) / n))
    assert np.isnan(d[0, 1])


def test_a_head_that_is_a_pattern_is_at_distance_zero_and_far_from_the_others():
    n = 8
    w = np.stack([np.stack([previous_token(n), first_token(n), diagonal(n)])])
    for k, make in enumerate((previous_token, first_token, diagonal)):
        d = pattern_distance(w, make(n))
        assert d[0, k] == 0.0
        others = np.delete(d[0], k)
        assert np.all(others > 0.5)
    # Previous-token vs diagonal: rows 1.. differ entirely, row 0 agrees (both on key 0).
    assert pattern_distance(w, diagonal(n))[0, 0] == pytest.approx((n - 1) / n)


@given(st.integers(1, 3), st.integers(1, 3), st.integers(1, 9), st.integers(0, 2**32 - 1))
def test_entropy_and_distance_equal_the_explicit_sums(layers, heads, n, seed):
    w = _random_causal(np.random.default_rng(seed), layers, heads, n)
    np.testing.assert_allclose(entropy(w), _explicit_entropy(w), rtol=1e-10, atol=1e-12)
    for make in PATTERNS.values():
        d = pattern_distance(w, make(n))
        np.testing.assert_allclose(d, _explicit_tv(w, make(n)), rtol=1e-10, atol=1e-12)
        assert np.all((d >= 0) & (d <= 1))
    assert np.all(entropy(w) <= np.log(n) + 1e-9)


def test_head_order_sorts_heads_by_score_stably_with_nan_last():
    v = np.array([[0.3, 0.1, 0.3], [np.nan, 0.0, 0.9]])
    assert head_order(v) == [(1, 1), (0, 1), (0, 0), (0, 2), (1, 2), (1, 0)]
    assert head_order(v, descending=True) == [(1, 2), (0, 0), (0, 2), (0, 1), (1, 1), (1, 0)]
    got = head_order(np.arange(12.0).reshape(3, 4)[::-1])
    assert got[0] == (2, 0) and got[-1] == (0, 3) and len(set(got)) == 12
    with pytest.raises(ValueError):
        head_order(np.zeros(3))


def test_shapes_are_checked():
    with pytest.raises(ValueError, match="shape"):
        entropy(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="pattern"):
        pattern_distance(np.zeros((1, 1, 3, 3)), np.eye(4))


@pytest.mark.parametrize("n, count", [(12, 12), (70, 8), (130, 64), (9, 4)])
def test_block_mean_is_the_mean_of_each_block(n, count):
    rng = np.random.default_rng(n)
    x = rng.random((2, 3, n, n))
    got = block_mean(x, count)
    assert got.shape == (2, 3, count, count)
    edges = [(r * n) // count for r in range(count + 1)]
    for a in range(count):
        for b in range(count):
            blk = x[:, :, edges[a]:edges[a + 1], edges[b]:edges[b + 1]]
            np.testing.assert_allclose(got[:, :, a, b], blk.mean(axis=(-2, -1)))
