"""The label-placement service every canvas uses: displaced labels get a leader line to
their point, labels with no legible spot are dropped, and none overlaps another or the
figure's edge."""

import math

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QRectF

from views.common.labels import LEADER_PX, Label, place_labels
from views.common.style import configure_pyqtgraph


@pytest.fixture
def vb(qtbot):
    configure_pyqtgraph()
    w = pg.PlotWidget()
    qtbot.addWidget(w)
    w.resize(420, 420)
    w.show()
    qtbot.waitExposed(w)
    box = w.getPlotItem().getViewBox()
    box.disableAutoRange()
    box.setAspectLocked(True)
    box.setRange(xRange=(-5, 5), yRange=(-5, 5), padding=0)
    yield box  # (the widget stays referenced until the test ends)
    del w


def _rect(lab, vb) -> QRectF:
    """The text's box in view-box pixels, read back from the item."""
    return vb.mapRectFromScene(lab.item.textItem.sceneBoundingRect())


def _label(vb, text, point, **kw) -> Label:
    lab = Label(vb, "text", **kw)
    lab.set_text(text)
    lab.set_point(*point)
    return lab


def test_free_label_sits_beside_its_point_without_a_leader(vb):
    lab = _label(vb, "Aî", (2.0, 1.0))
    place_labels([lab], vb)
    at = vb.mapFromView(pg.Point(2.0, 1.0))
    r = _rect(lab, vb)
    assert lab.item.isVisible() and not lab.dropped
    assert not lab.leader.isVisible()
    gap = math.hypot(max(r.left() - at.x(), 0, at.x() - r.right()),
                     max(r.top() - at.y(), 0, at.y() - r.bottom()))
    assert gap < LEADER_PX


def test_crowded_label_moves_out_with_a_leader_to_its_point(vb):
    lab = _label(vb, "σ₁u₁", (2.0, 1.0))
    at = vb.mapFromView(pg.Point(2.0, 1.0))
    block = QRectF(at.x() - 12, at.y() - 12, 24, 24)  # every spot beside the point is taken
    place_labels([lab], vb, obstacles_px=[block])
    r = _rect(lab, vb)
    assert lab.item.isVisible() and not lab.dropped
    assert not r.intersects(block)
    assert lab.leader.isVisible()
    line = lab.leader.line()
    assert (line.x1(), line.y1()) == pytest.approx((2.0, 1.0))  # starts at the point
    end = vb.mapFromView(pg.Point(line.x2(), line.y2()))
    # ... and ends on the text's box, more than LEADER_PX away
    assert r.adjusted(-1, -1, 1, 1).contains(end)
    assert math.hypot(end.x() - at.x(), end.y() - at.y()) > LEADER_PX
    # The leader goes when the crowd does.
    place_labels([lab], vb)
    assert not lab.leader.isVisible()


def test_labels_on_one_point_never_overlap(vb):
    names = ["det = 1 signed volume", "σ₁u₁", "Aî", "λ = 2", "x", "Ax"]
    labs = [_label(vb, t, (1.5, 1.5)) for t in names]
    place_labels(labs, vb)
    shown = [lab for lab in labs if lab.item.isVisible()]
    assert len(shown) >= 4
    rects = [_rect(lab, vb) for lab in shown]
    for i, a in enumerate(rects):
        for b in rects[i + 1:]:
            inter = a.intersected(b)
            assert inter.width() * inter.height() <= 1.0
    bounds = QRectF(0, 0, vb.width(), vb.height())
    assert all(bounds.contains(r) for r in rects)


def test_label_that_cannot_fit_is_dropped_and_comes_back(vb):
    wide = _label(vb, "W" * 80, (0.5, 0.5))  # wider than the whole figure
    place_labels([wide], vb)
    assert wide.dropped and not wide.item.isVisible() and not wide.leader.isVisible()
    assert wide.wanted  # still asked for: placement, not the layer, left it out
    wide.set_text("W")
    place_labels([wide], vb)
    assert not wide.dropped and wide.item.isVisible()
    r = _rect(wide, vb)
    assert QRectF(0, 0, vb.width(), vb.height()).contains(r)


def test_label_at_the_edge_is_kept_inside(vb):
    lab = _label(vb, "λ = 2 (long text)", (4.95, 4.95))  # the top-right corner
    place_labels([lab], vb)
    assert lab.item.isVisible()
    assert QRectF(0, 0, vb.width(), vb.height()).contains(_rect(lab, vb))
