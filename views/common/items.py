"""Small graphics items for the plane canvas: arrows with pixel-sized heads and
draggable handles.

Everything here is created once and then moved; nothing allocates per frame beyond
a few floats, which keeps an edit inside one frame.
"""

from __future__ import annotations

import itertools
import math

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsLineItem, QGraphicsPathItem

from views.common.style import color, label_font, pen, scale

__all__ = ["Arrow", "ArrowHead", "CornerNote", "CurveItem", "Handle", "TextItem", "corner_note",
           "quiet_geometry", "ShrinkingLabel", "shrinkable_title"]

# Heads big enough to read from the back of a hall (they were 15 × 12 px).
_HEAD_LEN = 19.0  # px
_HEAD_HALF = 7.5  # px
_drag_serials = itertools.count(1)


def quiet_geometry(item: QGraphicsItem) -> QGraphicsItem:
    """Stop ``item`` (a pyqtgraph graphics object) from reporting its moves; returns it.

    pyqtgraph's objects ask Qt to report every change of position and transform, and
    answer each in Python (two calls per ``setPos``), only to tell their view box that its
    auto-range may need updating. Items added with ``ignoreBounds`` to a view whose
    auto-range is off (every figure here) have nothing to report: without the reports Qt
    still repaints them where they move, and they cost nothing more per move.
    """
    item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges, False)
    return item


class TextItem(pg.TextItem):
    """pyqtgraph's text item, quiet about its moves (:func:`quiet_geometry`) and with its
    anchoring done in plain floats.

    A label re-anchors its text whenever its text, side or the view's scale changes (a
    dozen times per edit of the plane); the base class does that arithmetic with Python
    point objects. The result is the same to the last bit: the same differences and
    products of the same doubles.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        quiet_geometry(self)

    def updateTextPos(self) -> None:  # noqa: N802 - pyqtgraph API
        text = self.textItem
        r = text.boundingRect()
        tl, br = text.mapToParent(r.topLeft()), text.mapToParent(r.bottomRight())
        ax, ay = self.anchor.x(), self.anchor.y()
        text.setPos(-((br.x() - tl.x()) * ax), -((br.y() - tl.y()) * ay))


class CurveItem(pg.PlotCurveItem):
    """A curve whose data bounds are computed once per ``setData``, not once per zoom.

    A plain curve item forgets the extent of its data whenever the view's transform changes
    and scans the data again (NaN-aware minimum and maximum of x and y) on the first paint
    after every change of the view range. The extent does not depend on the view: only the
    bounding rectangle's pixel padding does, so only that is recomputed here. New data, a
    new pen or fill level still forget both, as in the base class.
    """

    def viewTransformChanged(self) -> None:  # noqa: N802 - pyqtgraph API
        self._boundingRect = None  # the pixel padding follows the view; the extent does not
        self.prepareGeometryChange()

    def dataBounds(self, ax, frac=1.0, orthoRange=None):  # noqa: N802, N803 - pyqtgraph API
        """The data's extent along axis ``ax``, as the base class computes it.

        For whole, finite data drawn with a cosmetic pen (every curve here) the plain
        minimum and maximum are the base class's NaN-aware ones; they skip its warning
        filters, which cost more than the scan. Anything else goes to the base class.
        """
        cache = self._boundsCache[ax]
        if cache is not None and cache[0] == (frac, orthoRange):
            return cache[1]
        data = self.xData if ax == 0 else self.yData
        opts = self.opts
        if (frac < 1.0 or orthoRange is not None or data is None or len(data) == 0
                or ax not in (0, 1) or opts["fillLevel"] not in (None, "enclosed")
                or opts["shadowPen"] is not None or opts["pen"] is None
                or not opts["pen"].isCosmetic()):
            return super().dataBounds(ax, frac, orthoRange)
        b = (float(data.min()), float(data.max()))
        if not (math.isfinite(b[0]) and math.isfinite(b[1])):  # NaN or inf: the base's way
            return super().dataBounds(ax, frac, orthoRange)
        self._boundsCache[ax] = [(frac, orthoRange), b]
        return b


class ArrowHead(QGraphicsPathItem):
    """A filled triangle of fixed pixel size whose tip sits at the item's position."""

    def __init__(self, col, length: float = _HEAD_LEN, half_width: float = _HEAD_HALF):
        super().__init__()
        path = QPainterPath(QPointF(0.0, 0.0))
        path.lineTo(-length, half_width)
        path.lineTo(-0.8 * length, 0.0)  # a slight notch reads as an arrow, not a cone
        path.lineTo(-length, -half_width)
        path.closeSubpath()
        self.setPath(path)
        # Pixel-sized at every zoom: the head must stay readable when zoomed out.
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setPen(QPen(Qt.PenStyle.NoPen))
        self.set_color(col)

    def set_color(self, col) -> None:
        """Fill colour (palette name, hex or QColor)."""
        self.setBrush(QBrush(color(col) if isinstance(col, str) else col))

    def point(self, x: float, y: float, angle_deg: float) -> None:
        """Put the tip at (x, y) pointing at ``angle_deg`` (counter-clockwise, data axes)."""
        self.setPos(x, y)
        # The item ignores the view's y-flip, so screen rotation is clockwise-positive.
        self.setRotation(-angle_deg)


