"""NormsView end to end: balls and images drawn exactly, x drag and the p slider as intents
(one merge key per drag), one redraw per model change, scenes and PNG export (every preset's
headless render is in tests/app/test_render_presets.py)."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication

from app.labs import lab_spec
from app.scenes import build_lab, check_scene, preset_scene, scene_of
from models.core.presets import load_presets
from models.plane.model import PlaneModel
from models.plane.norm_balls import lp_norm, unit_ball
from views.norms.view import P_VALUES, NormsView, p_index
from views.plane.view import PlaneView
from views.svd.view import SvdView


@pytest.fixture
def norms(show_lab):
    """A shown NormsView of A = [[2, 1], [0, 1]] whose intents are applied like the app's."""
    model = PlaneModel()
    model.update(matrix=[[2, 1], [0, 1]], x=[0.6, 0.8], p=3.0)
    return show_lab(NormsView, model)


def _curve(item) -> np.ndarray:
    x, y = item.getData()
    return np.column_stack([x, y])


def _note(view) -> str:
    return view.canvas().items["note"].textItem.toPlainText()


def test_balls_and_images_are_drawn_exactly(norms):
    model, view, _ = norms
    items = view.canvas().items
    for key, p in (("l1", 1.0), ("l2", 2.0), ("inf", math.inf), ("p", 3.0)):
        ball = _curve(items[f"ball_{key}"])
        exact = unit_ball(p, len(ball))
        assert np.array_equal(ball, exact)
        assert np.max(np.abs(lp_norm(ball, p) - 1)) < 1e-12
        assert np.allclose(_curve(items[f"image_{key}"]), exact @ model.matrix.T, atol=1e-12)


def test_induced_norms_are_marked_at_the_farthest_points(norms):
    model, view, _ = norms
    canvas = view.canvas()
    for key, p, text in (("l1", 1, "‖A‖₁ = 2"), ("l2", 2, "‖A‖₂ = 2.29"),
                         ("inf", np.inf, "‖A‖∞ = 3")):
        x, y = canvas.items[f"far_{key}"].getData()
        assert lp_norm([x[0], y[0]], p) == pytest.approx(np.linalg.norm(model.matrix, p))
        assert canvas.labels[f"far_{key}"].text == text
    assert "‖A‖F = 2.45" in _note(view)
    assert "largest row sum" in view.facts_label.text()


def test_dragging_x_is_one_merge_key_and_norms_follow(norms):
    model, view, intents = norms
    handle = view.canvas().items["handle_x"]
    before = view.redraw_count
    handle.begin_drag()
    for p in ((0.9, 0.1), (-0.52, 0.33), (1.0, -0.5)):
        handle.drag_to(*p)
    handle.end_drag()
    assert [t for t, _, _ in intents] == ["Move x"] * 3
    assert len({k for _, _, k in intents}) == 1
    assert np.allclose(model.state.x, [1.0, -0.5])
    assert view.redraw_count == before + 3
    note = _note(view)
    assert "‖x‖₁ = 1.5" in note and "‖x‖₂ = 1.12" in note and "‖x‖∞ = 1" in note
    assert np.allclose(view.canvas().items["ax"].tip, model.matrix @ [1.0, -0.5])


def test_one_slider_drag_is_one_merge_key(norms):
    model, view, intents = norms
    slider = view.p_slider
    slider.setSliderDown(True)
    for p in (1.0, 1.5, 2.0):
        slider.setValue(P_VALUES.index(p))
    slider.setSliderDown(False)  # emits sliderReleased: the next drag is a new step
    slider.setSliderDown(True)
    slider.setValue(len(P_VALUES) - 1)
    slider.setSliderDown(False)
    keys = [k for _, _, k in intents]
    assert [c["p"] for _, c, _ in intents] == [1.0, 1.5, 2.0, math.inf]
    assert keys[0] == keys[1] == keys[2] != keys[3] and None not in keys
    assert math.isinf(model.state.p) and view.p_label.text() == "p = ∞"
    slider.setValue(P_VALUES.index(0.5))  # a key press: its own step
    assert intents[-1][2] is None and model.state.p == 0.5


