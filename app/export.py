"""Export a lab's canvas as a figure: PNG (exact pixel size, lossless, optionally
transparent), SVG and PDF (vector, text kept as text).

SVG and PDF go through linscope's own vector writer (:mod:`app.figures`): coordinates in
the output's own units and real stroke widths, so the file survives librsvg, ImageMagick
and LaTeX pipelines as well as browsers (Qt's QSvgGenerator relies on
``vector-effect="non-scaling-stroke"`` under a large transform, and pyqtgraph's
SVGExporter breaks on PySide6 ≥ 6.11, pyqtgraph issue 3495).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from app.figure_spec import FigureSpec

__all__ = ["export_canvas", "paint_canvas", "render_image", "publish", "FORMATS",
           "ExportError"]

FORMATS = {".png": "PNG image", ".svg": "SVG vector figure", ".pdf": "PDF vector figure"}


class ExportError(ValueError):
    """An export that cannot be made (unknown format, impossible size, unwritable file)."""


def _source_rect(canvas) -> QRectF:
    return canvas.mapToScene(canvas.viewport().rect()).boundingRect()


def _background(canvas) -> QColor:
    brush = canvas.backgroundBrush()
    return brush.color() if brush.style() != Qt.BrushStyle.NoBrush else QColor("white")


def paint_canvas(canvas, painter: QPainter, target: QRectF, transparent: bool = False) -> None:
    """Paint what the canvas shows into ``target`` of ``painter`` (background included
    unless ``transparent``)."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.setRenderHint(QPainter.RenderHint.LosslessImageRendering)
    if not transparent:
        painter.fillRect(target, _background(canvas))
    canvas.scene().render(painter, target, _source_rect(canvas),
                          Qt.AspectRatioMode.IgnoreAspectRatio)


def render_image(canvas, width: int, height: int, transparent: bool = False) -> QImage:
    """The canvas painted into a ``width``×``height`` image (a PNG, a recording's frame)."""
    canvas.scene().update()
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    try:
        paint_canvas(canvas, painter, QRectF(0, 0, width, height), transparent)
    finally:
        painter.end()
    return image


def export_canvas(canvas, path: str | Path, spec: FigureSpec | None = None) -> Path:
    """Write the canvas to ``path``; the format follows the suffix (.png, .svg, .pdf).

    Parameters
    ----------
    canvas : pyqtgraph.GraphicsView
        The lab's figure (``LabView.canvas()``), laid out at the size to draw.
    spec : FigureSpec, optional
        The output: a PNG gets ``spec.raster_px()`` pixels exactly (the picture is scaled
        when that differs from the canvas's size), SVG and PDF the spec's physical size
        (pixels count 96 to the inch). None: the canvas's own size.

    Raises
    ------
    ExportError
        Unknown format, impossible size, or the file cannot be written.
    """
    from app.figures import write_pdf, write_svg

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ExportError(f"unknown figure format {path.suffix!r}; use .png, .svg or .pdf")
    src = _source_rect(canvas)
    if src.width() < 1 or src.height() < 1:
        raise ExportError("the canvas has no size yet")
    if spec is None:
        from app.figure_spec import Length

        spec = FigureSpec(Length(round(src.width()), "px"), Length(round(src.height()), "px"))
    tmp = path.with_name(f".{path.name}.part")
    canvas.scene().update()
    if suffix == ".png":
        width, height = spec.raster_px()
        ok = render_image(canvas, width, height, spec.transparent).save(str(tmp), "PNG")
        return publish(tmp, path, ok)
    size = spec.layout_px()

    def paint(painter: QPainter) -> None:
        paint_canvas(canvas, painter, QRectF(0, 0, *size), spec.transparent)

    if suffix == ".svg":
        ok = write_svg(paint, size, tmp, size_attrs=spec.svg_size_attrs(),
                       text_as_paths=spec.text_as_paths)
    else:
        ok = write_pdf(paint, size, tmp, page_pt=spec.size_pt())
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
