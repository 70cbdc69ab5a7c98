"""The head view: one layer's one head as a heatmap of its weights beside its lines view.

The heatmap (values written in the cells, tokens along both sides) and the lines view
(queries left, keys right) stand side by side with their rows level: row i of the heatmap
and query i of the lines are at the same height. Hovering a query token in the lines view
marks its row in the heatmap; hovering a heatmap row shows its lines.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget

from views.attention.lines_view import LinesView
from views.common.heatmap import Heatmap

__all__ = ["HeadView"]

_MARGIN = 6
_SPACING = 10
_MAX_ROW_PX = 48  # a short sentence's rows stop growing here
_MIN_BAND = 120.0  # px the lines cross at the least


class HeadView(pg.GraphicsLayoutWidget):
    """The weights of head (layer, head) of a model as a heatmap and as lines.

    Signals
    -------
    row_highlighted(int)
        The query row under the pointer (-1: none).
    """

    row_highlighted = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ci.setContentsMargins(_MARGIN, _MARGIN, _MARGIN, _MARGIN)
        self.ci.setSpacing(_SPACING)
        # Children of the widget: their signals hold closures over it.
        self.heatmap = Heatmap("weights", signed=False, parent=self)
        self.lines = LinesView(parent=self)
        self.ci.addItem(self.heatmap.plot, row=0, col=0)
        self.ci.addItem(self.lines.plot, row=0, col=1)
        for item in (self.heatmap.plot, self.lines.plot):
            self.ci.layout.setAlignment(item, Qt.AlignmentFlag.AlignTop)
        self.lines.highlighted.connect(self._on_row)
        self.heatmap.hovered.connect(lambda i, _j: self.lines.hover("heatmap", i))
        self.weights = np.zeros((0, 0, 0, 0), dtype=np.float32)
        self.tokens: list[str] = []
        self.layer = self.head = 0

    # -- data -------------------------------------------------------------------------------
    def set_data(self, weights, tokens, layer: int = 0, head: int = 0) -> None:
        """A model's weights ``(L, H, n, n)`` between ``tokens``; shows head (layer, head)."""
        w = np.asarray(weights)
        if w.ndim != 4 or w.shape[-2:] != (len(tokens), len(tokens)):
            raise ValueError(f"weights of shape {w.shape} for {len(tokens)} tokens")
        self.weights, self.tokens = w, [str(t) for t in tokens]
        # A causal model's keys after the query are hidden (hatched), not weights of 0.
        upper = np.triu(np.ones(w.shape[-2:], dtype=bool), 1)
        self._hidden = upper if not np.any(w[..., upper]) and upper.any() else None
        self.show_head(layer, head)

    def show_head(self, layer: int, head: int) -> None:
        """Show head (layer, head) (the model view's ``clicked`` plugs in here)."""
        L, H = self.weights.shape[:2]
        if not (0 <= layer < L and 0 <= head < H):
            raise ValueError(f"no head ({layer}, {head}) in {L} layers × {H} heads")
        self.layer, self.head = layer, head
        w = self.weights[layer, head]
        toks = self.tokens
        self.heatmap.set_data(w, (0.0, 1.0), toks, toks, hidden=self._hidden)
        self.heatmap.set_title(f"layer {layer}, head {head}: weights")
        self.lines.set_data(w, toks)
        self._fit(self.width(), self.height())

    def _on_row(self, i: int) -> None:
        self.heatmap.mark_cell(i, -1, whole_row=True)
        self.row_highlighted.emit(i)

    # -- layout (once per data or size change) ----------------------------------------------
    def resizeEvent(self, ev) -> None:  # noqa: N802 - Qt API
        # Before the base class fits the layout; None: pyqtgraph's call while it builds the
        # widget; closed: the items are already deleted.
        if ev is not None and getattr(self, "tokens", None) and not self.closed:
            self._fit(ev.size().width(), ev.size().height())
        super().resizeEvent(ev)

    def _fit(self, width: int, height: int) -> None:
        n = len(self.tokens)
        if n == 0:
            return
        hm, lines = self.heatmap, self.lines
        px = float(_MAX_ROW_PX)
        for _ in range(3):  # the labels' room shrinks with the rows: settle in a few steps
            hw, hh = hm.overhead(px)
            lw, _lh = lines.overhead(px)
            room_w = width - 2 * _MARGIN - _SPACING - hw - lw - _MIN_BAND - 4
            px = max(1.0, min(_MAX_ROW_PX, (height - 2 * _MARGIN - hh - 4) / n, room_w / n))
        hw, _hh = hm.overhead(px)
        lw, _lh = lines.overhead(px)
        band = max(_MIN_BAND, width - 2 * _MARGIN - _SPACING - hw - n * px - lw - 8)
        band = min(band, max(2 * _MIN_BAND, 1.5 * n * px))
        hm.set_cell_px(px)
        # The heatmap's column labels stand above its rows: the lines start as far down.
        top = float(np.ceil(hm.labels["top"].plan_for(px).room))
        lines.set_row_px(px, band, top=top)
