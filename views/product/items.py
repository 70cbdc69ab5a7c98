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
from PySide6.QtGui import QBrush, QFont, QPen
from PySide6.QtWidgets import QGraphicsRectItem

from models.product.model import MAX_SIZE
from views.common.numbers import num
from views.common.style import color, colormap, named, pen, scale

__all__ = ["MatrixGrid", "ProductFigure", "HIGHLIGHT"]

#: Row of A (vermillion), column of B (blue) and their meeting entry of AB (purple).
HIGHLIGHT = named({"row": "i_hat", "col": "j_hat", "cell": "svd", "none": "collapsed"})
GAP = 0.7  # cells between A and AB, and between B and AB
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
                item.setVisible(on)
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
        """Pixel size of the numbers (the figure sizes them to the cells); cheap if unchanged."""
        if size == self._font_px:
            return
        self._font_px = size
        font = QFont("DejaVu Sans")
        font.setPixelSize(size)
        for row in self._cells:
            for item in row:
                item.setFont(font)

    def rect(self) -> QRectF:
        """The matrix's rectangle in data units."""
        return QRectF(*self.origin, self.shape[1], self.shape[0])


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
            item.setZValue(10)
            self.addItem(item)
        self.highlighted: tuple[int, int] | None = None
        self._content = QRectF(0, 0, 1, 1)
        self._names_px = 0
        self.sigResized.connect(self.refit)

    # -- drawing ---------------------------------------------------------------------------
    def update_from(self, model, heat: bool = True) -> None:
        """Lay out and fill A, B and AB from ``model`` (a ProductModel)."""
        s = model.state
        (m, k), (k2, n) = s.shape_a, s.shape_b
        left = k + GAP  # B and AB start here
        top = k2 + GAP  # A and AB start here
        self.grids["a"].set_values(s.a, (0.0, top), heat)
        self.grids["b"].set_values(s.b, (left, 0.0), heat)
        # A mismatch shows in red on the two sizes that must agree.
        inner = (f"<span style='color:{HIGHLIGHT['none']}'>{k}</span>",
                 f"<span style='color:{HIGHLIGHT['none']}'>{k2}</span>") if k != k2 else (k, k2)
        self.names["a"].setHtml(f"A&nbsp;&nbsp;({m}×{inner[0]})")
        self.names["a"].setPos(0.0, top - 0.12)
        self.names["b"].setHtml(f"B&nbsp;&nbsp;({inner[1]}×{n})")
        self.names["b"].setPos(left - 0.15, k2 / 2)
        self.names["ab"].setPos(left + n / 2, top + m + 0.12)
        if model.product is not None:
            self.grids["ab"].set_values(model.product, (left, top), heat)
            self.names["ab"].setText(f"AB  ({m}×{n})")
            self.names["ab"].setColor(color(_TEXT))
            self.undefined.setVisible(False)
            self.names["none"].setVisible(False)
        else:
            self.grids["ab"].hide()
            self.undefined.setRect(QRectF(left, top, n, m))
            self.undefined.setVisible(True)
            self.names["none"].setText("not defined")
            self.names["none"].setColor(color(HIGHLIGHT["none"]))
            self.names["none"].setPos(left + n / 2, top + m / 2)
            self.names["none"].setVisible(True)
            self.names["ab"].setText(f"AB: {k} ≠ {k2}")
            self.names["ab"].setColor(color(HIGHLIGHT["none"]))
        self._content = QRectF(-0.25, -0.3, left + n + 0.5, top + m + 1.2)
        self.refit()

    def highlight(self, entry: tuple[int, int] | None, guides: bool = True) -> None:
        """Mark row i of A, column j of B and entry (i, j) of AB (None: clear)."""
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

    def refit(self, *args) -> None:
        """Fit the content and size the numbers to the cells."""
        self.setRange(self._content, padding=0.02)
        w = self.width()
        if w < 2:
            return
        cell_px = w / max(self.viewRect().width(), 1e-9)
        for grid in self.grids.values():
            longest = max((len(t) for row in grid.texts for t in row), default=1)
            size = min(0.36 * cell_px, 0.9 * cell_px / (0.62 * max(longest, 2)), 30.0 * scale())
            grid.set_font_px(max(int(size), 8))
        names_px = int(min(max(0.3 * cell_px, 15 * scale()), 22 * scale()))
        if names_px != self._names_px:
            self._names_px = names_px
            names = QFont("DejaVu Sans")
            names.setPixelSize(names_px)
            names.setBold(True)
            for item in self.names.values():
                item.setFont(names)

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
