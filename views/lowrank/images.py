"""Matrices drawn as images: one plot per matrix, rows down, an aspect of one cell to one
cell, in a colour map and levels the caller shares between them."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor

from views.common.cell_texts import CellTexts
from views.common.heatmap import cell_text_colour
from views.common.items import shrinkable_title
from views.common.numbers import num
from views.common.style import colormap, label_font, pt

__all__ = ["MatrixImage", "colour_kind", "MAX_WRITTEN"]

#: Matrices up to this size on each side have their values written in the cells.
MAX_WRITTEN = 8


def colour_kind(source) -> str:
    """The colour map of a source: grey for a picture, diverging for signed values, else
    the theme's perceptually uniform one."""
    if source.is_image:
        return "grey"
    return "signed" if source.signed else "magnitude"


class MatrixImage:
    """A plot holding one matrix as an image (row 0 at the top), without axes.

    Attributes
    ----------
    plot : pg.PlotItem
    image : pg.ImageItem
        Its ``image`` is the array drawn (float32, as given).
    """

    def __init__(self, title: str = "", title_size: float = 11, values: bool = False) -> None:
        self.plot = pg.PlotItem()
        shrinkable_title(self.plot)  # six tiles' titles must not widen the figure
        self.plot.hideButtons()
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(False, False)
        for name in ("left", "bottom"):
            self.plot.hideAxis(name)
        self.vb = self.plot.getViewBox()
        self.vb.invertY(True)
        self.vb.setAspectLocked(True, 1.0)
        self.vb.setDefaultPadding(0.0)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.plot.addItem(self.image)
        self.texts = CellTexts(label_font(12)) if values else None
        if self.texts is not None:
            self.plot.addItem(self.texts)
        self._title_size = title_size
        self.set_title(title)

    def set_title(self, text: str) -> None:
        """The title above the matrix (laid out again only when it changes)."""
        if text != getattr(self, "_title", None):
            self._title = text
            self.plot.setTitle(text, size=pt(self._title_size))

    def set_matrix(self, values: np.ndarray, levels: tuple[float, float], kind: str) -> None:
        """Draw ``values`` (m × n) in the colour map ``kind`` clipped to ``levels``."""
        values = np.ascontiguousarray(values, dtype=np.float32)
        if kind != getattr(self, "_kind", None):
            self._kind = kind
            self.image.setColorMap(colormap(kind))
        self.image.setImage(values, autoLevels=False, levels=levels)
        self.image.setRect(0, 0, values.shape[1], values.shape[0])
        self.vb.setRange(xRange=(0, values.shape[1]), yRange=(0, values.shape[0]),
                         padding=0.0)
        if self.texts is not None:
            self._write(values, levels)

    def _write(self, values: np.ndarray, levels: tuple[float, float]) -> None:
        """The values in the cells of a small matrix (none for a large one)."""
        m, n = values.shape
        cells = []
        if m <= MAX_WRITTEN and n <= MAX_WRITTEN:
            lo, hi = levels
            t = np.clip((values - lo) / max(hi - lo, 1e-300), 0.0, 1.0)
            rgb = self.image.getColorMap().map(t.ravel(), mode="byte")[:, :3]
            for idx, (v, cell) in enumerate(zip(values.ravel(), rgb, strict=True)):
                i, j = divmod(idx, n)
                code = cell_text_colour(tuple(int(c) for c in cell))
                cells.append((j + 0.5, i + 0.5, num(float(v), 3), QColor(code)))
        self.texts.set_cells(cells, QRectF(0, 0, n, m))

    @property
    def drawn(self) -> np.ndarray:
        """The array the image shows."""
        return self.image.image
