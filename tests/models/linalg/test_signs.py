"""One sign convention for eigen- and singular vectors, and the SVD that keeps it: against
NumPy's SVD (same values, pairs flipped together, U Σ Vᵀ = A) on random, singular, tiny,
huge and rectangular matrices."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from models.linalg.signs import canonical_sign, sign_normalised
from models.linalg.svd import signed_svd
from models.plane.geometry import plane_geometry
from models.plane.svd_stages import svd_stages

finite = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)
scales = st.sampled_from([1e-300, 1e-150, 1e-8, 1.0, 1e8, 1e150, 1e300])


@pytest.mark.parametrize(("v", "want"), [
    ([0.6, -0.8], [0.6, -0.8]),  # first component positive: kept
    ([-0.6, 0.8], [0.6, -0.8]),
    ([0.0, -1.0], [0.0, 1.0]),  # vertical: points up
    ([-1e-13, -1.0], [1e-13, 1.0]),  # a first part of round-off size does not decide
    ([-1e-11, 1.0], [1e-11, -1.0]),  # one above the tolerance does
    ([0.0, 0.0, -2.0], [0.0, 0.0, 2.0]),
    ([-3e-300, 4e-300], [3e-300, -4e-300]),  # tiny: the length does not underflow
    ([0.0, 0.0], [0.0, 0.0]),
])
def test_first_component_that_counts_is_positive(v, want):
    out = sign_normalised(v)
    np.testing.assert_array_equal(out, want)
    assert not np.any(np.signbit(out[out == 0]))  # no −0.0
    assert canonical_sign(v) == (1.0 if np.array_equal(out, v) else -1.0)


def _check_svd(a):
    a = np.asarray(a, dtype=float)
    u, s, vt = signed_svd(a)
    u0, s0, vt0 = np.linalg.svd(a)
    k = s.size
    top = max(float(s0[0]), 1e-300)
    np.testing.assert_allclose(s, s0, rtol=0, atol=4 * np.finfo(float).eps * top)
    assert np.all(s[np.linalg.matrix_rank(a):] == 0)  # round-off of 0 is 0, as rank says
    for i in range(k):
        # each pair is NumPy's, up to one sign shared by uᵢ and vᵢ (same σᵢuᵢvᵢᵀ)
        sign = float(np.sign(vt[i] @ vt0[i]))
        np.testing.assert_allclose(vt[i], sign * vt0[i], atol=1e-12)
        if s0[i] > 1e-9 * top:  # uᵢ of a zero σᵢ is free; NumPy's own choice can differ
            np.testing.assert_allclose(u[:, i], sign * u0[:, i], atol=1e-9)
        first = vt[i][np.abs(vt[i]) > 1e-12][0]
        assert first > 0  # the convention
    # A = U Σ Vᵀ, and the factors stay orthogonal
    np.testing.assert_allclose((u[:, :k] * s) @ vt[:k], a, rtol=0, atol=1e-12 * top)
    np.testing.assert_allclose(u.T @ u, np.eye(u.shape[0]), atol=1e-12)
    np.testing.assert_allclose(vt @ vt.T, np.eye(vt.shape[0]), atol=1e-12)


@settings(max_examples=120, deadline=None)
@given(st.tuples(st.integers(1, 5), st.integers(1, 5)).flatmap(
    lambda sh: arrays(np.float64, sh, elements=finite)), scales)
def test_signed_svd_is_numpys_with_pairs_flipped_together(a, scale):
    _check_svd(a * scale)


@pytest.mark.parametrize("a", [
    [[1, 2], [2, 4]],  # singular
    [[0, 0], [0, 0]],
    [[0, -1], [1, 0]],  # σ₁ = σ₂: any rotation of the pair is an SVD
    [[0, 1], [1, 0]],
    [[1e-300, 0], [0, 1e-300]],
    [[1e300, -3e299], [2e299, 7e299]],
    [[1, 1e-12], [0, 1]],
    [[3, 0, 0], [0, 0, 0], [0, 0, -2]],
])
def test_signed_svd_of_named_matrices(a):
    _check_svd(a)


@settings(max_examples=80, deadline=None)
@given(arrays(np.float64, (2, 2), elements=finite))
def test_the_plane_and_the_svd_lab_draw_the_same_first_axis(a):
    """Both labs follow the one convention: the same v₁, u₁ (so the same σ₁u₁ arrow), and a
    second pair that differs at most by a common sign (the SVD lab keeps Vᵀ a rotation)."""
    g, st_ = plane_geometry(a), svd_stages(a)
    u0, s0, vt0 = np.linalg.svd(a)
    top = max(float(s0[0]), 1e-300)
    np.testing.assert_array_equal(st_.vt[0], g.vt[0])
    np.testing.assert_array_equal(st_.u[:, 0], g.u[:, 0])
    np.testing.assert_allclose(g.semi_axes[0], a @ g.vt[0], atol=1e-12 * top)
    assert abs(st_.vt[1] @ g.vt[1]) == pytest.approx(1.0)
    for m in (g, st_):  # each is an SVD of A: U Σ Vᵀ = A
        s = m.singular_values if m is g else m.s
        np.testing.assert_allclose((m.u * s) @ m.vt, a, rtol=0, atol=1e-12 * top)
