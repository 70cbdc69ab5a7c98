"""A paint device that records what a painter draws, in output coordinates.

Everything linscope draws (a QGraphicsScene rendered into a painter) arrives here as calls
of a :class:`QPaintEngine`. Each primitive is stored with the painter's transform already
applied to its geometry, real stroke widths and its clip, so a writer never needs a
transform of its own: the files carry real coordinates that every SVG and PDF reader
draws alike (Qt's own SVG generator leans on ``vector-effect`` under a large transform,
which librsvg and ImageMagick do not follow).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFontInfo,
    QImage,
    QPaintEngine,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QTransform,
)

from app.figures.primitives import HATCH_TILE, HATCHES, ImageRun, PathRun, Rgba, Stroke, TextRun

__all__ = ["Recording", "RecordingEngine"]

_Dirty = QPaintEngine.DirtyFlag
_CLIP = _Dirty.DirtyClipPath | _Dirty.DirtyClipRegion
#: Logical pixels to the inch: Qt's point sizes assume it, and so do the writers.
LOGICAL_DPI = 96


class Recording:
    """What was painted: ``items`` (PathRun, TextRun, ImageRun) in painting order, and
    ``clips``, the clip paths (output coordinates) that items refer to by index."""

    def __init__(self, size: tuple[int, int]):
        self.size = size
        self.items: list = []
        self.clips: list[QPainterPath] = []


def _rgba(color: QColor, opacity: float) -> Rgba:
    return Rgba(color.red(), color.green(), color.blue(), color.alphaF() * opacity)


def _brush_color(brush) -> QColor | None:
    """The colour a brush fills with; None for no fill. A gradient is approximated by its
    first stop (figures use solid fills; a gradient would need its own SVG element)."""
    style = brush.style()
    if style == Qt.BrushStyle.NoBrush:
        return None
    gradient = brush.gradient()
    if gradient is not None and gradient.stops():
        return QColor(gradient.stops()[0][1])
    return brush.color()


_SOLID = (Qt.PenStyle.NoPen, Qt.PenStyle.SolidLine)
_B = Qt.BrushStyle
_DENSE = {_B.Dense1Pattern: 0.94, _B.Dense2Pattern: 0.88, _B.Dense3Pattern: 0.63,
          _B.Dense4Pattern: 0.5, _B.Dense5Pattern: 0.37, _B.Dense6Pattern: 0.12,
          _B.Dense7Pattern: 0.06}


class RecordingEngine(QPaintEngine):
    """Records each drawing call as a primitive in output coordinates (see module doc)."""

    def __init__(self, size: tuple[int, int]):
        super().__init__(QPaintEngine.PaintEngineFeature.AllFeatures)
        self.recording = Recording(size)
        self._transform = QTransform()
        self._pen = QPen()
        self._brush = None
        self._opacity = 1.0
        self._brush_origin = QPointF()
        self._clip_path: QPainterPath | None = None
        self._clip_on = False
        self._clip_index: int | None = None  # the current clip's number once something uses it

    # --- engine protocol ------------------------------------------------------------------

    def begin(self, device) -> bool:
        return True

    def end(self) -> bool:
        return True

    def type(self):
        return QPaintEngine.Type.User

    def updateState(self, state) -> None:  # noqa: N802 - Qt API
        flags = state.state()
        # The transform first: when a painter restores, it replays each saved clip together
        # with the transform it was set under, in one state change.
        if flags & _Dirty.DirtyTransform:
            self._transform = state.transform()
        if flags & _Dirty.DirtyPen:
            self._pen = state.pen()
        if flags & _Dirty.DirtyBrush:
            self._brush = state.brush()
        if flags & _Dirty.DirtyBrushOrigin:
            self._brush_origin = QPointF(state.brushOrigin())
        if flags & _Dirty.DirtyOpacity:
            self._opacity = state.opacity()
        if flags & _CLIP:
            self._set_clip(state, flags)
        if flags & _Dirty.DirtyClipEnabled:
            self._clip_on = state.isClipEnabled()
            self._clip_index = None

    def _set_clip(self, state, flags) -> None:
        op = state.clipOperation()
        self._clip_index = None
        if op == Qt.ClipOperation.NoClip:
            self._clip_path = None
            return
        if flags & _Dirty.DirtyClipPath:
            path = state.clipPath()
        else:
            path = QPainterPath()
            path.addRegion(state.clipRegion())
        path = self._transform.map(path)
        if op == Qt.ClipOperation.IntersectClip and self._clip_path is not None:
            path = self._clip_path.intersected(path)
        self._clip_path = path

    def _clip(self) -> int:
        """The current clip's number in the recording (-1: none), registered on first use."""
        if not self._clip_on or self._clip_path is None:
            return -1
        if self._clip_index is None:
            self._clip_index = len(self.recording.clips)
            self.recording.clips.append(self._clip_path)
        return self._clip_index

    # --- geometry -------------------------------------------------------------------------

    def _scale(self) -> float:
        """How much the transform magnifies areas, as a length factor (for pen widths)."""
        t = self._transform
        return math.sqrt(abs(t.m11() * t.m22() - t.m12() * t.m21()))

    def _stroke(self) -> Stroke | None:
        pen = self._pen
        if pen.style() == Qt.PenStyle.NoPen:
            return None
        color = _brush_color(pen.brush())
        if color is None:
            return None
        width = pen.widthF()
        if pen.isCosmetic() or width == 0:
            width = width or 1.0  # a cosmetic pen's width is in device units already
        else:
            width *= self._scale()
        dashes, offset = None, 0.0
        if pen.style() not in _SOLID:
            # Qt counts dashes in pen widths (a hairline counts as 1).
            unit = max(width, 1.0) if pen.isCosmetic() else width
            dashes = tuple(d * unit for d in pen.dashPattern())
            offset = pen.dashOffset() * unit
        rgba = _rgba(color, self._opacity)
        if rgba.a <= 0:
            return None
        return Stroke(rgba, width, pen.capStyle(), pen.joinStyle(),
                      pen.miterLimit(), dashes, offset)

    def _fill(self) -> Rgba | None:
        color = None if self._brush is None else _brush_color(self._brush)
        if color is None:
            return None
        fill = _rgba(color, self._opacity)
        if fill.a <= 0:
            return None  # invisible: pyqtgraph fills many shapes with a transparent brush
        # Qt's dot patterns (Dense1…7) are approximated by their share of covered pixels.
        density = _DENSE.get(self._brush.style())
        return fill if density is None else Rgba(fill.r, fill.g, fill.b, fill.a * density)

    def _hatch(self) -> Qt.BrushStyle | None:
        style = None if self._brush is None else self._brush.style()
        return style if style in HATCHES else None

    def _add_path(self, path: QPainterPath, filled: bool = True) -> None:
        stroke = self._stroke()
        fill = self._fill() if filled else None
        if stroke is None and fill is None:
            return
        if not self._transform.isIdentity():
            path = self._transform.map(path)
        hatch = self._hatch() if fill is not None else None
        origin = (0.0, 0.0)
        if hatch is not None:
            # Qt keeps hatch lines in device pixels, starting at the mapped brush origin.
            at = self._transform.map(self._brush_origin)
            origin = (at.x() % HATCH_TILE, at.y() % HATCH_TILE)
        self.recording.items.append(PathRun(path, stroke, fill, self._clip(), hatch, origin))

    def drawPath(self, path) -> None:  # noqa: N802 - Qt API
        if path.elementCount() == 0:
            return  # nothing to draw; replayed into a PDF it would be a bare closepath
        self._add_path(path)

    def drawPolygon(self, points, mode) -> None:  # noqa: N802 - Qt API
        if not points:
            return
        polygon = QPolygonF([QPointF(p) for p in points])
        path = QPainterPath()
        path.addPolygon(polygon)
        mode_ = QPaintEngine.PolygonDrawMode
        if mode == mode_.PolylineMode:
            self._add_path(path, filled=False)
            return
        path.closeSubpath()
        path.setFillRule(Qt.FillRule.OddEvenFill if mode == mode_.OddEvenMode
                         else Qt.FillRule.WindingFill)
        self._add_path(path)

    def drawLines(self, lines) -> None:  # noqa: N802 - Qt API
        path = QPainterPath()
        for line in lines:
            path.moveTo(QPointF(line.p1()))
            path.lineTo(QPointF(line.p2()))
        self._add_path(path, filled=False)

    def drawRects(self, rects) -> None:  # noqa: N802 - Qt API
        path = QPainterPath()
        for rect in rects:
            path.addRect(QRectF(rect))
        self._add_path(path)

    def drawEllipse(self, rect) -> None:  # noqa: N802 - Qt API
        path = QPainterPath()
        path.addEllipse(QRectF(rect))
        self._add_path(path)

    def drawPoints(self, points) -> None:  # noqa: N802 - Qt API
        # A point is a dot of the pen's width: round with a round cap, else square.
        stroke = self._stroke()
        if stroke is None:
            return
        half = stroke.width / 2
        path = QPainterPath()
        for p in points:
            c = self._transform.map(QPointF(p))
            rect = QRectF(c.x() - half, c.y() - half, 2 * half, 2 * half)
            if stroke.cap == Qt.PenCapStyle.RoundCap:
                path.addEllipse(rect)
            else:
                path.addRect(rect)
        path.setFillRule(Qt.FillRule.WindingFill)
        self.recording.items.append(PathRun(path, None, stroke.color, self._clip()))

    # --- text and images ------------------------------------------------------------------

    def drawTextItem(self, point, item) -> None:  # noqa: N802 - Qt API
        text = item.text()
        if not text.strip():
            return
        color = _brush_color(self._pen.brush())
        if color is None:
            return
        font = item.font()
        # The pixel size Qt laid the text out with: it rounds a point size to whole pixels
        # (13 pt is 17 px, not 17.33), and a run written at the unrounded size comes out
        # wider than the box Qt made for it (librsvg then clips its end).
        px = font.pixelSize() if font.pixelSize() > 0 else QFontInfo(font).pixelSize()
        t = self._transform
        at = t.map(QPointF(point))
        # The em's height follows the transform's vertical scale; the baseline's direction
        # gives the rotation (labels are upright almost always).
        size = px * math.hypot(t.m21(), t.m22())
        angle = math.degrees(math.atan2(t.m12(), t.m11()))
        self.recording.items.append(TextRun(
            at.x(), at.y(), text, font, size, _rgba(color, self._opacity), angle,
            self._clip(), QPointF(point), QTransform(t)))

    def drawImage(self, rect, image, source, flags=None) -> None:  # noqa: N802 - Qt API
        region = QRectF(source).toAlignedRect().intersected(image.rect())
        if region.isEmpty() or rect.isEmpty():
            return
        part = image.copy(region).convertToFormat(QImage.Format.Format_ARGB32)
        self.recording.items.append(ImageRun(part, QRectF(rect), QTransform(self._transform),
                                             self._opacity, self._clip()))

    def drawPixmap(self, rect, pixmap, source) -> None:  # noqa: N802 - Qt API
        self.drawImage(rect, pixmap.toImage(), source)

    def drawTiledPixmap(self, rect, pixmap, offset) -> None:  # noqa: N802 - Qt API
        # Tiles are painted into one image of the rectangle's size and recorded as that.
        w, h = max(1, math.ceil(rect.width())), max(1, math.ceil(rect.height()))
        tiles = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
        tiles.fill(Qt.GlobalColor.transparent)
        painter = QPainter(tiles)
        painter.drawTiledPixmap(QRectF(0, 0, w, h), pixmap, QPointF(offset))
        painter.end()
        self.drawImage(QRectF(rect.topLeft(), QRectF(0, 0, w, h).size()), tiles,
                       QRectF(tiles.rect()))
