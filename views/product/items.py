"""The matrix product drawn as a figure: A, B and AB as coloured grids of numbers, laid out
so that row i of A lines up with row i of AB and column j of B with column j of AB
(B above AB, A to its left). The entry being explained is where the highlighted row and
column meet.

Every item exists from the start for the largest size (8×8); a change of size only
shows, hides and moves them.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QFont, QFontInfo, QFontMetricsF, QPen
from PySide6.QtWidgets import QGraphicsRectItem, QGraphicsTextItem

from models.product.model import MAX_SIZE
from views.common.numbers import num
from views.common.style import color, colormap, label_font, named, pen, scale
from views.product.layout import GAP, LEGIBLE_PX, BlockPlan, Measures, plan_blocks

__all__ = ["MatrixGrid", "ProductFigure", "HIGHLIGHT"]

#: Row of A (vermillion), column of B (blue) and their meeting entry of AB (purple).
HIGHLIGHT = named({"row": "i_hat", "col": "j_hat", "cell": "svd", "none": "collapsed"})
_TEXT = "text"


def _pastel_lut() -> np.ndarray:
    """The theme's diverging map faded towards the background, so the theme's text stays
    legible on every cell (dark numbers on pale cells, light ones on dark cells)."""
    lut = colormap("signed").getLookupTable(0.0, 1.0, 256, alpha=False).astype(float)
    back = color("background")
    keep = 0.3 if back.lightness() < 128 else 0.45
    paper = np.array([back.red(), back.green(), back.blue()], dtype=float)
    return (keep * lut + (1 - keep) * paper).astype(np.ubyte)


class MatrixGrid:
    """One matrix drawn at a position of a ViewBox (one data unit per cell, y downwards).

    Attributes
    ----------
    texts : list of list of str
        What each visible cell shows (for tests).
    """

    def __init__(self, vb: pg.ViewBox, name: str) -> None:
        self.vb = vb
        self.name = name
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setLookupTable(_pastel_lut())
        self.image.setZValue(-10)
        vb.addItem(self.image)
        self.lines = pg.PlotDataItem(pen=pen("grid", 2), connect="pairs")
        self.lines.setZValue(-5)
        vb.addItem(self.lines)
        self.outline = QGraphicsRectItem()
        self.outline.setPen(pen("axis", 2))
        self.outline.setZValue(-4)
        vb.addItem(self.outline)
        self._cells = [[self._text_item() for _ in range(MAX_SIZE)] for _ in range(MAX_SIZE)]
        self.origin = (0.0, 0.0)
        self.shape = (0, 0)
        self.texts: list[list[str]] = []
        self._font_px = 0

    def _text_item(self) -> pg.TextItem:
        item = pg.TextItem("", color=color(_TEXT), anchor=(0.5, 0.5))
        item.textItem.document().setDocumentMargin(0)  # the text's box is the number's
        item.setZValue(5)
        item.setVisible(False)
        self.vb.addItem(item)
        return item

    def set_values(self, values, origin: tuple[float, float], heat: bool) -> None:
        """Show the matrix ``values`` with its top-left corner at ``origin``."""
        values = np.asarray(values, dtype=float)
        rows, cols = values.shape
        x0, y0 = origin
        self.origin, self.shape = (float(x0), float(y0)), (rows, cols)
        self.texts = [[num(v, 4) for v in row] for row in values]
        peak = float(np.max(np.abs(values))) or 1.0
        shown = values if heat else np.zeros_like(values)
        self.image.setImage(np.ascontiguousarray(shown, dtype=np.float32),
                            levels=(-peak, peak), autoLevels=False)
        self.image.setRect(QRectF(x0, y0, cols, rows))
        self.image.setVisible(True)
        xs = np.concatenate([np.repeat(x0 + np.arange(1, cols), 2),
                             np.tile([x0, x0 + cols], rows - 1)])
        ys = np.concatenate([np.tile([y0, y0 + rows], cols - 1),
                             np.repeat(y0 + np.arange(1, rows), 2)])
        self.lines.setData(xs, ys)
        self.lines.setVisible(xs.size > 0)
        self.outline.setRect(QRectF(x0, y0, cols, rows))
        self.outline.setVisible(True)
        for i in range(MAX_SIZE):
            for j in range(MAX_SIZE):
                item = self._cells[i][j]
                on = i < rows and j < cols
                item.setVisible(on and self._font_px > 0)
                if on:
                    if item.toPlainText() != self.texts[i][j]:
                        item.setText(self.texts[i][j])
                    item.setPos(x0 + j + 0.5, y0 + i + 0.5)

    def hide(self) -> None:
        """Hide the whole matrix."""
        for item in (self.image, self.lines, self.outline):
            item.setVisible(False)
        for row in self._cells:
            for item in row:
                item.setVisible(False)
        self.shape, self.texts = (0, 0), []

    def set_font_px(self, size: int) -> None:
        """Pixel size of the numbers (the figure sizes them to the cells; 0 hides them);
        cheap if unchanged."""
        if size == self._font_px:
            return
        self._font_px = size
        rows, cols = self.shape
        for i, row in enumerate(self._cells):
            for j, item in enumerate(row):
                item.setVisible(size > 0 and i < rows and j < cols)
        if size > 0:
            font = number_font(size)
            for row in self._cells:
                for item in row:
                    item.setFont(font)

    def cells(self):
        """The text items of the visible numbers (for tests): ((i, j), item) pairs."""
        rows, cols = self.shape
        return [((i, j), self._cells[i][j]) for i in range(rows) for j in range(cols)
                if self._cells[i][j].isVisible()]

    def rect(self) -> QRectF:
        """The matrix's rectangle in data units."""
        return QRectF(*self.origin, self.shape[1], self.shape[0])


