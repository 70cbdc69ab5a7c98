"""Long-context mode's figure at any size and aspect: nothing cropped, the title wraps or
shortens, side parts go (and are named) before the overview gets small, and the axes say
that only every k-th token position is labelled."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF

from app.figure_spec import FigureSpec, Length, parse_length
from app.render import open_figure
from app.scenes import check_scene, find_preset, preset_scene
from views.attention.large_layout import fit_lines, ordinal, tick_step

_SIZES = [(321, 227), (400, 300), (600, 450), (800, 600), (1280, 720), (1600, 400),
          (400, 900)]


def _figure(size, unit="px"):
    w, h = size
    spec = FigureSpec(width=Length(w, unit), height=Length(h, unit))
    return open_figure(check_scene(preset_scene(find_preset("attention-large-4096"))), spec)


def _shown_items(canvas):
    items = [canvas.title, canvas.title.item, canvas.note_label, canvas.plot, canvas.vb,
             canvas.plot.getAxis("top"), canvas.plot.getAxis("left")]
    if canvas.bar.isVisible():
        items += [canvas.bar, canvas.bar.getAxis("right")]
    if canvas.note():
        items.append(canvas.note_label.item)
    return items


@pytest.mark.parametrize("size", _SIZES)
def test_nothing_is_cropped_and_the_overview_keeps_its_share(qapp, size):
    with _figure(size) as (_model, view, canvas):
        w, h = canvas.width(), canvas.height()
        assert (w, h) == size
        box = QRectF(0, 0, w, h).adjusted(-1, -1, 1, 1)
        for item in _shown_items(canvas):
            rect = canvas.mapFromScene(item.sceneBoundingRect()).boundingRect()
            assert box.contains(QRectF(rect)), (type(item).__name__, rect, size)
        title = canvas.title.item.sceneBoundingRect()
        assert title.width() <= w and title.height() < 0.3 * h
        vb = canvas.vb.sceneBoundingRect()
        assert vb.width() * vb.height() >= 0.35 * w * h, (vb, size)
        plan = canvas.layout_plan
        if not plan.bar:
            assert "the colour bar" in view.left_out()


def test_a_large_figure_shows_everything_and_an_absurd_one_says_what_it_left_out(qapp):
    with _figure((1280, 720)) as (_model, view, canvas):
        assert view.left_out() == []
        assert canvas.bar.isVisible()
        assert "head 1 of 8" in canvas.title.text and "4096 queries" in canvas.title.text
    with _figure((160, 120)) as (_model, view, canvas):
        gone = view.left_out()
        assert gone and all(p.startswith(("the ", "d and T")) for p in gone)
        assert "the colour bar" in gone and not canvas.bar.isVisible()


def test_a_journal_column_figure_keeps_every_part(qapp):
    w, h = parse_length("85mm"), parse_length("60mm")
    with _figure((w.value, h.value), "mm") as (_model, view, canvas):
        assert abs(canvas.width() - 321) <= 1 and abs(canvas.height() - 227) <= 1
        assert view.left_out() == []
        assert "head 1 of 8" in canvas.title.text


@pytest.mark.parametrize("size", [(800, 600), (1600, 400), (321, 227)])
def test_the_note_states_the_labelling_step_the_axes_use(qapp, size):
    with _figure(size) as (_model, _view, canvas):
        plan = canvas.layout_plan
        assert plan.key_step > 1 and plan.query_step > 1  # 4096 positions: never all
        note = canvas.note()
        assert note == " ".join(plan.note)
        for step in {plan.key_step, plan.query_step}:
            assert f"every {ordinal(step)}" in note
        for name, step in (("top", plan.key_step), ("left", plan.query_step)):
            axis = canvas.plot.getAxis(name)
            lo, hi = axis.range
            ((spacing, values),) = axis.tickValues(lo, hi, 500)
            assert spacing == step
            labels = [int(s) for s in axis.tickStrings(values, 1, spacing)]
            assert labels[0] == 0 and all(k % step == 0 for k in labels)
            assert labels == list(range(0, 4096, step))  # none dropped at the ends


def test_wrapping_and_steps():
    width = len
    assert fit_lines("a · bb · ccc", 6, 2, width) == ["a · bb", "ccc"]
    assert fit_lines("a · bb · ccc", 2, 2, width) is None
    assert fit_lines("Attention weights — n", 17, 2, width) == ["Attention weights", "n"]
    assert [tick_step(4096, 400, 40), tick_step(50, 500, 40), tick_step(0, 1, 1)] == [500, 5, 1]
    assert [ordinal(k) for k in (1, 2, 3, 11, 12, 13, 22, 500)] == \
        ["1st", "2nd", "3rd", "11th", "12th", "13th", "22nd", "500th"]
