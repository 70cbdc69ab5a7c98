"""SVD stages against NumPy: integer stages are the exact products, stage 3 is A, the
ellipse axes are σᵢuᵢ, rank-1 errors are σ₂ and the Frobenius tail."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.plane.geometry import plane_geometry
from models.plane.svd_stages import (
    STAGE_NAMES,
    rank_one,
    stage_matrix,
    stage_picture,
    svd_stages,
    unit_circle,
)

EXAMPLES = [
    [[2, 1], [1, 2]],  # symmetric
    [[1, 1], [0, 1]],  # shear
    [[1, 2], [1, -1]],  # reflection
    [[1, 2], [2, 4]],  # singular
    [[0, 1], [1, 0]],  # pure reflection, σ₁ = σ₂
    [[0, -1], [1, 0]],  # rotation, σ₁ = σ₂
    [[3, 0], [0, 0.5]],
    [[0, 0], [0, 0]],
    [[1e-300, 0], [0, 1e-300]],
    [[1e6, -3e5], [2e5, 7e5]],
]

finite = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)
matrices = st.lists(finite, min_size=4, max_size=4).map(lambda v: np.array(v).reshape(2, 2))


def _scale(a) -> float:
    return max(1.0, float(np.max(np.abs(a))))


def _scale_all(a) -> float:
    return max(float(np.max(np.abs(a))), 1e-300)


def _is_rotation(m, tol=1e-12) -> bool:
    return np.allclose(m.T @ m, np.eye(2), atol=tol) and abs(np.linalg.det(m) - 1) < tol


@pytest.mark.parametrize("a", EXAMPLES)
def test_integer_stages_are_the_exact_products(a):
    a = np.array(a, dtype=float)
    s = svd_stages(a)
    assert np.array_equal(s.matrix(0), np.eye(2))
    assert np.array_equal(s.matrix(1), s.vt)
    sigma_vt = s.s[:, None] * s.vt
    assert np.array_equal(s.matrix(2), sigma_vt)
    assert np.array_equal(s.matrix(3), s.u @ sigma_vt)
    assert np.allclose(stage_matrix(a, 3), a, rtol=0, atol=1e-12 * _scale(a))


@settings(max_examples=150, deadline=None)
@given(matrices)
def test_stage_three_is_a_and_factors_are_an_svd(a):
    s = svd_stages(a)
    assert np.allclose(s.matrix(3), a, rtol=0, atol=1e-12 * _scale(a))
    assert s.s[0] >= s.s[1] >= 0
    assert np.allclose(s.s, np.linalg.svd(a, compute_uv=False), atol=1e-12 * _scale(a))
    assert _is_rotation(s.vt)  # Vᵀ is always a pure rotation
    assert np.allclose(s.u.T @ s.u, np.eye(2), atol=1e-12)
    # Scale first: det of a tiny matrix underflows to 0 though its sign is clear; and only
    # where the sign is not lost in rounding (σ₂ barely above the rank tolerance).
    det = np.linalg.det(a / _scale_all(a))
    if not s.singular and abs(det) > 1e-9:
        assert np.sign(np.linalg.det(s.u)) == np.sign(det)
    elif s.singular:
        assert np.linalg.det(s.u) > 0  # u₂ is free: no needless reflection


@settings(max_examples=60, deadline=None)
@given(matrices, st.floats(0, 3))
def test_stages_are_continuous(a, t):
    s = svd_stages(a)
    h = 1e-7
    lo, hi = max(t - h, 0.0), min(t + h, 3.0)
    jump = np.max(np.abs(s.matrix(hi) - s.matrix(lo)))
    # Every stage moves at a bounded speed: angles ≤ π per stage, scales ≤ |σ − 1|.
    assert jump <= 8 * (hi - lo) * (math.pi + _scale(a)) + 1e-12


def test_first_stage_is_a_rotation_by_a_fraction_of_the_angle():
    a = np.array([[2.0, 1.0], [1.0, 2.0]])
    s = svd_stages(a)
    theta = math.atan2(s.vt[1, 0], s.vt[0, 0])
    for t in (0.25, 0.5, 0.9):
        m = s.matrix(t)
        assert _is_rotation(m)
        assert math.isclose(math.atan2(m[1, 0], m[0, 0]), t * theta, abs_tol=1e-12)
    assert "turns by 45.0° clockwise" in s.describe(1)


def test_sign_convention_agrees_with_the_plane():
    for a in ([[2, 1], [1, 2]], [[1, 1], [0, 1]], [[1, 2], [1, -1]], [[3, 1], [-2, 0.5]]):
        a = np.array(a, dtype=float)
        s, g = svd_stages(a), plane_geometry(a)
        _, _, vt = np.linalg.svd(a)  # NumPy's v₁, up to sign, turned to point right
        np.testing.assert_allclose(g.vt[0], np.sign(vt[0, 0]) * vt[0], atol=1e-12)
        assert np.allclose(s.vt[0], g.vt[0], atol=1e-12)
        assert np.allclose(s.u[:, 0], g.u[:, 0], atol=1e-12)
        # The second pair may differ by a common sign only (same line, same σ₂u₂ axis).
        assert np.allclose(abs(s.vt[1] @ g.vt[1]), 1, atol=1e-12)


@pytest.mark.parametrize("a", EXAMPLES[:7])
def test_ellipse_axes_are_sigma_u(a):
    a = np.array(a, dtype=float)
    s = svd_stages(a)
    pic = stage_picture(s, 3.0, [0.3, -0.7])
    assert np.allclose(pic.axes, s.semi_axes, atol=1e-12 * _scale(a))
    assert np.allclose(pic.axes, (a @ s.vt.T).T, atol=1e-12 * _scale(a))  # A vᵢ = σᵢuᵢ
    assert np.allclose(pic.circle, unit_circle() @ a.T, atol=1e-12 * _scale(a))
    r = np.hypot(pic.circle[:, 0], pic.circle[:, 1])
    assert r.max() <= s.s[0] * (1 + 1e-12) and r.max() >= s.s[0] * (1 - 1e-3)
    assert np.allclose(pic.x, a @ [0.3, -0.7])
    assert np.allclose(pic.ellipse, pic.circle)
    # Along the way the images of v₁ and v₂ stay perpendicular: they are the current axes.
    for t in np.linspace(0, 3, 13):
        ax = stage_picture(s, t, [1, 0]).axes
        assert abs(ax[0] @ ax[1]) < 1e-12 * _scale(a) ** 2


def test_reflection_is_done_by_u_and_passes_through_a_flat_picture():
    a = np.array([[1.0, 2.0], [1.0, -1.0]])
    s = svd_stages(a)
    assert s.reflects and not s.singular
    assert np.linalg.det(s.u) < 0
    assert np.linalg.det(s.matrix(2.0)) > 0 and np.linalg.det(s.matrix(3.0)) < 0
    assert abs(np.linalg.det(s.matrix(2.25))) < 1e-12  # the flip crosses det = 0 honestly
    assert "reflects" in s.describe(3)
    assert np.isclose(s.det, -3.0)


def test_singular_and_zero():
    s = svd_stages([[1, 2], [2, 4]])
    assert s.singular and s.rank == 1 and not s.reflects
    assert s.s[1] < 1e-12 and math.isclose(s.s[0], 5.0)
    assert "flat" in s.describe(2)
    circle = stage_picture(s, 3.0, [1, 0]).circle
    u1 = s.u[:, 0]
    assert np.max(np.abs(circle @ np.array([-u1[1], u1[0]]))) < 1e-12  # a segment along u₁
    z = svd_stages(np.zeros((2, 2)))
    assert z.rank == 0
    for t in np.linspace(0, 3, 7):
        assert np.all(np.isfinite(stage_picture(z, t, [1, 1]).grid))
    assert np.array_equal(z.matrix(3), np.zeros((2, 2)))


def test_rank_one_stages_collapse_the_ellipse():
    a = np.array([[2.0, 1.8], [1.0, 1.1]])
    s = svd_stages(a)
    m = s.matrix(3, rank=1)
    assert np.allclose(m, rank_one(a).matrix, atol=1e-12)
    assert abs(np.linalg.det(m)) < 1e-12
    assert np.array_equal(s.matrix(1, rank=1), s.vt)


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 6), st.integers(1, 6), st.integers(0, 2**31 - 1))
def test_rank_one_errors(m, n, seed):
    a = np.random.default_rng(seed).normal(size=(m, n))
    r = rank_one(a)
    sv = np.linalg.svd(a, compute_uv=False)
    assert np.linalg.matrix_rank(r.matrix) <= 1
    assert math.isclose(r.error_2, sv[1] if sv.size > 1 else 0.0, abs_tol=1e-12)
    assert math.isclose(r.error_fro, float(np.sqrt(np.sum(sv[1:] ** 2))), abs_tol=1e-12)
    assert math.isclose(r.sigma2, sv[1] if sv.size > 1 else 0.0, abs_tol=1e-12)


def test_rank_one_of_a_rank_one_matrix_is_itself():
    a = np.array([[1.0, 2.0], [2.0, 4.0]])
    r = rank_one(a)
    assert np.allclose(r.matrix, a) and r.error_2 < 1e-12 and r.error_fro < 1e-12


def test_grid_extent_grows_when_the_map_shrinks():
    s = svd_stages([[4.0, 0.0], [0.0, 0.25]])
    small = stage_picture(s, 3.0, [0, 0], reach=4.0)
    assert small.grid.shape[0] > stage_picture(s, 0.0, [0, 0], reach=4.0).grid.shape[0]
    flat = stage_picture(svd_stages([[1, 2], [2, 4]]), 3.0, [0, 0], reach=4.0, max_extent=7)
    assert flat.grid.shape == (2 * 15, 2, 2)


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        svd_stages([[np.nan, 0], [0, 1]])
    with pytest.raises(ValueError):
        svd_stages(np.eye(2)).describe(4)
    with pytest.raises(ValueError):
        rank_one(np.zeros((0, 2)))
    assert len(STAGE_NAMES) == 3


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(-10**4, 10**4), min_size=4, max_size=4))
def test_det_is_exact_and_zero_exactly_when_singular(entries):
    (p, q), (r, t) = (entries[:2], entries[2:])
    s = svd_stages(np.array(entries, dtype=float).reshape(2, 2))
    exact = p * t - q * r  # integers: the true determinant, no rounding
    assert s.det == (0.0 if s.singular else exact)
    assert s.singular == (np.linalg.matrix_rank(s.a) < 2)
    if not s.singular:  # ±σ₁σ₂, the sign of det U (Vᵀ is a rotation)
        assert abs(s.det) == pytest.approx(s.s[0] * s.s[1], rel=1e-9)
        assert s.reflects == (exact < 0)


def test_det_of_a_nearly_singular_matrix_beside_sigma2_zero():
    s = svd_stages([[0.1, 0.3], [0.7, 2.1]])  # ad − bc of the doubles is 2.8e-17: round-off
    assert s.singular and s.s[1] == 0 and s.det == 0.0
