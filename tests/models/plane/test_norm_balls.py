"""Unit balls and induced norms against NumPy."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.plane.norm_balls import (
    diagonal_point,
    induced_norm_points,
    lp_norm,
    matrix_norms,
    norm_name,
    norms_picture,
    unit_ball,
    vector_norms,
    with_x,
)

exponents = st.one_of(st.sampled_from([1.0, 2.0, math.inf, 0.5, 10.0]),
                      st.floats(0.2, 60.0, allow_nan=False))
finite = st.floats(-100, 100, allow_nan=False, allow_infinity=False)
matrices = st.lists(finite, min_size=4, max_size=4).map(lambda v: np.array(v).reshape(2, 2))


def _np_norm(pts, p):
    return np.linalg.norm(pts, ord=p, axis=-1)


@settings(max_examples=120, deadline=None)
@given(exponents, st.integers(9, 2001))
def test_every_ball_point_has_norm_one(p, n):
    pts = unit_ball(p, n)
    assert np.all(np.isfinite(pts))
    assert np.max(np.abs(_np_norm(pts, p) - 1.0)) <= 1e-12
    assert np.max(np.abs(lp_norm(pts, p) - 1.0)) <= 1e-12
    assert np.array_equal(pts[0], pts[-1])  # closed
    assert np.max(np.abs(pts)) <= 1.0
    for axis_point in ([1, 0], [0, 1], [-1, 0], [0, -1]):
        assert np.any(np.all(pts == axis_point, axis=1))  # exact, including diamond corners


def test_square_corners_are_exact():
    pts = unit_ball(math.inf, 101)
    for corner in ([1, 1], [-1, 1], [-1, -1], [1, -1]):
        assert np.any(np.all(pts == corner, axis=1))


@pytest.mark.parametrize("p", [1.0, 1.5, 2.0, 3.0, math.inf])
def test_balls_of_norms_are_convex(p):
    pts = unit_ball(p, 401)
    d = np.diff(pts, axis=0)
    cross = d[:-1, 0] * d[1:, 1] - d[:-1, 1] * d[1:, 0]
    assert np.all(cross >= -1e-12)  # never turns clockwise: convex, counter-clockwise


def test_p_below_one_is_not_convex():
    pts = unit_ball(0.5, 401)
    d = np.diff(pts, axis=0)
    cross = d[:-1, 0] * d[1:, 1] - d[:-1, 1] * d[1:, 0]
    assert np.any(cross < -1e-6)
    assert lp_norm([0.5, 0.5], 0.5) == pytest.approx(2.0)  # the midpoint of two unit points


@settings(max_examples=100, deadline=None)
@given(st.lists(finite, min_size=2, max_size=2), exponents)
def test_vector_norms_match_numpy(x, p):
    n = vector_norms(x, p)
    assert n["l1"] == pytest.approx(np.linalg.norm(x, 1), abs=1e-12)
    assert n["l2"] == pytest.approx(np.linalg.norm(x, 2), abs=1e-12)
    assert n["inf"] == pytest.approx(np.linalg.norm(x, np.inf), abs=1e-12)
    m = max(float(np.max(np.abs(x))), 1e-300)
    # Reference scaled by the largest entry: NumPy's plain formula underflows for tiny x.
    assert n["p"] == pytest.approx(m * np.linalg.norm(np.array(x) / m, p), rel=1e-12,
                                   abs=1e-300)


@settings(max_examples=150, deadline=None)
@given(matrices)
def test_induced_norms_equal_numpy(a):
    for p in (1, 2, math.inf):
        r = induced_norm_points(a, p)
        ref = np.linalg.norm(a, p)
        if p == 2:
            assert r.norm == pytest.approx(ref, rel=1e-12, abs=1e-300)
        else:
            assert r.norm == ref  # exact: the maximum sits at a vertex of the ball
        assert lp_norm(r.point, p) == pytest.approx(r.norm, rel=1e-12, abs=1e-300)
        assert np.max(lp_norm(r.image, p)) <= r.norm * (1 + 1e-12) + 1e-300
    m = matrix_norms(a)
    # Reference scaled by the largest entry: NumPy's plain formula underflows for tiny A.
    top = max(float(np.max(np.abs(a))), 1e-300)
    assert m["fro"] == pytest.approx(top * np.linalg.norm(a / top, "fro"), rel=1e-12,
                                     abs=1e-300)


def test_farthest_points_are_the_exact_maximisers():
    a = np.array([[2.0, 1.0], [0.0, 1.0]])
    assert np.array_equal(induced_norm_points(a, 1).point, [2.0, 0.0])  # column 1, sum 2
    r = induced_norm_points(a, math.inf)
    assert np.array_equal(r.point, a @ [1.0, 1.0]) and r.norm == 3.0  # row 1, sum 3
    r2 = induced_norm_points(a, 2)
    u, s, vt = np.linalg.svd(a)
    assert r2.point == pytest.approx(s[0] * u[:, 0] * np.sign(u[0, 0] * r2.point[0]))
    assert r2.norm == pytest.approx(s[0])


@settings(max_examples=25, deadline=None)
@given(matrices, st.floats(0.6, 8.0))
def test_other_p_matches_dense_sampling(a, p):
    r = induced_norm_points(a, p)
    dense = np.max(lp_norm(unit_ball(p, 40001) @ a.T, p))
    assert r.norm >= dense * (1 - 1e-12)
    assert r.norm == pytest.approx(dense, rel=1e-7, abs=1e-300)


def test_zero_matrix_and_bad_exponents():
    r = induced_norm_points(np.zeros((2, 2)), 3.0)
    assert r.norm == 0.0 and np.array_equal(r.point, [0.0, 0.0])
    for bad in (0.0, -1.0, math.nan):
        with pytest.raises(ValueError):
            unit_ball(bad)
    with pytest.raises(ValueError):
        induced_norm_points([[math.inf, 0], [0, 1]], 2)


def test_names_and_diagonal_points():
    assert [norm_name(p) for p in (1, 2, math.inf, 3.5)] == ["L1", "L2", "L∞", "L3.5"]
    for p in (0.5, 1, 2, 7, math.inf):
        assert lp_norm(diagonal_point(p, (-1, 1)), p) == pytest.approx(1.0, abs=1e-15)
    assert np.array_equal(diagonal_point(math.inf, (1, -1)), [1.0, -1.0])


def test_norms_picture_and_moving_x():
    a = np.array([[2.0, 1.0], [0.0, 1.0]])
    pic = norms_picture(a, [0.6, 0.8], 3.0)
    assert set(pic.balls) == {"l1", "l2", "inf", "p"} and pic.convex
    for k, p in pic.balls_p.items():
        assert np.allclose(lp_norm(pic.reach[k], p), pic.induced[k].norm)
    assert pic.x_norms["l1"] == pytest.approx(1.4)
    assert np.allclose(pic.ax, a @ [0.6, 0.8])
    moved = with_x(pic, a, [1.0, -1.0])
    assert moved.balls is pic.balls and np.allclose(moved.ax, [1.0, -1.0])
    assert moved.x_norms["inf"] == 1.0
    assert not norms_picture(a, [1, 0], 0.5).convex
