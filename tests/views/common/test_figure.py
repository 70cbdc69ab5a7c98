"""The one rule for where a dragged vector tip lands (plane, SVD and norms canvases)."""

import math

import pytest

from views.common.figure import snap_drag


def test_grid_snap_unless_fine():
    assert snap_drag(0.123, 0.987, fine=False, on_circle=False) == (0.1, 1.0)
    assert snap_drag(0.123, 0.987, fine=True, on_circle=False) == (0.123, 0.987)


def test_on_the_circle_whole_degrees_unless_fine():
    x, y = snap_drag(3.0, 1.1, fine=False, on_circle=True)
    assert math.hypot(x, y) == pytest.approx(1.0)
    assert math.degrees(math.atan2(y, x)) == pytest.approx(20.0)
    x, y = snap_drag(3.0, 1.1, fine=True, on_circle=True)
    assert math.atan2(y, x) == pytest.approx(math.atan2(1.1, 3.0))
