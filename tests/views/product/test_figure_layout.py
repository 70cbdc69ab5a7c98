"""The Matrix product figure re-flows by its size: at a journal size (85 mm × 60 mm), wide
and short, tall and narrow, the blocks get one cell size that fits, their names stay clear
of each other and of the cells, the numbers fit their cells, nothing leaves the canvas,
and what has no room is named by ``left_out()``."""

import pytest
from PySide6.QtCore import QRectF

from app.figure_spec import FigureSpec, parse_length
from app.render import open_figure
from app.scenes import check_scene, find_preset, preset_scene
from views.product.layout import LEGIBLE_PX

_SIZES = [("85mm", "60mm"), ("400", "300"), ("600", "450"), ("1600", "400"), ("400", "900")]
_PRESETS = ["product-2x3-3x2", "product-mismatch", "product-layer", "product-2x2"]
_SLACK = 0.5  # px: anti-aliased edges of neighbouring boxes may share a pixel


def _spec(width, height):
    return FigureSpec(width=parse_length(width), height=parse_length(height))


def _figure(preset, width, height):
    return open_figure(check_scene(preset_scene(find_preset(preset))), _spec(width, height))


def _cell_rects(fig):
    """Scene rectangles of every cell of A, B and AB (AB's frame when undefined)."""
    rects = []
    for key, grid in fig.grids.items():
        (x0, y0), (rows, cols) = grid.origin, grid.shape
        for i in range(rows):
            for j in range(cols):
                rects.append(((key, i, j), fig.mapViewToScene(QRectF(x0 + j, y0 + i, 1, 1))
                              .boundingRect()))
    if fig.undefined.isVisible():
        rects.append((("undefined",), fig.mapViewToScene(fig.undefined.rect()).boundingRect()))
    return rects


def _shrunk(rect):
    return rect.adjusted(_SLACK, _SLACK, -_SLACK, -_SLACK)


def _names(fig):
    return {k: item.sceneBoundingRect() for k, item in fig.names.items()
            if k != "none" and item.isVisible()}


@pytest.mark.parametrize("preset", _PRESETS)
@pytest.mark.parametrize(("width", "height"), _SIZES)
def test_blocks_names_and_numbers_fit_without_overlap(qapp, preset, width, height):
    with _figure(preset, width, height) as (_model, view, canvas):
        canvas.grab()  # paint once: text items take their place for the view's scale
        fig = canvas.figure
        frame = QRectF(0, 0, canvas.width(), canvas.height()).adjusted(-1, -1, 1, 1)
        cells = _cell_rects(fig)
        sides = {round(r.width(), 3) for _, r in cells[:len(cells) - fig.undefined.isVisible()]}
        sides |= {round(r.height(), 3) for _, r in cells[:len(cells) - fig.undefined.isVisible()]}
        assert max(sides) - min(sides) < 0.01, "A, B and AB have one cell size"
        assert min(sides) >= 8, "the blocks never collapse"
        names = _names(fig)
        assert set(names) == {"a", "b", "ab"}
        keys = sorted(names)
        for n, key in enumerate(keys):
            for other in keys[n + 1:]:
                assert not _shrunk(names[key]).intersects(names[other]), (key, other)
            for where, rect in cells:
                assert not _shrunk(names[key]).intersects(rect), (key, where)
        for key, grid in fig.grids.items():
            for (i, j), item in grid.cells():
                (x0, y0) = grid.origin
                cell = fig.mapViewToScene(QRectF(x0 + j, y0 + i, 1, 1)).boundingRect()
                text = item.sceneBoundingRect()
                assert cell.adjusted(-_SLACK, -_SLACK, _SLACK, _SLACK).contains(text), \
                    (key, i, j)
                assert item.textItem.font().pixelSize() >= LEGIBLE_PX
        drawn = [r for _, r in cells] + list(names.values())
        for label in (canvas.header, canvas.terms, canvas.note):
            if label.isVisible() and label.text:
                drawn.append(label.item.sceneBoundingRect())
        for rect in drawn:
            assert frame.contains(rect), rect
        if preset == "product-mismatch":  # why AB is not defined is always written out
            assert "inner dimensions 3 ≠ 4" in canvas.terms.text
            assert canvas.terms.item.sceneBoundingRect().height() > 8


@pytest.mark.parametrize("preset", ["product-2x3-3x2", "product-2x2", "product-mismatch"])
def test_everything_shows_at_800x600(qapp, preset):
    with _figure(preset, "800", "600") as (_model, view, canvas):
        assert view.left_out() == []
        assert canvas.sum_detail == "full"
        assert all(grid.cells() for key, grid in canvas.figure.grids.items()
                   if key != "ab" or preset != "product-mismatch")


def test_the_journal_size_keeps_the_numbers_and_the_sum_on_one_line(qapp):
    with _figure("product-2x3-3x2", "85mm", "60mm") as (_model, view, canvas):
        assert canvas.width() == 321 and canvas.height() == 227
        grids = canvas.figure.grids
        assert all(len(grid.cells()) == 6 if k != "ab" else 4 for k, grid in grids.items())
        assert canvas.sum_detail in ("full", "short")
        text = canvas.terms.text
        assert "(AB)₁₁" in text and "58" in text
        if canvas.sum_detail == "short":
            assert view.left_out() == ["the worked sum's middle steps (one line shown)"]


def test_a_tiny_canvas_names_what_it_left_out(qapp):
    with _figure("product-2x3-3x2", "120", "90") as (_model, view, canvas):
        gone = view.left_out()
        assert "the worked sum" in gone
        assert "the entries of A, B and AB" in gone or "the names of A, B and AB" in gone
        assert not any(grid.cells() for grid in canvas.figure.grids.values()) or \
            "the names of A, B and AB" in gone


def test_composition_goes_first_when_room_is_short(qapp):
    with _figure("product-2x2", "85mm", "60mm") as (_model, view, canvas):
        assert not canvas.composition_shown
        assert "the composition pictures (B, AB and BA in the plane)" in view.left_out()
        assert canvas.sum_detail != "none"