class Arrow:
    """A vector drawn from ``tail`` to ``tip``: a cosmetic-pen shaft and a pixel-sized head.

    Attributes
    ----------
    tail, tip : tuple of float
        End points in data coordinates, as last set (tests compare them with the model).
    """

    def __init__(self, view_box, col, width: float = 2.0, z: float = 0.0,
                 head_scale: float = 1.0):
        head_scale *= scale()  # the output's factor (presenter mode) on the head too
        self.shaft = QGraphicsLineItem()
        self.head = ArrowHead(col, _HEAD_LEN * head_scale, _HEAD_HALF * head_scale)
        self._head_len = _HEAD_LEN * head_scale
        self.shaft.setZValue(z)
        self.head.setZValue(z + 0.1)
        view_box.addItem(self.shaft, ignoreBounds=True)
        view_box.addItem(self.head, ignoreBounds=True)
        self.tail = (0.0, 0.0)
        self.tip = (0.0, 0.0)
        self._px = 0.0
        self._style = (None, None)
        self.set_style(col, width)

    def set_style(self, col, width: float) -> None:
        """Colour and shaft width (px); cheap when they are unchanged."""
        key = (col if isinstance(col, str) else QColor(col).rgba(), width)
        # A new pen and brush re-render the items for nothing; the pen is compared too, for
        # a lab that restyles the shaft itself.
        if key == self._style[0] and self.shaft.pen() == self._style[1]:
            return
        shaft_pen = pen(col, width)
        self._style = (key, shaft_pen)
        self.shaft.setPen(shaft_pen)
        self.head.set_color(col)

    def set(self, tail, tip, px: float | None = None) -> None:
        """Move the arrow; ``px`` is data units per pixel (to stop the shaft under the head)."""
        self.tail = (float(tail[0]), float(tail[1]))
        self.tip = (float(tip[0]), float(tip[1]))
        if px is not None:
            self._px = px
        self.refresh()

    def refresh(self, px: float | None = None) -> None:
        """Re-fit the shaft to the head after a zoom."""
        if px is not None:
            self._px = px
        (x0, y0), (x1, y1) = self.tail, self.tip
        dx, dy = x1 - x0, y1 - y0
        length = math.hypot(dx, dy)
        head_len = self._head_len * self._px
        self.head.setVisible(self.shaft.isVisible() and length > 1e-12)
        if length <= 1e-12:
            self.shaft.setLine(x0, y0, x1, y1)
            return
        # Stop the flat-capped shaft inside the head so the tip stays sharp.
        cut = min(0.7 * head_len, length) / length
        self.shaft.setLine(x0, y0, x1 - cut * dx, y1 - cut * dy)
        self.head.point(x1, y1, math.degrees(math.atan2(dy, dx)))

    def setVisible(self, on: bool) -> None:  # noqa: N802 - Qt naming, used like an item
        """Show or hide shaft and head together."""
        self.shaft.setVisible(on)
        self.head.setVisible(on and math.hypot(self.tip[0] - self.tail[0],
                                               self.tip[1] - self.tail[1]) > 1e-12)

    def isVisible(self) -> bool:  # noqa: N802 - Qt naming
        """Whether the shaft is shown."""
        return self.shaft.isVisible()

    def items(self) -> list[QGraphicsItem]:
        """The graphics items that make up the arrow."""
        return [self.shaft, self.head]


