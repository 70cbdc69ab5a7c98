"""Projection lab view: drags and typing become intents, the picture equals the model,
one redraw per change, and scenes and exports work headless (every preset's headless render is
in tests/app/test_render_presets.py)."""

import math

import numpy as np
import pytest
from PySide6.QtGui import QImage

from app.export import export_canvas
from models.projection.model import ZERO_A_MESSAGE, ProjectionModel
from views.projection.items import SIGN_COLORS
from views.projection.view import ProjectionView, readout_html


@pytest.fixture
def lab(show_lab):
    """A shown view whose intents are applied to its model like the app does (refusals
    go back to the view); returns (model, view, intents)."""
    return show_lab(ProjectionView, ProjectionModel())


def test_dragging_b_emits_one_merge_key_per_drag(lab):
    model, view, intents = lab
    canvas = view.canvas()
    handle = canvas.handle("b")
    handle.begin_drag()
    handle.drag_to(1.0, 2.03)
    handle.drag_to(-1.52, 2.49)
    handle.end_drag()
    assert [t for t, _, _ in intents] == ["Drag b", "Drag b"]
    assert intents[0][2] == intents[1][2] is not None
    np.testing.assert_allclose(model.state.b, [-1.5, 2.5])  # snapped to the half grid
    handle.begin_drag()
    handle.drag_to(0.3, 0.3)
    handle.end_drag()
    assert intents[2][2] != intents[0][2]
    np.testing.assert_allclose(canvas.items["b"].tip, model.state.b)


def test_drag_snaps_to_a_right_angle(lab):
    model, view, intents = lab
    model.update(a=[3.0, 1.0])
    h = view.canvas().handle("b")
    h.begin_drag()
    h.drag_to(-0.72, 2.23)  # within a few pixels of the perpendicular to a
    h.end_drag()
    assert model.facts.kind == "right"
    assert view.canvas().label("angle").text == "θ = 90.0°"


def test_typing_a_component_and_refusals(lab):
    model, view, intents = lab
    editor = view.editors["a"]
    editor.table.item(1, 0).setText("sqrt(9)")
    assert intents[-1] == ("Edit a2", {"entry": ("a", 1, "sqrt(9)")}, None)
    np.testing.assert_array_equal(model.state.a, [3, 3])
    editor.table.item(0, 0).setText("2e7")  # parses, but the model refuses it
    assert model.state.a_texts == ("3", "sqrt(9)")
    assert editor.texts() == ["3", "sqrt(9)"] and "above 1e6" in editor.error_text()
    editor.table.item(0, 0).setText("1/0")  # refused by the editor itself
    assert "division by zero" in editor.error_text() and len(intents) == 2


def test_one_redraw_per_model_change(lab):
    model, view, _ = lab
    before = view.redraw_count
    model.update(a=[1.0, 2.0], b=[3.0, -1.0])
    model.update(entry=("b", 0, "1/2"))
    assert view.redraw_count == before + 2


@pytest.mark.parametrize("b, kind", [([2.0, 2.0], "acute"), ([-1.0, 3.0], "right"),
                                     ([-2.0, 1.5], "obtuse")])
def test_picture_equals_the_model(lab, b, kind):
    model, view, _ = lab
    model.update(a=[3.0, 1.0], b=b)
    c = view.canvas()
    assert model.facts.kind == kind
    p, r = model.projection, model.residual
    np.testing.assert_allclose(c.items["a"].tip, [3, 1])
    np.testing.assert_allclose(c.items["proj"].tip, p)
    xs, ys = c.items["residual"].getData()
    np.testing.assert_allclose([xs, ys], [[p[0], b[0]], [p[1], b[1]]])
    assert c.items["line"].angle == pytest.approx(math.degrees(math.atan2(1, 3)))
    assert c.items["shadow"].opts["pen"].color().name() == SIGN_COLORS[kind].lower()
    if kind == "obtuse":
        assert p @ model.state.a < 0  # the shadow falls on the negative side of a
    mx, my = c.items["mark"].getData()
    if kind != "right":
        corner = np.array([mx[1], my[1]]) - p  # the mark's corner: one step along each leg
        legs = np.array([mx[0], my[0]]) - p, np.array([mx[2], my[2]]) - p
        assert abs(legs[0] @ legs[1]) < 1e-9 * (legs[0] @ legs[0])
        np.testing.assert_allclose(corner, legs[0] + legs[1], atol=1e-12)
    assert f"{model.facts.angle_deg:.1f}" in c.label("angle").text
    assert abs(r @ model.state.a) < 1e-12


def test_readout_numbers_and_projection_matrix(lab):
    model, view, _ = lab
    model.update(a_texts=["3", "4"], b_texts=["1", "0"])
    text = view.canvas().readout.text
    assert "3·1 + 4·0" in text and "0.6" in text and "53.13°" in text
    assert "0.36" in text and "0.48" in text and "0.64" in text
    assert "P² = P ✓" in text