def test_typed_p_and_refusals(norms):
    model, view, intents = norms
    view.p_edit.setText("inf")
    view.p_edit.editingFinished.emit()
    assert math.isinf(model.state.p)
    for bad in ("abc", "-1", "0"):
        view.p_edit.setText(bad)
        view.p_edit.editingFinished.emit()
        assert view.p_error.text() and math.isinf(model.state.p)
    view.refuse({"p": -2.0}, "p must be positive")
    assert view.p_error.text() == "p must be positive" and view.p_edit.text() == "∞"
    assert p_index(2.0) == P_VALUES.index(2.0) and p_index(3.33) == P_VALUES.index(3.3)


def test_p_below_one_says_not_a_norm(norms):
    model, view, _ = norms
    assert "not a norm" not in _note(view)
    model.update(p=0.5)
    assert "p < 1: not a norm (the ball is not convex)" in _note(view)
    assert view.canvas().labels["far_p"].text.startswith("max ‖Ax‖")


def test_toggles_hide_layers_and_update_the_note(norms):
    _, view, _ = norms
    items = view.canvas().items
    assert not items["reach_l1"].isVisible()  # off by default
    view.set_option("reach", True)
    assert items["reach_l1"].isVisible() and "thin: radius ‖A‖" in _note(view)
    view.set_option("images", False)
    assert not items["image_l1"].isVisible() and not items["far_inf"].isVisible()
    assert "‖A‖₁" not in _note(view)
    view.set_option("l2", False)
    assert not items["ball_l2"].isVisible() and items["ball_l1"].isVisible()
    view._boxes["images"].setChecked(True)
    assert items["image_l1"].isVisible() and not items["image_l2"].isVisible()


def test_linked_views_redraw_once_per_update(qtbot):
    model = PlaneModel()
    views = [PlaneView(model), SvdView(model), NormsView(model)]
    for v in views:
        qtbot.addWidget(v)
    for change in ({"entry": (0, 1, "2")}, {"x": [0.1, 0.9]}, {"p": 4.0}):
        counts = [v.redraw_count for v in views]
        model.update(**change)
        QApplication.processEvents()
        assert [v.redraw_count for v in views] == [c + 1 for c in counts]
    assert views[2].canvas().labels["far_l1"].text == "‖A‖₁ = 3"


def test_scene_round_trip_keeps_p_and_toggles(qtbot):
    preset = next(p for p in load_presets() if p.name == "norms-p-half")
    model, view = build_lab(check_scene(preset_scene(preset)))
    qtbot.addWidget(view)
    assert model.state.p == 0.5 and not view.option("images")
    model.update(p=math.inf)
    doc = json.loads(json.dumps(scene_of(lab_spec("norms"), model, view)))
    again = check_scene(doc)
    assert math.isinf(again.state.p) and again.view == {"toggles": view.view_options()}


def test_png_export_reads_back(norms, tmp_path):
    from PySide6.QtGui import QImage

    from app.export import export_canvas

    _, view, _ = norms
    out = export_canvas(view.canvas(), tmp_path / "fig.png", _px(800, 600))
    img = QImage(str(out))
    assert img.width() == 800
    colours = {img.pixel(x, y) for x in range(0, 800, 17) for y in range(0, img.height(), 17)}
    assert len(colours) > 10  # balls, images, labels: not blank
    clear = export_canvas(view.canvas(), tmp_path / "clear.png", _px(300, 225, transparent=True))
    assert QImage(str(clear)).pixelColor(1, 1).alpha() == 0


def _px(w, h, **kw):
    from app.figure_spec import FigureSpec, Length

    return FigureSpec(Length(w, "px"), Length(h, "px"), **kw)