class Handle(pg.GraphicsObject):
    """A round, pixel-sized grip that a person drags.

    The handle never moves itself: it reports where the pointer wants it, and the
    canvas moves it when the model says so. That keeps the picture equal to the
    model (after snapping) at every moment.

    Signals
    -------
    dragged(float, float, bool, int)
        Target x, y in data coordinates, whether Shift (fine, no snapping) is held,
        and the serial number shared by every move of one drag.
    drag_finished(int)
        The drag with this serial ended.
    """

    dragged = Signal(float, float, bool, int)
    drag_finished = Signal(int)

    def __init__(self, col, radius: float = 8.0):
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        quiet_geometry(self)  # moved on every edit; its view's auto-range is off
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self._k = scale()  # the output's factor (presenter mode), fixed for this handle
        self._radius = radius * self._k
        self._col = color(col) if isinstance(col, str) else col
        self._hover = False
        self._serial = 0
        self._offset = (0.0, 0.0)
        self.setZValue(50)

    # -- drawing ---------------------------------------------------------------------------
    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt API
        r = self._radius + 3 * self._k  # room for the hover ring and its pen
        return QRectF(-r, -r, 2 * r, 2 * r)

    def paint(self, p, *args) -> None:
        r = self._radius + (2 * self._k if self._hover else 0)
        p.setRenderHint(p.RenderHint.Antialiasing)
        p.setPen(pen(self._col, 2))
        p.setBrush(QBrush(color("background", 70)))  # the arrow head shows through
        p.drawEllipse(QPointF(0, 0), r, r)

    def set_color(self, col) -> None:
        """Ring colour."""
        self._col = color(col) if isinstance(col, str) else col
        self.update()

    @property
    def dragging(self) -> bool:
        """True between :meth:`begin_drag` and :meth:`end_drag`."""
        return self._serial != 0

    # -- the drag API (mouse events and tests both go through it) ----------------------------
    def begin_drag(self, grab_x: float | None = None, grab_y: float | None = None) -> int:
        """Start a drag grabbed at (grab_x, grab_y) (default: the centre); returns its serial."""
        self._serial = next(_drag_serials)
        pos = self.pos()
        if grab_x is None or grab_y is None:
            self._offset = (0.0, 0.0)
        else:
            # Keep the grab point under the pointer: no jump when grabbed off-centre.
            self._offset = (pos.x() - grab_x, pos.y() - grab_y)
        return self._serial

    def drag_to(self, x: float, y: float, fine: bool = False) -> None:
        """The pointer is at (x, y) in data coordinates; report where the handle should go."""
        if not self._serial:
            self.begin_drag()
        self.dragged.emit(x + self._offset[0], y + self._offset[1], bool(fine), self._serial)

    def end_drag(self) -> None:
        """Finish the current drag."""
        serial, self._serial = self._serial, 0
        if serial:
            self.drag_finished.emit(serial)

    # -- pyqtgraph mouse events ------------------------------------------------------------
    def hoverEvent(self, ev) -> None:  # noqa: N802 - pyqtgraph API
        hover = not ev.isExit() and ev.acceptDrags(Qt.MouseButton.LeftButton)
        if hover != self._hover:
            self._hover = hover
            self.update()

    def mouseDragEvent(self, ev) -> None:  # noqa: N802 - pyqtgraph API
        if ev.button() != Qt.MouseButton.LeftButton:
            ev.ignore()
            return
        ev.accept()
        parent = self.parentItem()
        if ev.isStart():
            grab = parent.mapFromScene(ev.buttonDownScenePos())
            self.begin_drag(grab.x(), grab.y())
        p = parent.mapFromScene(ev.scenePos())
        self.drag_to(p.x(), p.y(), bool(ev.modifiers() & Qt.KeyboardModifier.ShiftModifier))
        if ev.isFinish():
            self.end_drag()


