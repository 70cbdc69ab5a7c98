"""A text label of the product figure whose row height the canvas decides."""

from __future__ import annotations

import pyqtgraph as pg

__all__ = ["FlexLabel"]


class FlexLabel(pg.LabelItem):
    """A :class:`pyqtgraph.LabelItem` with no minimum size of its own.

    pyqtgraph's label makes its text's size its minimum, so an empty or hidden label still
    holds a line's height and a long one the whole text's width: the canvas then outgrows
    its widget. The canvas wraps the text and sets each row's height itself.
    """

    def updateMin(self) -> None:  # noqa: N802 - pyqtgraph API
        super().updateMin()
        self.setMinimumSize(0, 0)
