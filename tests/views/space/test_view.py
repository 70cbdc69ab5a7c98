"""The Space view: intents, one redraw per change, orbiting, shapes, scenes and the window
(every preset's headless render is in tests/app/test_render_presets.py)."""

import json

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication

from app.labs import lab_spec
from models.space.camera import Camera, project
from models.space.model import SpaceModel
from views.space.view import SpaceView, inspector_rows


@pytest.fixture
def space(show_lab):
    """A shown SpaceView; intents are recorded as (text, changes, merge_key) and applied."""
    return show_lab(SpaceView, SpaceModel())


def _send_drag(canvas, start, end, steps=4):
    vp = canvas.viewport()
    left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier

    def event(kind, pos, button, buttons):
        p = QPointF(pos)
        return QMouseEvent(kind, p, vp.mapToGlobal(p), button, buttons, none)

    QApplication.sendEvent(vp, event(QMouseEvent.Type.MouseButtonPress, start, left, left))
    for k in range(1, steps + 1):
        pos = start + (end - start) * k / steps
        QApplication.sendEvent(vp, event(QMouseEvent.Type.MouseMove, pos,
                                         Qt.MouseButton.NoButton, left))
    QApplication.sendEvent(vp, event(QMouseEvent.Type.MouseButtonRelease, end, left,
                                     Qt.MouseButton.NoButton))


def test_entry_edit_is_one_intent_one_change_one_redraw(space):
    model, view, intents = space
    before = view.redraw_count
    view.editor.table.item(0, 1).setText("3/4")
    assert intents == [("Edit a12", {"entry": (0, 1, "3/4")}, None)]
    assert model.matrix[0, 1] == 0.75 and view.redraw_count == before + 1
    for change in ({"x": [1, 2, 3]}, {"texts": ["2"] + ["0"] * 8}):
        n = view.redraw_count
        model.update(**change)
        assert view.redraw_count == n + 1
    n = view.redraw_count
    view.view_state.set_time(0.5)
    view.view_state.set_camera(Camera(10, 10))
    assert view.redraw_count == n + 2


