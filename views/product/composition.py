"""Composition of two 2×2 maps in the plane: B alone, AB (B first, then A) and BA (A first,
then B), each as the image of the unit square and the grid. Side by side, with one shared
scale, they show that the order of a product matters.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QPolygonF
from PySide6.QtWidgets import QGraphicsPolygonItem

from models.linalg.grid import grid_segments
from views.common.figure import fit_box
from views.common.items import Arrow
from views.common.numbers import num
from views.common.style import GRID_WIDTH, background, color, named, pen, pt
from views.product.label import FlexLabel

__all__ = ["CompositionPanel", "PANELS"]

#: (key of the matrix drawn, key of the ghost drawn under it, title).
PANELS = (
    ("b", None, "B: the first step"),
    ("ab", "b", "AB: B first, then A"),
    ("ba", "a", "BA: A first, then B"),
)
_UNIT_SQUARE = ((0, 0), (1, 0), (1, 1), (0, 1), (0, 0))
_FILL = named({"b": "square", "ab": "eigen", "ba": "square_flipped"})
_EDGE = named({"b": "j_hat", "ab": "eigen", "ba": "warn"})


def _nice_step(raw: float) -> float:
    """The smallest of 1, 2, 5 × 10ᵏ that is at least ``raw`` (and at least 1)."""
    raw = max(raw, 1.0)
    mag = 10.0 ** math.floor(math.log10(raw))
    return next(k * mag for k in (1, 2, 5, 10) if k * mag >= raw)


def _polygon(points) -> QPolygonF:
    return QPolygonF([QPointF(float(x), float(y)) for x, y in points])


class CompositionPanel(pg.ViewBox):
    """One picture: the unit square and grid mapped by one matrix, over a ghost of the
    intermediate step.

    Parameters
    ----------
    key : str
        ``"b"``, ``"ab"`` or ``"ba"`` (see :data:`PANELS`).
    """

    def __init__(self, key: str, ghost: str | None, title: str) -> None:
        super().__init__(lockAspect=True, enableMouse=False, enableMenu=False)
        self.key, self.ghost_key = key, ghost
        self.setBackgroundColor(background())
        # Grids of GRID_WIDTH px at 3:1 on white: thinner or paler ones vanish on a projector.
        self.base = pg.PlotDataItem(pen=pen("grid", GRID_WIDTH), connect="pairs")
        self.grid = pg.PlotDataItem(pen=pen(color(_EDGE[key], 200), GRID_WIDTH), connect="pairs")
        self.axes = pg.PlotDataItem(pen=pen("axis", 2), connect="pairs")
        for z, item in enumerate((self.base, self.grid, self.axes)):
            item.setZValue(-20 + z)
            self.addItem(item)
        self.ghost = QGraphicsPolygonItem()
        self.ghost.setPen(pen("axis", 1.6, Qt.PenStyle.DashLine))
        self.ghost.setZValue(-5)
        self.square = QGraphicsPolygonItem()
        self.square.setPen(pen(_EDGE[key], 2))
        self.square.setBrush(QBrush(color(_FILL[key], 110)))
        self.square.setZValue(-4)
        for item in (self.ghost, self.square):
            self.addItem(item, ignoreBounds=True)
        self.arrows = [Arrow(self, "i_hat", 2.5, 2, 0.8), Arrow(self, "j_hat", 2.5, 2, 0.8)]
        # The title sits above the panel (in the canvas layout), never over the picture.
        self.title = FlexLabel("", justify="center")
        self._title = title
        self.matrix = np.eye(2)
        self.step = 1.0  # grid spacing drawn (data units)
        self.sigResized.connect(lambda *_: self._refresh_arrows())

    def update_from(self, comp, half: float) -> None:
        """Draw the panel's matrix from a :class:`models.product.model.Composition`."""
        m = getattr(comp, self.key)
        self.matrix = m
        squares = comp.squares()
        self.setRange(xRange=(-half, half), yRange=(-half, half), padding=0)
        # About ten grid lines across at any scale: lines at multiples of a 1-2-5 step
        # (the map is linear, so the mapped grid is the unit-step grid scaled by step).
        step = self.step = _nice_step(2 * half / 10)
        extent = int(math.ceil(half / step)) + 1
        base = step * grid_segments(np.eye(2), extent).reshape(-1, 2)
        self.base.setData(base[:, 0], base[:, 1])
        axes = np.array([[-half, 0], [half, 0], [0, -half], [0, half]])
        self.axes.setData(axes[:, 0], axes[:, 1])
        seg = step * grid_segments(m, extent).reshape(-1, 2)
        self.grid.setData(seg[:, 0], seg[:, 1])
        self.square.setPolygon(_polygon(squares[self.key]))
        # Under each picture, dashed, the square it starts from: the unit square for B, and
        # the first step's image for AB and BA.
        start = _UNIT_SQUARE if self.ghost_key is None else squares[self.ghost_key]
        self.ghost.setPolygon(_polygon(start))
        entries = f"[{num(m[0, 0])}  {num(m[0, 1])};  {num(m[1, 0])}  {num(m[1, 1])}]"
        self.title.setText(f"<b>{self._title}</b><br>{entries}", size=pt(13),
                           color=_EDGE[self.key])
        self._refresh_arrows()

    def _refresh_arrows(self) -> None:
        w = self.width()
        px = self.viewRect().width() / w if w > 1 else 0.0
        for j, arrow in enumerate(self.arrows):
            arrow.set((0, 0), self.matrix[:, j], px)


def shared_half(comp) -> float:
    """One half-width for all panels, fitting every square (at least 1.6); not rounded,
    as the panels are redrawn whole on every change."""
    reach = float(np.max(np.abs(np.vstack(list(comp.squares().values())))))
    return fit_box(-reach, reach, 1.6, per_decade=None)[0][1]
