"""A labelled heatmap of a matrix: cells, token tick labels, hover, click, colour bar.

Rows run down and columns across, exactly as the matrix is written (row-major image,
y axis inverted), so entry (i, j) is row i, column j on screen. Signed stages use a
diverging colour map centred on zero with symmetric levels; weights a perceptually
uniform map with levels [0, 1] (both from the theme). Hidden cells (NaN in the picture)
are transparent over a grey hatch.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontInfo, QFontMetricsF
from PySide6.QtWidgets import QGraphicsRectItem

from views.common.axis_room import fix_value_axis
from views.common.axis_texts import MIN_TEXT_PX, AxisTexts
from views.common.cell_texts import CellTexts
from views.common.contrast import contrast_ratio
from views.common.numbers import fixed
from views.common.style import color, colormap, label_font, pen, pt

__all__ = ["HATCH", "MAX_CELL_TEXT", "Heatmap", "symmetric_levels", "cell_text_colour"]

_HIGHLIGHT = "highlight"
#: Text inside cells: whichever of the theme's two cell-text colours contrasts more with the
#: cell (black and white keep at least 4.58:1 against any colour; a softer grey would not).
_DARK_TEXT, _LIGHT_TEXT = "heat_text_dark", "heat_text_light"
#: Grey of the hatch seen through hidden (masked) cells.
HATCH = "hatch"
#: The largest heatmap whose values are written in its cells (16 × 16).
MAX_CELL_TEXT = 256
_TITLE_PAD = 6.0  # px above and below a heatmap's title


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

    Its owner lays it out: :meth:`overhead` says how much room the title, the token labels
    and the colour bar take at a cell size, and :meth:`set_cell_px` fixes the cells at that
    size (square, the same in every heatmap of a figure), placing the labels and sizing the
    numbers written in the cells. Both run once per layout change, never in a paint.

    Parameters
    ----------
    title : str
        Shown above the cells (HTML allowed).
    signed : bool
        Diverging colour map centred on 0 (True) or viridis for weights (False).
    colorbar : bool
        Show a colour bar beside the cells.
    square : bool
        Kept for callers; cells are square at the size the owner sets.

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
        self.set_title(title, 13)
        self.plot.hideButtons()
        self.plot.setMouseEnabled(False, False)
        self.plot.invertY(True)
        self.plot.showAxis("top")
        self.plot.hideAxis("bottom")
        self._tick_font = label_font(11)
        self.labels: dict[str, AxisTexts] = {}
        for name in ("top", "left", "right"):
            ax = self.plot.getAxis(name)
            # The axes draw no text of their own: their room is fixed per layout and the
            # token labels are items placed in it (every one shown, see AxisTexts).
            ax.setStyle(tickLength=0, showValues=False)
            ax.setPen(pg.mkPen(None))  # labels only: an axis line beside cells is clutter
            ax.setTicks([[], []])
            self.labels[name] = AxisTexts(ax, name, self._tick_font, color("text"))
        self.plot.getAxis("top").setHeight(1)
        self.plot.getAxis("left").setWidth(1)
        self.plot.getAxis("right").setWidth(1)
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
        self.hidden = None
        self._shape = (0, 0)
        self._cell_px = 0.0
        self._col_px = 0.0
        self._strings: list[tuple[int, int, str]] = []
        self.show_cell_text = True
        self.image.cell_hovered.connect(self.hovered)
        self.image.cell_clicked.connect(self.clicked)

    def set_title(self, title: str, size: float = 13) -> None:
        """Write ``title`` above the cells, in a row just one line tall."""
        self.plot.setTitle(title, size=pt(size))
        line = QFontMetricsF(label_font(size)).height()
        self._title_px = math.ceil(line + _TITLE_PAD)
        self.plot.layout.setRowFixedHeight(0, self._title_px)
        label = self.plot.titleLabel
        label.setMaximumHeight(self._title_px)
        # Over the whole plot, not only the cells' column: a title wider than the cells must
        # not push them away from their labels and colour bar.
        self.plot.layout.removeItem(label)
        self.plot.layout.addItem(label, 0, 0, 1, 6)
        plain = title.replace("<sub>", "").replace("</sub>", "")
        self._title_w = math.ceil(QFontMetricsF(label_font(size)).horizontalAdvance(plain) + 8)

    # -- data -------------------------------------------------------------------------------
    def set_data(self, values, levels, rows, cols, hidden=None, notes=None) -> None:
        """Show ``values`` (a 2D matrix); its owner lays it out (:meth:`set_cell_px`).

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
            Text written after each row, on the right (e.g. ``"Σ=1.00"``).
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
        self.labels["top"].set_labels(cols)
        self.labels["left"].set_labels(rows)
        self.labels["right"].set_labels(notes or [])
        if bool(notes) != self.plot.getAxis("right").isVisible():
            self.plot.showAxis("right", show=bool(notes))
        if (r, c) != self._shape:  # moving the range re-lays out axes: only when needed
            self._shape = (r, c)
            self.plot.setXRange(0, c, padding=0)
            self.plot.setYRange(0, r, padding=0)
        self._fill_cell_texts(v, hidden)
        if self._cell_px > 0:
            self._place(self._cell_px, self._col_px)

    @property
    def shape(self) -> tuple[int, int]:
        """Rows and columns of the matrix shown."""
        return tuple(self.values.shape)

    # -- layout (once per layout change) ----------------------------------------------------
    def _rooms(self, px: float, col_px: float) -> tuple[float, float, float]:
        # Whether an axis is shown by the plot, even while the plot itself is hidden.
        shown = {a: self.plot.getAxis(a).isVisibleTo(self.plot) for a in ("top", "left")}
        top = self.labels["top"].plan_for(col_px).room if shown["top"] else 0.0
        left = self.labels["left"].plan_for(px).room if shown["left"] else 0.0
        right = self.labels["right"].plan_for(px).room if self.labels["right"].labels else 0.0
        return math.ceil(top), math.ceil(left), math.ceil(right)

    def overhead(self, px: float, col_px: float | None = None) -> tuple[float, float]:
        """Width and height the heatmap needs besides its cells at ``px`` per cell (row
        height; columns ``col_px`` wide, default ``px``)."""
        top, left, right = self._rooms(px, px if col_px is None else col_px)
        bar = 0.0
        if self.bar is not None:
            bar = 5 + 12 + self.bar.getAxis("right").width() + 4
        return left + right + bar + 4, self._title_px + top + 4

    def min_width(self) -> float:
        """The least width of the heatmap: its title's."""
        return self._title_w

    def set_cell_px(self, px: float, col_px: float | None = None) -> None:
        """Fix the cells at ``px`` pixels (rows) by ``col_px`` (columns, default ``px``)."""
        col_px = px if col_px is None else col_px
        key = (px, col_px, self.values.shape, *(tuple(a.labels) for a in self.labels.values()))
        if key == getattr(self, "_laid_out", None):
            return
        self._laid_out = key
        self._cell_px, self._col_px = px, col_px
        r, c = self.values.shape
        top, left, right = self._rooms(px, col_px)
        axes = self.plot
        axes.getAxis("top").setHeight(max(top, 1))
        axes.getAxis("left").setWidth(max(left, 1))
        axes.getAxis("right").setWidth(max(right, 1))
        vb = self.plot.vb
        vb.setFixedWidth(c * col_px)
        vb.setFixedHeight(r * px)
        self.plot.setMaximumSize(*(x + 1 for x in self._size(px, col_px)))
        self._place(px, col_px)

    def _size(self, px: float, col_px: float) -> tuple[float, float]:
        r, c = self.values.shape
        w, h = self.overhead(px, col_px)
        return max(w + c * col_px, self._title_w), h + r * px

    def _place(self, px: float, col_px: float) -> None:
        """Place the token labels and size the numbers in the cells for this cell size."""
        top, left, right = self._rooms(px, col_px)
        self.labels["top"].place(col_px, top)
        self.labels["left"].place(px, left)
        self.labels["right"].place(px, right)
        self._size_cell_texts(px, col_px)

    def note(self) -> str:
        """Where not every token is labelled, a line saying which are; else ""."""
        return self.labels["left"].note() or self.labels["top"].note()

    # -- numbers in the cells -----------------------------------------------------------------
    def _fill_cell_texts(self, v, hidden) -> None:
        r, c = v.shape
        self._strings = []
        if self.show_cell_text and r * c <= MAX_CELL_TEXT:
            for i in range(r):
                for j in range(c):
                    x = v[i, j]
                    if (hidden is not None and hidden[i, j]) or not np.isfinite(x):
                        continue
                    self._strings.append((i, j, float(x)))
        self._cell_font_px = -1
        if self._cell_px > 0:
            self._size_cell_texts(self._cell_px, self._col_px)

    def _size_cell_texts(self, px: float, col_px: float) -> None:
        """Write the values at the largest font (≤ the label font) that fits a cell: two
        decimals, else one; none where even one decimal would need text under 7 px."""
        r, c = self.values.shape
        if not self._strings:
            self.cell_texts.set_cells([], QRectF(0, 0, c, r))
            return
        biggest = QFontInfo(self._tick_font).pixelSize()
        for places in (2, 1):
            texts = [fixed(x, places) for *_ij, x in self._strings]
            probe = QFont(self._tick_font)
            probe.setPixelSize(100)
            fm = QFontMetricsF(probe)
            widest = max(fm.horizontalAdvance(t) for t in texts) / 100
            size = min(biggest, (col_px - 3) / max(widest, 1e-6), (px - 1) / 1.17)
            if size >= MIN_TEXT_PX:
                break
        else:
            self.cell_texts.set_cells([], QRectF(0, 0, c, r))
            return
        font = QFont(self._tick_font)
        font.setPixelSize(int(size))
        self.cell_texts.set_font(font)
        lo, hi = self.levels
        cmap = self.image.getColorMap()
        xs = np.array([x for *_ij, x in self._strings])
        t = np.clip((xs - lo) / max(hi - lo, 1e-300), 0.0, 1.0)
        rgb = cmap.map(t, mode="byte")[:, :3]
        cache: dict[str, QColor] = {}
        cells = []
        for (i, j, _x), text, cell in zip(self._strings, texts, rgb, strict=True):
            code = _text_colour(tuple(int(k) for k in cell))
            cells.append((j + 0.5, i + 0.5, text, cache.setdefault(code, QColor(code))))
        self.cell_texts.set_cells(cells, QRectF(0, 0, c, r))

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


def cell_text_colour(rgb) -> str:
    """The theme's dark or light cell text (``"#RRGGBB"``) for a cell of colour ``rgb``."""
    return _text_colour(rgb)


def _text_colour(rgb) -> str:
    """The theme's dark or light cell text (``"#RRGGBB"``), whichever contrasts more with a
    cell of colour ``rgb``."""
    dark, light = color(_DARK_TEXT).name(), color(_LIGHT_TEXT).name()
    return dark if contrast_ratio(dark, rgb) >= contrast_ratio(light, rgb) else light
