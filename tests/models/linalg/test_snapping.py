"""The one rule for where a dragged tip lands, against hand-computed cases."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.linalg.snapping import snap_tip
from models.projection.model import dot_facts

coords = st.floats(min_value=-50, max_value=50, allow_nan=False, allow_infinity=False)


# -- the plain grid (Plane, SVD and Norms: steps of 0.05, no magnets) -------------------------
def test_grid_step_unless_fine():
    assert snap_tip((0.123, 0.987)) == (0.1, 1.0)
    assert snap_tip((-0.174, 2.026)) == (-0.15, 2.05)  # without binary noise (0.15000…02)
    assert snap_tip((0.123, 0.987), fine=True) == (0.123, 0.987)


@given(coords, coords)
def test_grid_lands_on_a_multiple_of_the_step_within_half_a_step(x, y):
    sx, sy = snap_tip((x, y))
    for v, s in ((x, sx), (y, sy)):
        assert abs(s - v) <= 0.025 + 1e-9
        assert abs(s / 0.05 - round(s / 0.05)) < 1e-6


def test_no_magnets_without_a_pixel_size():
    # 0.43 is within 8 px of 0.5 at any zoom, but px = 0 turns the magnets off.
    assert snap_tip((0.43, 1.02), other=(1.0, 0.0)) == (0.45, 1.0)


# -- the unit circle ---------------------------------------------------------------------------
def test_on_the_circle_whole_degrees_unless_fine():
    x, y = snap_tip((3.0, 1.1), on_circle=True)
    assert math.hypot(x, y) == pytest.approx(1.0)
    # atan2(1.1, 3) = 20.14°, so the tip sits at 20°: (cos 20°, sin 20°).
    assert (x, y) == pytest.approx((0.9396926207859084, 0.3420201433256687))
    x, y = snap_tip((3.0, 1.1), on_circle=True, fine=True)
    assert (x, y) == pytest.approx((3.0 / math.hypot(3.0, 1.1), 1.1 / math.hypot(3.0, 1.1)))


def test_circle_wins_over_the_grid_and_magnets():
    # (0.5, 0.5) is a half-unit point, but a tip held on the circle goes to 45° on it.
    x, y = snap_tip((0.5, 0.5), on_circle=True, px=0.01, other=(1.0, 0.0))
    assert (x, y) == pytest.approx((math.sqrt(0.5), math.sqrt(0.5)))


# -- magnets (Projection: half units and right angles, steps of 0.01) -------------------------
_PROJ = {"step": 0.01, "fine_step": 1e-4}


def test_half_unit_point_within_reach():
    # 8 px at 0.01 per px is 0.08: (1.02, 0.49) is 0.022 from (1, 0.5).
    assert snap_tip((1.02, 0.49), px=0.01, other=(3.0, 1.0), **_PROJ) == (1.0, 0.5)
    # At 0.001 per px the reach is 0.008: too far, so only rounded to 0.01.
    assert snap_tip((1.02, 0.49), px=0.001, other=(3.0, 1.0), **_PROJ) == (1.02, 0.49)


def test_right_angle_to_the_other_vector():
    # a = (3, 1): its perpendicular direction is (−1, 3)/√10. The pointer (−1.2, 3.3)
    # projects onto it at t = (1.2 + 9.9)/√10, i.e. the point (−1.11, 3.33); the pointer is
    # 0.095 from it, within 8 px at 0.02 per px (0.16), and 0.19 from the nearest half unit.
    x, y = snap_tip((-1.2, 3.3), px=0.02, other=(3.0, 1.0), **_PROJ)
    assert (x, y) == pytest.approx((-1.11, 3.33))
    assert 3.0 * x + 1.0 * y == pytest.approx(0.0, abs=1e-12)
    assert dot_facts((3.0, 1.0), (x, y)).kind == "right"  # as the Projection lab reads it


def test_along_the_other_vector():
    # a = (1, 1): the pointer (2.23, 2.27) is 0.028 from the line y = x at (2.25, 2.25),
    # and 0.25 from the nearest half unit.
    assert snap_tip((2.23, 2.27), px=0.01, other=(1.0, 1.0), **_PROJ) == pytest.approx(
        (2.25, 2.25))


def test_no_line_snap_near_the_origin_or_along_a_zero_vector():
    # (0.007, 0.006) is 0.006 from the line x = 0 and 0.007 from y = 0 (reach 0.008), but
    # both feet are within reach of the origin, and the origin itself is 0.0092 away: rounded.
    assert snap_tip((0.007, 0.006), px=0.001, other=(0.0, 1.0), **_PROJ) == (0.01, 0.01)
    # Away from the origin the same line catches it: (0.031, 0.004) → (0.031, 0).
    assert snap_tip((0.031, 0.004), px=0.001, other=(0.0, 1.0), **_PROJ) == (0.031, 0.0)
    # The zero vector has no direction: only rounded.
    assert snap_tip((1.234567, 2.777), px=0.001, other=(0.0, 0.0), **_PROJ) == (1.23, 2.78)


def test_rounded_when_nothing_catches_and_finely_with_shift():
    assert snap_tip((1.234567, 2.777), px=0.001, other=(1.0, 0.0), **_PROJ) == (1.23, 2.78)
    assert snap_tip((1.234567, 2.7), px=0.001, other=(1.0, 0.0), fine=True,
                    **_PROJ) == (1.2346, 2.7)


@given(coords, coords, coords, coords)
def test_a_caught_tip_is_within_reach_of_the_pointer(x, y, ox, oy):
    px = 0.01
    sx, sy = snap_tip((x, y), px=px, other=(ox, oy), **_PROJ)
    # Caught by a magnet: within 8 px; else rounded: within half a step per coordinate.
    assert math.hypot(sx - x, sy - y) <= max(8 * px, math.hypot(0.005, 0.005)) + 1e-9
    assert np.isfinite([sx, sy]).all()