def test_zero_a_is_a_message_not_nan(lab, qtbot):
    model, view, _ = lab
    with qtbot.waitSignal(view.status) as blocker:
        model.update(a=[0.0, 0.0])
    assert blocker.args == [ZERO_A_MESSAGE]
    c = view.canvas()
    assert ZERO_A_MESSAGE.split(":")[0] in c.readout.text and "nan" not in c.readout.text
    assert not c.items["shadow"].isVisible() and not c.items["line"].isVisible()
    assert not c.items["arc"].isVisible()


def test_apply_p_drops_the_plane_onto_the_line(lab):
    model, view, _ = lab
    c = view.canvas()
    assert not c.items["samples"].isVisible()
    view.set_option("apply_p", True)
    assert c.items["samples"].isVisible() and view._boxes["apply_p"].isChecked()
    a = model.state.a
    xs, ys = c.items["images"].getData()
    np.testing.assert_allclose(xs * a[1] - ys * a[0], 0, atol=1e-12)  # all on a's line
    gx, gy = c.items["p_grid"].getData()
    np.testing.assert_allclose(gx * a[1] - gy * a[0], 0, atol=1e-9)
    view._boxes["apply_p"].setChecked(False)
    assert not view.option("apply_p") and not c.items["samples"].isVisible()


def test_export_png_and_svg(lab, tmp_path):
    _, view, _ = lab
    png = export_canvas(view.canvas(), tmp_path / "p.png", _px(800, 600))
    image = QImage(str(png))
    assert (image.width(), image.height()) == (800, 600)
    svg = export_canvas(view.canvas(), tmp_path / "p.svg")
    assert "<svg" in svg.read_text(encoding="utf-8")


def test_scene_round_trip_through_the_app(lab, reopen):
    model, view, _ = lab
    model.update(a_texts=["cos(pi/4)", "1"], b=[-2.0, 0.5])
    view.set_option("apply_p", True)
    model2, view2 = reopen("projection", model, view)
    assert model2.state.a_texts == model.state.a_texts
    np.testing.assert_array_equal(model2.state.b, model.state.b)
    assert view2.option("apply_p")


def test_in_the_window_a_drag_is_one_undo_step_and_scenes_reopen(qtbot, tmp_path):
    from app.main_window import MainWindow

    window = MainWindow(interactive=False)
    qtbot.addWidget(window)
    window.apply_preset("projection-obtuse")
    model = window.model_for(window.spec)
    assert window.spec.id == "projection" and model.facts.kind == "obtuse"
    handle = window.view.canvas().handle("a")
    handle.begin_drag()
    for x in (1.0, 1.5, 2.0):
        handle.drag_to(x, 2.0)
    handle.end_drag()
    assert window.undo_stack.count() == 2  # the preset, then the whole drag
    np.testing.assert_allclose(model.state.a, [2.0, 2.0])
    assert window.save_scene(tmp_path / "p.json") is None
    window.undo()
    np.testing.assert_allclose(model.state.a, [3.0, 1.0])
    assert window.open_scene(tmp_path / "p.json") is None
    np.testing.assert_allclose(model.state.a, [2.0, 2.0])
    window.close()


def test_readout_writes_an_underflowing_dot_product_truly():
    # The entries are typed values (at most 1e12 in size), so a·b can underflow, not overflow.
    model = ProjectionModel()
    model.update(a=(1e-200, 1e-200), b=(1e-200, -3e-200))
    html = readout_html(model)
    assert f"<b style='color: {SIGN_COLORS['obtuse']}'>\u22122e\u2212400</b>" in html
    assert "= 0<" not in html


def _px(w, h, **kw):
    from app.figure_spec import FigureSpec, Length

    return FigureSpec(Length(w, "px"), Length(h, "px"), **kw)


def test_at_600x450_the_plot_keeps_most_of_the_canvas(lab_at):
    _, view = lab_at("projection-acute", (1280, 720))
    canvas = view.canvas()
    canvas.setParent(None)
    canvas.resize(600, 450)
    canvas.show()
    canvas.grab()
    plot = canvas.plot.sceneBoundingRect()
    assert plot.width() * plot.height() >= 0.5 * 600 * 450
    assert canvas.readout.sceneBoundingRect().left() >= plot.right() - 1
    assert view.left_out() == []
    canvas.close()


def test_a_column_figure_keeps_the_plot_and_shortens_the_readout(qapp):
    from app.figure_spec import FigureSpec, parse_length
    from app.render import open_figure
    from app.scenes import check_scene, find_preset, preset_scene

    spec = FigureSpec(parse_length("85mm"), parse_length("60mm"))
    checked = check_scene(preset_scene(find_preset("projection-acute")))
    with open_figure(checked, spec) as (_model, view, canvas):
        box = canvas.plot.vb.sceneBoundingRect()
        assert box.width() * box.height() >= 0.3 * canvas.width() * canvas.height()
        assert canvas.readout_detail < 3
        assert any("readout" in part for part in view.left_out())
        text = canvas.readout.text
        assert "a·b" in text and "P² =" not in text
