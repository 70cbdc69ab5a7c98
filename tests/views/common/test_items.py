"""The shared figure items: a curve keeps its data's extent across zooms, and items whose
moves go unreported still repaint where they move."""

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QApplication

from views.common.figure import PlaneFigure
from views.common.items import CurveItem
from views.common.labels import Label


def _figure(qtbot):
    fig = PlaneFigure()
    qtbot.addWidget(fig)
    fig.resize(400, 400)
    fig.show()
    qtbot.waitExposed(fig)
    return fig


def test_a_curve_keeps_its_extent_across_zooms_and_follows_new_data(qtbot):
    fig = _figure(qtbot)
    curve = CurveItem()
    fig.vb.addItem(curve, ignoreBounds=True)
    x, y = np.array([-1.5, 0.25, 2.0]), np.array([0.5, -3.0, 1.0])
    curve.setData(x.copy(), y.copy())
    assert curve.dataBounds(0) == (x.min(), x.max())
    assert curve.dataBounds(1) == (y.min(), y.max())
    # Change the stored data behind the curve's back: only a new scan would see it.
    curve.xData[0] = -100.0
    for half in (2.0, 7.5, 40.0):  # zooms: the view's transform changes each time
        fig.vb.setRange(xRange=(-half, half), yRange=(-half, half), padding=0)
        fig.scene().prepareForPaint()
        QApplication.processEvents()
        rect = curve.boundingRect()
        assert rect.left() <= x.min() and rect.right() >= x.max()
        assert rect.top() <= y.min() and rect.bottom() >= y.max()
        assert curve.dataBounds(0) == (-1.5, 2.0)  # not scanned again
    curve.setData(x * 10, y * 10)
    assert curve.dataBounds(0) == (10 * x.min(), 10 * x.max())
    assert curve.dataBounds(1) == (10 * y.min(), 10 * y.max())


def test_a_label_moved_without_reports_is_repainted_where_it_went(qtbot):
    fig = _figure(qtbot)
    fig.vb.setRange(xRange=(-2, 2), yRange=(-2, 2), padding=0)
    lab = Label(fig.vb, "text", size=20)
    lab.set_text("MMMM")
    lab.place((0.5, 0.5), (-1.0, 1.0))
    QApplication.processEvents()
    before = fig.grab().toImage()
    lab.place((0.5, 0.5), (1.0, -1.0))
    QApplication.processEvents()
    moved = fig.grab().toImage()
    # A second figure that drew the label at its new place from the start.
    other = _figure(qtbot)
    other.vb.setRange(xRange=(-2, 2), yRange=(-2, 2), padding=0)
    twin = Label(other.vb, "text", size=20)
    twin.set_text("MMMM")
    twin.place((0.5, 0.5), (1.0, -1.0))
    QApplication.processEvents()
    assert moved != before
    assert moved == other.grab().toImage()
    assert isinstance(lab.item, pg.TextItem)


def test_a_curve_extent_skips_nan_and_inf_like_numpy(qtbot):
    curve = CurveItem()
    x = np.array([0.5, np.nan, -2.0, 3.0])
    y = np.array([np.inf, 1.0, -np.inf, -0.25])
    curve.setData(x, y)
    assert curve.dataBounds(0) == (np.nanmin(x), np.nanmax(x))
    finite = y[np.isfinite(y)]
    assert curve.dataBounds(1) == (finite.min(), finite.max())
    curve.setData(np.array([1.0, 2.0]), np.array([-1.0, 4.0]))
    assert curve.dataBounds(0) == (1.0, 2.0) and curve.dataBounds(1) == (-1.0, 4.0)
