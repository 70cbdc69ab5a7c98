"""Vector figures: SVG and PDF writers fed by a paint callback (interim: Qt's generators)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSize, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgGenerator

__all__ = ["write_svg", "write_pdf"]


def write_svg(paint, size, path: Path, *, size_attrs=None, text_as_paths=False) -> bool:
    gen = QSvgGenerator()
    gen.setFileName(str(path))
    gen.setSize(QSize(*size))
    gen.setViewBox(QRectF(0, 0, *size))
    painter = QPainter()
    if not painter.begin(gen):
        return False
    paint(painter)
    return painter.end()


def write_pdf(paint, size, path: Path, *, page_pt) -> bool:
    writer = QPdfWriter(str(path))
    writer.setResolution(96)
    writer.setPageSize(QPageSize(QSizeF(*page_pt), QPageSize.Unit.Point))
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)
    painter = QPainter()
    if not painter.begin(writer):
        return False
    paint(painter)
    return painter.end()
