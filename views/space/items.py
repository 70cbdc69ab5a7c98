"""Graphics items of the Space canvas that the plane's items do not cover: shaded faces,
the corner axis triad and the corner note. Arrows and labels come from
:mod:`views.common.items`.

Faces are plain ``QGraphicsPolygonItem``s whose z-value follows the depth order, so
the painter's algorithm survives export to SVG and PDF unchanged.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPolygonF
from PySide6.QtWidgets import QGraphicsPolygonItem

from views.common.style import color, label_font, named, pen

__all__ = ["SPACE_COLORS", "Face", "Triad", "shade"]

#: This lab's parts by the theme colour each is drawn in (read as hex of the current theme).
SPACE_COLORS = named({
    "k_hat": "k_hat",  # deep pink: distinct from vermillion î, blue ĵ, green eigen, purple σ
    "solid": "solid",  # sky blue faces: orientation kept
    "solid_edge": "solid_edge",
    "solid_flipped": "solid_flipped",  # orange faces: orientation flipped (det < 0)
    "solid_flipped_edge": "solid_flipped_edge",
    "collapsed": "collapsed",
    "null": "collapsed",
    "plane": "eigen",  # the column space / output plane patch (4.5:1 as text)
    "lattice": "lattice",  # 3:1, a lighter blue than ĵ
    "mesh": "svd",
    "residual": "collapsed",
    "b": "x",
    "p": "j_hat",
})


def shade(base: QColor, facing: float, alpha: int) -> QColor:
    """``base`` lit by a light at the eye: faces seen edge-on are darker (facing ∈ [0, 1])."""
    f = 0.72 + 0.28 * max(0.0, min(1.0, facing))
    c = QColor(base)
    c.setRgbF(c.redF() * f, c.greenF() * f, c.blueF() * f)
    c.setAlpha(alpha)
    return c


class Face(QGraphicsPolygonItem):
    """One flat polygon of a solid, moved with :meth:`set_points` (2D canvas points)."""

    def __init__(self) -> None:
        super().__init__()
        self._pts: np.ndarray | None = None

    def set_points(self, xy: np.ndarray) -> None:
        """Replace the corners (k, 2); a no-op when nothing moved."""
        if self._pts is not None and self._pts.shape == xy.shape and np.array_equal(
                self._pts, xy):
            return
        self._pts = np.array(xy)
        self.setPolygon(QPolygonF([QPointF(float(x), float(y)) for x, y in xy]))

    @property
    def points(self) -> np.ndarray:
        """The corners last set, (k, 2)."""
        return np.zeros((0, 2)) if self._pts is None else self._pts

    def set_style(self, fill: QColor, edge: str | QColor, width: float = 1.5,
                  style: Qt.PenStyle | None = None) -> None:
        """Fill and edge pen."""
        self.setBrush(QBrush(fill))
        self.setPen(pen(edge, width, style))


class Triad(pg.GraphicsObject):
    """The x, y, z axis directions of the camera, drawn in a corner in pixels.

    Parented to the view box (not its data group), so it neither pans nor zooms; its
    axes are drawn back to front.
    """

    LENGTH = 38.0

    def __init__(self, colors=("i_hat", "j_hat", "k_hat")):
        super().__init__()
        self._colors = [color(c) for c in colors]
        self._rotation = np.eye(3)
        self._font = label_font(12, bold=True)
        self.setZValue(300)

    def set_rotation(self, rotation: np.ndarray) -> None:
        """Show the axes as seen through the view rotation ``rotation`` (rows right, up, toward)."""
        self._rotation = np.array(rotation, dtype=float)
        self.update()

    def screen_axes(self) -> np.ndarray:
        """(3, 2) pixel offsets of the x, y, z tips (y down, as painted)."""
        r = self._rotation
        return np.stack([r[0], -r[1]], axis=1) * self.LENGTH

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt API
        r = self.LENGTH + 18
        return QRectF(-r, -r, 2 * r, 2 * r)

    def paint(self, p, *args) -> None:
        p.setRenderHint(p.RenderHint.Antialiasing)
        tips = self.screen_axes()
        p.setFont(self._font)
        for k in np.argsort(self._rotation[2], kind="stable"):  # back to front
            x, y = float(tips[k, 0]), float(tips[k, 1])
            p.setPen(pen(self._colors[k], 2.5, cap=Qt.PenCapStyle.RoundCap))
            p.drawLine(QPointF(0, 0), QPointF(x, y))
            n = math.hypot(x, y)
            ux, uy = (x / n, y / n) if n > 1e-6 else (0.0, -1.0)
            p.drawText(QRectF(x + 10 * ux - 8, y + 10 * uy - 9, 16, 18),
                       Qt.AlignmentFlag.AlignCenter, "xyz"[k])