def number_font(px: float, bold: bool = False) -> QFont:
    """The font of the numbers (and, bold, of the names) at ``px`` pixels."""
    font = QFont("DejaVu Sans")
    font.setPixelSize(max(int(px), 1))
    font.setBold(bold)
    return font


def _text_size(text: str, font: QFont) -> tuple[float, float]:
    """Width and height of ``text`` drawn as a figure's TextItem draws it (no margin)."""
    item = QGraphicsTextItem()
    item.document().setDocumentMargin(0)
    item.setFont(font)
    item.setPlainText(text)
    r = item.boundingRect()
    return r.width(), r.height()


def _rect_item(vb, z: float) -> QGraphicsRectItem:
    item = QGraphicsRectItem()
    item.setZValue(z)
    item.setVisible(False)
    vb.addItem(item)
    return item


class ProductFigure(pg.ViewBox):
    """A, B and AB in one view box, with the row · column highlight.

    Signals
    -------
    hovered(object)
        The pointer is over entry (i, j) of AB (a tuple), or over none of them (None).
    clicked(int, int)
        Entry (i, j) of AB was clicked.
    """

    hovered = Signal(object)
    clicked = Signal(int, int)

    def __init__(self) -> None:
        super().__init__(invertY=True, lockAspect=True, enableMouse=False, enableMenu=False)
        self.grids = {k: MatrixGrid(self, k) for k in ("a", "b", "ab")}
        self.bands = {k: _rect_item(self, -8) for k in ("row", "col")}
        self.boxes = {k: _rect_item(self, 8) for k in ("row", "col", "cell")}
        for key in ("row", "col"):
            self.bands[key].setBrush(QBrush(color(HIGHLIGHT[key], 45)))
            self.bands[key].setPen(QPen(Qt.PenStyle.NoPen))
        for key, box in self.boxes.items():
            box.setPen(pen(HIGHLIGHT[key], 3.5))
        self.undefined = _rect_item(self, -6)
        self.undefined.setPen(pen(HIGHLIGHT["none"], 2, Qt.PenStyle.DashLine))
        self.undefined.setBrush(QBrush(color(HIGHLIGHT["none"], 60), Qt.BrushStyle.BDiagPattern))
        self.names = {k: pg.TextItem("", color=color(_TEXT), anchor=anchor) for k, anchor in
                      (("a", (0, 1)), ("b", (1, 0.5)), ("ab", (0.5, 0)), ("none", (0.5, 0.5)))}
        for item in self.names.values():
            item.textItem.document().setDocumentMargin(0)  # measured boxes are drawn boxes
            item.setZValue(10)
            self.addItem(item)
        self.highlighted: tuple[int, int] | None = None
        self.plan: BlockPlan | None = None  # the layout in use
        self._guides = True
        self._drawn = None  # (model, heat) last drawn
        self._measures: Measures | None = None
        self._names_px = 0
        self.sigResized.connect(self.refit)

    # -- drawing ---------------------------------------------------------------------------
    def update_from(self, model, heat: bool = True) -> None:
        """Fill A, B and AB from ``model`` (a ProductModel) and lay them out."""
        s = model.state
        (m, k), (k2, n) = s.shape_a, s.shape_b
        self._drawn = (model, heat)
        # A mismatch shows in red on the two sizes that must agree.
        inner = (f"<span style='color:{HIGHLIGHT['none']}'>{k}</span>",
                 f"<span style='color:{HIGHLIGHT['none']}'>{k2}</span>") if k != k2 else (k, k2)
        self.names["a"].setHtml(f"A&nbsp;&nbsp;({m}×{inner[0]})")
        self.names["b"].setHtml(f"B&nbsp;&nbsp;({inner[1]}×{n})")
        if model.product is not None:
            self.names["ab"].setText(f"AB  ({m}×{n})")
            self.names["ab"].setColor(color(_TEXT))
        else:
            self.names["none"].setText("not defined")
            self.names["none"].setColor(color(HIGHLIGHT["none"]))
            self.names["ab"].setText(f"AB: {k} ≠ {k2}")
            self.names["ab"].setColor(color(HIGHLIGHT["none"]))
        self._measures = self._measure(model)
        # Placed at once (shapes and origins are known before the first layout), then
        # re-placed for the box's size.
        self._place(model, heat, GAP, GAP)
        self.refit()

    def _measure(self, model) -> Measures:
        s = model.state
        names = number_font(100, bold=True)
        widths = tuple(_text_size(self.names[k].textItem.toPlainText(), names)[0]
                       for k in ("a", "b", "ab"))
        texts = {num(v, 4) for m in (s.a, s.b, model.product) if m is not None
                 for v in np.asarray(m, dtype=float).ravel()}
        font = number_font(100)
        widest = max(texts, key=QFontMetricsF(font).horizontalAdvance, default="0")
        number_w, number_h = _text_size(widest, font)
        label_px = QFontInfo(label_font(13)).pixelSize()
        return Measures((s.shape_a, s.shape_b), widths, _text_size("A", names)[1], number_w,
                        number_h, (15 * scale(), 22 * scale()), 30 * scale(),
                        float(max(LEGIBLE_PX, round(0.7 * label_px))))

    def number_comfort(self) -> float:
        """The pixel size numbers are comfortable to read at in this output."""
        return self._measures.number_comfort if self._measures is not None else LEGIBLE_PX

    def plan_for(self, width: float, height: float) -> BlockPlan | None:
        """The layout the blocks would get in ``width`` × ``height`` pixels (None before
        the first model is drawn)."""
        if self._measures is None:
            return None
        return plan_blocks(self._measures, width, height, most=160 * scale())

    def refit(self, *args) -> None:
        """Lay the blocks out for the view box's size: one cell size that fits, the names
        clear of each other and of the cells, numbers sized to the cells (or left out)."""
        w, h = self.width(), self.height()
        if self._drawn is None or w < 2 or h < 2:
            return
        plan = self.plan = self.plan_for(w, h)
        for grid in self.grids.values():
            grid.set_font_px(plan.numbers_px)
        self._place(*self._drawn, plan.gap_x, plan.gap_y)
        # The range is the box's own size at the chosen cell size, centred on the content,
        # so the cells are exactly plan.cell pixels whatever the box's aspect.
        x0, y0, cw, ch = plan.content
        c = max(plan.cell, 1e-9)
        self.setRange(QRectF(x0 + cw / 2 - w / c / 2, y0 + ch / 2 - h / c / 2, w / c, h / c),
                      padding=0)
        self.highlight(self.highlighted, self._guides)

    def _place(self, model, heat: bool, gap_x: float, gap_y: float) -> None:
        s = model.state
        (m, k), (k2, n) = s.shape_a, s.shape_b
        plan = self.plan
        left, top = k + gap_x, k2 + gap_y  # B and AB start at left, A and AB at top
        self.grids["a"].set_values(s.a, (0.0, top), heat)
        self.grids["b"].set_values(s.b, (left, 0.0), heat)
        pad = plan.pad / max(plan.cell, 1e-9) if plan is not None else 0.1
        self.names["a"].setPos(0.0, top - pad)
        self.names["b"].setPos(left - pad, k2 / 2)
        self.names["ab"].setPos(left + n / 2, top + m + pad)
        self.names["none"].setPos(left + n / 2, top + m / 2)
        if plan is not None:
            self._set_names_px(plan.names_px)
        if model.product is not None:
            self.grids["ab"].set_values(model.product, (left, top), heat)
            self.undefined.setVisible(False)
            self.names["none"].setVisible(False)
        else:
            self.grids["ab"].hide()
            self.undefined.setRect(QRectF(left, top, n, m))
            self.undefined.setVisible(True)
            # "not defined" inside the empty frame, as large as the names where it fits.
            px, cell = (plan.names_px, plan.cell) if plan is not None else (0, 0.0)
            w100, h100 = _text_size("not defined", number_font(100, True))
            px = int(min(px, 90 * n * cell / w100, 90 * m * cell / h100))
            if px >= LEGIBLE_PX:
                self.names["none"].setFont(number_font(px, True))
            self.names["none"].setVisible(px >= LEGIBLE_PX)

    def _set_names_px(self, px: int) -> None:
        for key in ("a", "b", "ab"):
            self.names[key].setVisible(px > 0)
        if px == self._names_px or px <= 0:
            self._names_px = px
            return
        self._names_px = px
        font = number_font(px, bold=True)
        for key in ("a", "b", "ab", "none"):
            self.names[key].setFont(font)

    def highlight(self, entry: tuple[int, int] | None, guides: bool = True) -> None:
        """Mark row i of A, column j of B and entry (i, j) of AB (None: clear)."""
        self._guides = guides
        ab = self.grids["ab"]
        if entry is not None and ab.shape != (0, 0):
            i, j = entry
            if not (0 <= i < ab.shape[0] and 0 <= j < ab.shape[1]):
                entry = None
        else:
            entry = None
        self.highlighted = entry
        for item in [*self.bands.values(), *self.boxes.values()]:
            item.setVisible(entry is not None)
        if entry is None:
            return
        i, j = entry
        ax, ay = self.grids["a"].origin
        bx, by = self.grids["b"].origin
        cx, cy = ab.origin
        k = self.grids["a"].shape[1]
        self.boxes["row"].setRect(QRectF(ax, ay + i, k, 1))
        self.boxes["col"].setRect(QRectF(bx + j, by, 1, self.grids["b"].shape[0]))
        self.boxes["cell"].setRect(QRectF(cx + j, cy + i, 1, 1))
        # Bands carry the row across to the entry and the column down to it.
        self.bands["row"].setRect(QRectF(ax, cy + i, cx + j + 1 - ax, 1))
        self.bands["col"].setRect(QRectF(cx + j, by, 1, cy + i + 1 - by))
        for band in self.bands.values():
            band.setVisible(guides)

    # -- pointer ---------------------------------------------------------------------------
    def entry_at(self, x: float, y: float) -> tuple[int, int] | None:
        """The entry of AB at data point (x, y), or None."""
        ab = self.grids["ab"]
        if ab.shape == (0, 0):
            return None
        cx, cy = ab.origin
        j, i = int(np.floor(x - cx)), int(np.floor(y - cy))
        if 0 <= i < ab.shape[0] and 0 <= j < ab.shape[1]:
            return i, j
        return None

    def hover_scene(self, scene_pos) -> None:
        """The pointer moved to ``scene_pos``; emit :attr:`hovered` with the entry under it."""
        p = self.mapSceneToView(scene_pos)
        inside = self.sceneBoundingRect().contains(scene_pos)
        self.hovered.emit(self.entry_at(p.x(), p.y()) if inside else None)

    def mouseClickEvent(self, ev) -> None:  # noqa: N802 - pyqtgraph API
        if ev.button() != Qt.MouseButton.LeftButton:
            ev.ignore()
            return
        p = self.mapSceneToView(ev.scenePos())
        entry = self.entry_at(p.x(), p.y())
        if entry is not None:
            ev.accept()
            self.clicked.emit(*entry)
