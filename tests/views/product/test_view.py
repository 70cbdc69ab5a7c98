"""Matrix product lab view: hovering and stepping highlight row i and column j and write the
terms, sizes and entries become intents, one redraw per change, composition, scenes and
the window (every preset's headless render is in tests/app/test_render_presets.py)."""

import re

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from app.scenes import check_scene, find_preset, preset_scene
from models.product.model import ProductModel
from views.product.view import ProductView


@pytest.fixture
def lab(show_lab):
    """A shown view on the course example whose intents are applied like the app does."""
    return show_lab(ProductView, ProductModel(), size=(1400, 900))


def _cell_scene_pos(view, i, j):
    fig = view.canvas().figure
    x0, y0 = fig.grids["ab"].origin
    return fig.mapViewToScene(QPointF(x0 + j + 0.5, y0 + i + 0.5))


def _assert_highlight(view, i, j):
    fig = view.canvas().figure
    assert fig.highlighted == (i, j)
    ax, ay = fig.grids["a"].origin
    bx, by = fig.grids["b"].origin
    row, col = fig.boxes["row"].rect(), fig.boxes["col"].rect()
    assert (row.x(), row.y(), row.width(), row.height()) == (ax, ay + i, 3, 1)
    assert (col.x(), col.y(), col.width(), col.height()) == (bx + j, by, 1, 3)
    assert fig.boxes["row"].isVisible() and fig.boxes["cell"].isVisible()


def test_hovering_an_entry_highlights_row_and_column_and_writes_terms(lab):
    model, view, intents = lab
    fig = view.canvas().figure
    fig.hover_scene(_cell_scene_pos(view, 0, 1))
    _assert_highlight(view, 0, 1)
    text = view.canvas().terms.text
    assert "(AB)₁₂" in text and ">1</span>·<span" in text and ">12</span>" in text
    assert "8 + 20 + 36 = " in text and ">64</b>" in text
    assert model.terms[0][1].text() == "(AB)₁₂ = 1·8 + 2·10 + 3·12 = 64"
    assert intents == [] and model.state.selected == (0, 0)  # hovering edits nothing
    fig.hover_scene(QPointF(-50, -50))  # off the figure: back to the selection
    _assert_highlight(view, 0, 0)


def test_real_mouse_move_and_click(lab, qtbot):
    model, view, intents = lab
    canvas = view.canvas()
    pos = canvas.mapFromScene(_cell_scene_pos(view, 1, 0))
    qtbot.mouseMove(canvas.viewport(), QPoint(pos.x(), pos.y()))
    qtbot.wait(20)
    _assert_highlight(view, 1, 0)
    assert view.preview == (1, 0)
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(pos.x(), pos.y()))
    assert intents[-1][1] == {"selected": (1, 0)} and model.state.selected == (1, 0)


def test_stepping_with_buttons_and_keys_merges_into_one_undo_key(lab, qtbot):
    model, view, intents = lab
    view.step_buttons[(0, 1)].click()
    assert model.state.selected == (0, 1)
    _assert_highlight(view, 0, 1)
    assert "1·8 + 2·10 + 3·12" in re.sub("<[^>]+>", "", view.canvas().terms.text)
    canvas = view.canvas()
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Down)
    assert model.state.selected == (1, 1)
    qtbot.keyClick(canvas, Qt.Key.Key_Right)  # wraps round
    assert model.state.selected == (1, 0)
    assert {key for _, _, key in intents} == {"select-entry"}
    assert view.entry_label.text() == "(AB)₂₁"


def test_size_changes_keep_inner_sizes_together_and_show_mismatch(lab):
    model, view, intents = lab
    view.sizes["k"].setValue(4)
    assert intents[-1][1] == {"k": 4, "k2": 4}
    assert model.state.shape_a == (2, 4) and model.state.shape_b == (4, 2)
    assert view.editors["a"].shape() == (2, 4)
    view.sizes["k2"].setValue(3)
    assert intents[-1][1] == {"k2": 3}
    assert model.product is None
    canvas = view.canvas()
    assert "inner dimensions 4 ≠ 3: A is 2×4, B is 3×2" in canvas.terms.text
    assert "not defined" in canvas.header.text
    assert not canvas.figure.boxes["cell"].isVisible()
    assert canvas.figure.undefined.isVisible()
    assert not view.step_buttons[(0, 1)].isEnabled()
    view.sizes["m"].setValue(3)
    assert model.state.shape_a == (3, 4) and view.editors["a"].shape() == (3, 4)


