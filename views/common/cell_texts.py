"""The numbers written inside a heatmap's cells, as one graphics item.

One item paints every number (at a fixed pixel size, centred on its cell), instead of one
text item per cell: a sentence's five heatmaps hold a few hundred cells, and building,
updating and re-transforming that many text items made every redraw and the lab's first
appearance slow.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF
from PySide6.QtWidgets import QGraphicsItem

__all__ = ["CellTexts"]


class CellTexts(QGraphicsItem):
    """Texts centred on points of a ViewBox's data coordinates, ``font`` sized in pixels.

    Parameters
    ----------
    font : QFont
        The font of every text.
    """

    def __init__(self, font: QFont) -> None:
        super().__init__()
        self._font = QFont(font)
        self._box = QFontMetricsF(self._font).height()
        self._cells: list[tuple[float, float, str, QColor]] = []
        self._rect = QRectF()

    def set_cells(self, cells, rect: QRectF) -> None:
        """Show ``cells``, a list of ``(x, y, text, QColor)``, all inside ``rect`` (data)."""
        cells = list(cells)
        if cells == self._cells and rect == self._rect:
            return
        self.prepareGeometryChange()
        self._cells, self._rect = cells, QRectF(rect)
        self.update()

    def set_font(self, font: QFont) -> None:
        """Write the texts in ``font`` (sized to the cells by the heatmap's layout)."""
        if font == self._font:
            return
        self._font = QFont(font)
        self._box = QFontMetricsF(self._font).height()
        self.update()

    def font(self) -> QFont:
        """The font of the texts."""
        return QFont(self._font)

    def cells(self) -> list:
        """The ``(x, y, text, QColor)`` of every text shown."""
        return list(self._cells)

    def texts(self) -> list[str]:
        """The texts shown, in the order given."""
        return [c[2] for c in self._cells]

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt API
        return self._rect

    def paint(self, p, *_args) -> None:
        if not self._cells:
            return
        to_scene = self.sceneTransform()
        from_scene, ok = to_scene.inverted()
        if not ok:
            return
        p.save()
        # Draw in scene units (pixels on screen), as pyqtgraph's text items do: the numbers
        # keep their size at any zoom, and a figure exported at another scale scales them
        # with everything else.
        p.setTransform(from_scene * p.transform())
        p.setFont(self._font)
        half = self._box
        align = Qt.AlignmentFlag.AlignCenter
        for x, y, text, col in self._cells:
            c = to_scene.map(QPointF(x, y))
            p.setPen(col)
            p.drawText(QRectF(c.x() - 4 * half, c.y() - half, 8 * half, 2 * half), align, text)
        p.restore()
