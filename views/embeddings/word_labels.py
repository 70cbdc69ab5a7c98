"""The Embeddings lab's word labels on the projection: a pool of text items, each beside
its word's point on a side where it overlaps no other (:mod:`views.embeddings.labels`),
the words asked about first, then frequent words within a budget that shrinks with the
plot's area.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QFontMetricsF

from views.common.items import TextItem
from views.common.style import color, label_font
from views.embeddings.colors import COLORS
from views.embeddings.labels import LABEL_BUDGET, SIDES, other_label_budget, place_labels_beside

__all__ = ["WordLabels"]


class WordLabels:
    """The labels drawn on ``plot``.

    Attributes: ``items`` (the pool of text items, grown as needed), ``shown`` (the words
    labelled now), ``budget`` (labels of words nobody asked about, at this size) and
    ``line_px`` (the height of a label's text).
    """

    def __init__(self, plot: pg.PlotItem) -> None:
        self._plot = plot
        self.items: list[TextItem] = []
        self.shown: list[str] = []
        self.budget = LABEL_BUDGET
        self.line_px = 0.0

    def clear(self) -> None:
        """Hide every label."""
        for item in self.items:
            item.setVisible(False)
        self.shown = []

    def place(self, vb: pg.ViewBox, m, where: Callable[[str], np.ndarray] | None,
              on: bool) -> None:
        """Label the words of model ``m`` (None: none), each at ``where(word)``: with the
        layer ``on`` and words that are labels, the words asked about then frequent words;
        with words that are not labels, the selected word only."""
        self.clear()
        if m is None or not on or not m.vset.words_are_labels:
            if m is not None and m.state.selected and on:
                self.label(vb, where, [m.state.selected], selected=m.state.selected)
            return
        s = m.state
        # The words asked about come first and are always tried: the selected word, the
        # query's words, the neighbours (the result first), the compared words.
        first = [s.selected] if s.selected else []
        first += [w for _, w in m.query_terms] + [w for w, _, _ in m.neighbours]
        first += list(s.similarity_words)
        others = [w for w in m.shown_words[:400] if w not in first]
        self.label(vb, where, first, others, s.selected)

    def label(self, vb: pg.ViewBox, where: Callable[[str], np.ndarray], words: list[str],
              others: Iterable[str] = (), selected: str = "") -> None:
        """Label ``words`` (all tried) then ``others`` (frequent words, within a budget that
        shrinks with the plot's area: fewer in a small figure), each at ``where(word)``,
        ``selected`` in its own colour; only points inside ``vb``'s range."""
        (x0, x1), (y0, y1) = vb.viewRange()
        w, h = max(vb.width(), 1.0), max(vb.height(), 1.0)
        metrics = QFontMetricsF(label_font(10))
        pts, sizes, keep = [], [], []
        priority = 0
        for k, word in enumerate([*words, *others]):
            x, y = where(word)
            if not (x0 <= x <= x1 and y0 <= y <= y1) or word in keep:
                continue
            keep.append(word)
            priority += k < len(words)
            pts.append(((x - x0) / (x1 - x0) * w, (y1 - y) / (y1 - y0) * h))
            sizes.append((metrics.horizontalAdvance(word), metrics.height()))
        # A label may sit on any side of its point; its box stays inside the plot.
        budget = other_label_budget(w, h, metrics.height())
        chosen = place_labels_beside(pts, sizes, budget, bounds=(w, h), priority=priority)
        self.budget, self.line_px = budget, metrics.height()
        while len(self.items) < len(chosen):
            item = TextItem("", anchor=(0, 1), color=color(COLORS["text"]))
            item.setFont(label_font(10))
            item.setZValue(20)
            self._plot.addItem(item, ignoreBounds=True)
            self.items.append(item)
        for item, (i, side) in zip(self.items, chosen, strict=False):
            word = keep[i]
            item.setText(word)
            item.setAnchor(SIDES[side])
            item.setColor(color(COLORS["selected"] if word == selected else COLORS["text"]))
            item.setPos(*where(word))
            item.setVisible(True)
        self.shown = [keep[i] for i, _side in chosen]
