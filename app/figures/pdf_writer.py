"""Write a :class:`~app.figures.recorder.Recording` as a one-page PDF.

The recording is replayed into Qt's PDF writer at 72 dots per inch (one device unit is a
point), so text stays text with its font embedded as a subset. Images never go through
JPEG (colour tints) and never rely on a viewer's smoothing: small ones (heatmaps) become
filled cells, larger ones are enlarged by nearest neighbour and stored losslessly.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QSizeF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPdfWriter,
    QPen,
    QTransform,
)

from app.figures.primitives import ImageRun, PathRun, Rgba, Stroke, TextRun, cell_runs, upscaled
from app.figures.recorder import Recording

__all__ = ["write_recording"]

# Neighbouring cells overlap by this much (output units) so that a viewer's antialiasing
# leaves no hairline seams between them; the later cell covers the overlap exactly.
_SEAM = 0.25


def _color(c: Rgba) -> QColor:
    color = QColor(c.r, c.g, c.b)
    color.setAlphaF(max(0.0, min(1.0, c.a)))
    return color


def _pen(s: Stroke | None) -> QPen:
    if s is None:
        return QPen(Qt.PenStyle.NoPen)
    pen = QPen(_color(s.color), s.width)
    pen.setCosmetic(False)  # widths are in output units and scale with the page
    pen.setCapStyle(s.cap)
    pen.setJoinStyle(s.join)
    pen.setMiterLimit(s.miter)
    if s.dashes:
        pen.setDashPattern([max(d / s.width, 1e-3) for d in s.dashes])
        pen.setDashOffset(s.dash_offset / s.width)
    return pen


def _brush(run: PathRun, scale: QTransform) -> QBrush:
    if run.fill is None:
        return QBrush(Qt.BrushStyle.NoBrush)
    if run.hatch is None:
        return QBrush(_color(run.fill))
    brush = QBrush(_color(run.fill), run.hatch)
    # Qt lays a hatch out in page points; scaled so its lines are as far apart as on screen.
    brush.setTransform(scale)
    return brush


def _draw_image(painter: QPainter, run: ImageRun) -> None:
    if not run.small:
        painter.setOpacity(run.opacity)
        painter.drawImage(run.bounds, upscaled(run))
        painter.setOpacity(1.0)
        return
    painter.setPen(Qt.PenStyle.NoPen)
    w, h = run.image.width(), run.image.height()
    for row, x0, x1, c in cell_runs(run.image):
        color = Rgba(c.r, c.g, c.b, c.a * run.opacity)
        if run.axis_aligned:
            rect = run.cell(x0, x1, row).boundingRect()
            if color.a >= 1:
                rect.adjust(0, 0, _SEAM if x1 < w else 0, _SEAM if row + 1 < h else 0)
            painter.fillRect(rect, _color(color))
        else:
            path = QPainterPath()
            path.addPolygon(run.cell(x0, x1, row))
            painter.fillPath(path, _color(color))


def _draw_text(painter: QPainter, run: TextRun) -> None:
    # Rebuilt from its description: a text item's font carries its weight and style without
    # marking them as set, and the painter would then resolve them to the default (bold
    # labels came out regular in the PDF while the SVG had them bold).
    font = QFont()
    font.fromString(run.font.toString())
    # One device unit is a point and the painter is scaled to output units, so a point
    # size equal to the size in output units draws glyphs of exactly that height.
    font.setPointSizeF(max(run.size, 0.1))
    painter.setFont(font)
    painter.setPen(QPen(_color(run.color)))
    if abs(run.angle) > 0.01:
        painter.save()
        painter.translate(run.x, run.y)
        painter.rotate(run.angle)
        painter.drawText(QPointF(0, 0), run.text)
        painter.restore()
    else:
        painter.drawText(QPointF(run.x, run.y), run.text)


def write_recording(rec: Recording, path: str | Path, page_pt: tuple[float, float]) -> bool:
    """Write ``rec`` to ``path`` as a PDF page of ``page_pt`` points, the figure scaled
    to fill it; False when the file cannot be written."""
    writer = QPdfWriter(str(path))
    writer.setResolution(72)
    writer.setTitle("linscope figure")
    writer.setCreator("linscope")
    # Exact match: a size close to a standard paper size must not snap to it.
    page = QPageSize(QSizeF(*page_pt), QPageSize.Unit.Point, "",
                     QPageSize.SizeMatchPolicy.ExactMatch)
    writer.setPageSize(page)
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)
    painter = QPainter()
    if not painter.begin(writer):
        return False
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        # Without this hint Qt stores images as JPEG.
        painter.setRenderHint(QPainter.RenderHint.LosslessImageRendering)
        w, h = rec.size
        scale = QTransform.fromScale(page_pt[0] / w, page_pt[1] / h)
        painter.setTransform(scale)
        current = None
        for item in rec.items:
            if item.clip != current:
                if item.clip < 0:
                    painter.setClipping(False)
                else:
                    painter.setClipPath(rec.clips[item.clip])
                current = item.clip
            if isinstance(item, PathRun):
                painter.setPen(_pen(item.stroke))
                painter.setBrush(_brush(item, scale))
                painter.drawPath(item.path)
            elif isinstance(item, TextRun):
                _draw_text(painter, item)
            else:
                _draw_image(painter, item)
    finally:
        ok = painter.end()
    return ok and Path(path).exists()
