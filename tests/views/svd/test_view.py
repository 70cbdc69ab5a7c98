"""SvdView end to end: scrubbing moves items to the stage geometry, rank-1 toggle, intents,
one redraw per model change (also beside a PlaneView), scenes and PNG export (every preset's
headless render is in tests/app/test_render_presets.py)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication

from app.labs import lab_spec
from app.scenes import build_lab, check_scene, preset_scene, scene_of
from models.core.presets import load_presets
from models.plane.geometry import plane_geometry
from models.plane.model import PlaneModel
from models.plane.svd_stages import rank_one, stage_matrix, svd_stages, unit_circle
from views.plane.view import PlaneView
from views.svd import view as svd_view
from views.svd.view import SvdView


@pytest.fixture
def svd(show_lab):
    """A shown SvdView whose intents are applied the way the app applies them."""
    model = PlaneModel()
    model.update(matrix=[[2, 1], [1, 2]])
    return show_lab(SvdView, model)


def _curve(item) -> np.ndarray:
    x, y = item.getData()
    return np.column_stack([x, y])


@pytest.mark.parametrize("s", [0.0, 0.4, 1.0, 1.5, 2.0, 2.7, 3.0])
def test_scrubbing_moves_items_to_the_stage_geometry(svd, s):
    model, view, intents = svd
    before = view.redraw_count
    view.stage_bar.slider.setValue(round(s * svd_view.STEPS_PER_STAGE))
    assert view.stage == pytest.approx(s)
    m = stage_matrix(model.matrix, s)
    canvas = view.canvas()
    st = svd_stages(model.matrix)
    for k in (1, 2):
        assert np.allclose(canvas.items[f"axis_{k}"].tip, m @ st.vt[k - 1], atol=1e-12)
        assert np.allclose(canvas.items[f"v_{k}"].tip, st.vt[k - 1])
    assert np.allclose(_curve(canvas.items["ellipse"]), unit_circle() @ m.T, atol=1e-12)
    assert np.allclose(canvas.items["x_out"].tip, m @ model.state.x, atol=1e-12)
    assert view.redraw_count == before and intents == []  # stage time is not an edit


def test_the_end_picture_is_the_plane_picture_of_a(svd):
    model, view, _ = svd
    canvas = view.canvas()
    g = plane_geometry(model.matrix)
    assert np.allclose(_curve(canvas.items["ellipse"]), g.ellipse, atol=1e-12)
    assert np.allclose(canvas.items["axis_1"].tip, g.semi_axes[0], atol=1e-12)
    assert canvas.labels["axis_1"].text.endswith("‖A‖₂ = σ₁ = 3")
    assert canvas.items["norm_dot"].isVisible()
    assert "σ₂ = 1" in canvas.labels["axis_2"].text


def test_rank_one_toggle_collapses_the_ellipse(svd):
    model, view, _ = svd
    view.set_option("rank1", True)
    assert view._boxes["rank1"].isChecked()
    st = svd_stages(model.matrix)
    ellipse = _curve(view.canvas().items["ellipse"])
    u1 = st.u[:, 0]
    assert np.max(np.abs(ellipse @ [-u1[1], u1[0]])) < 1e-12  # a segment along u₁
    assert np.max(np.hypot(*ellipse.T)) == pytest.approx(st.s[0], rel=1e-3)  # sampled circle
    assert np.allclose(view.canvas().items["x_out"].tip,
                       rank_one(model.matrix).matrix @ model.state.x)
    note = view.canvas().items["note"].textItem.toPlainText()
    assert "‖A − A₁‖₂ = σ₂ = 1" in note and "‖A − A₁‖F = 1" in note
    assert "σ₂ = 1" in view.rank1_label.text()
    view._boxes["rank1"].setChecked(False)
    assert not view.option("rank1")


def test_reflection_and_singular_are_said_in_words(svd):
    model, view, _ = svd
    note = view.canvas().items["note"]
    model.update(matrix=[[1, 2], [1, -1]])
    assert "det A < 0" in note.textItem.toPlainText()
    view.set_stage(2.5)
    assert "U reflects" in note.textItem.toPlainText()
    model.update(matrix=[[1, 2], [2, 4]])
    assert "σ₂ = 0: A is singular" in note.textItem.toPlainText()
    assert not view.canvas().items["axis_2"].shaft.isVisible() or view.stage < 2
    view.set_stage(3.0)
    assert not view.canvas().items["axis_2"].shaft.isVisible()


def test_edits_are_intents_and_one_redraw_each(svd):
    model, view, intents = svd
    before = view.redraw_count
    view.editor.entry_edited.emit(0, 1, "3/4")
    assert intents == [("Edit a12", {"entry": (0, 1, "3/4")}, None)]
    assert model.matrix[0, 1] == 0.75 and view.redraw_count == before + 1
    view.editor.entry_edited.emit(0, 0, "1/0")
    assert model.matrix[0, 0] == 2 and view.editor.error_text()


def test_dragging_x_is_one_merge_key(svd):
    model, view, intents = svd
    handle = view.canvas().items["handle_x"]
    handle.begin_drag()
    for p in ((0.51, 0.2), (0.3, -0.42), (-0.2, 0.61)):
        handle.drag_to(*p)
    handle.end_drag()
    assert [t for t, _, _ in intents] == ["Move x"] * 3
    assert len({k for _, _, k in intents}) == 1
    assert np.allclose(model.state.x, [-0.2, 0.6])  # snapped to 0.05
    assert np.allclose(view.canvas().items["x_in"].tip, [-0.2, 0.6])


def test_linked_views_redraw_once_per_update(qtbot):
    model = PlaneModel()
    plane, svd = PlaneView(model), SvdView(model)
    for v in (plane, svd):
        qtbot.addWidget(v)
    counts = plane.redraw_count, svd.redraw_count
    model.update(entry=(0, 0, "3"))
    QApplication.processEvents()
    assert (plane.redraw_count, svd.redraw_count) == (counts[0] + 1, counts[1] + 1)
    assert np.allclose(svd.canvas().items["axis_1"].tip, plane_geometry(model.matrix).semi_axes[0])
    plane.view_state.set_time(0.5)  # the plane's animation clock is the plane view's own
    assert svd.redraw_count == counts[1] + 1 and svd.stage == 3.0


def test_play_runs_one_stage_and_stops(svd, qtbot, monkeypatch):
    _, view, intents = svd
    monkeypatch.setattr(svd_view, "SECONDS_PER_STAGE", 0.05)
    view.stage_bar.stage_buttons[1].click()
    assert view.stage_bar.playing
    qtbot.waitUntil(lambda: not view.stage_bar.playing, timeout=2000)
    assert view.stage == 2.0 and intents == []


def test_scene_round_trip_keeps_state_and_toggles(qtbot):
    preset = next(p for p in load_presets() if p.name == "svd-nearly-rank-one")
    checked = check_scene(preset_scene(preset))
    model, view = build_lab(checked)
    qtbot.addWidget(view)
    assert view.option("rank1")
    doc = json.loads(json.dumps(scene_of(lab_spec("svd"), model, view)))
    again = check_scene(doc)
    assert again.state.texts == model.state.texts
    assert again.view == {"toggles": view.view_options(), "stage": 3.0}


def test_toggles_hide_layers_through_stage_changes(svd):
    model, view, _ = svd
    items = view.canvas().items
    view.set_option("probe", False)
    view.set_stage(1.5)
    assert not items["x_out"].isVisible() and not items["handle_x"].isVisible()
    view.set_option("singular_vectors", False)
    assert not items["axis_1"].isVisible() and not view.canvas().labels["axis_1"].isVisible()
    view.set_option("circle", False)
    assert not items["ellipse"].isVisible() and not items["target"].isVisible()
    view.set_view_options({"probe": True, "singular_vectors": True, "circle": True})
    assert items["x_out"].isVisible() and items["axis_1"].isVisible()
    assert items["target"].isVisible()  # s < 3: A's ellipse shows where the motion ends
    view.set_stage(3.0)
    assert not items["target"].isVisible()


def test_a_refused_entry_keeps_the_old_value(svd):
    model, view, _ = svd
    view.editor.entry_edited.emit(1, 1, "2e7")
    assert model.matrix[1, 1] == 2 and "1e6" in view.editor.error_text()
    assert view.editor.texts()[3] == "2"


def test_png_export_reads_back(svd, tmp_path):
    from PySide6.QtGui import QImage

    from app.export import export_canvas

    _, view, _ = svd
    view.set_stage(1.5)
    img = QImage(str(export_canvas(view.canvas(), tmp_path / "fig.png", _px(800, 600))))
    assert img.width() == 800
    colours = {img.pixel(x, y) for x in range(0, 800, 17) for y in range(0, img.height(), 17)}
    assert len(colours) > 10


def _px(w, h, **kw):
    from app.figure_spec import FigureSpec, Length

    return FigureSpec(Length(w, "px"), Length(h, "px"), **kw)
