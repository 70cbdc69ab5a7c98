"""The lines view of one attention head, as BertViz draws it: queries on the left, keys on
the right, one line from query i to key j as opaque as the weight w_ij.

Lines are drawn as a few path items, one per opacity bucket (:data:`BUCKETS` of them), never
one item per line: a head of 512 tokens holds tens of thousands of lines worth drawing.
Bucket b holds the weights in ((b) / B, (b + 1) / B] and draws them at alpha (b + 1) / B,
so a line is never fainter than its weight; weights under :data:`THRESHOLD` are not drawn.
Hovering a query token (its label, or the left half of the lines) shows that row's lines
over the others, faded; :meth:`LinesView.highlight_row` does the same from code.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, QRectF, Signal
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QGraphicsPathItem, QWidget

from views.common.axis_texts import AxisTexts
from views.common.style import color, figure_style, label_font, named, pen, pt

__all__ = ["BUCKETS", "FADED", "FOCUS_FLOOR", "THRESHOLD", "LinesView", "LinesWidget",
           "bucket_alpha", "bucket_of"]

#: Opacity buckets: lines of one bucket share one path item and one pen.
BUCKETS = 16
#: Weights under this are not drawn (they would be invisible, and there are n² of them).
THRESHOLD = 0.01
#: The opacity of the other rows' lines while one row is highlighted.
FADED = 0.15
#: The least alpha of a highlighted row's lines.
FOCUS_FLOOR = 0.3
_COLOURS = named({"line": "j_hat", "focus": "i_hat", "label": "text"})
_LINE_PX = 2.0  # a projector keeps 2 px lines; 1 px ones at low alpha vanish
_FOCUS_PX = 3.0  # the highlighted row's lines stand out by width as well as colour
_TITLE_PAD = 6.0
_MIN_BAND = 60.0  # px: the least width of the band the lines cross


def bucket_of(weights) -> np.ndarray:
    """The opacity bucket of each weight: ``ceil(w · BUCKETS) − 1``, clamped to the buckets
    (its line is drawn at alpha ``(bucket + 1) / BUCKETS`` ≥ w)."""
    w = np.clip(np.asarray(weights, dtype=np.float64), 0.0, 1.0)
    return np.clip(np.ceil(w * BUCKETS).astype(np.int64) - 1, 0, BUCKETS - 1)


def bucket_alpha(bucket: int, focused: bool = False) -> float:
    """The alpha of bucket ``bucket``'s lines: its largest weight, ``(bucket + 1) / BUCKETS``;
    a highlighted row's lines start from :data:`FOCUS_FLOOR` so that its small weights still
    read against the faded rest."""
    a = (bucket + 1) / BUCKETS
    return FOCUS_FLOOR + (1.0 - FOCUS_FLOOR) * a if focused else a


class _TokenAxis(pg.AxisItem):
    """A side of token labels that reports the row under the pointer."""

    row_hovered = Signal(int)

    def hoverEvent(self, ev) -> None:  # noqa: N802 - pyqtgraph API
        if ev.isExit():
            self.row_hovered.emit(-1)
            return
        vb = self.linkedView()
        y = vb.mapSceneToView(ev.scenePos()).y() if vb is not None else -1.0
        self.row_hovered.emit(int(math.floor(y)) if y >= 0 else -1)


class _QueryBand(pg.GraphicsObject):
    """The left half of the lines, where a pointer picks the query of the row under it."""

    row_hovered = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self._rect = QRectF()

    def set_rows(self, n: int) -> None:
        self.prepareGeometryChange()
        self._rect = QRectF(0, 0, 0.5, n)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt API
        return self._rect

    def paint(self, *_args) -> None:
        pass  # invisible: it only listens

    def hoverEvent(self, ev) -> None:  # noqa: N802 - pyqtgraph API
        if ev.isExit():
            self.row_hovered.emit(-1)
            return
        self.row_hovered.emit(int(math.floor(ev.pos().y())))


class LinesView(QObject):
    """Queries and keys as two columns of tokens joined by lines of opacity = weight, in its
    own PlotItem (add :attr:`plot` to a layout; :meth:`set_row_px` lays it out).

    Parameters
    ----------
    title : str
        Shown above the columns.

    Signals
    -------
    highlighted(int)
        The highlighted query row changed (-1: none).
    """

    highlighted = Signal(int)

    def __init__(self, title: str = "query → key", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._figure = figure_style()
        axes = {"left": _TokenAxis("left"), "right": _TokenAxis("right"),
                "top": pg.AxisItem("top"), "bottom": pg.AxisItem("bottom")}
        self.plot = pg.PlotItem(enableMenu=False, axisItems=axes)
        self.plot.hideButtons()
        self.plot.setMouseEnabled(False, False)
        self.plot.invertY(True)
        self.plot.hideAxis("bottom")
        self.plot.showAxis("right")
        self.plot.showAxis("top")
        self._font = label_font(11)
        self.labels: dict[str, AxisTexts] = {}
        for side in ("left", "right", "top"):
            ax = self.plot.getAxis(side)
            ax.setStyle(tickLength=0, showValues=False)
            ax.setPen(pg.mkPen(None))
            ax.setTicks([[], []])
        for side in ("left", "right"):
            self.labels[side] = AxisTexts(self.plot.getAxis(side), side, self._font,
                                          color(_COLOURS["label"]))
        self.plot.getAxis("top").setHeight(1)
        self._set_title(title)
        self.paths: list[QGraphicsPathItem] = []
        self.row_paths: list[QGraphicsPathItem] = []
        for layer, z in ((self.paths, 0), (self.row_paths, 5)):
            for b in range(BUCKETS):
                item = QGraphicsPathItem()
                key = "line" if layer is self.paths else "focus"
                item.setPen(pen(color(_COLOURS[key], round(255 * bucket_alpha(b, z > 0))),
                                _LINE_PX if z == 0 else _FOCUS_PX))
                item.setZValue(z)
                item.setVisible(False)  # empty until it has lines (an empty shape upsets PDF)
                self.plot.addItem(item)
                layer.append(item)
        self.band = _QueryBand()
        self.band.setZValue(10)
        self.plot.addItem(self.band)
        self.weights = np.zeros((0, 0))
        self.tokens: list[str] = []
        self.row = -1
        self.pairs: list[np.ndarray] = [np.zeros((0, 2), np.int64)] * BUCKETS
        self._row_pairs: list[np.ndarray] = list(self.pairs)
        self._px = 0.0
        if not self._figure:  # a figure has no hover state
            self.plot.getAxis("left").row_hovered.connect(lambda i: self.hover("label", i))
            self.band.row_hovered.connect(lambda i: self.hover("band", i))
        self._hovered = {"label": -1, "band": -1}

    def _set_title(self, title: str, size: float = 13) -> None:
        self.plot.setTitle(title, size=pt(size))
        self._title_px = math.ceil(QFontMetricsF(label_font(size)).height() + _TITLE_PAD)
        self.plot.layout.setRowFixedHeight(0, self._title_px)
        self.plot.titleLabel.setMaximumHeight(self._title_px)
        self._title_w = math.ceil(QFontMetricsF(label_font(size)).horizontalAdvance(title) + 8)

    # -- data -------------------------------------------------------------------------------
    def set_data(self, weights, tokens) -> None:
        """Show the weights ``(n, n)`` of one head between the ``n`` tokens."""
        w = np.asarray(weights, dtype=np.float64)
        n = len(tokens)
        if w.shape != (n, n):
            raise ValueError(f"weights of shape {w.shape} for {n} tokens")
        self.weights, self.tokens = w, [str(t) for t in tokens]
        self.pairs = self._bucketed(np.ones(n, dtype=bool))
        for item, pairs in zip(self.paths, self.pairs, strict=True):
            item.setPath(_path(pairs))
            item.setVisible(len(pairs) > 0)  # an empty path is no shape (PDF readers balk)
        for side in ("left", "right"):
            self.labels[side].set_labels(self.tokens)
        self.band.set_rows(n)
        self.plot.setXRange(0, 1, padding=0)
        self.plot.setYRange(0, max(n, 1), padding=0)
        row, self.row = self.row, -1
        self.highlight_row(row if row < n else -1)
        if self._px > 0:
            self._place(self._px)

    def _bucketed(self, rows: np.ndarray) -> list[np.ndarray]:
        """The (query, key) pairs of each bucket, among the rows where ``rows`` is True."""
        w = self.weights
        keep = (w >= THRESHOLD) & rows[:, None]
        i, j = np.nonzero(keep)
        b = bucket_of(w[i, j])
        ij = np.stack([i, j], axis=1)
        return [ij[b == k] for k in range(BUCKETS)]

    def line_count(self) -> int:
        """How many lines are drawn (every row's)."""
        return int(sum(len(p) for p in self.pairs))

    # -- highlight ----------------------------------------------------------------------------
    def highlight_row(self, i: int) -> None:
        """Show query row ``i``'s lines over the others, faded (i < 0: every row alike)."""
        n = len(self.tokens)
        i = int(i) if 0 <= i < n else -1
        if i == self.row:
            return
        old, self.row = self.row, i
        rows = np.zeros(n, dtype=bool)
        if i >= 0:
            rows[i] = True
        self._row_pairs = self._bucketed(rows)
        for item, pairs in zip(self.row_paths, self._row_pairs, strict=True):
            item.setPath(_path(pairs))
            item.setVisible(len(pairs) > 0)
        for item in self.paths:
            item.setOpacity(FADED if i >= 0 else 1.0)
        self._mark_label(old, False)
        self._mark_label(i, True)
        self.highlighted.emit(i)

    def hover(self, source: str, i: int) -> None:
        """The pointer is over row ``i`` (-1: it left) of part ``source`` ("label", "band",
        or a linked view's own name, e.g. a heatmap's): highlight the row of whichever part
        has the pointer. The pointer leaving one part may be reported after it entered the
        next, so a leave must not clear the row just entered."""
        self._hovered[source] = i
        self.highlight_row(max(self._hovered.values()))

    def row_lines(self) -> list[np.ndarray]:
        """The (query, key) pairs drawn over the faded ones, per bucket."""
        return list(self._row_pairs)

    def _mark_label(self, i: int, on: bool) -> None:
        items = self.labels["left"].items
        if 0 <= i < len(items):
            items[i].setBrush(color(_COLOURS["focus" if on else "label"]))
            f = items[i].font()
            f.setBold(on)
            items[i].setFont(f)

    # -- layout (once per layout change) ----------------------------------------------------
    def overhead(self, px: float) -> tuple[float, float]:
        """Width and height besides the band of lines at ``px`` per row."""
        left = self.labels["left"].plan_for(px).room
        right = self.labels["right"].plan_for(px).room
        return math.ceil(left) + math.ceil(right) + 4, self._title_px + 4

    def set_row_px(self, px: float, band: float, top: float = 0.0) -> None:
        """Rows ``px`` apart, lines ``band`` px long, the rows ``top`` px below the title
        (to stand level with a heatmap's rows beside it)."""
        self._px = px
        n = max(len(self.tokens), 1)
        band = max(band, _MIN_BAND)
        self._place(px)
        self.plot.getAxis("top").setHeight(max(top, 1))
        self.plot.vb.setFixedWidth(band)
        self.plot.vb.setFixedHeight(n * px)
        w, h = self.overhead(px)
        self.plot.setMaximumSize(max(w + band, self._title_w) + 1, h + top + n * px + 1)

    def _place(self, px: float) -> None:
        for side in ("left", "right"):
            room = math.ceil(self.labels[side].plan_for(px).room)
            self.plot.getAxis(side).setWidth(max(room, 1))
            self.labels[side].place(px, room)
        self._mark_label(self.row, self.row >= 0)

    def row_center_scene(self, i: int, side: str = "left"):
        """Scene position of query (``"left"``) or key (``"right"``) ``i``'s line end."""
        return self.plot.vb.mapViewToScene(pg.Point(0.0 if side == "left" else 1.0, i + 0.5))


def _path(pairs: np.ndarray):
    """One path of straight lines from (0, i + ½) to (1, j + ½) for each pair (i, j)."""
    k = len(pairs)
    x = np.tile(np.array([0.0, 1.0]), k)
    y = np.empty(2 * k)
    y[0::2] = pairs[:, 0] + 0.5
    y[1::2] = pairs[:, 1] + 0.5
    return pg.arrayToQPath(x, y, connect="pairs", finiteCheck=False)


class LinesWidget(pg.GraphicsLayoutWidget):
    """A :class:`LinesView` alone in a widget, laid out to fill it on every resize."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ci.setContentsMargins(6, 6, 6, 6)
        self.lines = LinesView(parent=self)
        self.addItem(self.lines.plot)

    def set_data(self, weights, tokens) -> None:
        """Show one head's weights between ``tokens``."""
        self.lines.set_data(weights, tokens)
        self._fit(self.width(), self.height())

    def resizeEvent(self, ev) -> None:  # noqa: N802 - Qt API
        # Before the base class fits the layout to the new size. None: pyqtgraph's own call
        # while it builds the view; closed: the scene's items are already deleted.
        if ev is not None and getattr(self, "lines", None) is not None and not self.closed:
            self._fit(ev.size().width(), ev.size().height())
        super().resizeEvent(ev)

    def _fit(self, width: int, height: int) -> None:
        n = max(len(self.lines.tokens), 1)
        px = 24.0
        for _ in range(3):  # the label room shrinks with the rows: settle in a few steps
            ow, oh = self.lines.overhead(px)
            px = max(1.0, min(36.0, (height - 14 - oh) / n))
        ow, _oh = self.lines.overhead(px)
        self.lines.set_row_px(px, min(width - 14 - ow, 3 * n * px + 120))
