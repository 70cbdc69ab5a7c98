"""Embeddings lab view: the drawn points, neighbours and scree equal the model; typed words
become intents; a refusal keeps the state; one redraw per change."""

import numpy as np
import pytest

from models.embeddings.model import EmbeddingsModel, EmbeddingsState
from views.embeddings.canvas import place_greedy
from views.embeddings.view import EmbeddingsView


@pytest.fixture
def lab(show_lab):
    return show_lab(EmbeddingsView, EmbeddingsModel(EmbeddingsState(selected="cat")))


def test_scatter_neighbours_and_scree_equal_the_model(lab):
    model, view, _ = lab
    c = view.canvas()
    x, y = c.points.getData()
    np.testing.assert_allclose(np.column_stack([x, y]), model.coords2)
    items = [view.neighbour_list.item(i).text() for i in range(view.neighbour_list.count())]
    assert [t.split()[0] for t in items[1:]] == [w for w, _, _ in model.neighbours]
    heights = c.bars.opts["height"]
    np.testing.assert_allclose(heights, model.facts.ratios)
    sx, sy = c.selected.getData()
    np.testing.assert_allclose([sx[0], sy[0]], model.anchor2)
    assert "cat" in c.shown_labels


def test_the_three_fraction_marks_share_one_label_below_the_90_line(lab):
    """Three labels on lines 0.05 apart overlapped each other and the curve in a small
    window: one label names the three, below the 90 % line at the scree's right edge."""
    model, view, _ = lab
    c = view.canvas()
    assert [line.value() for line in c.marks] == [0.90, 0.95, 0.99]
    assert c.marks_text.textItem.toPlainText() == "90 · 95 · 99 %"
    (_, right), _ = c.scree.getViewBox().viewRange()
    at = c.marks_text.pos()
    assert at.x() == pytest.approx(right) and at.y() == pytest.approx(0.90)
    anchor = c.marks_text.anchor  # its top right corner: the text hangs below the line
    assert (anchor.x(), anchor.y()) == (1, 0)
    assert len(model.facts.ratios) + 0.6 == pytest.approx(right)


def test_typed_query_is_one_intent_and_one_redraw(lab):
    model, view, intents = lab
    before = view.redraw_count
    view.query.setText("king - man + woman")
    view.query.editingFinished.emit()
    assert intents[-1][1] == {"query": "king - man + woman"}
    assert view.redraw_count == before + 1
    assert model.neighbours[0][0] == "queen"
    qx, qy = view.canvas().query.getData()
    np.testing.assert_allclose([qx[0], qy[0]], model.query_point)


def test_an_unknown_word_is_refused_and_the_box_put_back(lab):
    model, view, _ = lab
    state = model.state
    view.word.setText("kingg")
    view.word.editingFinished.emit()
    assert model.state is state
    assert view.word.text() == "cat"


def test_principal_axes_follow_the_components(show_lab):
    model, view, _ = show_lab(EmbeddingsView,
                              EmbeddingsModel(EmbeddingsState(source="stretched")))
    x, y = view.canvas().axes[0].getData()
    direction = np.array([x[1], y[1]]) / np.hypot(x[1], y[1])
    np.testing.assert_allclose(direction, model.facts.components[0])


def test_greedy_labels_never_overlap():
    pts = [(0, 10), (5, 12), (100, 10)]
    assert place_greedy(pts, [(40, 14)] * 3, 10) == [0, 2]


def test_a_column_figure_keeps_the_scatter_and_names_what_it_drops(qapp):
    from app.figure_spec import FigureSpec, Length, parse_length
    from app.render import open_figure
    from app.scenes import check_scene, find_preset, preset_scene

    checked = check_scene(preset_scene(find_preset("embeddings-similarity")))
    with open_figure(checked, FigureSpec(parse_length("85mm"), parse_length("60mm"))) as (
            _m, view, canvas):
        gone = view.left_out()
        assert any("PCA facts" in g for g in gone) and any("scree" in g for g in gone)
        box = canvas.plot.vb.sceneBoundingRect()
        assert box.height() >= 0.6 * canvas.height()  # the scatter keeps the height
        assert canvas.heat.plot.isVisible()
    with open_figure(checked, FigureSpec(Length(1200, "px"), Length(900, "px"))) as (
            _m, view, canvas):
        assert view.left_out() == []
        assert canvas.facts.isVisible() and canvas.scree.isVisible()


def test_order_keep_query_and_generator_controls_are_intents(show_lab):
    model, view, intents = show_lab(EmbeddingsView, EmbeddingsModel(EmbeddingsState(
        source="clusters", n=300)))
    before = view.redraw_count
    view.clusters.setValue(5)
    assert intents[-1][1] == {"clusters": 5} and model.state.clusters == 5
    assert view.redraw_count == before + 1
    view.dim.setValue(4)
    view.spread.setValue(0.5)
    assert (model.state.dim, model.state.spread) == (4, 0.5)
    assert model.vset.dim == 4 and not view.noise.isEnabled()
    view.order_box.setCurrentIndex(view.order_box.findData("typed"))
    assert model.state.order == "typed"
    view.keep_query.setChecked(True)
    assert model.state.keep_query
    # a refusal (more clusters than points) keeps the state and puts the box back
    model.update(n=7, k=3)
    state = model.state
    view.clusters.setValue(8)
    assert model.state is state and view.clusters.value() == 5
    model.update(source="plane")
    assert view.noise.isEnabled() and not view.clusters.isEnabled()
    view.noise.setValue(0.25)
    assert model.state.noise == 0.25


def test_labels_take_any_side_of_their_point_and_stay_inside():
    from views.embeddings.canvas import place_labels_beside

    # Two points side by side: the second label cannot sit to the upper right (taken by
    # the first), so it goes below; a point at the right edge puts its label to the left.
    kept = place_labels_beside([(10, 50), (12, 50), (195, 50)], [(40, 14)] * 3, 10,
                               bounds=(200, 100))
    assert kept == [(0, 0), (1, 1), (2, 2)]
