"""Labels of a column figure of the analogy: the query's words, the result and the listed
neighbours come first; other words get a budget that shrinks with the plot's area; no two
labels overlap and each lies inside the plot."""

import pytest

from views.embeddings.labels import LABEL_BUDGET, TEXT_MARGIN, other_label_budget


def _figure(width: str, height: str):
    from app.figure_spec import FigureSpec, parse_length
    from app.render import open_figure
    from app.scenes import check_scene, find_preset, preset_scene

    checked = check_scene(preset_scene(find_preset("embeddings-analogy")))
    return open_figure(checked, FigureSpec(parse_length(width), parse_length(height)))


def _glyph_rects(canvas):
    return [it.sceneBoundingRect().adjusted(TEXT_MARGIN, TEXT_MARGIN, -TEXT_MARGIN,
                                             -TEXT_MARGIN)
            for it in canvas.labels if it.isVisible()]


def test_other_label_budget_shrinks_with_the_area():
    assert other_label_budget(100, 180, 12) < other_label_budget(300, 400, 12)
    assert other_label_budget(100, 180, 12) == int(100 * 180 / 48 ** 2)
    assert other_label_budget(5000, 5000, 12) == LABEL_BUDGET
    assert other_label_budget(10, 10, 12) == 0


@pytest.mark.parametrize("size", [("85mm", "60mm"), ("180mm", "120mm")])
def test_asked_words_first_and_others_within_the_budget(qapp, size):
    with _figure(*size) as (model, _view, canvas):
        shown = canvas.shown_labels
        asked = [w for _, w in model.query_terms] + [model.neighbours[0][0]]
        assert asked == ["king", "man", "woman", "queen"]
        assert set(asked) <= set(shown)
        listed = {w for w, _, _ in model.neighbours}
        others = [w for w in shown if w not in listed and w not in asked]
        assert len(others) <= canvas.label_budget
        w, h = canvas.vb.width(), canvas.vb.height()
        assert canvas.label_budget == other_label_budget(w, h, canvas.label_line_px)
        rects = _glyph_rects(canvas)
        assert len(rects) == len(shown)
        box = canvas.vb.sceneBoundingRect().adjusted(-1, -1, 1, 1)
        for i, r in enumerate(rects):
            assert box.contains(r), shown[i]
            for j in range(i):
                assert not r.intersects(rects[j]), (shown[i], shown[j])


def test_a_column_figure_names_fewer_other_words(qapp):
    with _figure("85mm", "60mm") as (_m, _v, small):
        few = small.label_budget
        n_small = len(small.shown_labels)
    with _figure("180mm", "120mm") as (_m, _v, big):
        assert big.label_budget > 3 * few
        assert len(big.shown_labels) > n_small
    assert n_small <= 10 + few  # the 10 listed neighbours and the query's words at most
