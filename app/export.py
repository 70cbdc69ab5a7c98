"""Export a lab's canvas as a figure: PNG (any size, optionally transparent), SVG and PDF.

SVG goes through Qt's own QSvgGenerator (pyqtgraph's SVGExporter breaks on PySide6 ≥ 6.11,
pyqtgraph issue 3495), so what is exported is exactly what Qt paints on screen.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgGenerator

from app.svg_clip import clip_rects, clip_svg_file

__all__ = ["export_canvas", "publish", "FORMATS", "ExportError"]

FORMATS = {".png": "PNG image", ".svg": "SVG vector figure", ".pdf": "PDF vector figure"}
MAX_PIXELS = 16384


class ExportError(ValueError):
    """An export that cannot be made (unknown format, impossible size, unwritable file)."""


def _source_rect(canvas) -> QRectF:
    return canvas.mapToScene(canvas.viewport().rect()).boundingRect()


def _background(canvas) -> QColor:
    brush = canvas.backgroundBrush()
    return brush.color() if brush.style() != Qt.BrushStyle.NoBrush else QColor("white")


def _target_size(src: QRectF, width: int | None, height: int | None) -> QSize:
    if width is None and height is None:
        return QSize(round(src.width()), round(src.height()))
    if width is None:
        width = round(height * src.width() / src.height())
    if height is None:
        height = round(width * src.height() / src.width())
    if not (1 <= width <= MAX_PIXELS and 1 <= height <= MAX_PIXELS):
        raise ExportError(f"image size must be between 1 and {MAX_PIXELS} pixels a side")
    return QSize(int(width), int(height))


def _paint(canvas, painter: QPainter, target: QRectF, transparent: bool) -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    if not transparent:
        painter.fillRect(target, _background(canvas))
    canvas.scene().render(painter, target, _source_rect(canvas),
                          Qt.AspectRatioMode.IgnoreAspectRatio)


def export_canvas(canvas, path: str | Path, width: int | None = None,
                  height: int | None = None, transparent: bool = False) -> Path:
    """Write the canvas to ``path``; the format follows the suffix (.png, .svg, .pdf).

    Parameters
    ----------
    canvas : pyqtgraph.GraphicsView
        The lab's figure (``LabView.canvas()``).
    width, height : int, optional
        Output size in pixels (PNG) or SVG user units; one alone keeps the canvas's aspect.
        The picture is scaled, so lines and labels keep their proportions.
    transparent : bool
        Leave the background transparent instead of filling it.

    Raises
    ------
    ExportError
        Unknown format, impossible size, or the file cannot be written.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ExportError(f"unknown figure format {path.suffix!r}; use .png, .svg or .pdf")
    canvas.scene().update()
    src = _source_rect(canvas)
    if src.width() < 1 or src.height() < 1:
        raise ExportError("the canvas has no size yet")
    size = _target_size(src, width, height)
    target = QRectF(0, 0, size.width(), size.height())
    tmp = path.with_name(f".{path.name}.part")
    painter = QPainter()
    if suffix == ".png":
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter.begin(image)
        _paint(canvas, painter, target, transparent)
        painter.end()
        ok = image.save(str(tmp), "PNG")
    elif suffix == ".svg":
        gen = QSvgGenerator()
        gen.setFileName(str(tmp))
        # Items that cache their drawing in a QPicture (axes) replay it scaled by the ratio of
        # the device resolutions; matching the canvas's keeps them aligned with the rest.
        gen.setResolution(canvas.logicalDpiX())
        gen.setSize(size)
        gen.setViewBox(target)
        gen.setTitle("linscope figure")
        gen.setDescription("Made with linscope")
        ok = painter.begin(gen)
        if ok:
            _paint(canvas, painter, target, transparent)
            ok = painter.end()
        if ok and tmp.exists():
            clip_svg_file(tmp, clip_rects(canvas.scene(), src, target))
    else:
        writer = QPdfWriter(str(tmp))
        writer.setResolution(canvas.logicalDpiX())
        writer.setPageSize(QPageSize(QSizeF(size.width(), size.height()), QPageSize.Unit.Point))
        writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)
        ok = painter.begin(writer)
        if ok:
            page = QRectF(writer.pageLayout().paintRectPixels(writer.resolution()))
            _paint(canvas, painter, page, transparent)
            ok = painter.end()
    return publish(tmp, path, ok)


def publish(tmp: Path, path: Path, ok: bool) -> Path:
    """Put the finished temporary file ``tmp`` in ``path``'s place (a rename: a reader never
    sees half a figure), or remove it and raise :class:`ExportError` when writing failed."""
    if not ok or not tmp.exists():
        tmp.unlink(missing_ok=True)
        raise ExportError(f"could not write {path.name}")
    try:
        tmp.replace(path)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise ExportError(f"could not write {path.name}: {err.strerror or err}") from None
    return path
