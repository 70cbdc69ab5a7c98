"""Token labels beside a heatmap's cells: one text item per token, never dropped silently.

A heatmap of a sentence labels every row and every column with its token. Where a column
is too narrow for its word, the labels turn upright (90°); where a row or an upright
column is too thin for a line of text, the font shrinks down to :data:`MIN_TEXT_PX`; a word
longer than :func:`max_label_px` is shortened with "…" and carries its full text as a
tooltip. Only where even the smallest font cannot hold one label per cell is every k-th
token labelled, and :meth:`AxisTexts.note` says so.

The plan (:func:`plan_labels`) is pure arithmetic on measured widths; :class:`AxisTexts`
places the items once per layout change, never in a paint.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontInfo, QFontMetricsF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsSimpleTextItem

__all__ = ["MIN_TEXT_PX", "AxisTexts", "LabelPlan", "max_label_px", "plan_labels"]

#: The smallest text height (pixels) that stays legible.
MIN_TEXT_PX = 7.0
_GAP = 2.0  # px between a label and the cells, and between neighbouring labels


def max_label_px(font: QFont) -> float:
    """The longest a token label may be before it is shortened ("supercal…")."""
    return QFontMetricsF(font).horizontalAdvance("M") * 6.5


@dataclass(frozen=True)
class LabelPlan:
    """How one axis's labels stand at one cell size.

    Attributes
    ----------
    texts : tuple of str
        The (possibly shortened) text of every label, in order.
    pixel_size : int
        The font's pixel size.
    upright : bool
        Turned 90° (column labels in narrow columns).
    stride : int
        1: every label is shown; k: every k-th (the note says so).
    room : float
        Pixels across the axis the labels need (height of a column axis, width of a row
        axis).
    """

    texts: tuple[str, ...]
    pixel_size: int
    upright: bool
    stride: int
    room: float


def _font_px(font: QFont) -> int:
    """The pixel size of ``font``'s em."""
    return max(1, QFontInfo(font).pixelSize())


def _sized(font: QFont, px: int) -> QFont:
    f = QFont(font)
    f.setPixelSize(max(1, int(px)))
    return f


@functools.lru_cache(maxsize=4096)
def _measured(labels: tuple[str, ...], font_key: str, px: int, limit: float):
    """The labels shortened to ``limit`` px in the font ``font_key`` at ``px`` pixels, the
    widest of them and the line height (cached: a layout asks for many cell sizes)."""
    font = QFont()
    font.fromString(font_key)
    fm = QFontMetricsF(_sized(font, px))
    texts = tuple(fm.elidedText(t, Qt.TextElideMode.ElideRight, limit) for t in labels)
    widest = max((fm.horizontalAdvance(t) for t in texts), default=0.0)
    return texts, widest, fm.height()


def plan_labels(labels, font: QFont, cell_px: float, across: bool) -> LabelPlan:
    """Plan the labels of a column axis (``across``: labels stand above columns) or a row
    axis at ``cell_px`` pixels per cell, keeping every label wherever a legible font fits.
    """
    labels = tuple(str(t) for t in labels)
    base = _font_px(font)
    limit = max_label_px(font)
    key = font.toString()
    for px in range(base, int(MIN_TEXT_PX) - 1, -1):
        texts, widest, line = _measured(labels, key, px, limit * px / base)
        if across and widest + _GAP <= cell_px:
            return LabelPlan(texts, px, False, 1, line + _GAP)
        if line <= cell_px + 0.5:  # a row, or an upright column: one line per cell
            return LabelPlan(texts, px, across, 1, widest + 2 * _GAP)
    px = int(MIN_TEXT_PX)
    texts, widest, line = _measured(labels, key, px, limit * px / base)
    stride = max(2, math.ceil(line / max(cell_px, 1e-6)))
    return LabelPlan(texts, px, across, stride, widest + 2 * _GAP)


class AxisTexts:
    """The label items of one side of a heatmap, children of ``parent`` (an axis item
    lying along the cells: above them for columns, left or right of them for rows).

    Parameters
    ----------
    parent : QGraphicsItem
        The axis item; labels are placed in its coordinates.
    side : str
        ``"top"``, ``"left"`` or ``"right"``.
    font : QFont
        The largest font of the labels.
    colour : QColor
        The text colour.
    """

    def __init__(self, parent: QGraphicsItem, side: str, font: QFont, colour) -> None:
        self.parent, self.side, self.font, self.colour = parent, side, QFont(font), colour
        self.items: list[QGraphicsSimpleTextItem] = []
        self.labels: list[str] = []
        self.plan: LabelPlan | None = None

    def set_labels(self, labels) -> None:
        """The full text of every label (placed at the next :meth:`place`)."""
        self.labels = [str(t) for t in labels]

    def plan_for(self, cell_px: float) -> LabelPlan:
        """The plan of these labels at ``cell_px`` pixels per cell."""
        return plan_labels(self.labels, self.font, cell_px, self.side == "top")

    def texts(self) -> list[str]:
        """The texts shown, in order (tests read them)."""
        return [it.text() for it in self.items if it.isVisible()]

    def note(self) -> str:
        """"every 2nd token labelled" where not every label fits, else ""."""
        if self.plan is None or self.plan.stride == 1:
            return ""
        k = self.plan.stride
        nth = {2: "2nd", 3: "3rd"}.get(k, f"{k}th")
        return f"every {nth} token labelled"

    def place(self, cell_px: float, room: float) -> None:
        """Place every label for cells ``cell_px`` apart on an axis ``room`` pixels deep."""
        plan = self.plan = self.plan_for(cell_px)
        while len(self.items) < len(self.labels):
            it = QGraphicsSimpleTextItem(self.parent)
            it.setBrush(self.colour)
            self.items.append(it)
        font = _sized(self.font, plan.pixel_size)
        fm = QFontMetricsF(font)
        for k, it in enumerate(self.items):
            shown = k < len(self.labels) and k % plan.stride == 0
            it.setVisible(shown)
            if not shown:
                continue
            text, full = plan.texts[k], self.labels[k]
            if it.text() != text:
                it.setText(text)
            it.setFont(font)
            it.setToolTip(full if text != full else "")
            w, h = fm.horizontalAdvance(text), fm.height()
            centre = (k + 0.5) * cell_px
            if self.side == "top" and plan.upright:
                it.setRotation(-90)  # reads bottom to top, ending at the cells
                it.setPos(centre - h / 2, room - _GAP)
            elif self.side == "top":
                it.setRotation(0)
                it.setPos(centre - w / 2, room - _GAP - h)
            elif self.side == "left":
                it.setPos(room - _GAP - w, centre - h / 2)
            else:
                it.setPos(_GAP, centre - h / 2)
