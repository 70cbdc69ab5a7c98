"""A labelled heatmap of a matrix: cells, token tick labels, hover, click, colour bar.

Rows run down and columns across, exactly as the matrix is written (row-major image,
y axis inverted), so entry (i, j) is row i, column j on screen. Signed stages use a
diverging colour map centred on zero with symmetric levels; weights use viridis with
levels [0, 1]. Hidden cells (NaN in the picture) are transparent over a grey hatch.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFontMetricsF
from PySide6.QtWidgets import QGraphicsRectItem

from views.common.axis_room import fix_axis_height, fix_text_axis, fix_value_axis
from views.common.cell_texts import CellTexts
from views.common.style import color, colormap, label_font, pen, pt

__all__ = ["HATCH", "Heatmap", "SIGNED_CMAP", "WEIGHTS_CMAP", "symmetric_levels"]

#: Diverging blue–white–red, centred on 0 (CET-D1A keeps equal lightness steps).
SIGNED_CMAP = "CET-D1A"
#: Perceptually uniform map for weights in [0, 1].
WEIGHTS_CMAP = "viridis"
_HIGHLIGHT = "highlight"
#: Grey of the hatch seen through hidden (masked) cells.
HATCH = "hatch"
_LABEL_GAP = 6.0  # px between neighbouring tick labels
_MAX_CELL_TEXT = 100  # cells that get their value written inside them
_MAX_ROW_LABEL_PX = 120.0  # longer row tokens are shortened ("supercal…"); hover names them


def symmetric_levels(values) -> tuple[float, float]:
    """Levels (-a, a) with a = the largest finite |value| (1 when there is none)."""
    v = np.asarray(values, dtype=float)
    finite = v[np.isfinite(v)]
    a = float(np.max(np.abs(finite))) if finite.size else 0.0
    a = a if a > 0 else 1.0
    return -a, a


class _CellImage(pg.ImageItem):
    """An ImageItem that reports the cell under the pointer and clicked cells."""

    cell_hovered = Signal(int, int)
    cell_clicked = Signal(int, int)

    def _cell(self, pos) -> tuple[int, int]:
        img = self.image
        if img is None:
            return -1, -1
        i, j = int(np.floor(pos.y())), int(np.floor(pos.x()))
        if 0 <= i < img.shape[0] and 0 <= j < img.shape[1]:
            return i, j
        return -1, -1

    def hoverEvent(self, ev) -> None:  # noqa: N802 - pyqtgraph API
        if ev.isExit():
            self.cell_hovered.emit(-1, -1)
            return
        self.cell_hovered.emit(*self._cell(ev.pos()))

    def mouseClickEvent(self, ev) -> None:  # noqa: N802 - pyqtgraph API
        if ev.button() != Qt.MouseButton.LeftButton:
            return
        i, j = self._cell(ev.pos())
        if i >= 0:
            ev.accept()
            self.cell_clicked.emit(i, j)


class Heatmap(QObject):
    """A matrix drawn as coloured cells in its own PlotItem (add :attr:`plot` to a layout).

    Parameters
    ----------
    title : str
        Shown above the cells (HTML allowed).
    signed : bool
        Diverging colour map centred on 0 (True) or viridis for weights (False).
    colorbar : bool
        Show a colour bar beside the cells.
    square : bool
        Keep cells square.

    Signals
    -------
    hovered(int, int)
        Row and column under the pointer; (-1, -1) when it leaves.
    clicked(int, int)
        A cell was clicked.
    """

    hovered = Signal(int, int)
    clicked = Signal(int, int)

    def __init__(self, title: str, signed: bool, colorbar: bool = True,
                 square: bool = True, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.signed = signed
        self.values = np.zeros((1, 1))
        self.levels = (-1.0, 1.0) if signed else (0.0, 1.0)
        self.plot = pg.PlotItem(enableMenu=False)  # no menus built only to be thrown away
        self.plot.setTitle(title, size=pt(13))
        self.plot.hideButtons()
        self.plot.setMouseEnabled(False, False)
        self.plot.invertY(True)
        self.plot.showAxis("top")
        self.plot.hideAxis("bottom")
        for name in ("top", "left", "right"):
            ax = self.plot.getAxis(name)
            ax.setStyle(tickFont=label_font(11), tickLength=0, autoExpandTextSpace=True)
            ax.setTextPen(pen("text"))
            ax.setPen(pg.mkPen(None))  # labels only: an axis line beside cells is clutter
        # The axes' room is fixed per data (set_data), never by the labels a resize thins
        # out: in a grid of plots, that would change the cells' size and so the labels.
        fix_axis_height(self.plot.getAxis("top"))
        for name in ("left", "right"):
            fix_text_axis(self.plot.getAxis(name), [])
        if square:
            self.plot.setAspectLocked(True)
        self.hatch = QGraphicsRectItem()
        brush = QBrush(color(HATCH), Qt.BrushStyle.BDiagPattern)
        self.hatch.setBrush(brush)
        self.hatch.setPen(pg.mkPen(None))
        self.hatch.setZValue(-10)
        self.plot.addItem(self.hatch)
        self.image = _CellImage(axisOrder="row-major")
        self.image.setColorMap(colormap("signed" if signed else "magnitude"))
        self.plot.addItem(self.image)
        self.mark = QGraphicsRectItem(0, 0, 1, 1)
        self.mark.setPen(pen(_HIGHLIGHT, 3))
        self.mark.setZValue(20)
        self.mark.hide()
        self.plot.addItem(self.mark)
        self.bar = None
        if colorbar:
            self.bar = pg.ColorBarItem(values=self.levels, width=12, interactive=False,
                                       colorMap=self.image.getColorMap())
            self.bar.setImageItem(self.image, insert_in=self.plot)
            self.bar.getAxis("right").setStyle(tickFont=label_font(10))
            fix_value_axis(self.bar.getAxis("right"), *self.levels, spread=1.0)
        self.cell_texts = CellTexts(label_font(9))
        self.cell_texts.setZValue(10)
        self.plot.addItem(self.cell_texts, ignoreBounds=True)
        self._labels: tuple[list, list, list] = ([], [], [])
        self._tick_font = label_font(11)
        self._cell_text_px = QFontMetricsF(label_font(9)).horizontalAdvance("-0.00")
        self.hidden = None
        self._shape = (0, 0)
        self._ticks_shown: dict[int, list] = {}
        self.show_cell_text = True
        self.plot.vb.sigResized.connect(self._relayout)
        self.image.cell_hovered.connect(self.hovered)
        self.image.cell_clicked.connect(self.clicked)

    # -- data -------------------------------------------------------------------------------
    def set_data(self, values, levels, rows, cols, hidden=None, notes=None) -> None:
        """Show ``values`` (a 2D matrix).

        Parameters
        ----------
        values : ndarray (r, c)
            What hover reports (may hold -inf for hidden cells).
        levels : (float, float)
            Colour levels; symmetric about 0 for signed maps.
        rows, cols : sequence of str
            Tick labels: tokens (or feature indices).
        hidden : ndarray (r, c) of bool, optional
            Cells drawn as hatched (hidden by a mask).
        notes : sequence of str, optional
            Text written after each row, on the right axis (e.g. ``"Σ=1.00"``).
        """
        v = np.asarray(values, dtype=np.float64)
        self.values = v
        self.hidden = hidden
        self.levels = (float(levels[0]), float(levels[1]))
        shown = np.where(np.isfinite(v), v, np.nan)
        if hidden is not None:
            shown = np.where(hidden, np.nan, shown)
        self.image.setImage(np.ascontiguousarray(shown, dtype=np.float32), autoLevels=False,
                            levels=self.levels)
        if self.bar is not None and self.bar.levels() != self.levels:
            self.bar.setLevels(self.levels)
            fix_value_axis(self.bar.getAxis("right"), *self.levels, spread=1.0)
        r, c = v.shape
        self.hatch.setRect(QRectF(0, 0, c, r))
        self.hatch.setVisible(bool(np.any(~np.isfinite(shown))))
        fm = QFontMetricsF(self._tick_font)
        rows = [fm.elidedText(str(t), Qt.TextElideMode.ElideRight, _MAX_ROW_LABEL_PX)
                for t in rows]
        self._labels = (rows, [str(x) for x in cols], [str(x) for x in notes] if notes else [])
        fix_text_axis(self.plot.getAxis("left"), rows)
        fix_text_axis(self.plot.getAxis("right"), self._labels[2])
        if bool(notes) != self.plot.getAxis("right").isVisible():
            self.plot.showAxis("right", show=bool(notes))
        if (r, c) != self._shape:  # moving the range re-lays out axes: only when needed
            self._shape = (r, c)
            self.plot.setXRange(0, c, padding=0.02)
            self.plot.setYRange(0, r, padding=0.02)
        self._fill_cell_texts(v, hidden)
        self._relayout()

    def _cell_px(self) -> tuple[float, float]:
        """Width and height of one cell on screen (0 before the first layout)."""
        vb = self.plot.vb
        if vb.width() < 2 or vb.height() < 2:
            return 0.0, 0.0
        rect = vb.viewRect()
        if rect.width() <= 0 or rect.height() <= 0:
            return 0.0, 0.0
        return vb.width() / rect.width(), vb.height() / rect.height()

    def _relayout(self, *_args) -> None:
        """Thin out tick labels and cell values so nothing overlaps at the present size."""
        rows, cols, notes = self._labels
        w, h = self._cell_px()
        fm = QFontMetricsF(self._tick_font)
        tall = fm.height() + 1
        if w >= 28:
            # Long tokens are shortened to their cell ("attention" → "atten…") rather than
            # dropped; the hover line always names them in full.
            cols = [fm.elidedText(t, Qt.TextElideMode.ElideRight, w - 4) for t in cols]
            cols = ["" if t == "…" else t for t in cols]  # a lone "…" says nothing
        self._spread(self.plot.getAxis("top"), cols, w, [fm.horizontalAdvance(t) for t in cols])
        self._spread(self.plot.getAxis("left"), rows, h, [tall] * len(rows))
        if notes:
            self._spread(self.plot.getAxis("right"), notes, h, [tall] * len(notes))
        self.cell_texts.setVisible(w >= self._cell_text_px + 4 and h >= tall)

    def _spread(self, axis, labels, cell_px: float, sizes) -> None:
        """Keep a label only where it clears the previous one kept (greedy, in order)."""
        ticks, edge = [], -_LABEL_GAP
        for k, (text, size) in enumerate(zip(labels, sizes, strict=True)):
            centre = (k + 0.5) * cell_px
            # Text reaching past the axis's ends would be dropped by the axis anyway.
            inside = centre - size / 2 >= -2 and centre + size / 2 <= len(labels) * cell_px + 2
            if cell_px <= 0 or (inside and centre - size / 2 >= edge + _LABEL_GAP):
                ticks.append((k + 0.5, text))
                edge = centre + size / 2
        if self._ticks_shown.get(id(axis)) != ticks:  # re-laying out an axis costs a paint
            self._ticks_shown[id(axis)] = ticks
            axis.setTicks([ticks, []])

    def _fill_cell_texts(self, v, hidden) -> None:
        r, c = v.shape
        cells = []
        if self.show_cell_text and r * c <= _MAX_CELL_TEXT:
            lo, hi = self.levels
            colours: dict[str, QColor] = {}
            for i in range(r):
                for j in range(c):
                    x = v[i, j]
                    if (hidden is not None and hidden[i, j]) or not np.isfinite(x):
                        continue
                    col = self._text_colour(x, lo, hi)
                    cells.append((j + 0.5, i + 0.5, f"{x:.2f}",
                                  colours.setdefault(col, color(col))))
        self.cell_texts.set_cells(cells, QRectF(0, 0, c, r))

    def _text_colour(self, x: float, lo: float, hi: float) -> str:
        """Black on light cells, white on dark ones (readable on a projector)."""
        if self.signed:
            return "heat_text_light" if abs(x) > 0.55 * max(abs(lo), abs(hi)) else "heat_text_dark"
        return "heat_text_dark" if (x - lo) / max(hi - lo, 1e-12) > 0.6 else "heat_text_light"

    # -- hover linking ----------------------------------------------------------------------
    def value(self, i: int, j: int) -> float:
        """The value of cell (i, j) as given to :meth:`set_data`."""
        return float(self.values[i, j])

    def mark_cell(self, i: int, j: int, whole_row: bool = False) -> None:
        """Outline cell (i, j) (or all of row i); i < 0 hides the outline."""
        r, c = self.values.shape
        if i < 0 or i >= r or (not whole_row and not 0 <= j < c):
            self.mark.hide()
            return
        self.mark.setRect(QRectF(0, i, c, 1) if whole_row else QRectF(j, i, 1, 1))
        self.mark.show()

    def cell_center_scene(self, i: int, j: int):
        """Scene position of the centre of cell (i, j) (for tests and tooltips)."""
        return self.plot.vb.mapViewToScene(pg.Point(j + 0.5, i + 0.5))
