"""The one view-range fitting rule of the 2D figures, against ranges worked out by hand."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from views.common.figure import FIT_MARGIN, MAX_HALF, PlaneFigure, ViewFit, coarse_half, fit_box


def test_centred_content_gets_its_reach_with_the_margin_rounded_up():
    # reach 3: 3 × 1.15 = 3.45, rounded up to a quarter unit: 3.5.
    assert fit_box(-3.0, 3.0, 2.2) == ((-3.5, 3.5), (-3.5, 3.5))
    # reach 1: 1.15 is below the least half-width 2.2, rounded up to 2.25.
    assert fit_box(-1.0, 1.0, 2.2) == ((-2.25, 2.25), (-2.25, 2.25))
    # reach 40: 46, rounded up to a quarter of its decade (2.5): 47.5.
    assert fit_box(-40.0, 40.0, 2.2) == ((-47.5, 47.5), (-47.5, 47.5))


@given(st.floats(min_value=1e-6, max_value=1e250), st.sampled_from([0.0, 1.6, 2.2]))
def test_centred_rule_is_coarse_half_of_the_reach_with_the_margin(reach, min_half):
    (x0, x1), (y0, y1) = fit_box(-reach, reach, min_half)
    half = coarse_half(max(min_half, FIT_MARGIN * reach))
    assert (x1, y1) == pytest.approx((half, half), rel=1e-12)
    assert (x0, y0) == (-x1, -y1)
    assert x1 >= FIT_MARGIN * reach * (1 - 1e-12)  # the content and its margin fit


def test_off_centre_box_with_label_room_and_half_steps():
    # The Projection lab's a = (3, 1), b = (2, 2), shadow (2.4, 0.8), and ±1: the box
    # (−1, −1)…(3, 2), half-extent 2. Room 0.17·2 + 0.2 = 0.54, plus the margin 0.15·2:
    # 0.84 each side, so (−1.84, −1.84)…(3.84, 2.84); rounded out to half units.
    assert fit_box((-1.0, -1.0), (3.0, 2.0), room=0.54, per_decade=2) == (
        (-2.0, 4.0), (-2.0, 3.0))


def test_no_rounding_when_asked():
    # A product panel: the squares reach 2, so 2.3 exactly (no coarse step).
    (x0, x1), _ = fit_box(-2.0, 2.0, 1.6, per_decade=None)
    assert (x0, x1) == pytest.approx((-2.3, 2.3))


@pytest.mark.parametrize("reach", [math.inf, math.nan, 1e308])
def test_content_beyond_the_floats_gets_the_largest_drawable_range(reach):
    assert fit_box(-reach, reach, 2.2) == ((-MAX_HALF, MAX_HALF), (-MAX_HALF, MAX_HALF))
    assert math.isfinite(2 * MAX_HALF)


def test_view_fit_sets_the_range_only_when_it_changes(qtbot):
    figure = PlaneFigure()
    qtbot.addWidget(figure)
    changes = []
    figure.vb.sigRangeChanged.connect(lambda *_: changes.append(1))
    fit = ViewFit(figure.vb, figure.getPlotItem())
    assert fit.fit(-3.0, 3.0, 2.2)
    assert fit.box == ((-3.5, 3.5), (-3.5, 3.5))
    (x0, x1), (y0, y1) = figure.vb.viewRange()
    assert x0 <= -3.5 and x1 >= 3.5 and y0 <= -3.5 and y1 >= 3.5  # aspect-locked: ≥
    seen = len(changes)
    assert not fit.fit(-3.02, 3.02, 2.2)  # 3.473 still rounds to 3.5: nothing is set
    assert len(changes) == seen
    fit.reset()
    assert fit.fit(-3.02, 3.02, 2.2)  # after a reset the same range is set again
    assert np.isfinite(figure.vb.viewRange()).all()
