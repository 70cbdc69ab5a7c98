"""Small mode's figure: numbers in the cells, every token labelled, one cell size, and a
layout that re-flows to the canvas (or names what it leaves out)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF

from views.common.contrast import TEXT_MIN, contrast_ratio
from views.common.numbers import fixed


@pytest.fixture
def small(lab_at):
    def build(size, preset="attention-small"):
        model, view = lab_at(preset, size)
        view.small.resize(*size)  # the figure itself at this size, as `render` lays it out
        view.small.grab()
        return model, view, view.small

    return build


def _cell_px(hm) -> tuple[float, float]:
    r, c = hm.shape
    rect = hm.image.sceneBoundingRect()
    return rect.width() / c, rect.height() / r


def test_the_weights_show_their_values_in_readable_colours(small):
    model, _, canvas = small((1280, 720))
    hm = canvas.maps["weights"]
    d, h = model.small, model.state.head
    want = [fixed(d.weights[h][i, j]) for i in range(d.n) for j in range(d.n)
            if d.reasons[i, j] == 0]
    assert hm.cell_texts.isVisible() and hm.cell_texts.texts() == want
    image = canvas.grab().toImage()
    ratio = canvas.devicePixelRatioF()
    for x, y, _text, colour in hm.cell_texts.cells():
        corner = hm.plot.vb.mapViewToScene(QRectF(x - 0.42, y - 0.42, 0, 0).topLeft())
        view_pt = canvas.mapFromScene(corner)
        cell = image.pixelColor(int(view_pt.x() * ratio) + 1, int(view_pt.y() * ratio) + 1)
        rgb = (cell.red(), cell.green(), cell.blue())
        assert contrast_ratio(colour.name(), rgb) >= TEXT_MIN, (rgb, colour.name())


@pytest.mark.parametrize("size", [(800, 600), (400, 300)])
def test_every_token_is_labelled(small, size):
    model, _, canvas = small(size)
    toks = model.small.tokens
    assert len(toks) == 7
    hm = canvas.maps["weights"]
    for side in ("top", "left"):
        shown = hm.labels[side].texts()
        assert len(shown) == len(toks)
        for text, full in zip(shown, toks, strict=True):
            assert text == full or (text.endswith("…") and full.startswith(text[:-1]))


def test_the_heatmaps_share_one_square_cell_and_stay_inside_the_canvas(small):
    _, view, canvas = small((800, 600))
    sizes = {tuple(round(v, 1) for v in _cell_px(hm)) for hm in canvas.maps.values()}
    assert len(sizes) == 1 and len({*next(iter(sizes))}) == 1, sizes
    box = QRectF(canvas.viewport().rect()).adjusted(-0.5, -0.5, 0.5, 0.5)
    for hm in canvas.maps.values():
        assert hm.plot.isVisible()
        items = [hm.plot, hm.image, *(it for a in hm.labels.values() for it in a.items)]
        if hm.bar is not None:
            items.append(hm.bar)
        for item in items:
            rect = canvas.mapFromScene(item.sceneBoundingRect()).boundingRect()
            assert box.contains(QRectF(rect)), (item, rect)
    assert view.left_out() == []


def test_an_absurd_size_names_what_it_leaves_out(small):
    _, view, canvas = small((120, 90))
    gone = view.left_out()
    assert gone and all(p.startswith("the ") for p in gone)
    assert canvas.maps["weights"].plot.isVisible()  # the weights stay to the last
    _, view, _ = small((1280, 720))
    assert view.left_out() == []
