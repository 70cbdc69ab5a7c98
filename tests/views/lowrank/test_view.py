"""Low-rank lab view: the drawn images equal A, Aₖ and A − Aₖ from NumPy in one colour
scale; the spectrum and the cut; k as one intent (one undo step per drag); the LoRA panel;
what a small canvas leaves out; scenes reopen as they were."""

import numpy as np
import pytest

from models.lowrank.model import LowRankModel
from models.lowrank.state import LowRankState
from views.lowrank.view import LowRankView


@pytest.fixture
def lab(show_lab):
    return show_lab(LowRankView, LowRankModel(LowRankState(
        source="random", rows=60, cols=80, rank=3, noise=0.05, k=3)))


def _numpy_ak(a, k):
    u, s, vt = np.linalg.svd(a.astype(np.float64), full_matrices=False)
    return (u[:, :k] * s[:k]) @ vt[:k], s


def test_drawn_images_are_a_its_rank_k_approximation_and_the_error(lab):
    model, view, _ = lab
    c = view.canvas()
    a = model.source.matrix
    ak, s = _numpy_ak(a, 3)
    np.testing.assert_allclose(c.a_image.drawn, a, atol=0)
    np.testing.assert_allclose(c.approx_image.drawn, ak, atol=1e-4)
    np.testing.assert_allclose(c.error_image.drawn, a - ak, atol=1e-4)
    levels = [tuple(m.image.getLevels()) for m in (c.a_image, c.approx_image)]
    assert levels[0] == levels[1] == pytest.approx(model.source.levels)
    lo, hi = model.source.levels
    assert tuple(c.error_image.image.getLevels()) == pytest.approx((lo, hi))  # signed: same
    x, y = c.sigma.xData, c.sigma.yData  # the values; getData gives log10 on a log axis
    np.testing.assert_allclose(x, np.arange(1, 61))
    np.testing.assert_allclose(y, np.maximum(s, s[0] * 1e-7), rtol=1e-4)
    assert c.cut.value() == pytest.approx(3.5)
    kx = c.kept.xData
    np.testing.assert_array_equal(kx, [1, 2, 3])


def test_the_k_slider_is_one_undo_step_per_drag(lab):
    model, view, intents = lab
    before = view.redraw_count
    view.k_slider.sliderPressed.emit()
    for k in (4, 5, 6, 7):
        view.k_slider.setValue(k)
    view.k_slider.sliderReleased.emit()
    drag = intents[-4:]
    assert [i[1] for i in drag] == [{"k": k} for k in (4, 5, 6, 7)]
    assert len({id(i[2]) for i in drag}) == 1 and drag[0][2] is not None
    assert view.redraw_count == before + 4
    assert model.k == 7 and view.k_spin.value() == 7
    ak, _ = _numpy_ak(model.source.matrix, 7)
    np.testing.assert_allclose(view.canvas().approx_image.drawn, ak, atol=1e-4)
    view.k_spin.setValue(2)
    assert intents[-1][2] is None and model.k == 2


def test_energy_buttons_set_the_rank_that_keeps_the_fraction(lab):
    model, view, _ = lab
    view.energy_buttons[0.99].click()
    s = np.linalg.svd(model.source.matrix.astype(np.float64), compute_uv=False)
    cum = np.cumsum(s ** 2) / np.sum(s ** 2)
    assert model.k == int(np.searchsorted(cum, 0.99 - 1e-12)) + 1


def test_a_source_change_goes_to_the_work_controller(lab):
    model, view, intents = lab
    asked = []
    view.source_requested.connect(lambda text, changes: asked.append(changes))
    view.fields["noise"].setValue(0.5)
    assert asked == [{"noise": 0.5}]
    assert model.state.noise == 0.05  # the controller asks for it once decomposed


def test_small_matrix_values_are_written_in_the_cells(show_lab):
    model, view, _ = show_lab(LowRankView, LowRankModel(LowRankState(source="entries", k=1)))
    c = view.canvas()
    assert c.a_image.texts.texts() == ["3", "1", "1", "2"]
    ak, _ = _numpy_ak(np.array([[3.0, 1], [1, 2]]), 1)
    assert c.approx_image.texts.texts() == [f"{v:.3g}" for v in ak.ravel()]
    assert view.link_button.isVisible() and "SVD lab" in view.link_button.text()
    shown = []
    view.show_in_lab.connect(lambda lab_id, scene, text: shown.append((lab_id, scene)))
    view.link_button.click()
    assert shown == [("svd", {"entries": [["3", "1"], ["1", "2"]]})]


def test_lora_panel_draws_w_b_and_a_at_their_shapes(show_lab):
    model, view, _ = show_lab(LowRankView, LowRankModel(LowRankState(
        source="lora", rows=96, cols=64, rank=4, noise=0.01, k=4)), size=(1400, 1000))
    row = view.canvas().lora_row
    parts = model.source.lora
    np.testing.assert_array_equal(row.b.drawn, parts.b)
    np.testing.assert_array_equal(row.a.drawn, parts.a)
    assert row.b.drawn.shape == (96, 4) and row.a.drawn.shape == (4, 64)
    assert row.isVisible() and not view.canvas().layers_row.isVisible()
    wy = view.canvas().w_sigma.yData
    np.testing.assert_allclose(wy, model.source.w_values, rtol=1e-6)


def test_a_small_canvas_names_what_it_leaves_out(show_lab):
    model, view, _ = show_lab(LowRankView, LowRankModel(), size=(900, 500))
    gone = view.left_out()
    assert "the rank-one layers σᵢuᵢvᵢᵀ" in gone
    assert not view.canvas().layers_row.isVisible()
    if "the numbers (errors, storage)" in gone:
        assert view.side_facts.isVisible() and "σ" in view.side_facts.text()


def test_tiles_are_the_first_rank_one_layers(show_lab):
    model, view, _ = show_lab(LowRankView, LowRankModel(LowRankState(
        source="random", rows=40, cols=30, rank=3, noise=0.1, k=2)), size=(1400, 1000))
    u, s, vt = np.linalg.svd(model.source.matrix.astype(np.float64), full_matrices=False)
    tiles = view.canvas().layers_row.tiles
    for i in range(6):
        layer = s[i] * np.outer(u[:, i], vt[i])
        np.testing.assert_allclose(tiles[i].drawn, layer, atol=1e-4)


def test_scene_reopens_as_it_was(lab, reopen):
    model, view, _ = lab
    view.k_spin.setValue(5)
    model2, view2 = reopen("lowrank", model, view)
    assert model2.state == model.state
    # Built afresh (not by steps from k = 3): equal to float32 round-off.
    np.testing.assert_allclose(view2.canvas().approx_image.drawn,
                               view.canvas().approx_image.drawn, atol=1e-5)
