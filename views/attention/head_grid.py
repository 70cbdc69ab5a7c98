"""The model view: every head of every layer as a small heatmap, in one grid.

All L × H heads are one mosaic image (one item to draw, however many heads), its cells
separated by thin transparent gaps through which the background shows. A head of more than
:data:`MAX_CELL` tokens is shown block-mean pooled to that size (the pooling is
:func:`models.attention.pooling.block_mean`). Rows are layers and columns heads, labelled
"L0", "H0"…; an order (:func:`models.attention.head_stats.head_order`) refills the grid
row by row in that order instead, and each cell is captioned with its layer, head and
score. Clicking a cell emits its (layer, head); the selected head is outlined.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QGraphicsRectItem, QWidget

from models.attention.pooling import block_mean
from views.common.cell_texts import CellTexts
from views.common.numbers import fixed
from views.common.style import color, colormap, label_font, pen, pt

__all__ = ["MAX_CELL", "HeadGrid"]

#: The most image pixels across a head's cell: longer sentences are pooled to this.
MAX_CELL = 64
_GAP_PX = 3.0  # screen px between cells
_MARGIN = 6
_SPACING = 4
_MAX_UNITS = 256  # the most image units across a cell
_TITLE = "attention of every head (rows: layers, columns: heads)"


class _Mosaic(pg.ImageItem):
    """The mosaic image; reports the image pixel clicked."""

    pixel_clicked = Signal(float, float)

    def mouseClickEvent(self, ev) -> None:  # noqa: N802 - pyqtgraph API
        if ev.button() == Qt.MouseButton.LeftButton:
            ev.accept()
            self.pixel_clicked.emit(ev.pos().x(), ev.pos().y())


class HeadGrid(pg.GraphicsLayoutWidget):
    """An L × H grid of small heatmaps of attention weights.

    Signals
    -------
    clicked(int, int)
        The (layer, head) of a clicked cell.
    """

    clicked = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ci.setContentsMargins(_MARGIN, _MARGIN, _MARGIN, _MARGIN)
        self.title = self.ci.addLabel(_TITLE, row=0, col=0, size=pt(13))
        self.plot = self.ci.addPlot(row=1, col=0)
        self.ci.layout.setAlignment(self.plot, Qt.AlignmentFlag.AlignCenter)
        self.ci.setSpacing(_SPACING)
        self._title_px = math.ceil(QFontMetricsF(label_font(13)).height() + 6)
        self.ci.layout.setRowFixedHeight(0, self._title_px)
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.setMouseEnabled(False, False)
        self.plot.invertY(True)
        self.plot.hideAxis("bottom")
        self.plot.showAxis("top")
        self.plot.vb.setAspectLocked(True)
        self._font = label_font(11)
        for side in ("top", "left"):
            ax = self.plot.getAxis(side)
            ax.setStyle(tickLength=0, tickFont=self._font)
            ax.setPen(pg.mkPen(None))
            ax.setTextPen(color("text"))
        self.image = _Mosaic(axisOrder="row-major")
        self.image.setColorMap(colormap("magnitude"))
        self.plot.addItem(self.image)
        self.image.pixel_clicked.connect(self._on_pixel)
        self.mark = QGraphicsRectItem()
        self.mark.setPen(pen("highlight", 3))
        self.mark.setZValue(20)
        self.mark.hide()
        self.plot.addItem(self.mark)
        self.captions = CellTexts(label_font(10))
        self.captions.setZValue(10)
        self.plot.addItem(self.captions, ignoreBounds=True)
        self.cells = np.zeros((0, 0, 0, 0), dtype=np.float32)  # (L, H, m, m) as drawn
        self.order: list[tuple[int, int]] = []
        self.scores: np.ndarray | None = None
        self.selected: tuple[int, int] | None = None
        self._gaps = (1, 1, 0)  # gaps across and down, caption band, in image units
        self._k = 1  # image units per token pixel
        self.n = 0
        self._cap_font = label_font(10)
        self._laid_out: tuple = ()

    # -- data -------------------------------------------------------------------------------
    def set_data(self, weights, order=None, scores=None, by: str = "") -> None:
        """Show weights ``(L, H, n, n)``, in ``order`` (a list of every (layer, head); None:
        layer by layer), captioned with ``scores`` ``(L, H)`` when ordered (``by`` names
        them)."""
        w = np.asarray(weights)
        if w.ndim != 4 or w.shape[-1] != w.shape[-2]:
            raise ValueError(f"weights must have shape (L, H, n, n), not {w.shape}")
        n = self.n = w.shape[-1]
        cells = block_mean(w, MAX_CELL) if n > MAX_CELL else w
        self.cells = np.ascontiguousarray(cells, dtype=np.float32)
        self._set_order(order, scores, by)

    def set_order(self, order=None, scores=None, by: str = "") -> None:
        """Rearrange the cells in ``order`` (None: layer by layer, unlabelled cells),
        captioned with ``scores`` ``(L, H)``; ``by`` names the score in the title."""
        self._set_order(order, scores, by)

    def _set_order(self, order, scores, by: str = "") -> None:
        L, H = self.cells.shape[:2]
        natural = [(li, h) for li in range(L) for h in range(H)]
        if order is not None:
            order = [(int(li), int(h)) for li, h in order]
            if sorted(order) != natural:
                raise ValueError("an order must name every (layer, head) once")
        self.order = order if order is not None else natural
        self.ordered = order is not None
        self.title.setText(f"every head, ordered by {by}" if self.ordered and by
                           else "every head, ordered" if self.ordered else _TITLE)
        self.scores = None if scores is None else np.asarray(scores, dtype=np.float64)
        self._laid_out = ()
        self._fit(self.width(), self.height())

    # -- geometry (image pixels) ------------------------------------------------------------
    def position(self, layer: int, head: int) -> tuple[int, int]:
        """Grid row and column where head (layer, head) is drawn."""
        k = self.order.index((layer, head))
        return divmod(k, self.cells.shape[1])

    def cell_rect(self, layer: int, head: int) -> QRectF:
        """The image-pixel rectangle of head (layer, head)'s cell."""
        m = self.cells.shape[-1] * self._k
        gx, gy, cap = self._gaps
        r, c = self.position(layer, head)
        return QRectF(c * (m + gx), r * (m + gy + cap) + cap, m, m)

    def cell_center_scene(self, layer: int, head: int):
        """Scene position of the centre of head (layer, head)'s cell."""
        return self.plot.vb.mapViewToScene(self.cell_rect(layer, head).center())

    def _mosaic(self) -> np.ndarray:
        L, H = self.cells.shape[:2]
        m, k = self.cells.shape[-1] * self._k, self._k
        gx, gy, cap = self._gaps
        out = np.full((L * (m + gy + cap) - gy, H * (m + gx) - gx), np.nan, np.float32)
        for pos, (li, h) in enumerate(self.order):
            r, c = divmod(pos, H)
            y, x = r * (m + gy + cap) + cap, c * (m + gx)
            out[y:y + m, x:x + m] = np.repeat(np.repeat(self.cells[li, h], k, 0), k, 1)
        return out

    # -- layout (once per data or size change) ----------------------------------------------
    def resizeEvent(self, ev) -> None:  # noqa: N802 - Qt API
        # Before the base class fits the layout; None: pyqtgraph's call while it builds the
        # widget; closed: the items are already deleted.
        if ev is not None and getattr(self, "captions", None) is not None and not self.closed:
            self._fit(ev.size().width(), ev.size().height())
        super().resizeEvent(ev)

    def _fit(self, width: int, height: int) -> None:
        L, H, m, _ = self.cells.shape
        if L * H == 0:
            return
        fm = QFontMetricsF(self._font)
        title = self._title_px + _SPACING
        left = 0.0 if self.ordered else fm.horizontalAdvance(f"L{L - 1}") + 10
        top = 1.0 if self.ordered else fm.height() + 4
        cap_px = QFontMetricsF(self._cap_font).height() + 2 if self.ordered else 0.0
        cap_w = (max(QFontMetricsF(self._cap_font).horizontalAdvance(self.caption(li, h))
                     for li, h in self.order) + 6) if self.ordered else 0.0
        avail_w = width - 2 * _MARGIN - left - 8
        avail_h = height - 2 * _MARGIN - title - top - 8
        side = max(4.0, min((avail_w - (H - 1) * _GAP_PX) / H,
                            (avail_h - (L - 1) * _GAP_PX - L * cap_px) / L))
        # Image units: each token pixel is k × k of them, so that a gap of one unit is
        # about _GAP_PX on screen however few tokens a cell holds.
        k = max(1, min(int(side / m / _GAP_PX), _MAX_UNITS // m))
        unit = side / (m * k)  # screen px per image unit (first estimate)
        # Columns stand apart far enough for their captions, where the width allows.
        over = max(cap_w - side, 0.0)  # how far a caption is wider than its cell
        gap_x_px = max(_GAP_PX, min(over, (avail_w - H * side - over) / max(H - 1, 1)))
        gx, gy = max(1, round(gap_x_px / unit)), max(1, round(_GAP_PX / unit))
        cap = math.ceil(cap_px / unit) if self.ordered else 0
        # Captions wider than their cells reach past the outer columns: room for them.
        pad = math.ceil(over / 2 / unit)
        s_ = m * k
        units_w, units_h = H * s_ + (H - 1) * gx + 2 * pad, L * (s_ + cap) + (L - 1) * gy
        per = max(1e-3, min(avail_w / units_w, avail_h / units_h))  # the exact fit
        gaps = (gx, gy, cap)
        key = (gaps, k, per, pad, self.ordered, tuple(self.order), id(self.cells))
        if key == self._laid_out:
            return
        self._laid_out = key
        self._gaps, self._k = gaps, k
        mosaic = self._mosaic()
        self.image.setImage(mosaic, autoLevels=False, levels=self.levels())
        self.plot.getAxis("left").setWidth(max(1, math.ceil(left)))
        self.plot.getAxis("top").setHeight(max(1, math.ceil(top)))
        vb = self.plot.vb
        vb.setFixedWidth((mosaic.shape[1] + 2 * pad) * per)
        vb.setFixedHeight(mosaic.shape[0] * per)
        self.plot.setMaximumSize((mosaic.shape[1] + 2 * pad) * per + left + 2,
                                 mosaic.shape[0] * per + top + 2)
        self.plot.setRange(xRange=(-pad, mosaic.shape[1] + pad),
                           yRange=(0, mosaic.shape[0]), padding=0)
        self._label()
        self._outline()

    def levels(self) -> tuple[float, float]:
        """Colour levels: [0, 1] for weights; a pooled head's block means are at most
        1 / (block width), so its levels are [0, MAX_CELL / n] (a block whose rows put all
        their weight in it is drawn at full colour)."""
        return (0.0, 1.0) if self.n <= MAX_CELL else (0.0, MAX_CELL / self.n)

    def _label(self) -> None:
        L, H = self.cells.shape[:2]
        m = self.cells.shape[-1] * self._k
        gx, gy, cap = self._gaps
        rows = [(r * (m + gy + cap) + cap + m / 2, f"L{r}") for r in range(L)]
        cols = [(c * (m + gx) + m / 2, f"H{c}") for c in range(H)]
        self.plot.getAxis("left").setTicks([[] if self.ordered else rows, []])
        self.plot.getAxis("top").setTicks([[] if self.ordered else cols, []])
        cells = []
        if self.ordered:
            self.captions.set_font(self._cap_font)
            ink = color("text")
            for pos, (li, h) in enumerate(self.order):
                r, c = divmod(pos, H)
                cells.append((c * (m + gx) + m / 2, r * (m + gy + cap) + cap / 2,
                              self.caption(li, h), ink))
        rect = QRectF(-gx, 0, H * (m + gx) + gx, L * (m + gy + cap))
        self.captions.set_cells(cells, rect)

    def caption(self, layer: int, head: int) -> str:
        """The caption of a cell in an ordered grid: "L3 H5 0.42" (the score when given)."""
        text = f"L{layer} H{head}"
        if self.scores is not None and np.isfinite(self.scores[layer, head]):
            text += " " + fixed(float(self.scores[layer, head]), 2)
        return text

    # -- selection --------------------------------------------------------------------------
    def select(self, layer: int, head: int) -> None:
        """Outline head (layer, head) (a negative layer: none)."""
        self.selected = (layer, head) if layer >= 0 else None
        self._outline()

    def _outline(self) -> None:
        if self.selected is None or self.selected not in self.order:
            self.mark.hide()
            return
        self.mark.setRect(self.cell_rect(*self.selected))
        self.mark.show()

    def _on_pixel(self, x: float, y: float) -> None:
        L, H = self.cells.shape[:2]
        m = self.cells.shape[-1] * self._k
        gx, gy, cap = self._gaps
        c, dx = divmod(x, m + gx)
        r, dy = divmod(y, m + gy + cap)
        if not (0 <= r < L and 0 <= c < H and dx < m and cap <= dy < cap + m):
            return  # a gap or a caption
        layer, head = self.order[int(r) * H + int(c)]
        self.select(layer, head)
        self.clicked.emit(layer, head)
