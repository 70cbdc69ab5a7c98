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
