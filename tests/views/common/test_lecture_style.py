"""Lines that survive a projector, read back from the drawn items of every 2D canvas and the
3D one: grids at least 2 px, the unit circle solid, and every line that carries meaning at
3:1 against the background once its alpha is composited."""

import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractGraphicsShapeItem, QGraphicsLineItem

from views.common.contrast import LINE_MIN, composite, contrast_ratio
from views.common.items import ArrowHead
from views.common.style import BACKGROUND, GRID_WIDTH

PRESETS = ["symmetric", "svd-shear", "norms-unit-balls", "projection-acute",
           "space-rotation-z", "space-scaling", "product-2x3-3x2", "product-rotate-shear"]
#: Items drawn as a band or fill, not as a line (their edges carry the meaning).
_BANDS = {"shadow"}



def _pen_of(item):
    if isinstance(item, pg.PlotDataItem):
        return item.opts["pen"] if item.curve.isVisible() else None
    if isinstance(item, pg.PlotCurveItem):
        return item.opts["pen"]
    if isinstance(item, pg.InfiniteLine):
        return item.pen
    if isinstance(item, QGraphicsLineItem | QAbstractGraphicsShapeItem) \
            and not isinstance(item, ArrowHead):
        return item.pen()
    return None


def _named_pens(canvas):
    items = getattr(canvas, "items", None)
    if not isinstance(items, dict):  # a canvas without named items: every item in its scene
        items = {f"{type(it).__name__}_{k}": it for k, it in enumerate(canvas.scene().items())
                 if it.isVisible()}
    out = {}
    for name, item in items.items():
        parts = item.items() if hasattr(item, "items") and callable(item.items) else [item]
        for k, part in enumerate(parts):
            p = _pen_of(part)
            if p is not None and p.style() != Qt.PenStyle.NoPen:
                out[f"{name}.{k}" if k else name] = p
    return out


def _seen_contrast(qpen) -> float:
    c = qpen.color()
    return contrast_ratio(composite((c.red(), c.green(), c.blue()), c.alphaF(), BACKGROUND),
                          BACKGROUND)


@pytest.mark.parametrize("preset", PRESETS)
def test_every_line_keeps_3_to_1_once_composited(lab_at, preset):
    _, view = lab_at(preset)
    canvas = getattr(view, "_canvas", None) or view.figure
    pens = _named_pens(canvas)
    assert pens, "no drawn lines read back"
    low = {n: round(_seen_contrast(p), 2) for n, p in pens.items()
           if n.split(".")[0] not in _BANDS and _seen_contrast(p) < LINE_MIN}
    assert not low, f"{preset}: lines under {LINE_MIN}:1 on the background: {low}"


@pytest.mark.parametrize("preset", ["symmetric", "svd-shear", "norms-unit-balls",
                                    "projection-acute", "space-rotation-z"])
def test_grid_lines_are_at_least_2_px(lab_at, preset):
    _, view = lab_at(preset)
    pens = _named_pens(view._canvas)
    grids = {n: p.widthF() for n, p in pens.items()
             if "grid" in n or n in ("lattice",) or n.startswith("axis_") or n == "axes"}
    assert grids, "no grid read back"
    assert all(w >= GRID_WIDTH for w in grids.values()), grids


@pytest.mark.parametrize("preset", ["symmetric", "svd-shear"])
def test_unit_circle_is_solid(lab_at, preset):
    _, view = lab_at(preset)
    p = _named_pens(view._canvas)["unit_circle"]
    assert p.style() == Qt.PenStyle.SolidLine and p.widthF() >= 2
    assert _seen_contrast(p) >= LINE_MIN


def test_ellipsoid_mesh_is_solid_and_seen(lab_at):
    _, view = lab_at("space-scaling")
    pens = _named_pens(view._canvas)
    for side in ("mesh_front", "mesh_back"):
        assert pens[side].style() == Qt.PenStyle.SolidLine
        assert _seen_contrast(pens[side]) >= LINE_MIN


def test_arrowheads_are_larger(lab_at):
    _, view = lab_at("symmetric")
    head = view._canvas.items["a_i"].head.path().boundingRect()
    assert head.width() >= 18 and head.height() >= 14, head  # px (they were 15 × 12)
