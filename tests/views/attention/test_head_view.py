"""The head view: the heatmap holds the chosen head's weights, its rows stand level with the
lines view's queries, and hovering either marks the same row in the other."""

import numpy as np
import pytest
from PySide6.QtCore import QRectF

from views.attention.head_view import HeadView
from views.attention.lines_view import THRESHOLD
from views.common.style import configure_pyqtgraph

TOKENS = ["␣the", "cat", "␣sat", "␣on", "␣the", "␣mat", "·ing", "␣and", "."]


def _weights(layers, heads, n, seed=0, causal=True):
    rng = np.random.default_rng(seed)
    x = rng.random((layers, heads, n, n)) ** 4
    if causal:
        x = x * np.tril(np.ones((n, n)))
    x[..., 0] += 1e-3
    return (x / x.sum(axis=-1, keepdims=True)).astype(np.float32)


@pytest.fixture
def view(qtbot):
    configure_pyqtgraph()
    v = HeadView()
    qtbot.addWidget(v)
    v.resize(1280, 720)
    v.set_data(_weights(3, 4, len(TOKENS)), TOKENS, layer=1, head=2)
    v.show()
    qtbot.waitExposed(v)
    v.grab()
    return v


def test_the_heatmap_and_the_lines_show_the_chosen_head(view):
    w = view.weights
    np.testing.assert_array_equal(view.heatmap.values, w[1, 2].astype(np.float64))
    np.testing.assert_array_equal(np.asarray(view.heatmap.image.image)[np.tril_indices(9)],
                                  w[1, 2][np.tril_indices(9)])
    assert view.heatmap.labels["left"].texts() == TOKENS
    assert view.heatmap.labels["top"].texts() == TOKENS
    assert view.lines.line_count() == int(np.count_nonzero(w[1, 2] >= THRESHOLD))
    # A causal model: the keys after each query are hidden (hatched), not weights of 0.
    assert view.heatmap.hidden is not None
    assert np.array_equal(view.heatmap.hidden, np.triu(np.ones((9, 9), bool), 1))
    view.show_head(2, 0)
    np.testing.assert_array_equal(view.heatmap.values, w[2, 0].astype(np.float64))
    np.testing.assert_array_equal(view.lines.weights, w[2, 0].astype(np.float64))
    assert "layer 2, head 0" in view.heatmap.plot.titleLabel.text
    with pytest.raises(ValueError, match="no head"):
        view.show_head(3, 0)


def test_a_bidirectional_model_hides_nothing(qtbot):
    configure_pyqtgraph()
    v = HeadView()
    qtbot.addWidget(v)
    v.resize(900, 600)
    v.set_data(_weights(1, 1, 5, causal=False), TOKENS[:5])
    assert v.heatmap.hidden is None
    with pytest.raises(ValueError, match="tokens"):
        v.set_data(np.zeros((1, 1, 3, 3)), TOKENS)


def test_rows_stand_level_with_the_queries(view):
    for i in (0, 4, 8):
        y_heat = view.heatmap.cell_center_scene(i, 0).y()
        assert view.lines.row_center_scene(i).y() == pytest.approx(y_heat, abs=1.0)
    # Side by side, not overlapping, inside the widget.
    heat = view.heatmap.plot.sceneBoundingRect()
    lines = view.lines.plot.sceneBoundingRect()
    assert heat.right() <= lines.left() + 1 and lines.right() <= view.width()


def test_highlighting_a_query_marks_its_row_in_the_heatmap(view, qtbot):
    seen = []
    view.row_highlighted.connect(seen.append)
    view.lines.highlight_row(3)
    assert seen == [3]
    assert view.heatmap.mark.isVisible()
    assert view.heatmap.mark.rect() == QRectF(0, 3, 9, 1)
    view.lines.highlight_row(-1)
    assert not view.heatmap.mark.isVisible()


def test_hovering_a_query_token_marks_its_row_and_a_heatmap_row_shows_its_lines(view, qtbot):
    label = view.lines.labels["left"].items[5]
    qtbot.mouseMove(view.viewport(), view.mapFromScene(label.sceneBoundingRect().center()))
    qtbot.waitUntil(lambda: view.heatmap.mark.isVisible(), timeout=2000)
    assert view.heatmap.mark.rect() == QRectF(0, 5, 9, 1)
    qtbot.wait(60)  # pyqtgraph drops moves that come faster than its rate limit
    qtbot.mouseMove(view.viewport(), view.mapFromScene(view.heatmap.cell_center_scene(7, 2)))
    qtbot.waitUntil(lambda: view.lines.row == 7, timeout=2000)
    rows = [p for p in view.lines.row_lines() if len(p)]
    assert rows and all(np.all(p[:, 0] == 7) for p in rows)
