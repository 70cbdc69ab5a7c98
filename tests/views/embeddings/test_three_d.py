"""The Embeddings lab's 3-D scatter: what is drawn is the model's coords3 through the
view's camera; a drag orbits the camera and leaves the model alone; the switch and the
camera round-trip through a scene."""

import json

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from models.embeddings.model import EmbeddingsModel, EmbeddingsState
from models.embeddings.orbit import OrbitCamera
from models.embeddings.view_state import THREE_D
from views.embeddings.view import EmbeddingsView


def _rotation(az_deg, el_deg):
    """Screen right, screen up and toward-viewer rows, from plain trigonometry."""
    a, e = np.radians(az_deg), np.radians(el_deg)
    return np.array([[-np.sin(a), np.cos(a), 0.0],
                     [-np.sin(e) * np.cos(a), -np.sin(e) * np.sin(a), np.cos(e)],
                     [np.cos(e) * np.cos(a), np.cos(e) * np.sin(a), np.sin(e)]])


def _drawn(item):
    x, y = item.getData()
    return np.column_stack([x, y])


def _drag(canvas, start, end, steps=4):
    vp = canvas.viewport()
    left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier

    def event(kind, pos, button, buttons):
        p = QPointF(pos)
        return QMouseEvent(kind, p, vp.mapToGlobal(p), button, buttons, none)

    QApplication.sendEvent(vp, event(QMouseEvent.Type.MouseButtonPress, start, left, left))
    for k in range(1, steps + 1):
        QApplication.sendEvent(vp, event(QMouseEvent.Type.MouseMove,
                                         start + (end - start) * k / steps,
                                         Qt.MouseButton.NoButton, left))
    QApplication.sendEvent(vp, event(QMouseEvent.Type.MouseButtonRelease, end, left,
                                     Qt.MouseButton.NoButton))


@pytest.fixture
def lab(show_lab):
    model, view, intents = show_lab(EmbeddingsView, EmbeddingsModel(
        EmbeddingsState(query="king - man + woman")))
    view.set_option(THREE_D, True)
    return model, view, intents


def test_drawn_points_are_coords3_through_the_camera(lab):
    model, view, _ = lab
    c, cam = view.canvas(), view.view_state.camera
    assert c.three_d
    centre = np.asarray(model.query_point3)  # the camera turns about the query's point
    r = _rotation(cam.azimuth, cam.elevation)
    expect = (model.coords3 - centre) @ r[:2].T
    np.testing.assert_allclose(_drawn(c.points), expect, atol=1e-9)
    np.testing.assert_allclose(_drawn(c.query), [[0.0, 0.0]], atol=1e-9)
    near = [w for w, _, far in model.neighbours if not far]
    rows = np.searchsorted(model.shown, [model.vset.index[w] for w in near])
    np.testing.assert_allclose(_drawn(c.near), expect[rows], atol=1e-9)
    x, y = c.lines.getData()
    assert len(x) == 2 * len(model.neighbours)
    # The three principal axes: arrows from the coordinates' origin, named PC1…PC3.
    origin = (np.zeros(3) - centre) @ r[:2].T
    for k, (line, name) in enumerate(zip(c.axes3, c.axis_names3, strict=True)):
        assert line.isVisible() and name.textItem.toPlainText() == f"PC{k + 1}"
        lx, ly = line.getData()
        np.testing.assert_allclose([lx[0], ly[0]], origin, atol=1e-9)
        tip = np.zeros(3)
        tip[k] = 2 * np.std(model.coords3[:, k])
        np.testing.assert_allclose([lx[1], ly[1]], (tip - centre) @ r[:2].T, atol=1e-9)
    assert "queen" in c.shown_labels


def test_drag_orbits_the_camera_not_the_model(lab):
    model, view, intents = lab
    c = view.canvas()
    state, before, cam0 = model.state, _drawn(c.points), view.view_state.camera
    redraws = view.redraw_count
    start = c.mapFromScene(c.vb.sceneBoundingRect().center())
    _drag(c, start, start + QPoint(50, -20))
    cam = view.view_state.camera
    assert cam.azimuth == pytest.approx(cam0.azimuth - 50 * 0.4)
    assert cam.elevation == pytest.approx(cam0.elevation - 20 * 0.4)
    assert model.state is state and intents == [] and view.redraw_count == redraws
    after = _drawn(c.points)
    assert not np.allclose(after, before)
    r = _rotation(cam.azimuth, cam.elevation)
    np.testing.assert_allclose(after, (model.coords3 - model.query_point3) @ r[:2].T,
                               atol=1e-9)


def test_back_to_2d_draws_coords2(lab):
    model, view, _ = lab
    view.set_option(THREE_D, False)
    c = view.canvas()
    np.testing.assert_allclose(_drawn(c.points), model.coords2)
    assert not any(a.isVisible() for a in c.axes3)


def test_a_2d_set_stays_2d(show_lab):
    model, view, _ = show_lab(EmbeddingsView, EmbeddingsModel(
        EmbeddingsState(source="stretched")))
    view.set_option(THREE_D, True)
    assert model.coords3 is None and not view.canvas().three_d
    np.testing.assert_allclose(_drawn(view.canvas().points), model.coords2)


def test_switch_and_camera_round_trip_through_a_scene(qtbot):
    from app.labs import lab_spec
    from app.scenes import build_lab, check_scene, scene_of
    from models.core.scene import make_scene, parse_scene

    model = EmbeddingsModel(EmbeddingsState(selected="cat"))
    view = {THREE_D: True, "labels": True, "lines": True, "axes": True,
            "camera": {"azimuth": 100.0, "elevation": 30.0}}
    doc = make_scene("embeddings", model.to_dict(), view)
    model2, view2 = build_lab(check_scene(parse_scene(json.dumps(doc))))
    qtbot.addWidget(view2)
    assert view2.option(THREE_D) and view2.view_state.camera == OrbitCamera(100.0, 30.0)
    assert view2.canvas().camera == OrbitCamera(100.0, 30.0)
    saved = scene_of(lab_spec("embeddings"), model2, view2)
    assert saved["view"] == view and saved["model"] == model.to_dict()


@pytest.mark.parametrize("camera", [OrbitCamera(), OrbitCamera(azimuth=40.0, elevation=-20.0),
                                    OrbitCamera(azimuth=-120.0, elevation=60.0)])
def test_axis_names_lie_inside_the_plot(show_lab, camera):
    # No word selected: the axes are 2 standard deviations long and their names beyond the
    # tips reach the plot's edge; a query: the view closes in and the tips leave it.
    for state in (EmbeddingsState(), EmbeddingsState(query="king - man + woman")):
        model, view, _ = show_lab(EmbeddingsView, EmbeddingsModel(state), size=(900, 600))
        view.set_option(THREE_D, True)
        view.view_state.set_camera(camera)
        canvas = view.canvas()
        canvas.grab()  # laid out and painted, as on screen
        box = canvas.vb.sceneBoundingRect()
        names = [t for t in canvas.axis_names3 if t.isVisible()]
        assert [t.textItem.toPlainText() for t in names] == ["PC1", "PC2", "PC3"]
        for text in names:
            assert box.contains(text.sceneBoundingRect()), text.textItem.toPlainText()
        view.close()