def test_drag_orbits_the_camera_and_moves_items_but_not_the_matrix(space):
    model, view, intents = space
    canvas = view.canvas()
    a_before, cam_before = model.matrix, view.view_state.camera
    face_before = canvas.items["face_0"].points.copy()
    tip_before = canvas.items["a_0"].tip
    centre = QPoint(canvas.viewport().width() // 2, canvas.viewport().height() // 2)
    _send_drag(canvas, centre, centre + QPoint(60, 25))
    cam = view.view_state.camera
    assert cam.azimuth == pytest.approx(cam_before.azimuth - 60 * 0.4)
    assert cam.elevation == pytest.approx(cam_before.elevation + 25 * 0.4)
    assert model.matrix is a_before and intents == []
    assert not np.allclose(canvas.items["face_0"].points, face_before)
    assert canvas.items["a_0"].tip != tip_before
    # What is drawn is the model's geometry seen through the view's camera.
    xy, _ = project(model.geometry.basis_out[0], cam.rotation)
    np.testing.assert_allclose(canvas.items["a_0"].tip, xy, atol=1e-9)
    vp = canvas.viewport()
    wheel = QWheelEvent(QPointF(centre), QPointF(vp.mapToGlobal(centre)), QPoint(0, 0),
                        QPoint(0, 120), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(vp, wheel)
    assert view.view_state.camera.zoom == pytest.approx(1.15)
    view.reset_button.click()
    assert view.view_state.camera == Camera()


def test_faces_are_painted_back_to_front(space):
    model, view, _ = space
    model.update(texts=["2", "0", "0", "0", "1", "0", "0", "0", "0.5"])
    canvas = view.canvas()
    rot = view.view_state.camera.rotation
    _, depth = project(model.geometry.face_centroids, rot)
    z = [canvas.items[f"face_{k}"].zValue() for k in range(6)]
    assert list(np.argsort(z)) == list(np.argsort(depth))
    # An image of a basis vector runs along an edge: it is painted above its two faces.
    holding = [k for k in range(6)
               if np.allclose(model.geometry.face_normals[k] @ [1, 0, 0], 0)
               and np.any(np.all(model.geometry.solid[list(model.geometry.faces[k])] ==
                                 [2, 0, 0], axis=1))]
    assert len(holding) == 2
    shaft_z = canvas.items["a_0"].shaft.zValue()
    assert all(shaft_z > z[k] for k in holding)


def test_shape_switch_and_refusals(space):
    model, view, intents = space
    view.shape_box.setCurrentIndex(1)
    assert intents[-1] == ("Shape 3×2", {"shape": (3, 2)}, None)
    assert model.shape == (3, 2) and view.editor.shape() == (3, 2)
    assert view.x_editor.shape() == (2, 1) and not view.b_editor.isHidden()
    assert view.canvas().items["face_0"].isVisible()
    assert not view.canvas().items["face_1"].isVisible()
    view.shape_box.setCurrentIndex(2)
    assert model.shape == (2, 3) and view.b_editor.isHidden()
    model.update(shape=(3, 3))  # growing grids are laid out at once: rows never overlap
    assert view.editor.height() == view.editor.sizeHint().height()
    assert view.x_editor.height() == view.x_editor.sizeHint().height()
    model.update(shape=(2, 3))
    n = view.redraw_count
    view.refuse({"entry": (0, 0, "1/0")}, "division by zero")
    assert "division by zero" in view.editor.error_text()
    assert view.editor.texts() == list(model.state.texts) and view.redraw_count == n
    view.x_editor.table.item(1, 0).setText("2")
    assert intents[-1] == ("Edit x2", {"x_entry": (1, "2")}, None) and model.state.x[1] == 2.0


def test_toggles_hide_layers_and_perspective_changes_the_picture(space):
    model, view, _ = space
    canvas = view.canvas()
    assert canvas.items["eigen_lines"].isVisible()
    view.set_option("eigen", False)
    assert not canvas.items["eigen_lines"].isVisible()
    assert not canvas.label("eigen_0").isVisible()
    tip = canvas.items["a_0"].tip
    view.set_option("perspective", True)
    assert canvas.items["a_0"].tip != tip
    assert view.view_options()["perspective"] is True


def test_inspector_and_notes(space):
    model, view, _ = space
    model.update(texts=["2/3", "-1/3", "-1/3", "-1/3", "2/3", "-1/3", "-1/3", "-1/3", "2/3"])
    text = view.inspector.toPlainText()
    assert "rank" in text and "2" in text and "null space" in text
    note = view.canvas().note
    assert note.isVisible() and "volume collapses" in note.textItem.toPlainText()
    assert view.canvas().label("det").text == "det = 0: volume collapses"


def test_scene_round_trip_through_the_app(qtbot):
    from app.scenes import build_lab, check_scene, scene_of
    from models.core.scene import make_scene, parse_scene

    model = SpaceModel()
    model.update(shape=(3, 2), texts=["1", "0", "1", "1", "1", "2"], b=[6, 0, 0])
    view = {"least_squares": True, "probe": False, "t": 0.25,
            "camera": {"azimuth": 100.0, "elevation": 30.0, "zoom": 1.2}}
    doc = make_scene("space", model.to_dict(), view)
    checked = check_scene(parse_scene(json.dumps(doc)))
    model2, view2 = build_lab(checked)
    qtbot.addWidget(view2)
    assert view2.view_state.camera == Camera(100, 30, 1.2) and view2.animation.t == 0.25
    assert view2.option("least_squares") is True
    saved = scene_of(lab_spec("space"), model2, view2)
    assert saved == doc | {"view": view2.view_options() | {"t": 0.25,
                                                            "camera": view["camera"]}}
    assert model2.to_dict() == model.to_dict()


def test_inspector_rows_name_dimensions():
    m = SpaceModel()
    m.update(shape=(2, 3), texts=["1", "2", "3", "4", "5", "6"])
    rows = dict(inspector_rows(m))
    assert rows["rank"] == "2" and rows["null space"].startswith("dimension 1")
    assert "det" not in rows
    m.update(shape=(3, 3), texts=["1", "0", "1", "0", "1", "1", "1", "1", "2"])
    rows = dict(inspector_rows(m))
    assert rows["det"].startswith("0") and rows["eigenvalues"] == "3, 1, 0"
    m.update(shape=(3, 2), texts=["1", "0", "1", "1", "1", "2"], b=[6, 0, 0])
    assert ("least squares", "best x = (5, −3)") in inspector_rows(m)


def test_main_window_undo_keeps_the_camera_and_scenes_restore_it(qtbot, tmp_path):
    from app.main_window import MainWindow

    win = MainWindow(interactive=False)
    qtbot.addWidget(win)
    win.switch_lab("space")
    win.apply_preset("space-shear")
    view, model = win.view, win.model_for(lab_spec("space"))
    assert model.matrix[0, 2] == 0.75
    view.editor.table.item(1, 1).setText("2")
    assert model.matrix[1, 1] == 2.0 and win.undo_stack.count() == 2
    view.canvas().orbit(50, -20)
    turned = view.view_state.camera
    assert turned != Camera() and win.undo_stack.count() == 2  # no undo step for a turn
    win.undo()
    assert model.matrix[1, 1] == 1.0 and view.view_state.camera == turned
    view.editor.table.item(0, 0).setText("1/0")  # refused by the editor, nothing pushed
    assert win.undo_stack.count() == 2 and model.matrix[0, 0] == 1.0
    path = tmp_path / "space.linscope"
    assert win.save_scene(path) is None
    view.view_state.set_camera(Camera())
    model.update(shape=(2, 3))
    assert win.open_scene(path) is None
    assert view.view_state.camera == turned and model.shape == (3, 3) and model.matrix[0, 2] == 0.75
    win.close()
