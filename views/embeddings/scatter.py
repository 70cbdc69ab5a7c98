"""The marks of the Embeddings lab's scatter: every shown word's point, the selected word,
the query's star, the nearest neighbours (a diamond for one that is far in the drawing), a
line from the anchor to each neighbour, and the principal axes of a 2-D set drawn in its
own plane (arrows from the mean, 2 standard deviations long).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from views.common.style import color, pen
from views.embeddings.colors import COLORS

__all__ = ["ScatterMarks"]

_NONE = np.empty((0, 2))


class ScatterMarks:
    """The marks on ``plot``: ``points``, ``lines``, ``near``, ``far``, ``selected`` and
    ``query``, and the 2-D principal ``axes`` with their arrow ``heads``."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self.points = pg.ScatterPlotItem(size=4, pen=None, brush=color(COLORS["point"], 150))
        self.lines = pg.PlotDataItem(pen=pen(COLORS["neighbour"], 1), connect="pairs")
        self.near = pg.ScatterPlotItem(size=8, pen=pen(COLORS["neighbour"], 1),
                                       brush=color(COLORS["neighbour"]))
        self.far = pg.ScatterPlotItem(size=12, symbol="d", pen=pen(COLORS["far"], 2),
                                      brush=None)
        self.selected = pg.ScatterPlotItem(size=12, pen=pen(COLORS["text"], 1),
                                           brush=color(COLORS["selected"]))
        self.query = pg.ScatterPlotItem(size=16, symbol="star", pen=pen(COLORS["text"], 1),
                                        brush=color(COLORS["query"]))
        self.axes = [pg.PlotDataItem(pen=pen(COLORS["axis"], 2.5)) for _ in range(2)]
        self.heads = [pg.ArrowItem(headLen=14, tipAngle=30, pen=pen(COLORS["axis"], 1),
                                   brush=color(COLORS["axis"])) for _ in range(2)]
        for z, item in enumerate([self.points, self.lines, *self.axes, *self.heads, self.near,
                                  self.far, self.selected, self.query]):
            item.setZValue(z)
            plot.addItem(item)

    def show(self, xy: np.ndarray, selected: int | None, query, anchor, neighbours,
             far: list[bool]) -> None:
        """Draw the points ``xy`` (row ``selected`` the selected word's, or None), the
        query's star at ``query`` (or None), the ``neighbours``' positions (those marked in
        ``far`` as diamonds) and a line from ``anchor`` (or None: no lines) to each."""
        self.points.setData(pos=xy)
        ends = np.asarray(neighbours, dtype=float).reshape(-1, 2)
        is_far = np.asarray(far, dtype=bool)
        self.near.setData(pos=ends[~is_far])
        self.far.setData(pos=ends[is_far])
        self.selected.setData(pos=_NONE if selected is None else xy[selected:selected + 1])
        self.query.setData(pos=_NONE if query is None else np.reshape(query, (1, 2)))
        if anchor is not None and len(ends):
            seg = np.empty((2 * len(ends), 2))
            seg[0::2] = anchor
            seg[1::2] = ends
            self.lines.setData(seg[:, 0], seg[:, 1])
        else:
            self.lines.setData([], [])

    def show_axes(self, facts, on: bool) -> None:
        """The first two principal axes of ``facts`` (components and eigenvalues) as arrows
        from the mean, 2 standard deviations long; hidden unless ``on``."""
        for line, head, i in zip(self.axes, self.heads, range(2), strict=True):
            line.setVisible(on)
            head.setVisible(on)
            if not on:
                continue
            axis = np.asarray(facts.components[i], dtype=float)
            tip = 2 * float(np.sqrt(facts.eigenvalues[i])) * axis
            line.setData([0, tip[0]], [0, tip[1]])
            head.setPos(*tip)
            # ArrowItem points along its angle reversed: 180° − direction (y up in the plot)
            head.setStyle(angle=180 - float(np.degrees(np.arctan2(tip[1], tip[0]))))
