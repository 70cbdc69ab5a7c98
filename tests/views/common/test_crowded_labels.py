"""Labels on crowded presets, read back from the drawn items at projector size: no label on
another, none cut by the figure's edge, and a label left out keeps its value in the side
panel."""

import re

import pytest
from PySide6.QtCore import QRectF


def _labels(canvas) -> dict:
    return getattr(canvas, "_labels", None) or canvas.labels


def _shown_rects(canvas) -> dict[str, QRectF]:
    vb = canvas.vb
    return {name: vb.mapRectFromScene(lab.item.textItem.sceneBoundingRect())
            for name, lab in _labels(canvas).items() if lab.item.isVisible()}


@pytest.mark.parametrize("preset", ["space-rotation-z", "space-scaling", "symmetric",
                                    "svd-shear", "norms-unit-balls"])
@pytest.mark.parametrize("size", [(1280, 720), (800, 560)], ids=["1280x720", "800x560"])
def test_labels_neither_overlap_nor_leave_the_view(lab_at, preset, size):
    _, view = lab_at(preset, size)
    canvas = view._canvas
    rects = _shown_rects(canvas)
    assert len(rects) >= 4, rects  # the crowd is there to test
    names = list(rects)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            inter = rects[a].intersected(rects[b])
            assert inter.width() * inter.height() <= 1.0, (a, b, rects[a], rects[b])
    box = QRectF(0, 0, canvas.vb.width(), canvas.vb.height()).adjusted(-0.5, -0.5, 0.5, 0.5)
    outside = {n: r for n, r in rects.items() if not box.contains(r)}
    assert not outside, outside


def test_space_names_from_the_issue_stand_apart(lab_at):
    """det, σ₁u₁, Aî and λ on the Space canvas, each where it can be read."""
    _, view = lab_at("space-scaling", (1280, 720))
    labels = _labels(view._canvas)
    texts = {lab.text.split("\n")[0]: name for name, lab in labels.items()
             if lab.item.isVisible()}
    assert any(t.startswith("det = 1") for t in texts)
    assert "Aî" in texts and any(t.startswith("σ₁u₁") for t in texts)
    assert any(t.startswith("λ = 2") for t in texts)


def test_displaced_space_label_has_a_leader_and_a_dropped_one_its_value_inspected(lab_at):
    _, view = lab_at("space-scaling", (700, 450))  # a small canvas: too little room for all
    canvas = view._canvas
    labels = _labels(canvas)
    led = [lab for lab in labels.values() if lab.item.isVisible() and lab.leader.isVisible()]
    assert led, "a crowded canvas moves some labels out, tied by a leader"
    for lab in led:
        line = lab.leader.line()
        assert (line.x1(), line.y1()) == pytest.approx(lab.point)
        end = canvas.vb.mapFromView(lab.leader.mapToParent(line.p2()))
        rect = canvas.vb.mapRectFromScene(lab.item.textItem.sceneBoundingRect())
        assert rect.adjusted(-1, -1, 1, 1).contains(end)
    dropped = [lab for lab in labels.values() if lab.wanted and lab.dropped]
    assert dropped, "nothing was left out: the canvas is not crowded enough for this test"
    inspector = view.inspector.toPlainText()
    for lab in dropped:
        assert not lab.item.isVisible() and not lab.leader.isVisible()
        numbers = re.findall(r"\d+(?:\.\d+)?", lab.text)
        # A label without a value is a name (the input basis î, ĵ, k̂): only those may go
        # without a row in the inspector, and only as optional labels.
        assert numbers or lab.optional, lab.text
        assert all(n in inspector for n in numbers), (lab.text, inspector)
    assert any(re.search(r"\d", lab.text) for lab in dropped), "no value was left out"
