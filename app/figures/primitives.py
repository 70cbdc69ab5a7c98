"""What a recorded figure is made of: filled and stroked paths, text runs and images, with
their geometry already in output units (the figure's logical pixels, 96 to the inch).

The writers (:mod:`app.figures.svg_writer`, :mod:`app.figures.pdf_writer`) only read these;
nothing here knows about a file format.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QImage, QPainterPath, QPolygonF, QTransform

__all__ = ["HATCHES", "HATCH_TILE", "Rgba", "Stroke", "PathRun", "TextRun", "ImageRun",
           "SMALL_IMAGE", "MAX_IMAGE_SIDE", "cell_runs", "upscaled"]

#: An image whose drawn source has at most this many pixels (64 × 64) is written as vector
#: cells (one rectangle per run of equal pixels): a heatmap stays exact and crisp at any
#: zoom, and so does a colour bar's 1 × 256 ramp.
SMALL_IMAGE = 64 * 64
#: Larger images are upscaled (nearest neighbour) to about their drawn size, at most this.
MAX_IMAGE_SIDE = 4096


_B = Qt.BrushStyle
_FDIAG = ((0, 0, 8, 8), (7, -1, 9, 1), (-1, 7, 1, 9))
_BDIAG = ((0, 8, 8, 0), (-1, 1, 1, -1), (7, 9, 9, 7))
_HOR, _VER = ((0, 0.5, 8, 0.5),), ((0.5, 0, 0.5, 8),)
#: Qt's line patterns as the 1-pixel lines (x1, y1, x2, y2) of one 8×8 tile, as Qt draws
#: them in device pixels: a hatch looks the same in every output.
HATCHES = {_B.HorPattern: _HOR, _B.VerPattern: _VER, _B.CrossPattern: _HOR + _VER,
           _B.FDiagPattern: _FDIAG, _B.BDiagPattern: _BDIAG,
           _B.DiagCrossPattern: _FDIAG + _BDIAG}
#: The side of a hatch's tile in output units.
HATCH_TILE = 8


@dataclass(frozen=True, slots=True)
class Rgba:
    """A colour: red, green, blue 0…255 and an alpha 0…1 (painter opacity folded in)."""

    r: int
    g: int
    b: int
    a: float

    @property
    def hex(self) -> str:
        return f"#{self.r:02x}{self.g:02x}{self.b:02x}"


@dataclass(frozen=True, slots=True)
class Stroke:
    """A pen in output units: ``width`` is the real stroke width on the page, ``dashes``
    the dash and gap lengths (None: a solid line)."""

    color: Rgba
    width: float
    cap: Qt.PenCapStyle
    join: Qt.PenJoinStyle
    miter: float
    dashes: tuple[float, ...] | None = None
    dash_offset: float = 0.0


@dataclass(slots=True)
class PathRun:
    """A path in output coordinates, filled with ``fill`` (None: not filled), outlined with
    ``stroke`` (None: no outline), inside clip number ``clip`` (-1: unclipped).

    ``hatch`` is the brush's line pattern (``Qt.BrushStyle.BDiagPattern`` …) when the fill
    is a hatch of ``fill``'s colour over nothing, else None; its tiles start at
    ``hatch_origin`` (output coordinates), as Qt lays them in device pixels.
    """

    path: QPainterPath
    stroke: Stroke | None
    fill: Rgba | None
    clip: int
    hatch: Qt.BrushStyle | None = None
    hatch_origin: tuple[float, float] = (0.0, 0.0)


@dataclass(slots=True)
class TextRun:
    """One run of text in one font: its baseline starts at ``(x, y)`` in output units, its
    glyphs are ``size`` output units tall (the em), turned by ``angle`` degrees clockwise.

    ``origin`` and ``transform`` are the run's position as the painter gave it; they give
    the exact outline (:meth:`outline`) for text written as paths.
    """

    x: float
    y: float
    text: str
    font: QFont
    size: float
    color: Rgba
    angle: float
    clip: int
    origin: QPointF
    transform: QTransform

    def outline(self) -> QPainterPath:
        """The run's glyphs as a filled path in output coordinates."""
        path = QPainterPath()
        path.addText(self.origin, self.font, self.text)
        return self.transform.map(path)


@dataclass(slots=True)
class ImageRun:
    """An image (its drawn source region only, ARGB32 without premultiplied alpha) drawn
    into ``target`` of the painter's coordinates under ``transform``, at ``opacity``."""

    image: QImage
    target: QRectF
    transform: QTransform
    opacity: float
    clip: int

    @property
    def bounds(self) -> QRectF:
        """The drawn rectangle in output coordinates (its bounding box when turned)."""
        return self.transform.mapRect(self.target)

    @property
    def small(self) -> bool:
        return self.image.width() * self.image.height() <= SMALL_IMAGE

    def cell(self, x0: int, x1: int, row: int) -> QPolygonF:
        """The output quadrilateral of source pixels ``x0 … x1 - 1`` of ``row``."""
        t, sw, sh = self.target, self.image.width(), self.image.height()
        fx, fy = t.width() / sw, t.height() / sh
        rect = QRectF(t.x() + x0 * fx, t.y() + row * fy, (x1 - x0) * fx, fy)
        return self.transform.map(QPolygonF(rect))

    @property
    def axis_aligned(self) -> bool:
        """Whether cells stay rectangles (no rotation or shear, no perspective)."""
        t = self.transform
        return t.m12() == 0 and t.m21() == 0 and t.isAffine()


def cell_runs(image: QImage):
    """Yield ``(row, x0, x1, Rgba)`` for each run of equal pixels in a row of ``image``
    (Format_ARGB32), fully transparent runs left out. Merging equal neighbours keeps a
    smooth image's file small; a heatmap's cells come out one run each."""
    w, h = image.width(), image.height()
    data = np.frombuffer(image.constBits(), np.uint32, image.sizeInBytes() // 4)
    rows = data.reshape(h, image.bytesPerLine() // 4)[:, :w]
    for y in range(h):
        row = rows[y]
        starts = np.concatenate(([0], np.flatnonzero(row[1:] != row[:-1]) + 1, [w]))
        for x0, x1 in zip(starts[:-1].tolist(), starts[1:].tolist(), strict=True):
            argb = int(row[x0])
            alpha = argb >> 24
            if alpha:
                yield y, x0, x1, Rgba((argb >> 16) & 255, (argb >> 8) & 255, argb & 255,
                                      alpha / 255.0)


def upscaled(run: ImageRun) -> QImage:
    """The run's image, upright as drawn, enlarged by a whole factor (nearest neighbour)
    to about its drawn size, so viewers that smooth images while scaling them still show
    sharp pixels."""
    out = run.bounds
    img = run.image
    t = run.transform
    # The writers place the image in its upright bounding box, so a mirroring transform
    # (a y-up plot, a colour bar drawn bottom to top) is applied to the pixels instead.
    flip = Qt.Orientation(0)
    if t.m11() < 0:
        flip |= Qt.Orientation.Horizontal
    if t.m22() < 0:
        flip |= Qt.Orientation.Vertical
    if flip != Qt.Orientation(0):
        img = img.flipped(flip)
    factor = max(out.width() / img.width(), out.height() / img.height())
    factor = min(math.ceil(factor), MAX_IMAGE_SIDE // max(img.width(), img.height()))
    if factor <= 1:
        return img
    return img.scaled(img.width() * factor, img.height() * factor,
                      Qt.AspectRatioMode.IgnoreAspectRatio,
                      Qt.TransformationMode.FastTransformation)
