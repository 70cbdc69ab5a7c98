"""Layout is computed per model change or size change, never fed back into itself: axes
keep the room their data needs whatever the size, the projection readout never squeezes
the plot away, and text that changes on hover never changes a figure's size.

(These layout feedback loops froze the window: an aspect-locked plot whose axis width
followed its tick labels, which followed the range, which followed the plot's width.)
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication

from models.attention.model import AttentionModel
from models.plane.model import PlaneModel
from models.projection.model import ProjectionModel
from views.attention.view import AttentionView
from views.common.heatmap import Heatmap
from views.norms.view import NormsView
from views.projection.view import ProjectionView
from views.svd.view import SvdView

SIZES = ((900, 700), (620, 1000), (1500, 600), (700, 700), (1201, 799))


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def _drawn_labels(axis) -> list:
    """``(rect, text)`` of the tick labels the axis paints now (pyqtgraph's own layout)."""
    image = QImage(16, 16, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return [] if specs is None else [(rect, text) for rect, _flags, text in specs[2]]


def _check_left_axis_room(view, plot, resize) -> None:
    axis = plot.getAxis("left")
    widths = set()
    for size in SIZES:
        resize(*size)
        _settle()
        widths.add(axis.width())
        labels = _drawn_labels(axis)
        assert labels, size
        for rect, text in labels:  # every label inside the axis's room, none cut off
            assert rect.left() >= -0.5, (size, text, rect, axis.width())
        assert plot.getViewBox().width() > 100, size  # the plot keeps room to draw in
    assert len(widths) == 1, widths  # the room is the model's, not the size's


def test_svd_and_norms_axes_keep_their_room_at_every_size(show_lab):
    for view_class in (SvdView, NormsView):
        model = PlaneModel()
        model.update(texts=["7", "0", "0", "7"])  # labels "−5" or "−10" as the aspect goes
        _, view, _ = show_lab(view_class, model)
        canvas = view.canvas()
        _check_left_axis_room(view, canvas.getPlotItem(), view.resize)


def test_projection_axis_keeps_its_room_for_huge_values(show_lab):
    model, view, _ = show_lab(ProjectionView, ProjectionModel())
    model.update(b_texts=["1", "12345"])
    _check_left_axis_room(view, view.canvas().plot, view.resize)


def test_projection_readout_moves_under_a_narrow_plot(show_lab):
    model, view, _ = show_lab(ProjectionView, ProjectionModel())
    model.update(b_texts=["1", "1e5"])
    canvas = view.canvas()
    canvas.setFixedWidth(360)  # the canvas's minimum: a narrow side-by-side view
    _settle()
    vb = canvas.vb
    assert vb.width() > 200  # it had 8 px left beside the 396 px readout
    plot_box = canvas.plot.sceneBoundingRect()
    readout_box = canvas.readout.sceneBoundingRect()
    assert readout_box.top() >= plot_box.bottom() - 1  # under the plot
    assert readout_box.right() <= canvas.width() + 1  # and inside the canvas
    canvas.setFixedWidth(1000)
    _settle()
    assert canvas.readout.sceneBoundingRect().left() >= canvas.plot.sceneBoundingRect().right()


def test_heatmap_axes_are_sized_by_the_tokens_not_by_the_cells(qtbot):
    widget = pg.GraphicsLayoutWidget()
    qtbot.addWidget(widget)
    maps = [Heatmap("a", signed=True), Heatmap("b", signed=False)]
    for k, hm in enumerate(maps):
        widget.ci.addItem(hm.plot, row=0, col=k)
    tokens = ["a", "xxxxxxxxxxx", "b", "c", "d", "e", "f"]
    values = np.arange(49.0).reshape(7, 7) - 24
    for hm in maps:
        hm.set_data(values, (-24.0, 24.0), tokens, tokens,
                    notes=[f"Σ={v:.2f}" for v in range(7)])
        hm.set_cell_px(20)  # the owner's layout fixes the cells; resizing never does
    widget.show()
    rooms = set()
    for size in SIZES + ((500, 150), (1400, 200), (300, 260)):
        widget.resize(*size)
        _settle()
        for hm in maps:
            left, top = hm.plot.getAxis("left"), hm.plot.getAxis("top")
            rooms.add((id(hm), left.width(), top.height(), hm.plot.getAxis("right").width()))
    assert len(rooms) == len(maps), rooms
    left = maps[0].labels["left"]
    assert len(left.texts()) == len(tokens)  # every token, the long one shortened
    widest = max(it.boundingRect().width() for it in left.items)
    assert maps[0].plot.getAxis("left").width() >= widest


def test_a_long_hover_line_does_not_resize_the_attention_figure(show_lab):
    _, view, _ = show_lab(AttentionView, AttentionModel(), size=(700, 700))
    _settle()
    before = (view.figures.height(), view.info.height())
    view._show_info("query 'xxxxxxxxxxx' (row 2) → key 'b' (column 3), head 1: "
                    "QKᵀ = +0.123, ÷√2 = +0.087, weight = 0.1234 " * 2)
    _settle()
    assert (view.figures.height(), view.info.height()) == before
    view.large.cancel(quiet=True)
    view.large.canvas.stop()
