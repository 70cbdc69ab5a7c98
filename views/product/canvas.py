"""The Matrix product lab's figure: the shape rule, A·B = AB, the worked sum of the
highlighted entry and (for 2×2 matrices) the three composition pictures.

The canvas re-flows by its size, once per model or size change: the blocks get the
largest cells that fit, and what stands around them keeps to the room that is left. When
room is short the composition pictures go first, then the worked sum shortens to one
line, then it goes; the blocks keep their numbers as long as they can be read.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal

from views.common.style import PALETTE, configure_pyqtgraph, figure_style, pt, scale, text_pt
from views.product.composition import PANELS, CompositionPanel, shared_half
from views.product.items import HIGHLIGHT, ProductFigure
from views.product.label import FlexLabel
from views.product.layout import LEGIBLE_PX

__all__ = ["ProductCanvas", "sum_html", "terms_html"]

_STEPS = {Qt.Key.Key_Left: (0, -1), Qt.Key.Key_Right: (0, 1), Qt.Key.Key_Up: (-1, 0),
          Qt.Key.Key_Down: (1, 0)}
_MARGIN = 6
_SPACING = 4
_ROWS = 6  # header, blocks, sum, composition titles, pictures, note
#: How much of the worked sum is written: all three lines, one line, none.
SUM_DETAILS = ("full", "short", "none")
_SUM_LEFT_OUT = {"short": "the worked sum's middle steps (one line shown)",
                 "none": "the worked sum"}


def terms_html(terms) -> str:
    """Rich text of one entry's sum, A's factors in the row colour and B's in the column's."""
    row, col, cell = HIGHLIGHT["row"], HIGHLIGHT["col"], HIGHLIGHT["cell"]
    parts = " + ".join(f"<span style='color:{row}'>{a}</span>·<span style='color:{col}'>{b}"
                       f"</span>" for a, b in terms.factors())
    products, _, value = terms.products_text().rpartition(" = ")
    pad = "&nbsp;" * 4
    return (f"<b style='color:{cell}'>{terms.name}</b> = row {terms.i + 1} of A · "
            f"column {terms.j + 1} of B<br>{pad}= {parts}<br>{pad}{products} = "
            f"<b style='color:{cell}'>{value}</b>")


def sum_html(terms) -> str:
    """The sum on one line: ``(AB)₁₁ = 1·7 + 2·9 + 3·11 = 58``, coloured as in
    :func:`terms_html`."""
    row, col, cell = HIGHLIGHT["row"], HIGHLIGHT["col"], HIGHLIGHT["cell"]
    parts = " + ".join(f"<span style='color:{row}'>{a}</span>·<span style='color:{col}'>{b}"
                       f"</span>" for a, b in terms.factors())
    return (f"<b style='color:{cell}'>{terms.name}</b> = {parts} = "
            f"<b style='color:{cell}'>{terms.value_text()}</b>")


def _fit_label(label: pg.LabelItem, width: float) -> float:
    """Wrap ``label`` at ``width`` px when it is wider; its height (0 when empty)."""
    label.item.setTextWidth(-1)
    if label.item.boundingRect().width() > width:
        label.item.setTextWidth(max(width, 1.0))
    label.updateMin()
    return label.item.boundingRect().height() if label.text else 0.0


@dataclass(frozen=True)
class _Choice:
    composition: bool
    detail: str
    heights: tuple  # of the six rows
    spare: float  # height nothing needs (split above and below)
    plan: object  # the blocks' BlockPlan


class ProductCanvas(pg.GraphicsLayoutWidget):
    """The figure: shape rule, A·B = AB, the sum for the highlighted entry and (for 2×2
    matrices) the three composition pictures.

    Signals
    -------
    stepped(int, int)
        An arrow key asked to move the highlight by (rows, columns).

    Attributes
    ----------
    sum_detail : str
        How much of the worked sum the room allows (one of :data:`SUM_DETAILS`).
    composition_shown : bool
        Whether the composition pictures are shown (asked for, 2×2, and room for them).
    """

    stepped = Signal(int, int)

    def __init__(self, parent=None) -> None:
        configure_pyqtgraph()
        super().__init__(parent=parent)
        self.setMinimumSize(360, 300)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.ci.setContentsMargins(_MARGIN, _MARGIN, _MARGIN, _MARGIN)
        self.ci.setSpacing(_SPACING)
        self.header = FlexLabel("", justify="center")
        self.addItem(self.header, row=0, col=0, colspan=3)
        self.figure = ProductFigure()
        self.addItem(self.figure, row=1, col=0, colspan=3)
        self.terms = FlexLabel("", justify="center")
        self.addItem(self.terms, row=2, col=0, colspan=3)
        self.panels = [CompositionPanel(*spec) for spec in PANELS]
        for c, panel in enumerate(self.panels):
            self.addItem(panel.title, row=3, col=c)
            self.addItem(panel, row=4, col=c)
        self.note = FlexLabel("", justify="center")
        self.addItem(self.note, row=5, col=0, colspan=3)
        self.composition_shown = False
        self.sum_detail = "full"
        self._composition_wanted = False
        self._model = None
        self._left_out: list[str] = []
        self._header_shown = True
        self._figure = figure_style()  # a figure has no pointer: no hover, no hint about it
        if not self._figure:
            self.scene().sigMouseMoved.connect(self.figure.hover_scene)

    def left_out(self) -> list[str]:
        """The parts the canvas has no room for at its size, as phrases."""
        return list(self._left_out)

    def update_from(self, model, heat: bool, composition: bool, entry=None,
                    guides: bool = True) -> None:
        """Redraw every part from ``model``, highlighting ``entry`` of AB, and lay them out
        again."""
        self._model = model
        bad = model.message is not None
        self.header.setText(model.rule, size=pt(16), bold=True,
                            color=HIGHLIGHT["none"] if bad else PALETTE["text"])
        self.figure.update_from(model, heat)
        self.figure.highlight(entry, guides)
        comp = model.composition
        self._composition_wanted = bool(composition and comp is not None)
        if self._composition_wanted:
            half = shared_half(comp)
            for panel in self.panels:
                panel.update_from(comp, half)
            step = self.panels[0].step
            grid = "" if step == 1 else f"&nbsp;&nbsp;(grid lines every {step:g})"
            self.note.setText(comp.note + grid, size=text_pt(14), bold=True,
                              color=PALETTE["text"] if comp.commute else HIGHLIGHT["none"])
        self._reflow()

    def show_terms(self, model, entry, guides: bool) -> None:
        """Highlight ``entry`` of AB and write its sum (or why AB is not defined), as much
        of it as the room allows."""
        self.figure.highlight(entry, guides)
        self._write_terms(model, self.sum_detail)
        _fit_label(self.terms, self._inner_width())

    def show_composition(self, on: bool) -> None:
        """Show the composition pictures (when the matrices are 2×2 and there is room)."""
        self._composition_wanted = bool(on and self._model is not None
                                        and self._model.composition is not None)
        self._reflow()

    # -- text -------------------------------------------------------------------------------
    def _hint(self) -> tuple[str, str, str]:
        return ("Hover over an entry of AB, click it, or step with the arrow keys", pt(13),
                PALETTE["muted"])

    def _terms_text(self, model, detail: str, entry) -> tuple[str, str, str]:
        """(html, size, colour) of the sum line(s) at ``detail`` for ``entry``."""
        if model.message is not None:
            return model.message, text_pt(14), HIGHLIGHT["none"]
        if entry is None:
            return ("", pt(13), PALETTE["muted"]) if self._figure else self._hint()
        if detail == "none":
            return "", text_pt(15), PALETTE["text"]
        terms = model.terms[entry[0]][entry[1]]
        html = terms_html(terms) if detail == "full" else sum_html(terms)
        return html, text_pt(15), PALETTE["text"]

    def _write_terms(self, model, detail: str, entry=False) -> None:
        entry = self.figure.highlighted if entry is False else entry
        html, size, colour = self._terms_text(model, detail, entry)
        self.terms.setText(html, size=size, color=colour)

    def _widest_entry(self, model):
        """The entry of AB whose sum is longest (the one the room is measured for)."""
        if model.product is None or (self._figure and self.figure.highlighted is None):
            return self.figure.highlighted
        cells = [(i, j) for i, row in enumerate(model.terms) for j in range(len(row))]
        return max(cells, key=lambda e: len(model.terms[e[0]][e[1]].text()))

    # -- layout (once per model or size change) ---------------------------------------------
    def _inner_width(self, width: float | None = None) -> float:
        return (self.width() if width is None else width) - 2 * _MARGIN

    def _reflow(self, width: float | None = None, height: float | None = None) -> None:
        """Choose what to show at this size and fix every row's height."""
        model = self._model
        if model is None or getattr(self, "closed", False):
            return
        width = self.width() if width is None else width
        height = self.height() if height is None else height
        inner = self._inner_width(width)
        if inner < 2 or height < 2:
            return
        choice = self._choose(model, inner, height)
        self.composition_shown = choice.composition
        self.sum_detail = choice.detail
        self._write_terms(model, choice.detail)
        _fit_label(self.terms, inner)
        for panel in self.panels:
            panel.setVisible(choice.composition)
            panel.title.setVisible(choice.composition)
        self.note.setVisible(choice.composition)
        layout = self.ci.layout
        for row, h in enumerate(choice.heights):
            layout.setRowStretchFactor(row, 0)
            layout.setRowFixedHeight(row, max(h, 0.0))
        top = _MARGIN + choice.spare / 2
        self.ci.setContentsMargins(_MARGIN, top, _MARGIN, _MARGIN + choice.spare / 2)
        self._left_out = self._gone(model, choice)
        self.figure.plan = choice.plan

    def _choose(self, model, inner: float, height: float) -> _Choice:
        header_h = _fit_label(self.header, inner)
        # A shape rule that wraps into most of a tiny canvas leaves the blocks no room.
        self._header_shown = header_h <= height / 4
        self.header.setVisible(self._header_shown)
        header_h = header_h if self._header_shown else 0.0
        column = (inner - 2 * _SPACING) / 3
        titles_h = max(_fit_label(p.title, column) for p in self.panels)
        note_h = _fit_label(self.note, inner)
        sums = {}
        widest = self._widest_entry(model)
        for detail in SUM_DETAILS if model.message is None else ("full",):
            self._write_terms(model, detail, widest)
            sums[detail] = _fit_label(self.terms, inner)
        free = height - 2 * _MARGIN - (_ROWS - 1) * _SPACING - header_h
        choices = []
        for comp in ((True, False) if self._composition_wanted else (False,)):
            for detail, sum_h in sums.items():
                if comp and detail == "none":
                    continue  # the pictures never push the sum out
                rest = free - sum_h - (titles_h + note_h if comp else 0.0)
                choices.append(self._arrange(comp, detail, rest, inner, column,
                                             (header_h, sum_h, titles_h, note_h)))
        # Blocks with comfortable numbers first; the pictures stay while the numbers can be
        # read (for 2×2 matrices they are the point of the figure).
        comfort = self.figure.number_comfort()
        for least in (comfort, LEGIBLE_PX):
            for choice in choices:
                p = choice.plan
                want = LEGIBLE_PX if choice.composition else least
                if p is not None and p.numbers_px >= want and p.names_px > 0:
                    return choice
        return choices[-1]

    def _arrange(self, comp: bool, detail: str, rest: float, inner: float, column: float,
                 heights: tuple) -> _Choice:
        header_h, sum_h, titles_h, note_h = heights
        rest = max(rest, 0.0)
        least = 80 * scale()  # the smallest picture worth drawing
        best = None
        # With the pictures, the blocks take half the height, or more while the pictures
        # keep their least size and the numbers are not yet comfortable.
        for share in ((0.5, 0.6, 0.7) if comp else (1.0,)):
            box = rest * share
            plan = self.figure.plan_for(inner, box)
            figure_h = min(box, plan.size[1] + 4) if plan is not None else box
            panel_h = min(column, rest - figure_h) if comp else 0.0
            if comp and panel_h < least:
                break
            best = (plan, figure_h, panel_h)
            if plan is None or plan.numbers_px >= self.figure.number_comfort():
                break
        if best is None:  # no room for the pictures: this choice is not taken
            best = (None, 0.0, 0.0)
        plan, figure_h, panel_h = best
        rows = (header_h, figure_h, sum_h, titles_h if comp else 0.0, panel_h,
                note_h if comp else 0.0)
        return _Choice(comp, detail, rows, max(rest - figure_h - panel_h, 0.0), plan)

    def _gone(self, model, choice: _Choice) -> list[str]:
        gone = [] if self._header_shown else ["the shape rule"]
        plan = choice.plan
        if plan is not None and not plan.legible:
            gone.append("the entries of A, B and AB")
        if plan is not None and plan.names_px <= 0:
            gone.append("the names of A, B and AB")
        if model.message is None and self._widest_entry(model) is not None \
                and choice.detail != "full":
            gone.append(_SUM_LEFT_OUT[choice.detail])
        if self._composition_wanted and not choice.composition:
            gone.append("the composition pictures (B, AB and BA in the plane)")
        return gone

    # -- Qt ---------------------------------------------------------------------------------
    def resizeEvent(self, ev) -> None:  # noqa: N802 - Qt API
        # Before the base class fits the layout to the new size, so it fits the new
        # arrangement (never in a paint or a range handler).
        if getattr(self, "figure", None) is not None and not self.closed:
            self._reflow(ev.size().width(), ev.size().height())
        super().resizeEvent(ev)

    def keyPressEvent(self, ev) -> None:  # noqa: N802 - Qt API
        step = _STEPS.get(Qt.Key(ev.key()))
        if step is None:
            super().keyPressEvent(ev)
            return
        ev.accept()
        self.stepped.emit(*step)
