"""The Embeddings lab's PCA panel: the scree plot (explained variance ratio per component
as bars, the cumulative curve, dashed marks at 90, 95 and 99 % with one label for the
three) and, below it, the facts text (n and d, components for each fraction, σᵢ²/(n − 1)
= λᵢ for the first three, the compared words' cosine).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from views.common.items import TextItem
from views.common.numbers import num
from views.common.style import color, label_font, pen, pt, text_pt
from views.embeddings.colors import COLORS
from views.embeddings.layout import NO_LIMIT

__all__ = ["FRACTION_MARKS", "PcaPanel", "facts_text"]

FRACTION_MARKS = (0.90, 0.95, 0.99)


class PcaPanel:
    """The scree plot at ``(row, col)`` of ``layout`` and the facts text in the row below.

    Attributes: ``scree`` (the plot), ``bars``, ``curve``, ``marks`` (the three dashed
    lines), ``marks_text`` (their one label) and ``facts`` (a label item).
    """

    def __init__(self, layout: pg.GraphicsLayout, row: int = 0, col: int = 1) -> None:
        self.scree = layout.addPlot(row=row, col=col)
        self.scree.hideButtons()
        self.scree.setMenuEnabled(False)
        self.scree.setMouseEnabled(False, False)
        self.scree.setTitle("explained variance ratio", size=pt(11))
        for name in ("left", "bottom"):
            self.scree.getAxis(name).setTickFont(label_font(9))
        self.bars = pg.BarGraphItem(x=[1], height=[0], width=0.7, brush=color(COLORS["bar"]),
                                    pen=None)
        self.curve = pg.PlotDataItem(pen=pen(COLORS["cumulative"], 2), symbol="o",
                                     symbolSize=4, symbolBrush=color(COLORS["cumulative"]),
                                     symbolPen=None)
        self.scree.addItem(self.bars)
        self.scree.addItem(self.curve)
        self.marks = [pg.InfiniteLine(pos=f, angle=0,
                                      pen=pen(COLORS["mark"], 1, Qt.PenStyle.DashLine))
                      for f in FRACTION_MARKS]
        for line in self.marks:
            self.scree.addItem(line)
        # One label under the three close lines, at the right edge: three would overlap
        # each other and the curve.
        self.marks_text = TextItem(" · ".join(str(int(f * 100)) for f in FRACTION_MARKS)
                                   + " %", anchor=(1, 0), color=color(COLORS["mark"]))
        self.marks_text.setFont(label_font(8))
        self.scree.addItem(self.marks_text, ignoreBounds=True)
        self.facts = pg.LabelItem("", justify="left")
        layout.addItem(self.facts, row=row + 1, col=col)

    def show(self, model) -> None:
        """Draw ``model``'s explained variance ratios and write its facts."""
        f = model.facts
        r = len(f.ratios)
        x = np.arange(1, r + 1)
        self.bars.setOpts(x=x, height=np.asarray(f.ratios), width=0.7)
        self.curve.setData(x, np.asarray(f.cumulative))
        self.scree.setXRange(0.4, r + 0.6, padding=0)
        step = max(1, r // 10)
        self.scree.getAxis("bottom").setTicks([[(i, str(i)) for i in range(1, r + 1, step)]])
        self.scree.setYRange(0, 1.02, padding=0)
        self.marks_text.setPos(r + 0.6, FRACTION_MARKS[0])  # below the 90 % line, right
        self.facts.setText(facts_text(model), size=text_pt(10), color=color("text").name())

    def fit(self, wrap: int, scree: bool, facts: bool) -> None:
        """Wrap the facts to ``wrap`` pixels and show or hide the scree plot and the facts
        (decided by the canvas's size, before its layout fits it)."""
        if wrap != self.facts.item.textWidth():
            self.facts.item.setTextWidth(wrap)
            self.facts.setFixedWidth(wrap + 16)
            self.facts.updateMin()
        self.scree.setVisible(scree)  # its row keeps stretching: the scatter keeps the height
        self.facts.setVisible(facts)
        self.facts.setMaximumHeight(NO_LIMIT if facts else 0)
        if not facts:
            self.facts.setMinimumHeight(0)


def facts_text(model) -> str:
    """The facts of ``model``'s PCA as rich text: n and d, the components for 90/95/99 %,
    σᵢ and σᵢ²/(n − 1) = λᵢ for the first three, the compared words' dot product."""
    f = model.facts
    r = len(f.ratios)
    counts = ", ".join(f"{int(k * 100)} %: {v}" for k, v in f.for_fraction.items())
    lines = [f"<b>n = {f.n:,}</b>, d = {r if model.vset.dim == r else model.vset.dim}; "
             f"components for {counts}", "σᵢ²/(n−1) = λᵢ:"]
    for i in range(min(3, r)):
        lines.append(f"σ{_sub(i + 1)} = {num(f.singular_values[i], 4)}, "
                     f"σ{_sub(i + 1)}²/(n−1) = {num(f.eigenvalues[i], 4)} = λ{_sub(i + 1)}"
                     f" ({num(100 * f.ratios[i], 3)} %)")
    c = model.cosine
    if c is not None:
        a, b = model.state.similarity_words[:2]
        lines.append(f"<b>{a}·{b}</b> = {num(c.dot, 4)} = |a||b| cos θ = "
                     f"{num(c.norm_a, 3)} × {num(c.norm_b, 3)} × {num(c.cos, 3)}; "
                     f"θ = {c.degrees:.1f}°")
    return "<br>".join(lines)


def _sub(i: int) -> str:
    return str(i).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))