def corner_note(view_box, text: str = "text", border: str = "faint", width: float = 1.5,
                alpha: int = 230, z: float = 200) -> TextItem:
    """A boxed note pinned to the top-left corner of ``view_box`` (in its pixels, so it stays
    put while the figure pans and zooms).

    Parameters
    ----------
    view_box : pyqtgraph.ViewBox
    text, border : str
        Style colour names of the text and of the box's edge.
    width : float
        Width of the box's edge in pixels.
    alpha : int
        Opacity of the white fill, 0–255 (the figure shows faintly through).
    z : float
        Stacking order: above the figure's lines and labels.
    """
    note = CornerNote(view_box, color=color(text), anchor=(0, 0),
                      fill=color("background", alpha), border=pen(border, width))
    note.setFont(label_font(13))
    note.setPos(10, 8)
    note.setZValue(z)
    return note


class CornerNote(TextItem):
    """A note in a view box's corner that wraps its lines to the box's width, so that a
    long note (an eigen case, an SVD stage) is never cut at the figure's right edge.

    The width is set when the text changes or the box is resized, never while painting.
    """

    _MARGIN = 20.0  # px: the note sits 10 px in from the left, and keeps as much on the right

    def __init__(self, view_box, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.setParentItem(view_box)
        self._box = view_box
        view_box.sigResized.connect(self._fit_width)

    def setText(self, text, color=None) -> None:  # noqa: N802 - pyqtgraph API
        super().setText(text, color) if color is not None else super().setText(text)
        self._fit_width()

    def setHtml(self, html) -> None:  # noqa: N802 - pyqtgraph API
        super().setHtml(html)
        self._fit_width()

    def _fit_width(self, *_args) -> None:
        box = getattr(self, "_box", None)
        if box is None:  # the base class sets its first text before the box is known
            return
        room = box.width() - self._MARGIN
        doc = self.textItem.document()
        doc.setTextWidth(-1)  # the natural width first: a short note keeps a snug box
        if room > 40 and doc.idealWidth() > room:
            doc.setTextWidth(room)
        self.updateTextPos()


class ShrinkingLabel(pg.LabelItem):
    """A label that asks for its text's height but no width (neither as a minimum nor as its
    preferred size): in a row of small plots the columns share the width by their stretch
    alone, and a long title cannot push the figure wider than its window (pyqtgraph's
    label asks for its text's width again on every resize)."""

    def updateMin(self) -> None:  # noqa: N802 - pyqtgraph API
        super().updateMin()
        self.setMinimumWidth(0)
        for hint in (Qt.SizeHint.MinimumSize, Qt.SizeHint.PreferredSize):
            _w, h = self._sizeHint[hint]
            self._sizeHint[hint] = (0, h)
        self.updateGeometry()


def shrinkable_title(plot: pg.PlotItem) -> ShrinkingLabel:
    """Give ``plot`` a :class:`ShrinkingLabel` title (``plot.setTitle`` writes into it)."""
    old = plot.titleLabel
    plot.layout.removeItem(old)
    old.setParentItem(None)
    if old.scene() is not None:
        old.scene().removeItem(old)
    label = ShrinkingLabel("", size="11pt")
    plot.layout.addItem(label, 0, 1)
    plot.titleLabel = label
    label.setVisible(False)
    return label
