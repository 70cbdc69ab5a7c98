"""PlaneCanvas: what is drawn equals the model's geometry; handles turn drags into edits."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from models.plane.geometry import grid_segments
from models.plane.model import PlaneModel
from models.plane.view_state import PlaneViewState
from views.plane.canvas import LAYERS, PlaneCanvas

CASES = {
    "distinct": [[2, 1], [1, 2]],
    "repeated": [[2, 0], [0, 2]],
    "defective": [[1, 1], [0, 1]],
    "complex": [[0, -1], [1, 0]],
    "flipped": [[0, 1], [1, 0]],
    "singular": [[1, 2], [2, 4]],
}


@pytest.fixture
def canvas(qtbot):
    c = PlaneCanvas()
    qtbot.addWidget(c)
    c.resize(800, 700)
    c.show()
    qtbot.waitExposed(c)
    return c


def show(canvas, matrix, **changes):
    model = PlaneModel()
    model.update(matrix=matrix, **changes)
    canvas.update_from(model)
    QApplication.processEvents()
    return model


def line_angle(line) -> float:
    return line.angle % 180.0


@pytest.mark.parametrize("name", list(CASES))
def test_items_equal_the_geometry(canvas, name):
    model = show(canvas, CASES[name])
    g = model.geometry
    x, y = canvas.items["ellipse"].getData()
    np.testing.assert_allclose(np.column_stack([x, y]), g.ellipse, atol=1e-12)
    np.testing.assert_allclose(canvas.square_polygon, g.square, atol=1e-12)
    poly = canvas.items["square"].polygon()
    np.testing.assert_allclose([[p.x(), p.y()] for p in poly], g.square, atol=1e-12)
    for k in (1, 2):
        np.testing.assert_allclose(canvas.items[f"semi_axis_{k}"].tip, g.semi_axes[k - 1],
                                   atol=1e-12)
    for j, name_j in enumerate(("a_i", "a_j")):
        np.testing.assert_allclose(canvas.items[name_j].tip, g.matrix[:, j], atol=1e-12)
        pos = canvas.items[f"handle_{j}"].pos()
        np.testing.assert_allclose([pos.x(), pos.y()], g.matrix[:, j], atol=1e-12)
    for k, (_lam, v) in enumerate(g.eigenlines, start=1):
        line = canvas.items[f"eigenline_{k}"]
        assert line.isVisible()
        expected = math.degrees(math.atan2(v[1], v[0])) % 180.0
        assert line_angle(line) == pytest.approx(expected, abs=1e-9)
    for k in range(len(g.eigenlines) + 1, 3):
        assert not canvas.items[f"eigenline_{k}"].isVisible()


def test_det_label_says_orientation(canvas):
    show(canvas, [[2, 1], [1, 2]])
    assert canvas.label("det").text == "det = 3"
    show(canvas, [[0, 1], [0.5, 0]])
    assert canvas.label("det").text == "det = −0.5 (orientation flipped)"
    show(canvas, [[1, 2], [2, 4]])
    assert canvas.label("det").text == "det = 0 (area collapses)"


def test_eigen_labels_and_notes(canvas):
    show(canvas, [[3, 0], [0, 1]])
    assert canvas.label("eigenline_1").text == "λ=3"
    assert canvas.label("eigenline_2").text == "λ=1"
    assert not canvas.items["eigen_note"].isVisible()
    show(canvas, [[1, 1], [0, 1]])
    assert canvas.label("eigenline_1").text == "λ=1 (defective)"
    show(canvas, [[2, 0], [0, 2]])
    note = canvas.items["eigen_note"]
    assert note.isVisible() and "every direction is an eigenvector, λ=2" in note.toPlainText()
    c, s = math.cos(math.pi / 6), math.sin(math.pi / 6)
    show(canvas, [[c, -s], [s, c]])
    text = canvas.items["eigen_note"].toPlainText()
    assert "rotation by θ=30.0°" in text and "scale r=1" in text


def test_semi_axis_labels_name_the_singular_values(canvas):
    show(canvas, [[2, 1], [1, 2]])
    assert canvas.label("semi_axis_1").text == "σ₁u₁ (σ₁=3)"
    assert canvas.label("semi_axis_2").text == "σ₂u₂ (σ₂=1)"


def test_parallel_cue_when_x_is_an_eigenvector(canvas):
    r = 1 / math.sqrt(2)
    show(canvas, [[2, 1], [1, 2]], x=[r, r])
    assert canvas.parallel
    assert canvas.label("ax").text == "Ax = λx, λ=3"
    assert canvas.items["ax"].shaft.pen().widthF() == 3
    show(canvas, [[2, 1], [1, 2]], x=[1, 0])
    assert not canvas.parallel
    assert canvas.label("ax").text == "Ax"


def test_layers_hide_and_show(canvas):
    show(canvas, [[2, 1], [1, 2]])
    for key in LAYERS:
        canvas.set_layer_visible(key, False)
        assert all(not item.isVisible() for item in canvas._layers[key])
        canvas.set_layer_visible(key, True)
        assert canvas.layer_visible(key)
    assert canvas.items["ellipse"].isVisible()


def test_transformed_grid_is_the_image_of_the_grid(canvas):
    model = show(canvas, [[2, 1], [1, 2]])
    n = canvas._tgrid_n
    x, y = canvas.items["transformed_grid"].getData()
    np.testing.assert_allclose(np.column_stack([x, y]),
                               grid_segments(model.matrix, n).reshape(-1, 2), atol=1e-12)
    canvas.view_state = PlaneViewState()
    canvas.view_state.set_time(0.0)
    canvas.update_from(model)
    x, y = canvas.items["transformed_grid"].getData()
    np.testing.assert_allclose(np.column_stack([x, y]),
                               grid_segments(np.eye(2), canvas._tgrid_n).reshape(-1, 2))


def test_view_fits_content_and_keeps_the_minimum(canvas):
    show(canvas, [[0.1, 0], [0, 0.1]])
    view = canvas.vb.viewRect()
    assert view.left() <= -2.2 and view.right() >= 2.2
    assert view.top() <= -2.2 and view.bottom() >= 2.2
    show(canvas, [[4, 1], [1, 3]])
    view = canvas.vb.viewRect()
    assert view.right() >= 5 and view.bottom() >= 4


def _label_rect_px(canvas, lab):
    return canvas.vb.mapRectFromScene(lab.item.sceneBoundingRect())


@pytest.mark.parametrize("name", list(CASES))
def test_no_label_covers_the_origin(canvas, name):
    show(canvas, CASES[name])
    origin = canvas.vb.mapFromView(QPointF(0, 0))
    for lab in canvas._labels.values():
        if lab.isVisible():
            assert not _label_rect_px(canvas, lab).adjusted(-3, -3, 3, 3).contains(origin), \
                lab.text


def test_handle_drag_api_snaps_and_shares_a_merge_key(canvas):
    show(canvas, [[1, 0], [0, 1]])
    got = []
    canvas.column_dragged.connect(lambda *a: got.append(a))
    h = canvas.handle("a_i")
    h.begin_drag()
    h.drag_to(1.512, 0.333)
    h.drag_to(1.7, 0.41, fine=True)
    h.end_drag()
    assert [(j, x, y) for j, x, y, _ in got] == [(0, 1.5, 0.35), (0, 1.7, 0.41)]
    assert got[0][3] == got[1][3] and got[0][3][:3] == ("drag", "column", 0)
    h.begin_drag()
    h.drag_to(2, 2)
    h.end_drag()
    assert got[2][3] != got[0][3]  # a new drag is a new undo step


def test_x_on_circle_drag_is_projected(canvas):
    show(canvas, [[2, 1], [1, 2]], x_on_circle=True)
    got = []
    canvas.x_dragged.connect(lambda *a: got.append(a))
    h = canvas.handle("x")
    h.begin_drag()
    h.drag_to(3.0, 3.1)
    h.end_drag()
    x, y, key = got[0]
    assert math.hypot(x, y) == pytest.approx(1.0)
    assert math.degrees(math.atan2(y, x)) == pytest.approx(46.0)  # snapped to whole degrees
    assert key[:2] == ("drag", "x")


def _mouse(canvas, kind, pos, buttons):
    ev = QMouseEvent(kind, pos, canvas.viewport().mapToGlobal(pos), Qt.MouseButton.LeftButton,
                     buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(canvas.viewport(), ev)


def test_mouse_drag_of_a_tip_on_the_viewport(canvas, qtbot):
    show(canvas, [[1, 0], [0, 1]])
    got = []
    canvas.column_dragged.connect(lambda *a: got.append(a))
    handle = canvas.handle("a_j")
    start = QPointF(canvas.mapFromScene(handle.scenePos()))
    left = Qt.MouseButton.LeftButton
    _mouse(canvas, QEvent.Type.MouseButtonPress, start, left)
    for k in range(1, 6):
        _mouse(canvas, QEvent.Type.MouseMove, start + QPointF(8 * k, -6 * k), left)
    _mouse(canvas, QEvent.Type.MouseButtonRelease, start + QPointF(40, -30),
           Qt.MouseButton.NoButton)
    assert got, "the drag reached the handle"
    assert {key for *_, key in got} == {got[0][3]}
    j, x, y, _ = got[-1]
    assert j == 1
    target = canvas.vb.mapSceneToView(canvas.mapToScene((start + QPointF(40, -30)).toPoint()))
    assert x == pytest.approx(target.x(), abs=0.06) and y == pytest.approx(target.y(), abs=0.06)
    assert not canvas.dragging


def test_a_resize_lays_out_what_was_drawn_not_a_newer_model(canvas):
    # A hidden lab's canvas shares its model with the lab on screen: the model may hold a
    # matrix the canvas has not drawn yet when a resize reaches it (this raised KeyError: 1
    # on every start in the SVD or Norms lab).
    model = show(canvas, CASES["repeated"])  # every direction is an eigenvector: no lines
    model.update(matrix=CASES["distinct"])  # not drawn: the canvas is not told
    canvas.resize(640, 500)
    QApplication.processEvents()
    for k in (1, 2):
        assert not canvas.label(f"eigenline_{k}").isVisible()
    canvas.update_from(model)
    QApplication.processEvents()
    assert canvas.label("eigenline_1").isVisible()
    assert canvas.label("eigenline_1").text == "λ=3"


def test_a_probe_at_the_largest_size_gets_a_finite_view(canvas):
    # With x near the float limit the fitted view once grew to ±1.25e308: an infinite
    # width, NaN everywhere, and a grid computation that raised inside the model's signal.
    # The model now refuses x above 1e6; the largest x it takes must still draw finitely.
    model = show(canvas, [[1e6, 1], [1, 1e6]], x=[-1e6, 1e6])
    view = canvas.vb.viewRect()
    assert all(math.isfinite(v) for v in (view.left(), view.right(), view.top(),
                                           view.bottom()))
    assert view.width() > 0 and view.height() > 0
    np.testing.assert_allclose(canvas.items["x"].tip, model.state.x)
    x, _ = canvas.items["grid"].getData()
    assert np.all(np.isfinite(x))
