"""The Low-rank figure's bottom row: the first rank-one layers σᵢuᵢvᵢᵀ as tiles (what each
singular triple adds), or, for a LoRA update, W beside ΔW = B A with B (d × r) tall and
A (r × k) wide — the shapes that make LoRA cheap."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from models.lowrank.sources import TILES
from views.common.items import ShrinkingLabel
from views.common.numbers import num
from views.common.style import pt
from views.lowrank.facts import sub
from views.lowrank.images import MatrixImage

__all__ = ["LayersRow", "LoraRow"]


def _symmetric(a: np.ndarray) -> tuple[float, float]:
    top = float(np.max(np.abs(a))) if a.size else 1.0
    return (-top, top) if top > 0 else (-1.0, 1.0)


class LayersRow(pg.GraphicsLayout):
    """The first :data:`TILES` layers σᵢuᵢvᵢᵀ, each in a diverging scale of its own."""

    def __init__(self) -> None:
        super().__init__()
        self.caption = ShrinkingLabel("")
        self.addItem(self.caption, row=0, col=0, colspan=TILES)
        self.tiles = [MatrixImage("", title_size=9) for _ in range(TILES)]
        for col, tile in enumerate(self.tiles):
            self.addItem(tile.plot, row=1, col=col)

    def update_from(self, model) -> None:
        """Draw the layers of ``model.source`` (once per source; a new k only retitles)."""
        layers = model.source.layers
        s = model.source.dec.s
        new = model.source is not getattr(self, "_source", None)
        self._source = model.source
        for i, tile in enumerate(self.tiles):
            on = i < len(layers)
            if new:
                tile.plot.setVisible(on)
                tile.plot.setMaximumWidth(16777215 if on else 0)
                self.layout.setColumnStretchFactor(i, 1 if on else 0)
            if on:
                if new:
                    tile.set_matrix(layers[i], _symmetric(layers[i]), "signed")
                kept = "" if i < model.k else " (out)"
                tile.set_title(f"σ{sub(i + 1)} = {num(float(s[i]), 3)}{kept}")
        self.caption.setText("rank-one layers σᵢuᵢvᵢᵀ, each in its own scale: "
                             "A<sub>k</sub> adds up the first k", size=pt(10))


class LoraRow(pg.GraphicsLayout):
    """W, then ΔW = B A with B and A drawn at their shapes, in one diverging scale."""

    def __init__(self) -> None:
        super().__init__()
        self.w = MatrixImage("W (pre-trained)", title_size=9)
        self.delta = MatrixImage("ΔW = BA + noise", title_size=9)
        self.b = MatrixImage("B", title_size=9)
        self.a = MatrixImage("A", title_size=9)
        self.eq, self.dot = pg.LabelItem("="), pg.LabelItem("·")
        for col, item in enumerate((self.w.plot, self.delta.plot, self.eq, self.b.plot,
                                    self.dot, self.a.plot)):
            self.addItem(item, row=0, col=col)
        for col, f in enumerate((4, 4, 0, 1, 0, 4)):
            self.layout.setColumnStretchFactor(col, f)

    def update_from(self, model) -> None:
        """Draw W, ΔW, B and A of a LoRA source (nothing for another source)."""
        parts = model.source.lora
        if parts is None or model.source is getattr(self, "_source", None):
            return
        self._source = model.source
        levels = _symmetric(parts.delta)
        self.eq.setText("=", size=pt(14))
        self.dot.setText("·", size=pt(14))
        d, k = parts.w.shape
        r = parts.b.shape[1]
        self.w.set_matrix(parts.w, _symmetric(parts.w), "signed")
        self.w.set_title(f"W, {d} × {k}")
        self.delta.set_matrix(parts.delta, levels, "signed")
        self.delta.set_title(f"ΔW = BA + noise, {d} × {k}")
        self.b.set_matrix(parts.b, _symmetric(parts.b), "signed")
        self.b.set_title(f"B, {d} × {r}")
        self.a.set_matrix(parts.a, _symmetric(parts.a), "signed")
        self.a.set_title(f"A, {r} × {k}")
