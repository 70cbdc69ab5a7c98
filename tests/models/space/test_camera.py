"""The 3D camera: an orthonormal view rotation, projection and back-to-front depth order."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.space.camera import (
    ELEVATION_LIMIT,
    ZOOM_LIMITS,
    Camera,
    depth_order,
    facing,
    paint_ranks,
    project,
    screen_extent,
    view_rotation,
)

angles = st.floats(min_value=-720, max_value=720, allow_nan=False)
elevations = st.floats(min_value=-89, max_value=89, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(angles, elevations)
def test_view_rotation_is_a_proper_rotation(az, el):
    r = view_rotation(az, el)
    np.testing.assert_allclose(r @ r.T, np.eye(3), atol=1e-12)
    assert np.linalg.det(r) == pytest.approx(1.0)
    assert abs(r[0, 2]) < 1e-15  # the screen's x axis stays horizontal: z is always "up"
    assert r[1, 2] >= -1e-15


def test_known_camera_looking_along_x():
    r = view_rotation(0.0, 0.0)  # the eye sits on the +x axis, looking at the origin
    np.testing.assert_allclose(r, [[0, 1, 0], [0, 0, 1], [1, 0, 0]], atol=1e-15)
    xy, depth = project([[1, 2, 3], [-1, 0, 0]], r)
    np.testing.assert_allclose(xy, [[2, 3], [0, 0]], atol=1e-15)
    np.testing.assert_allclose(depth, [1, -1], atol=1e-15)


def test_depth_order_paints_a_known_scene_back_to_front():
    # Three unit squares stacked along the view direction, listed near, far, middle.
    r = view_rotation(0.0, 0.0)
    centres = np.array([[2.0, 0, 0], [-2.0, 0, 0], [0.0, 0, 0]])
    _, depth = project(centres, r)
    assert list(depth_order(depth)) == [1, 2, 0]  # far (x = −2), middle, then near
    # Seen from the other side the order reverses.
    _, depth = project(centres, view_rotation(180.0, 0.0))
    assert list(depth_order(depth)) == [0, 2, 1]
    # Seen from above, z decides.
    _, depth = project([[0, 0, 1.0], [0, 0, -1.0]], view_rotation(30.0, 80.0))
    assert list(depth_order(depth)) == [1, 0]


def test_paint_ranks_respect_constraints():
    depths = [0.0, 1.0, 0.5]
    assert list(paint_ranks(depths)) == [0, 2, 1]
    # Primitive 0 (say an arrow on face 1) must be painted after face 1.
    ranks = paint_ranks(depths, above=[(0, 1)])
    assert ranks[0] > ranks[1] and sorted(ranks) == [0, 1, 2]


def test_perspective_magnifies_near_points_and_keeps_depth():
    r = view_rotation(0.0, 0.0)
    pts = np.array([[1.0, 1, 0], [-1.0, 1, 0], [0.0, 1, 0]])
    xy_o, d_o = project(pts, r)
    xy_p, d_p = project(pts, r, distance=5.0)
    np.testing.assert_array_equal(d_o, d_p)
    assert xy_p[0, 0] > xy_o[0, 0] > xy_p[1, 0]  # near point larger, far point smaller
    assert xy_p[2, 0] == pytest.approx(1.0)
    # A point at or behind the eye stays finite.
    xy, _ = project([[10.0, 1, 1]], r, distance=5.0)
    assert np.all(np.isfinite(xy))
    # NaN rows (polyline breaks) stay NaN.
    assert np.all(np.isnan(project([[np.nan] * 3], r, 5.0)[0]))


def test_camera_clamps_and_refuses():
    cam = Camera().orbited(400.0, 200.0)
    assert -180 < cam.azimuth <= 180 and cam.elevation == ELEVATION_LIMIT
    assert Camera().zoomed(1e6).zoom == ZOOM_LIMITS[1]
    assert Camera().zoomed(1e-6).zoom == ZOOM_LIMITS[0]
    for bad in ({"zoom": 0.0}, {"elevation": 95.0}, {"azimuth": float("nan")},
                {"zoom": True}):
        with pytest.raises(ValueError):
            Camera(**bad)
    assert Camera.make(**Camera(10, 20, 2).to_dict()) == Camera(10, 20, 2)


def test_facing_is_one_for_a_face_toward_the_eye():
    r = view_rotation(0.0, 0.0)
    np.testing.assert_allclose(facing([[1, 0, 0], [0, 1, 0], [-1, 0, 0], [0, 0, 0]], r),
                               [1, 0, 1, 0], atol=1e-15)


def test_screen_extent_holds_points_and_ellipsoids():
    r = view_rotation(0.0, 0.0)  # screen x = world y, screen y = world z
    assert screen_extent([[5.0, 1, -2]], r) == pytest.approx(2.0)
    m = np.diag([7.0, 1, 3])  # an ellipsoid reaching 1 along y and 3 along z
    assert screen_extent(np.zeros((1, 3)), r, [m]) == pytest.approx(3.0)
    # Rotated: the silhouette of a rotated ellipsoid, checked against sampled surface points.
    rot = view_rotation(33.0, 21.0)
    a = np.array([[2.0, 1, 0], [0, 1, 0.5], [0.3, 0, 0.7]])
    u = np.random.default_rng(0).normal(size=(20000, 3))
    pts = (u / np.linalg.norm(u, axis=1, keepdims=True)) @ a.T
    sampled = np.max(np.abs(project(pts, rot)[0]))
    assert sampled <= screen_extent(np.zeros((1, 3)), rot, [a]) <= sampled * 1.01
