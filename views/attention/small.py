"""Small mode of the Attention lab: the pipeline of a typed sentence as linked heatmaps.

Q Kᵀ → ÷√d_k → mask → softmax → ·V, each labelled with the tokens; hovering a cell
outlines the same (query, key) cell everywhere and describes it; clicking a cell of
the mask heatmap hides or shows that key for that query. The controls turn edits
into intents; nothing here computes attention (the model derives every stage).
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import Signal
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QWidget

from models.attention.small import REASONS
from views.attention.arrange import Arrangement, Part, arrange
from views.attention.geometry import GeometryPanel
from views.common.heatmap import Heatmap, symmetric_levels
from views.common.style import figure_style, label_font, pt

__all__ = ["SmallCanvas"]

_STAGES = ("scores", "scaled", "masked", "weights", "out")
_SQUARE = ("scores", "scaled", "masked", "weights")
_TITLES = {"scores": "Q Kᵀ", "scaled": "Q Kᵀ / √d<sub>k</sub>", "masked": "masked (click)",
           "weights": "weights = softmax", "out": "output = weights · V"}
#: How :meth:`SmallCanvas.left_out` names a part the canvas has no room for.
_PHRASES = {"scores": "the Q Kᵀ heatmap", "scaled": "the Q Kᵀ / √d_k heatmap",
            "masked": "the masked heatmap", "weights": "the weights heatmap",
            "out": "the output (weights · V) heatmap"}
#: Which parts stay longest when room is short (lower stays longer).
_PRIORITY = {"weights": 0, "out": 1, "masked": 2, "scores": 3, "scaled": 4, "extra": 5}
_MARGIN = 6
_SPACING = 8


class SmallCanvas(pg.GraphicsLayoutWidget):
    """The exported figure of small mode.

    Signals
    -------
    info(str)
        Description of the hovered cell ("" when the pointer leaves).
    mask_clicked(int, int)
        A cell of the mask heatmap was clicked (query, key).
    head_clicked(int)
        A head's thumbnail was clicked.
    """

    info = Signal(str)
    mask_clicked = Signal(int, int)
    head_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Every Heatmap is a child of this canvas: their signals hold closures over the
        # canvas, so a Heatmap that outlived it would keep the whole closed view alive.
        self.ci.setContentsMargins(_MARGIN, _MARGIN, _MARGIN, _MARGIN)
        self.ci.setSpacing(_SPACING)
        self.title = self.ci.addLabel("", row=0, col=0, colspan=3, size=pt(14))
        self._figure = figure_style()  # built for a figure: no interaction hints
        self._title_px = math.ceil(QFontMetricsF(label_font(14)).height() + 6)
        self.ci.layout.setRowFixedHeight(0, self._title_px)
        self._titles = dict(_TITLES)
        if self._figure:  # a figure has nothing to click: the hint stays in the window
            self._titles["masked"] = "masked"
        self.maps = {name: Heatmap(self._titles[name], signed=name != "weights",
                                   square=name != "out", parent=self) for name in _STAGES}
        for name in _STAGES:
            self.maps[name].hovered.connect(lambda i, j, n=name: self.hover(n, i, j))
        self.maps["masked"].clicked.connect(self.mask_clicked)
        self.extra = pg.GraphicsLayout()
        self.extra.setContentsMargins(0, 0, 0, 0)
        for item in [*(hm.plot for hm in self.maps.values()), self.extra]:
            self._adopt(item)
        # The last cell's pictures are built when first shown: most sentences need one of
        # them, and each plot costs milliseconds to build.
        self._geometry: GeometryPanel | None = None
        self.heads: list[Heatmap] = []
        self._x_map: Heatmap | None = None
        self._extra_items: list = []
        self._extra_phrase = "the per-head panel"
        self._model = None
        self._laid_out: tuple = ()
        self.arrangement: Arrangement | None = None
        self.show_row_sums = True
        self.selected_query = 0

    @property
    def columns(self) -> int:
        """How many columns the parts of the figure stand in (chosen by the canvas size)."""
        return self.arrangement.columns if self.arrangement is not None else 3

    def left_out(self) -> list[str]:
        """The parts left out because the canvas is too small for them, as phrases."""
        return list(self.arrangement.left_out) if self.arrangement is not None else []

    # -- layout (once per size or data change) ----------------------------------------------
    def resizeEvent(self, ev) -> None:  # noqa: N802 - Qt API
        # Before the base class fits the layout to the new size, so it fits the new
        # arrangement (never in a paint or a range handler).
        if getattr(self, "maps", None) is not None and not self.closed:
            self._reflow(ev.size().width(), ev.size().height())
        super().resizeEvent(ev)

    def _parts(self) -> list[Part]:
        d = self._model.small
        n = d.n
        parts = [Part(name, _PHRASES[name], *self.maps[name].shape,
                      self.maps[name].overhead, _PRIORITY[name], self.maps[name].min_width())
                 for name in _STAGES]
        parts.append(Part("extra", self._extra_phrase, n, n,
                          lambda _px, _cp: (12.0, self._title_px + 6.0), _PRIORITY["extra"]))
        return parts

    def _reflow(self, width: int | None = None, height: int | None = None) -> None:
        """Choose the arrangement for this size and lay every part out at one cell size."""
        if self._model is None:
            return
        width = self.width() if width is None else width
        height = self.height() if height is None else height
        inner_w = width - 2 * _MARGIN - 2
        inner_h = height - 2 * _MARGIN - self._title_px - _SPACING - 2
        arr = arrange(self._parts(), inner_w, inner_h, _SPACING)
        self.arrangement = arr
        grid = (arr.columns, tuple(p.name for p in arr.parts))
        if grid != self._laid_out:
            self._regrid(grid)
        for part in arr.parts:
            if part.name == "extra":
                self._size_extra(*part.size(arr.px))
            else:
                self.maps[part.name].set_cell_px(arr.px, part.col_px(arr.px))
        for name, hm in self.maps.items():
            note = hm.note()
            hm.set_title(self._titles[name] + (f" ({note})" if note else ""))
        self._fit_title(inner_w)

    def _regrid(self, grid) -> None:
        columns, names = grid
        for item in self._gridded():
            self.ci.removeItem(item)
            self._adopt(item)
        self._laid_out = grid
        self.ci.addItem(self.title, row=0, col=0, colspan=columns)
        self.title.show()
        for k, name in enumerate(names):
            item = self.extra if name == "extra" else self.maps[name].plot
            self.ci.addItem(item, row=1 + k // columns, col=k % columns)
            item.show()

    def _gridded(self) -> list:
        return [item for item in list(self.ci.items) if item is not None]

    def _size_extra(self, w: float, h: float) -> None:
        """Fit the last cell's pictures into ``w`` × ``h``."""
        self.extra.setMaximumSize(w, h)
        self.extra.setMinimumSize(w, h)
        items = self._extra_items
        if self._x_map is not None and items == [self._x_map.plot]:
            hm = self._x_map
            r, c = hm.shape
            ow, oh = hm.overhead(8, 8)
            px = max(1.0, min((h - oh) / r, (w - ow) / c))
            hm.set_cell_px(px, px)
        elif self._geometry is not None and items == [self._geometry.plot]:
            self._geometry.plot.setMaximumSize(w, h)
        elif items:
            n = self._model.small.n
            cols = min(2, len(items))
            rows = -(-len(items) // cols)
            thumb_title = self.heads[0]._title_px
            px = max(1.0, min((w - 10 * cols) / (cols * n),
                              (h - rows * (thumb_title + 8)) / (rows * n)))
            for hm in self.heads[:len(items)]:
                hm.set_cell_px(px, px)

    def _fit_title(self, width: float) -> None:
        """Shorten the figure's title to the width (the formula first, then smaller)."""
        text = self._title_text
        fm = QFontMetricsF(label_font(14))
        plain = text.replace("<sub>", "").replace("</sub>", "")
        if fm.horizontalAdvance(plain) > width and " — " in text:
            text = text.split(" — ", 1)[1]
        self.title.setText(text)

    @property
    def geometry(self) -> GeometryPanel:
        """The d_k = 2 picture (built on first use)."""
        if self._geometry is None:
            self._geometry = GeometryPanel()
            self._adopt(self._geometry.plot)
        return self._geometry

    @property
    def x_map(self) -> Heatmap:
        """The heatmap of the embeddings X (built on first use)."""
        if self._x_map is None:
            self._x_map = Heatmap("X (embeddings)", signed=True, square=False, parent=self)
            self._x_map.show_cell_text = False
            self._adopt(self._x_map.plot)
        return self._x_map

    def _head_maps(self, count: int) -> list[Heatmap]:
        """The first ``count`` head thumbnails, building the missing ones."""
        while len(self.heads) < count:
            h = len(self.heads)
            hm = Heatmap(f"head {h + 1}", signed=False, colorbar=False, parent=self)
            hm.show_cell_text = False
            hm.plot.hideAxis("top")
            hm.plot.hideAxis("left")
            hm.hovered.connect(lambda i, j, h=h: self.hover("head", i, j, h))
            hm.clicked.connect(lambda _i, _j, h=h: self.head_clicked.emit(h))
            self._adopt(hm.plot)
            self.heads.append(hm)
        return self.heads[:count]

    # -- model -> picture ------------------------------------------------------------------
    def show_model(self, model) -> None:
        """Draw every stage of the model's current head."""
        self._model = model
        d, s = model.small, model.state
        h, toks = s.head, d.tokens
        hidden = d.reasons != 0
        m = self.maps
        m["scores"].set_data(d.scores[h], symmetric_levels(d.scores[h]), toks, toks)
        lv = symmetric_levels(d.scaled[h])
        m["scaled"].set_data(d.scaled[h], lv, toks, toks)
        m["masked"].set_data(d.masked[h], lv, toks, toks, hidden=hidden)
        notes = [f"Σ={v:.2f}" for v in d.row_sums[h]] if self.show_row_sums else None
        m["weights"].set_data(d.weights[h], (0.0, 1.0), toks, toks, hidden=hidden,
                              notes=notes)
        feats = [str(c + 1) for c in range(d.d_k)]
        m["out"].set_data(d.out[h], symmetric_levels(d.out[h]), toks, feats)
        self._titles["scaled"] = f"Q Kᵀ / √{d.d_k}"
        self._arrange_extra(d.d_k == 2, d.heads)
        for k, hm in enumerate(self._head_maps(d.heads) if d.heads > 1 else []):
            hm.set_data(d.weights[k], (0.0, 1.0), [""] * d.n, [""] * d.n, hidden=hidden)
            pick = "▶ " if k == h and not self._figure else ""  # the title names the head
            hm.set_title(pick + f"head {k + 1}", 11)
        if d.d_k == 2:
            self.geometry.show(d.q[h], d.k[h], d.scores[h], toks, self.selected_query)
        if self._x_map is not None and self._extra_items == [self._x_map.plot]:
            self.x_map.set_data(d.x, symmetric_levels(d.x), toks,
                                [str(c + 1) for c in range(d.x.shape[1])])
        bits = [f"head {h + 1} of {d.heads}", f"d<sub>k</sub> = {d.d_k}",
                f"T = {s.temperature:.3g}"]
        if s.causal:
            bits.append("causal")
        if s.padding:
            bits.append(f"{s.padding} pad")
        if s.masked:
            bits.append(f"{len(s.masked)} masked by hand")
        self._title_text = "softmax(Q Kᵀ / √d<sub>k</sub>) V — " + " · ".join(bits)
        self._reflow()

    def _arrange_extra(self, geometry: bool, heads: int) -> None:
        """Fill the last cell: the d_k = 2 picture, head thumbnails, or X."""
        if geometry:
            want = [self.geometry.plot]  # the picture needs the whole cell to stay legible
        elif heads > 1:
            want = [hm.plot for hm in self._head_maps(heads)]
        else:
            want = [self.x_map.plot]
        self._extra_phrase = ("the d_k = 2 picture of q and k" if geometry
                              else "the per-head panel" if heads > 1
                              else "the embeddings X heatmap")
        if want == self._extra_items:
            return
        for item in self._extra_items:
            self.extra.removeItem(item)
            self._adopt(item)
        for k, item in enumerate(want):
            self.extra.addItem(item, row=k // 2, col=k % 2)
            item.show()
        self._extra_items = want

    def _adopt(self, plot) -> None:
        """Keep a plot that is not laid out in this canvas's scene, hidden.

        A plot outside every scene belongs to Python alone. When it becomes garbage, the
        collector may empty its children's attributes before Qt, tearing the plot down,
        asks them for their size: an AttributeError inside Qt. In the scene, Qt deletes it
        with the canvas, while every Python wrapper is still whole.
        """
        if plot.scene() is None:
            self.scene().addItem(plot)
        plot.hide()

    # -- hover linking -----------------------------------------------------------------------
    def hover(self, source: str, i: int, j: int, head: int | None = None) -> str:
        """Outline cell (i, j) in every heatmap and describe it; returns the description."""
        model = self._model
        if model is None or i < 0:
            for hm in (*self.maps.values(), *self.heads):
                hm.mark_cell(-1, -1)
            self.info.emit("")
            return ""
        d, h = model.small, model.state.head if head is None else head
        toks = d.tokens
        if source == "out":
            for name in _SQUARE:
                self.maps[name].mark_cell(i, -1, whole_row=True)
            self.maps["out"].mark_cell(i, j)
            text = (f"output of {toks[i]!r} (row {i + 1}), feature {j + 1}: "
                    f"{d.out[h][i, j]:+.4f} = Σ over keys of weight × V")
        else:
            for name in _SQUARE:
                self.maps[name].mark_cell(i, j)
            self.maps["out"].mark_cell(i, -1, whole_row=True)
            reason = REASONS[int(d.reasons[i, j])]
            text = (f"query {toks[i]!r} (row {i + 1}) → key {toks[j]!r} (column {j + 1}), "
                    f"head {h + 1}: QKᵀ = {d.scores[h][i, j]:+.3f}, "
                    f"÷√{d.d_k} = {d.scaled[h][i, j]:+.3f}, ")
            text += (f"hidden ({reason}), weight = 0" if reason
                     else f"weight = {d.weights[h][i, j]:.4f}")
        for hm in self.heads[:d.heads]:
            hm.mark_cell(i, j if source != "out" else -1, whole_row=source == "out")
        self.selected_query = i
        if d.d_k == 2:
            self.geometry.show(d.q[h], d.k[h], d.scores[h], toks, i,
                               j if source != "out" else -1)
        self.info.emit(text)
        return text

    def set_cell_text(self, on: bool) -> None:
        """Write values inside small heatmaps (on) or not."""
        for name in _STAGES:
            self.maps[name].show_cell_text = on
