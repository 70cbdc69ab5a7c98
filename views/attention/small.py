"""Small mode of the Attention lab: the pipeline of a typed sentence as linked heatmaps.

Q Kᵀ → ÷√d_k → mask → softmax → ·V, each labelled with the tokens; hovering a cell
outlines the same (query, key) cell everywhere and describes it; clicking a cell of
the mask heatmap hides or shows that key for that query. The controls turn edits
into intents; nothing here computes attention (the model derives every stage).
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from models.attention.small import REASONS
from views.attention.geometry import GeometryPanel
from views.common.heatmap import Heatmap, symmetric_levels
from views.common.style import figure_style, pt

__all__ = ["SmallCanvas", "SmallControls"]

_STAGES = ("scores", "scaled", "masked", "weights", "out")
_SQUARE = ("scores", "scaled", "masked", "weights")


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
        self.title = self.ci.addLabel("", row=0, col=0, colspan=3, size=pt(14))
        self._figure = figure_style()  # built for a figure: no interaction hints
        self.maps = {
            "scores": Heatmap("Q Kᵀ", signed=True, parent=self),
            "scaled": Heatmap("Q Kᵀ / √d<sub>k</sub>", signed=True, parent=self),
            # A figure has nothing to click: the hint stays in the window.
            "masked": Heatmap("masked" if self._figure else "masked (click)", signed=True,
                              parent=self),
            "weights": Heatmap("weights = softmax", signed=False, parent=self),
            "out": Heatmap("output = weights · V", signed=True, square=False,
                           parent=self),
        }
        for k, name in enumerate(_STAGES):
            self.ci.addItem(self.maps[name].plot, row=1 + k // 3, col=k % 3)
            self.maps[name].hovered.connect(lambda i, j, n=name: self.hover(n, i, j))
        self.maps["masked"].clicked.connect(self.mask_clicked)
        self.extra = self.ci.addLayout(row=2, col=2)
        # The last cell's pictures are built when first shown: most sentences need one of
        # them, and each plot costs milliseconds to build.
        self._geometry: GeometryPanel | None = None
        self.heads: list[Heatmap] = []
        self._x_map: Heatmap | None = None
        self._extra_items: list = []
        self._model = None
        self.show_row_sums = True
        self.selected_query = 0

    @property
    def columns(self) -> int:
        """How many columns the stage heatmaps stand in: 3, or 2 where the width is short."""
        return getattr(self, "_columns", 3)

    def set_columns(self, n: int) -> None:
        """Lay the five stages and the last cell out in ``n`` columns (3 or 2): two columns
        and three rows fit a 1024 px projector beside the presets, with nothing to scroll."""
        if n == self.columns:
            return
        self._columns = n
        cells = [self.maps[name].plot for name in _STAGES] + [self.extra]
        for item in [self.title, *cells]:
            self.ci.removeItem(item)
        self.ci.addItem(self.title, row=0, col=0, colspan=n)
        for k, item in enumerate(cells):
            self.ci.addItem(item, row=1 + k // n, col=k % n)

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
        m["scaled"].plot.setTitle(f"Q Kᵀ / √{d.d_k}", size=pt(13))
        self._arrange_extra(d.d_k == 2, d.heads)
        for k, hm in enumerate(self._head_maps(d.heads) if d.heads > 1 else []):
            hm.set_data(d.weights[k], (0.0, 1.0), [""] * d.n, [""] * d.n, hidden=hidden)
            pick = "▶ " if k == h and not self._figure else ""  # the title names the head
            hm.plot.setTitle(pick + f"head {k + 1}", size=pt(11))
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
        self.title.setText("softmax(Q Kᵀ / √d<sub>k</sub>) V — " + " · ".join(bits))

    def _arrange_extra(self, geometry: bool, heads: int) -> None:
        """Fill the last cell: the d_k = 2 picture, head thumbnails, or X."""
        if geometry:
            want = [self.geometry.plot]  # the picture needs the whole cell to stay legible
        elif heads > 1:
            want = [hm.plot for hm in self._head_maps(heads)]
        else:
            want = [self.x_map.plot]
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


def spin_box(lo: int, hi: int, tip: str) -> QSpinBox:
    """An integer box for the attention controls: range, tooltip, one edit per value typed."""
    s = QSpinBox()
    s.setRange(lo, hi)
    s.setKeyboardTracking(False)  # typing "12" is one edit, not "1" then "12"
    s.setToolTip(tip)
    return s


class SmallControls(QWidget):
    """Sentence, sizes, seed, heads, causal, padding and the custom mask.

    Signals
    -------
    edit(str, dict, object)
        An intent for the lab model.
    """

    edit = Signal(str, dict, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.sentence = QLineEdit()
        self.sentence.setToolTip("Tokens are the words, split on spaces (1 to 64)")
        self.seed = spin_box(0, 2**31 - 1, "Seed of the random embeddings and weights")
        self.d_model = spin_box(1, 512, "Embedding size d_model")
        self.d_k = spin_box(1, 256, "Query/key size per head; 2 shows the geometry")
        self.heads = spin_box(1, 4, "Number of attention heads")
        self.head = QComboBox()
        self.causal = QCheckBox("Causal (no looking ahead)")
        self.padding = spin_box(0, 63, "Pad tokens appended and hidden as keys")
        self.clear = QPushButton("Clear hand-made mask")
        form.addRow("Sentence", self.sentence)
        form.addRow("Seed", self.seed)
        form.addRow("d_model", self.d_model)
        form.addRow("d_k", self.d_k)
        form.addRow("Heads", self.heads)
        form.addRow("Show head", self.head)
        form.addRow(self.causal)
        form.addRow("Padding", self.padding)
        form.addRow(self.clear)
        self.sentence.editingFinished.connect(self._sentence)
        for name in ("seed", "d_model", "d_k", "heads", "padding"):
            getattr(self, name).valueChanged.connect(
                lambda v, n=name: self.edit.emit(f"Set {n}", {n: int(v)}, None))
        self.head.currentIndexChanged.connect(
            lambda k: self.edit.emit("Show head", {"head": int(k)}, None))
        self.causal.toggled.connect(
            lambda on: self.edit.emit("Causal mask", {"causal": bool(on)}, None))
        self.clear.clicked.connect(
            lambda: self.edit.emit("Clear hand-made mask", {"masked": []}, None))
        self._sentence_shown = ""

    def _sentence(self) -> None:
        text = self.sentence.text()
        if " ".join(text.split()) != self._sentence_shown:
            self.edit.emit("Edit sentence", {"sentence": text}, None)

    def show_state(self, s) -> None:
        """Put the model's values in the widgets without emitting edits."""
        widgets = (self.sentence, self.seed, self.d_model, self.d_k, self.heads, self.head,
                   self.causal, self.padding, self.clear)
        for w in widgets:
            w.blockSignals(True)
        try:
            self._sentence_shown = s.sentence
            self.sentence.setText(s.sentence)
            for name in ("seed", "d_model", "d_k", "heads", "padding"):
                getattr(self, name).setValue(int(getattr(s, name)))
            if self.head.count() != s.heads:
                self.head.clear()
                self.head.addItems([f"head {k + 1}" for k in range(s.heads)])
            self.head.setCurrentIndex(s.head)
            self.causal.setChecked(s.causal)
            self.clear.setEnabled(bool(s.masked))
        finally:
            for w in widgets:
                w.blockSignals(False)

