"""The similarity matrix of 12 words in a 1280×720 window: every cell writes its cosine
(as NumPy computes it, to two decimals) in a font of at least 7 px."""

import numpy as np
import pytest
from PySide6.QtGui import QFontInfo

from views.common.axis_texts import MIN_TEXT_PX
from views.common.numbers import fixed


@pytest.fixture
def window_at_720p(qtbot):
    from app.main_window import MainWindow

    w = MainWindow(interactive=False)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.resize(1280, 720)
    for _ in range(3):  # a re-flow asks for one more layout pass
        qtbot.wait(1)
    w.switch_lab("embeddings")
    w.apply_preset("embeddings-similarity")
    qtbot.wait(1)
    return w


def test_the_12_word_matrix_writes_every_cosine(window_at_720p):
    w = window_at_720p
    model, canvas = w.view.model, w.view.canvas()
    words = model.similarity_order
    assert len(words) == 12 and canvas.similarity_focus()
    v = model.vset.vectors[[model.vset.index[word] for word in words]].astype(np.float64)
    unit = v / np.linalg.norm(v, axis=1, keepdims=True)
    expected = unit @ unit.T
    np.testing.assert_allclose(model.similarity, expected, atol=1e-6)

    cells = canvas.heat.cell_texts.cells()
    assert len(cells) == 144
    for x, y, text, _colour in cells:
        i, j = int(y), int(x)
        assert text == fixed(expected[i, j], 2), (words[i], words[j])
    font = canvas.heat.cell_texts.font()
    assert QFontInfo(font).pixelSize() >= MIN_TEXT_PX
    # the matrix lies inside the canvas: no row cut at the bottom
    box = canvas.heat.plot.vb.sceneBoundingRect()
    assert box.bottom() <= canvas.height() and box.right() <= canvas.width()
    assert canvas.heat._cell_px >= 16
    # the scatter keeps a useful share of the width
    assert canvas.vb.width() >= 0.3 * canvas.width()


def test_a_word_selected_gives_the_scatter_its_room_back(window_at_720p):
    w = window_at_720p
    canvas = w.view.canvas()
    w.view.word.setText("cat")
    w.view.word.editingFinished.emit()
    assert w.view.model.state.selected == "cat" and not canvas.similarity_focus()
    assert canvas.scree.isVisible()
