"""The d_k = 2 picture of attention: queries and keys are arrows, scores are dot products.

The selected query is drawn thick; every key is drawn with its score q·k beside it,
so a person sees that keys pointing the same way as the query score high. The key
under the pointer also shows the query's projection onto it (the dot product is
|k| times that projection's signed length).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from models.attention.small import project_onto
from views.common.axis_room import fix_axis_height, fix_value_axis
from views.common.figure import MAX_HALF
from views.common.items import Arrow
from views.common.labels import Label, place_labels
from views.common.style import pen, pt

__all__ = ["GeometryPanel"]

_QUERY = "i_hat"  # vermillion: the query
_KEY = "j_hat"  # blue: keys
_KEY_HOT = "hover"  # green: the key under the pointer
_MAX_KEYS = 16  # more arrows than this stop being readable


class GeometryPanel:
    """A PlotItem with the selected query and the keys of one head as arrows.

    The numbers shown are read from the model's derived scores; nothing is computed here
    except where to put them.
    """

    def __init__(self) -> None:
        self.plot = pg.PlotItem(enableMenu=False)  # no menus built only to be thrown away
        self.plot.setTitle("score = q · k  (d<sub>k</sub> = 2)", size=pt(13))
        self.plot.setAspectLocked(True)
        self.plot.hideButtons()
        self.plot.setMouseEnabled(False, False)
        self.plot.showGrid(x=True, y=True, alpha=0.45)  # still seen on a projector
        # Axes of fixed room (set per drawing in show): sized by their own labels, they
        # would resize the locked-aspect plot, change its range and so their labels again.
        fix_axis_height(self.plot.getAxis("bottom"))
        fix_value_axis(self.plot.getAxis("left"), -1.0, 1.0)
        vb = self.plot.vb
        self.plot.addItem(pg.InfiniteLine(pos=0, angle=0, pen=pen("axis", 2)))
        self.plot.addItem(pg.InfiniteLine(pos=0, angle=90, pen=pen("axis", 2)))
        self.proj = pg.PlotDataItem(pen=pen(_KEY_HOT, 2, Qt.PenStyle.DashLine))
        self.plot.addItem(self.proj)
        self.keys = [Arrow(vb, _KEY, 2.0, z=5) for _ in range(_MAX_KEYS)]
        self.key_labels = [Label(vb, _KEY, size=11) for _ in range(_MAX_KEYS)]
        self.query = Arrow(vb, _QUERY, 3.5, z=8, head_scale=1.2)
        self.query_label = Label(vb, _QUERY, size=12, bold=True)
        self.selected = (0, -1)
        self._data = None
        self._half = None
        # Placing labels moves text items only: it never changes the plot's size or range.
        vb.sigResized.connect(self._place)

    def show(self, q, k, scores, tokens, query: int, key: int = -1) -> None:
        """Draw query ``query`` of ``q`` (n, 2) against the keys ``k`` (n, 2).

        Parameters
        ----------
        scores : ndarray (n, n)
            Q Kᵀ of this head (the model's numbers).
        tokens : sequence of str
        query, key : int
            Selected query row and hovered key (-1 for none).
        """
        q, k = np.asarray(q), np.asarray(k)
        query = min(max(query, 0), len(tokens) - 1)
        self.selected = (query, key)
        self._data = (q, k)
        groups = _groups(k)[:_MAX_KEYS]
        for g, (arrow, lab) in enumerate(zip(self.keys, self.key_labels, strict=True)):
            on = g < len(groups)
            arrow.setVisible(on)
            lab.setVisible(on)
            if not on:
                continue
            members = groups[g]
            j = members[0]
            hot = key in members
            col = _KEY_HOT if hot else _KEY
            arrow.set_style(col, 3.0 if hot else 2.0)
            arrow.set((0, 0), k[j])
            times = f" ×{len(members)}" if len(members) > 1 else ""
            lab.set_text(f"{tokens[j]}{times}  {scores[query, j]:+.2f}", col=col)
            lab.set_point(*k[j])
        self.query.set((0, 0), q[query])
        self.query_label.set_text(f"query: {tokens[query]}")
        self.query_label.set_point(*q[query])
        self._show_projection(q[query], k[key] if 0 <= key < len(k) else None)
        pts = np.vstack([q[query:query + 1], k, np.zeros((1, 2))])
        r = float(np.max(np.abs(pts))) * 1.3 or 1.0
        r = r if r <= MAX_HALF else MAX_HALF  # a finite, drawable range (inf, NaN too)
        if r != self._half:
            self._half = r
            self.plot.setRange(xRange=(-r, r), yRange=(-r, r), padding=0)
            fix_value_axis(self.plot.getAxis("left"), -r, r)
        self._place()

    def _show_projection(self, qv, kv) -> None:
        """Dashed drop from the query's tip to the hovered key's line (its projection)."""
        if kv is None:
            self.proj.setData([], [])
            return
        foot = project_onto(qv, kv)
        self.proj.setData([qv[0], foot[0]], [qv[1], foot[1]])

    def _place(self, *_args) -> None:
        if self._data is None:
            return
        px = self.plot.vb.viewPixelSize()[0]
        for arrow in (*self.keys, self.query):
            arrow.refresh(px)
        labels = [self.query_label] + [lab for lab in self.key_labels if lab.isVisible()]
        shafts = [(a.tail, a.tip) for a in (self.query, *self.keys) if a.isVisible()]
        place_labels(labels, self.plot.vb, segments=shafts)


def _groups(k) -> list[list[int]]:
    """Indices of equal key vectors (a repeated word has one key): one arrow each."""
    seen: dict[tuple, list[int]] = {}
    for j, row in enumerate(np.asarray(k)):
        seen.setdefault(tuple(np.round(row, 12)), []).append(j)
    return list(seen.values())
