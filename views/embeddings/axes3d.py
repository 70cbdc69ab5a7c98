"""The Embeddings lab's principal axes in 3-D: an arrow per axis from the origin of the
principal coordinates (the data's mean when centred), 2 standard deviations of the drawn
points long, drawn through the orbit camera, with its name (PC1…PC3, or the axis words'
difference then PC1, PC2) beyond the tip and kept just inside the plot.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg

from views.common.items import TextItem
from views.common.style import color, label_font, pen
from views.embeddings.colors import COLORS

__all__ = ["PrincipalAxes3D", "axis_names"]


def axis_names(model) -> list[str]:
    """The names of the 3-D scatter's three axes."""
    if model.state.axis_words:
        a, b = model.state.axis_words.split(",")
        return [f"{a} − {b}", "PC1", "PC2"]
    return ["PC1", "PC2", "PC3"]


class PrincipalAxes3D:
    """The three arrows (``lines`` and ``heads``) and their ``names`` on ``plot``; hidden
    until :meth:`show`."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self.lines = [pg.PlotDataItem(pen=pen(COLORS["axis"], 2)) for _ in range(3)]
        self.heads = [pg.ArrowItem(headLen=11, tipAngle=30, pen=pen(COLORS["axis"], 1),
                                   brush=color(COLORS["axis"])) for _ in range(3)]
        self.names = [TextItem("", anchor=(0.5, 0.5), color=color(COLORS["axis"]))
                      for _ in range(3)]
        for item in (*self.lines, *self.heads, *self.names):
            item.setZValue(3)
            item.setVisible(False)
            plot.addItem(item, ignoreBounds=True)
        for text in self.names:
            text.setFont(label_font(10))
        self._names_at: list[np.ndarray] = []  # where the names would go, before clamping

    def set_visible(self, on: bool) -> None:
        """Show or hide the arrows and their names."""
        for item in (*self.lines, *self.heads, *self.names):
            item.setVisible(on)

    def show(self, coords3, project: Callable[[np.ndarray], np.ndarray],
             names: list[str]) -> None:
        """Draw the axes of the points ``coords3`` (on the first three axes), each
        ``project``-ed to the canvas, named ``names``."""
        lengths = 2 * np.std(np.asarray(coords3, dtype=float), axis=0)
        tips3 = np.diag(np.where(lengths > 0, lengths, 1.0))
        drawn = project(np.vstack([np.zeros(3), tips3]))
        base, tips = drawn[0], drawn[1:]
        for line, head, text, tip, name in zip(self.lines, self.heads, self.names, tips,
                                               names, strict=True):
            d = tip - base
            line.setData([base[0], tip[0]], [base[1], tip[1]])
            head.setPos(*tip)
            # ArrowItem points along its angle reversed: 180° − direction (y up in the plot)
            head.setStyle(angle=180 - float(np.degrees(np.arctan2(d[1], d[0]))))
            text.setText(name)
            text.setPos(*(tip + 0.12 * d))
        self._names_at = [np.array([t.pos().x(), t.pos().y()]) for t in self.names]

    def keep_inside(self, vb: pg.ViewBox) -> None:
        """Move each name, beyond its arrow's tip, just inside ``vb`` where it would be cut
        at the edge (once per layout: the view range is set by then)."""
        if not self._names_at:
            return
        (x0, x1), (y0, y1) = vb.viewRange()
        sx = (x1 - x0) / max(vb.width(), 1.0)  # data units per pixel
        sy = (y1 - y0) / max(vb.height(), 1.0)
        for text, (x, y) in zip(self.names, self._names_at, strict=True):
            r = text.textItem.boundingRect()  # anchored at its centre
            hw, hh = (0.5 * r.width() + 2) * sx, (0.5 * r.height() + 2) * sy  # 2 px in
            if x1 - x0 > 2 * hw:
                x = min(max(x, x0 + hw), x1 - hw)
            if y1 - y0 > 2 * hh:
                y = min(max(y, y0 + hh), y1 - hh)
            text.setPos(x, y)
