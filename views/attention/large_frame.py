"""The frame around large mode's overview: position axes, title, labelling note, colour bar.

:class:`PositionAxis` labels token positions at the centres of their cells, every k-th
one (k from :func:`~views.attention.large_layout.tick_step`); :func:`measure_rooms` says
what room each part of the frame takes with the canvas's fonts, and :func:`apply_layout`
sets a :class:`~views.attention.large_layout.LargeLayout` on the canvas's items. Both run
once per model or size change; the axes' own room is fixed there, so painting never
resizes them.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtGui import QFontMetricsF

from views.attention.large_layout import LargeLayout, Rooms, tick_step

__all__ = ["PositionAxis", "apply_layout", "measure_rooms"]

_BAR_GAP = 5  # px between the overview and its colour bar (pyqtgraph's column 4)
_BAR_WIDTH = 14


class PositionAxis(pg.AxisItem):
    """An axis of token positions: a label at the centre of every ``step``-th cell.

    The step is set with the layout for the span it was planned for; while a gesture shows
    another span (until the model's window follows it), the step is worked out the same
    way for the span shown, so labels never crowd.
    """

    def __init__(self, orientation: str) -> None:
        super().__init__(orientation)
        self.count = 1  # positions 0 … count − 1
        self.step = 1
        self.planned_span = None
        self.label_px = 40.0

    def plan(self, count: int, span: float, step: int, label_px: float) -> None:
        """Label every ``step``-th of ``count`` positions while ``span`` of them show."""
        if (count, span, step, label_px) != (self.count, self.planned_span, self.step,
                                             self.label_px):
            self.count, self.planned_span, self.step = count, span, step
            self.label_px = label_px
            self.picture = None
            self.update()

    def tickValues(self, minVal, maxVal, size):  # noqa: N802, N803 - pyqtgraph API
        minVal, maxVal = sorted((minVal, maxVal))  # an inverted axis passes them reversed
        span = maxVal - minVal
        if self.planned_span is not None and abs(span - self.planned_span) < 1e-6:
            step = self.step
        else:
            step = tick_step(span, size, self.label_px)
        first = max(0, math.ceil((minVal - 0.5) / step)) * step
        last = min(self.count - 1, math.floor(maxVal - 0.5))
        return [(float(step), [k + 0.5 for k in range(first, last + 1, step)])]

    def tickStrings(self, values, scale, spacing):  # noqa: N802 - pyqtgraph API
        return [str(int(round(v - 0.5))) for v in values]


def _label_h(axis) -> float:
    return axis.label.boundingRect().height() * 0.8  # as pyqtgraph sizes an axis


def measure_rooms(canvas, counts: tuple[int, int], margin: float, spacing: float) -> Rooms:
    """The room of each part of ``canvas``'s frame for ``counts`` (keys, queries)."""
    fonts = canvas._fonts
    tick = QFontMetricsF(fonts["tick"])
    top, left = canvas.plot.getAxis("top"), canvas.plot.getAxis("left")
    widest = max(tick.horizontalAdvance(str(max(c - 1, 0))) for c in counts)
    across = widest + left.style["tickTextOffset"][0] + max(0, left.style["tickLength"]) + 2
    down = tick.height() + top.style["tickTextOffset"][1] + max(0, top.style["tickLength"]) + 2
    key_w = tick.horizontalAdvance(str(max(counts[0] - 1, 0)))
    end_pad = math.ceil(max(key_w, tick.height()) / 2) + 2
    bar_axis = canvas.bar.getAxis("right")
    bar_tick = QFontMetricsF(fonts["bar"])
    bar_text = max(bar_tick.horizontalAdvance(t) for t in ("-8", "-5.5", "0.0", "0.5", "1.0"))
    bar_w = math.ceil(bar_text + bar_axis.style["tickTextOffset"][0] + _label_h(bar_axis) + 2)
    return Rooms(
        title_line=QFontMetricsF(fonts["title"]).lineSpacing(),
        note_line=QFontMetricsF(fonts["note"]).lineSpacing(),
        left=math.ceil(max(across + _label_h(left), end_pad)),
        left_bare=math.ceil(max(across, end_pad)),
        top=math.ceil(down + _label_h(top)), top_bare=math.ceil(down),
        bar=_BAR_GAP + _BAR_WIDTH + bar_w,
        key_label=key_w + tick.horizontalAdvance("MM"),
        query_label=tick.height() * 1.6,
        end_pad=end_pad, frame=(2 * margin + 2, 2 * margin + 2), spacing=spacing)


def _set_lines(label, lines) -> None:
    """Write ``lines`` into a LabelItem, each centred under the one before."""
    item = label.item
    item.setTextWidth(-1)  # no wrapping of its own: the lines are the layout's
    label.setText("<div align=\"center\">" + "<br>".join(lines) + "</div>" if lines else "")
    # Centring needs a text width: the widest line's.
    item.setTextWidth(item.document().idealWidth())
    label.resizeEvent(None)


def apply_layout(canvas, plan: LargeLayout, rooms: Rooms, spans, counts) -> None:
    """Set ``plan`` on the canvas's items: texts, rows, axis rooms, the colour bar."""
    for label in (canvas.title, canvas.note_label):
        label.item.document().setDocumentMargin(rooms.text_pad / 2)
    _set_lines(canvas.title, plan.title)
    canvas.ci.layout.setRowFixedHeight(0, len(plan.title) * rooms.title_line + rooms.text_pad)
    _set_lines(canvas.note_label, plan.note)
    canvas.ci.layout.setRowFixedHeight(2, max(plan.bottom_pad - rooms.spacing, 0))
    top, left = canvas.plot.getAxis("top"), canvas.plot.getAxis("left")
    for axis in (top, left):
        axis.showLabel(plan.axis_titles)
    top.setHeight(rooms.top if plan.axis_titles else rooms.top_bare)
    left.setWidth(rooms.left if plan.axis_titles else rooms.left_bare)
    # Tick labels may stand past the ends of their axis by this much (into the room the
    # layout keeps for them), never be dropped there.
    for axis in (top, left, canvas.bar.getAxis("right")):
        axis.setStyle(hideOverlappingLabels=int(rooms.end_pad))
    top.plan(counts[0], spans[0], plan.key_step, rooms.key_label)
    left.plan(counts[1], spans[1], plan.query_step, rooms.query_label)
    canvas.bar.getAxis("right").setWidth(rooms.bar - _BAR_GAP - _BAR_WIDTH)
    layout = canvas.plot.layout
    if plan.bar != canvas._bar_shown:
        canvas._bar_shown = plan.bar
        if plan.bar:
            layout.addItem(canvas.bar, 2, 5)
            canvas.bar.show()
        else:
            layout.removeItem(canvas.bar)
            canvas.bar.hide()
    # Without the bar, its gap column keeps the room the last key label stands out by.
    layout.setColumnFixedWidth(4, _BAR_GAP if plan.bar else plan.right_pad)
