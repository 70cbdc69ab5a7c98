"""The Low-rank lab's figure: A, Aₖ and A − Aₖ in one colour scale; the spectrum on a log
scale with the cut at k; the cumulative energy with its 90/95/99 % marks; the numbers
(both errors computed two ways, storage); and below, the first rank-one layers σᵢuᵢvᵢᵀ —
or, for a LoRA update, W beside ΔW = B A with B and A drawn tall and wide.

Layout — which rows fit, the facts' wrap — is decided once per model or size change.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal

from views.common.items import ShrinkingLabel, TextItem, shrinkable_title
from views.common.style import color, configure_pyqtgraph, label_font, pen, pt
from views.lowrank.facts import facts_html
from views.lowrank.images import MatrixImage, colour_kind
from views.lowrank.panels import LayersRow, LoraRow

__all__ = ["LowRankCanvas", "COLORS"]

#: What each mark means, by theme colour name.
COLORS = {"sigma": "j_hat", "kept": "i_hat", "cut": "warn", "w": "muted", "energy": "i_hat",
          "mark": "muted", "text": "text"}
_FRACTIONS = (0.90, 0.95, 0.99)
_NO_LIMIT = 16777215


def _floor(s: np.ndarray) -> float:
    """The smallest σ the log plot shows: below σ₁·10⁻⁷ a float32 matrix's values are
    round-off, and plotting them would squash the spectrum that matters."""
    return max(float(s[0]) * 1e-7, 1e-30) if s.size and s[0] > 0 else 1e-30


def _plain_plot(title: str) -> pg.PlotItem:
    plot = pg.PlotItem()
    shrinkable_title(plot)
    plot.hideButtons()
    plot.setMenuEnabled(False)
    plot.setMouseEnabled(False, False)
    plot.setTitle(title, size=pt(11))
    for name in ("left", "bottom"):
        ax = plot.getAxis(name)
        ax.setTickFont(label_font(9))
        ax.setPen(pen("faint"))
        ax.setTextPen(pen("axis"))
    return plot


class LowRankCanvas(pg.GraphicsLayoutWidget):
    #: The rows were laid out again (:attr:`dropped` may have changed).
    fitted = Signal()

    """The figure of the Low-rank lab (see the module notes).

    Attributes
    ----------
    a_image, approx_image, error_image : MatrixImage
    spectrum, energy : pg.PlotItem
    dropped : list of str
        The parts the canvas has no room for.
    """

    def __init__(self, parent=None) -> None:
        configure_pyqtgraph()
        super().__init__(parent=parent)
        self.setMinimumSize(360, 300)
        self.ci.setContentsMargins(6, 6, 6, 6)
        self.a_image = MatrixImage("A", values=True)
        self.approx_image = MatrixImage("Aₖ", values=True)
        self.error_image = MatrixImage("A − Aₖ", values=True)
        for col, m in enumerate((self.a_image, self.approx_image, self.error_image)):
            self.ci.addItem(m.plot, row=0, col=col)
        self.bar = pg.ColorBarItem(values=(0, 1), width=12, interactive=False)
        self.bar.getAxis("right").setTickFont(label_font(9))
        self.ci.addItem(self.bar, row=0, col=3)
        self.spectrum = _plain_plot("singular values σᵢ")
        self.spectrum.setLogMode(y=True)
        self.sigma = pg.PlotDataItem(pen=pen(COLORS["sigma"], 2))
        self.kept = pg.PlotDataItem(pen=None, symbol="o", symbolSize=5, symbolPen=None,
                                    symbolBrush=color(COLORS["kept"]))
        self.w_sigma = pg.PlotDataItem(pen=pen(COLORS["w"], 2, Qt.PenStyle.DashLine))
        self.cut = pg.InfiniteLine(angle=90, pen=pen(COLORS["cut"], 2))
        for item in (self.w_sigma, self.sigma, self.kept, self.cut):
            self.spectrum.addItem(item)
        self.legend = TextItem("", anchor=(0, 1), color=color(COLORS["text"]))
        self.legend.setFont(label_font(9))
        self.spectrum.addItem(self.legend, ignoreBounds=True)
        # The middle row is a layout of its own: with the numbers left out, the two plots
        # take the whole width.
        self.middle = pg.GraphicsLayout()
        self.middle.addItem(self.spectrum, row=0, col=0)
        self.energy = _plain_plot("energy kept by A<sub>k</sub>")
        self.energy_curve = pg.PlotDataItem(pen=pen(COLORS["energy"], 2))
        self.energy_cut = pg.InfiniteLine(angle=90, pen=pen(COLORS["cut"], 2))
        self.energy.addItem(self.energy_curve)
        self.energy.addItem(self.energy_cut)
        self.marks = [pg.InfiniteLine(pos=f, angle=0,
                                      pen=pen(COLORS["mark"], 1, Qt.PenStyle.DashLine))
                      for f in _FRACTIONS]
        for line in self.marks:
            self.energy.addItem(line)
        # One label under the three close lines: three would overlap.
        self.marks_text = TextItem("90 · 95 · 99 %", anchor=(1, 0), color=color(COLORS["mark"]))
        self.marks_text.setFont(label_font(8))
        self.energy.addItem(self.marks_text, ignoreBounds=True)
        self.middle.addItem(self.energy, row=0, col=1)
        self.facts = ShrinkingLabel("", justify="left")
        self.middle.addItem(self.facts, row=0, col=2)
        for col, f in enumerate((3, 3, 4)):
            self.middle.layout.setColumnStretchFactor(col, f)
        self.ci.addItem(self.middle, row=1, col=0, colspan=4)
        self.layers_row = LayersRow()
        self.lora_row = LoraRow()
        self.ci.addItem(self.layers_row, row=2, col=0, colspan=4)
        self.ci.addItem(self.lora_row, row=3, col=0, colspan=4)
        layout = self.ci.layout
        for col, f in enumerate((3, 3, 3, 0)):
            layout.setColumnStretchFactor(col, f)
        for row, f in enumerate((5, 3, 2, 2)):
            layout.setRowStretchFactor(row, f)
        self._model = None
        self._drawn_source = None  # the source whose spectrum is drawn
        self._layers = {"layers": True, "numbers": True}
        self._wide = True  # full titles and legend (short ones in a narrow figure)
        self.dropped: list[str] = []

    # -- options ---------------------------------------------------------------------------
    def set_layer_visible(self, key: str, on: bool) -> None:
        """Show or hide the bottom row (``"layers"``) or the numbers (``"numbers"``)."""
        self._layers[key] = on
        self._fit_rows(self.width(), self.height())

    def layer_visible(self, key: str) -> bool:
        """Whether ``key`` is asked for (the canvas may still lack the room)."""
        return self._layers[key]

    # -- drawing ---------------------------------------------------------------------------
    def update_from(self, model) -> None:
        """Redraw from ``model`` and lay the rows out once."""
        first = self._drawn_source is not model.source
        self._drawn_source = model.source
        self._model = model
        src = model.source
        kind = colour_kind(src)
        lo, hi = src.levels
        half = (hi - lo) / 2
        err_levels = (lo, hi) if src.signed else (-half, half)
        self._titles(model)
        if first:
            self.a_image.set_matrix(src.shown, (lo, hi), kind)
        self.approx_image.set_matrix(model.approx, (lo, hi), kind)
        self.error_image.set_matrix(model.error, err_levels, "signed")
        self.bar.setColorMap(self.a_image.image.getColorMap())
        self.bar.setLevels((lo, hi))
        if first:
            self._draw_spectrum(model)
        self._draw_cut(model)
        self.facts.setText(facts_html(model))
        self.layers_row.update_from(model)
        self.lora_row.update_from(model)
        self._fit_rows(self.width(), self.height())

    def _titles(self, model) -> None:
        """The three images' titles: in full, or short where a column is narrow (a journal
        column's figure)."""
        m, n = model.facts.shape
        stride = model.source.stride
        every = f" (every {stride}th row and column)" if stride > 1 else ""
        if self._wide:
            titles = (f"A, {m} × {n}{every}", f"A<sub>k</sub>, k = {model.k}",
                      "A − A<sub>k</sub> (same scale)")
        else:
            titles = ("A", f"A<sub>k</sub>, k = {model.k}", "A − A<sub>k</sub>")
        for image, title in zip((self.a_image, self.approx_image, self.error_image), titles,
                                strict=True):
            image.set_title(title)

    def _set_legend(self, model) -> None:
        if model.source.w_values is None:
            self.legend.setText("")
        else:
            self.legend.setText("— ΔW = BA + noise\n- - W (pre-trained)" if self._wide
                                else "— ΔW\n- - W")

    def _draw_spectrum(self, model) -> None:
        s = np.asarray(model.source.dec.s, dtype=np.float64)
        tiny = _floor(s)
        i = np.arange(1, s.size + 1)
        few = s.size <= 64  # each value a dot, and whole numbers on the axes
        self.sigma.setData(i, np.maximum(s, tiny), symbol="o" if few else None, symbolSize=5,
                           symbolPen=None, symbolBrush=color(COLORS["sigma"]))
        ticks = [[(j, str(j)) for j in i]] if s.size <= 16 else None
        self.spectrum.getAxis("bottom").setTicks(ticks)
        self.energy.getAxis("bottom").setTicks(ticks)
        w = model.source.w_values
        if w is not None:
            self.w_sigma.setData(np.arange(1, w.size + 1), np.maximum(w, tiny))
        else:
            self.w_sigma.setData([], [])
        self._set_legend(model)
        self.energy_curve.setData(np.arange(1, s.size + 1), model.cumulative)
        top = float(np.log10(max(s.max(), tiny))) if s.size else 0.0
        low = float(np.log10(max(s.min(), tiny))) if s.size else -1.0
        if w is not None and w.size:
            top = max(top, float(np.log10(w.max())))
            low = min(low, float(np.log10(max(w.min(), tiny))))
        low = min(low, top - 1)
        self.spectrum.setXRange(0.5, s.size + 0.5, padding=0.02)
        self.spectrum.setYRange(low, top, padding=0.05)
        self.legend.setPos(1, low)  # bottom left: both spectra fall to the right
        self.energy.setYRange(0.0, 1.0, padding=0.03)

    def _draw_cut(self, model) -> None:
        s = np.asarray(model.source.dec.s, dtype=np.float64)
        k = model.k
        tiny = _floor(s)
        r99 = model.facts.ranks_for.get(0.99) or s.size
        right = min(s.size, max(2 * k, int(1.5 * r99), 10))
        self.energy.setXRange(0.5, right + 0.5, padding=0.02)
        self.marks_text.setPos(right + 0.5, 0.90)
        self.kept.setData(np.arange(1, k + 1), np.maximum(s[:k], tiny))
        self.cut.setPos(k + 0.5)
        self.energy_cut.setPos(k)

    # -- layout ----------------------------------------------------------------------------
    def _fit_rows(self, w: float, h: float) -> None:
        """Decide which rows a canvas of ``w`` × ``h`` has room for: the layers (or the
        LoRA panel) need a tall canvas, the facts a wide one."""
        lora = self._model is not None and self._model.lora is not None
        third_fits, facts_fits = h >= 560, w >= 600 and h >= 330
        wide = w >= 720
        if wide != self._wide:
            self._wide = wide
            if self._model is not None:
                self._titles(self._model)
                self._set_legend(self._model)
        third = third_fits and self._layers["layers"]
        facts = facts_fits and self._layers["numbers"]
        self.dropped = [name for name, shown, asked in (
            ("the LoRA panel (W, B, A)" if lora else "the rank-one layers σᵢuᵢvᵢᵀ", third,
             self._layers["layers"]),
            ("the numbers (errors, storage)", facts, self._layers["numbers"]))
            if asked and not shown]
        self.layers_row.setVisible(third and not lora)
        self.lora_row.setVisible(third and lora)
        self.ci.layout.setRowStretchFactor(2, 2 if third and not lora else 0)
        self.ci.layout.setRowStretchFactor(3, 2 if third and lora else 0)
        for item, on in ((self.layers_row, third and not lora), (self.lora_row, third and lora),
                         (self.facts, facts)):
            item.setMaximumHeight(_NO_LIMIT if on else 0)
            if not on:
                item.setMinimumHeight(0)
        self.facts.setVisible(facts)
        self.middle.layout.setColumnStretchFactor(2, 4 if facts else 0)
        self.facts.setMaximumWidth(_NO_LIMIT if facts else 0)
        # Three equal columns for A, Aₖ and A − Aₖ (the colour bar keeps its own).
        third = max(40.0, (w - 90) / 3)
        for col in range(3):
            self.ci.layout.setColumnFixedWidth(col, third)
        wrap = max(160, int(w * 0.36) - 16)
        if facts and wrap != self.facts.item.textWidth():
            self.facts.item.setTextWidth(wrap)
        self.fitted.emit()

    @property
    def facts_dropped(self) -> bool:
        """Whether the numbers are left out for want of room."""
        return not self.facts.isVisible() and self._model is not None

    def resizeEvent(self, ev) -> None:  # noqa: N802 - Qt API
        if getattr(self, "_model", None) is not None and not self.closed:
            self._fit_rows(ev.size().width(), ev.size().height())
        super().resizeEvent(ev)