def test_editing_entries_and_refusals(lab):
    model, view, intents = lab
    view.editors["b"].table.item(2, 1).setText("-12")
    assert intents[-1] == ("Edit b₃₂", {"b_entry": (2, 1, "-12")}, None)
    np.testing.assert_array_equal(model.product, model.state.a @ model.state.b)
    assert view.canvas().figure.grids["ab"].texts[0][1] == "−8"
    view.refuse({"a_entry": (0, 0, "9")}, "refused for a reason")
    assert "refused for a reason" in view.editors["a"].error_text()


def test_one_redraw_per_model_change(lab):
    model, view, _ = lab
    before = view.redraw_count
    model.update(m=3, k=3, k2=3, n=3)
    model.update(a_entry=(0, 0, "5"), selected=(2, 2))
    assert view.redraw_count == before + 2
    fig = view.canvas().figure
    fig.hover_scene(_cell_scene_pos(view, 1, 1))
    assert view.redraw_count == before + 2  # hovering is presentation, not a model change


def test_composition_only_for_2x2_and_order_note(lab):
    model, view, _ = lab
    canvas = view.canvas()
    assert not canvas.composition_shown and view.composition_hint.text()
    model.update(a_texts=[["0", "-1"], ["1", "0"]], b_texts=[["1", "1"], ["0", "1"]])
    assert canvas.composition_shown and all(p.isVisible() for p in canvas.panels)
    assert "AB ≠ BA" in canvas.note.text
    ab_panel = canvas.panels[1]
    np.testing.assert_array_equal(ab_panel.matrix, model.state.a @ model.state.b)
    poly = ab_panel.square.polygon()
    assert (poly[1].x(), poly[1].y()) == tuple((model.state.a @ model.state.b)[:, 0])
    view.set_option("composition", False)
    assert not canvas.composition_shown
    view.set_option("composition", True)
    model.update(b_texts=[["2", "0"], ["0", "2"]])
    assert "AB = BA" in canvas.note.text


def test_heat_toggle_and_guides(lab):
    _, view, _ = lab
    fig = view.canvas().figure
    assert fig.grids["a"].image.image.max() > 0
    view.set_option("heat", False)
    assert fig.grids["a"].image.image.max() == 0
    view.set_option("guides", False)
    assert not fig.bands["row"].isVisible() and fig.boxes["row"].isVisible()


def test_scene_round_trip_through_the_app(show_lab, reopen):
    model, view, _ = show_lab(ProductView, ProductModel())
    model.update(k2=4, a_entry=(1, 2, "sqrt(2)"), selected=(1, 1))
    view.set_option("heat", False)
    model2, view2 = reopen("product", model, view)
    assert model2.state.a_texts == model.state.a_texts
    assert model2.state.b_texts == model.state.b_texts and model2.message == model.message
    assert model2.state.selected == (1, 1) and not view2.option("heat")


def test_the_course_preset_is_numpys_product():
    seed = check_scene(preset_scene(find_preset("product-2x3-3x2")))
    model = ProductModel(seed.state)
    np.testing.assert_array_equal(model.product, model.state.a @ model.state.b)
    np.testing.assert_array_equal(model.product, [[58, 64], [139, 154]])


def test_in_the_window_edits_undo_and_scenes_reopen(qtbot, tmp_path):
    from app.main_window import MainWindow

    window = MainWindow(interactive=False)
    qtbot.addWidget(window)
    window.apply_preset("product-mismatch")
    model = window.model_for(window.spec)
    assert model.product is None
    window.view.sizes["k2"].setValue(3)
    window.view.step(0, 1)
    window.view.step(1, 0)
    assert model.state.selected == (1, 1)
    assert window.undo_stack.count() == 3  # preset, resize, the two steps merged
    assert window.save_scene(tmp_path / "m.json") is None
    window.undo()
    assert model.state.selected == (0, 0)
    window.undo()
    assert model.product is None
    assert window.open_scene(tmp_path / "m.json") is None
    assert model.state.selected == (1, 1) and model.product is not None
    window.close()
