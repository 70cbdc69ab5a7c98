"""The model view: the mosaic's pixels are each head's weights (or their block means),
clicking a cell names its head, an order rearranges and captions the cells."""

import numpy as np
import pytest
from PySide6.QtCore import Qt

from models.attention.head_stats import entropy, head_order
from views.attention.head_grid import MAX_CELL, HeadGrid
from views.common.style import configure_pyqtgraph


def _weights(layers, heads, n, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.random((layers, heads, n, n)) ** 4 * np.tril(np.ones((n, n)))
    x[..., 0] += 1e-3
    return (x / x.sum(axis=-1, keepdims=True)).astype(np.float32)


@pytest.fixture
def grid(qtbot):
    def make(weights, size=(1000, 700), **kw):
        configure_pyqtgraph()
        g = HeadGrid()
        qtbot.addWidget(g)
        g.resize(*size)
        g.set_data(weights, **kw)
        g.show()
        qtbot.waitExposed(g)
        return g
    return make


def _cell_pixels(g, layer, head):
    """Head (layer, head)'s block of the image data, one value per token pixel (every unit of
    a token pixel checked to hold that value)."""
    r = g.cell_rect(layer, head)
    x, y, w, h = (int(round(v)) for v in (r.x(), r.y(), r.width(), r.height()))
    block = np.asarray(g.image.image)[y:y + h, x:x + w]
    k = g._k
    tokens = block[::k, ::k]
    np.testing.assert_array_equal(np.repeat(np.repeat(tokens, k, 0), k, 1), block)
    return tokens


def test_every_cell_shows_its_heads_weights_and_the_gaps_are_empty(grid):
    w = _weights(4, 4, 12)
    g = grid(w)
    img = np.asarray(g.image.image)
    inside = np.zeros(img.shape, dtype=bool)
    for li in range(4):
        for h in range(4):
            np.testing.assert_array_equal(_cell_pixels(g, li, h), w[li, h])
            r = g.cell_rect(li, h)
            inside[int(r.y()):int(r.bottom()), int(r.x()):int(r.right())] = True
            assert g.position(li, h) == (li, h)
    assert np.all(np.isnan(img[~inside]))  # the separators: transparent
    assert not np.any(np.isnan(img[inside]))
    assert g.image.levels is not None and tuple(g.image.levels) == (0.0, 1.0)
    ticks = g.plot.getAxis("left")._tickLevels[0]
    assert [t for _v, t in ticks] == ["L0", "L1", "L2", "L3"]
    assert [t for _v, t in g.plot.getAxis("top")._tickLevels[0]] == ["H0", "H1", "H2", "H3"]


def test_long_sentences_are_shown_block_mean_pooled(grid):
    n = 150
    w = _weights(2, 3, n, seed=4)
    g = grid(w)
    edges = [(r * n) // MAX_CELL for r in range(MAX_CELL + 1)]
    for li, h in ((0, 0), (1, 2)):
        got = _cell_pixels(g, li, h)
        assert got.shape == (MAX_CELL, MAX_CELL)
        for a, b in ((0, 0), (10, 3), (MAX_CELL - 1, MAX_CELL - 1), (40, 20)):
            blk = w[li, h, edges[a]:edges[a + 1], edges[b]:edges[b + 1]]
            assert got[a, b] == pytest.approx(float(blk.astype(np.float64).mean()), rel=1e-5)
    assert tuple(g.image.levels) == pytest.approx((0.0, MAX_CELL / n))


def test_clicking_the_centre_of_a_cell_names_its_head_and_outlines_it(grid, qtbot):
    g = grid(_weights(3, 4, 10))
    for li, h in ((0, 0), (2, 3), (1, 2)):
        pos = g.mapFromScene(g.cell_center_scene(li, h))
        with qtbot.waitSignal(g.clicked, timeout=1000) as sig:
            qtbot.mouseClick(g.viewport(), Qt.MouseButton.LeftButton, pos=pos)
        assert sig.args == [li, h]
        assert g.selected == (li, h)
        assert g.mark.isVisible() and g.mark.rect() == g.cell_rect(li, h)


def test_an_order_rearranges_and_captions_the_cells(grid, qtbot):
    w = _weights(3, 4, 9, seed=2)
    scores = entropy(w)
    order = head_order(scores, descending=True)
    g = grid(w, order=order, scores=scores, by="entropy")
    assert g.title.text == "every head, ordered by entropy"
    for k, (li, h) in enumerate(order):
        assert g.position(li, h) == divmod(k, 4)
        np.testing.assert_array_equal(_cell_pixels(g, li, h), w[li, h])
    captions = g.captions.texts()
    assert captions == [f"L{li} H{h} {scores[li, h]:.2f}" for li, h in order]
    # Row and column labels no longer mean layers and heads: none are shown.
    assert g.plot.getAxis("left")._tickLevels[0] == []
    # The head with the largest entropy stands first; clicking it names it.
    first = order[0]
    assert scores[first] == scores.max()
    pos = g.mapFromScene(g.cell_center_scene(*first))
    with qtbot.waitSignal(g.clicked, timeout=1000) as sig:
        qtbot.mouseClick(g.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert tuple(sig.args) == first
    g.set_order(None)
    assert g.position(*first) == first and g.captions.texts() == []
    with pytest.raises(ValueError, match="every"):
        g.set_order(order[:-1])


def test_the_grid_fits_the_widget(grid):
    g = grid(_weights(12, 12, 20), size=(1280, 720))
    scores = entropy(g.cells)
    for order in (None, head_order(scores)):
        g.set_order(order, scores)
        g.grab()
        box = g.plot.vb.sceneBoundingRect()
        assert box.bottom() <= 720 and box.right() <= 1280 and box.top() >= 0
        assert g.cell_rect(11, 11).bottom() <= g.image.image.shape[0]
