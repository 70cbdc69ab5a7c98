"""The Norms lab's view: the unit balls of L1, L2, L∞ and Lp, a draggable x with its norms,
and A's induced norms as the farthest point of each ball's image.

A and x are shared with the Plane lab; p is model state too (an undoable intent, one
slider drag = one undo step).
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSlider,
    QWidget,
)

from models.core.expr import EntryError, parse_entry
from models.plane.norm_balls import norms_picture, with_x
from views.common.lab_view import Toggle
from views.common.matrix_editor import MatrixEditor
from views.common.matrix_lab import MatrixLabView
from views.common.numbers import num
from views.common.style import PALETTE, ui_font
from views.norms.items import NORM_COLORS, NormsCanvas, sub_p

__all__ = ["NormsView", "P_VALUES", "p_index"]


_CURVE_POINTS = 481  # per curve: smooth at full-screen size, quick to paint


def _steps(lo: float, hi: float, step: float) -> list[float]:
    n = round((hi - lo) / step)
    return [round(lo + k * step, 4) for k in range(n)]


#: The slider's positions: fine steps where the ball changes fast, then ∞ at the end.
P_VALUES: tuple[float, ...] = tuple(
    _steps(0.5, 2.0, 0.05) + _steps(2.0, 4.0, 0.1) + _steps(4.0, 10.0, 0.25) + [10.0, math.inf])


def p_index(p: float) -> int:
    """The slider position that shows ``p`` (the nearest one, on a log scale)."""
    if math.isinf(p):
        return len(P_VALUES) - 1
    finite = np.log(np.array(P_VALUES[:-1]))
    return int(np.argmin(np.abs(finite - math.log(p))))


def _parse_p(text: str) -> float:
    t = text.strip().lower()
    if t in ("inf", "∞", "infinity", "max"):
        return math.inf
    return parse_entry(t)


class NormsView(MatrixLabView):
    """View of a :class:`models.plane.model.PlaneModel` through norms and unit balls.

    Signals (from :class:`LabView`)
    -------------------------------
    intent(str, dict, object)
        ``("Edit a12", {"entry": (0, 1, "3/4")}, None)``, ``("Move x", {"x": [x, y]}, key)``,
        ``("Set p", {"p": 3.0}, key)`` (all moves of one slider drag share ``key``).
    """

    TOGGLES = (
        Toggle("grid", "Grid"),
        Toggle("l1", "L1 ball (diamond)"),
        Toggle("l2", "L2 ball (circle)"),
        Toggle("linf", "L∞ ball (square)"),
        Toggle("lp", "Lp ball"),
        Toggle("probe", "Vector x"),
        Toggle("images", "Images under A, ‖A‖ marked"),
        Toggle("reach", "Radius-‖A‖ balls (touch the images)", default=False),
    )

    def __init__(self, model, parent: QWidget | None = None) -> None:
        super().__init__(model, parent)
        self._state = None
        self._pic_key = None
        self._pic = None
        self._p_drag = 0
        self.editor = MatrixEditor(2, 2, "a", "A =", self)
        self._canvas = NormsCanvas(self)
        self.p_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.p_slider.setRange(0, len(P_VALUES) - 1)
        self.p_slider.setToolTip("p from 0.5 to 10; the last position is p = ∞")
        self.p_edit = QLineEdit(self)
        self.p_edit.setToolTip("Type p: a number > 0, or inf")
        self.p_edit.setMaximumWidth(80)
        self.p_label = QLabel(self)
        self.p_error = QLabel(self)
        self.p_error.setStyleSheet(f"color: {PALETTE['error']}; font-weight: bold;")
        self.p_error.setWordWrap(True)
        self.facts_label = QLabel(self)
        self._build_layout()
        self.p_slider.valueChanged.connect(self._on_slider)
        self.p_slider.sliderReleased.connect(self._end_p_drag)
        self.p_edit.editingFinished.connect(self._on_p_typed)
        self._wire_matrix_lab()

    def _build_layout(self) -> None:
        left = self._side_column()
        left.addWidget(self.editor)
        pbox = QGroupBox("Exponent p", self)
        pbox.setFont(ui_font(12))
        grid = QGridLayout(pbox)
        grid.addWidget(self.p_label, 0, 0)
        grid.addWidget(self.p_edit, 0, 1)
        grid.addWidget(self.p_slider, 1, 0, 1, 2)
        grid.addWidget(self.p_error, 2, 0, 1, 2)
        left.addWidget(pbox)
        left.addWidget(self._build_toggle_box())
        self.facts_label.setFont(ui_font(12))
        self.facts_label.setWordWrap(True)
        self.facts_label.setMaximumWidth(340)
        left.addWidget(self.facts_label)
        left.addWidget(self._hint("Drag x. Hold Shift for no snapping."))
        left.addStretch(1)
        self._lay_out_row(left, self._canvas)

    # -- LabView API -------------------------------------------------------------------------
    def canvas(self) -> NormsCanvas:
        """The figure (a pyqtgraph PlotWidget)."""
        return self._canvas

    def refit(self) -> None:
        """Fit the view range to the content again."""
        self._canvas.fit_view()

    def refuse(self, changes: dict, message: str) -> None:
        """Show a refusal beside what was edited; the model keeps its old value."""
        if "p" in changes and "entry" not in changes:
            self._show_p(self.model.state.p)
            self.p_error.setText(message)
        else:
            super().refuse(changes, message)

    def _apply_options(self) -> None:
        self._sync_toggle_boxes()
        self._sync_layers(self._canvas)
        if self._pic is not None:
            self._draw()  # the corner note lists what is shown

    # -- model → view ------------------------------------------------------------------------
    def _on_model_changed(self, model) -> None:
        if model.state is self._state:
            return  # the Plane lab's animation clock: nothing drawn here changed
        self.redraw_count += 1
        self._show(model)

    def _show(self, model) -> None:
        st = self._state = model.state
        if list(st.texts) != self.editor.texts():
            self.editor.set_texts(st.texts)
        self._show_p(st.p)
        key = (st.matrix.tobytes(), st.p)
        if key == self._pic_key:  # only x moved: keep A's balls and images
            pic = with_x(self._pic, st.matrix, st.x)
        else:
            pic = norms_picture(st.matrix, st.x, st.p, n_points=_CURVE_POINTS)
            self.facts_label.setText(self._facts_html(pic))
        self._pic, self._pic_key = pic, key
        self._draw()

    def _draw(self) -> None:
        st = self._state
        self._canvas.update_from(self._pic, st.x, st.x_on_circle, self._notes(self._pic, st.x))

    def _show_p(self, p: float) -> None:
        self.p_error.setText("")
        text = num(p, 4)
        self.p_label.setText(f"p = {text}")
        if self.p_edit.text() != text and not self.p_edit.hasFocus():
            self.p_edit.setText(text)
        idx = p_index(p)
        if self.p_slider.value() != idx:
            blocked = self.p_slider.blockSignals(True)
            self.p_slider.setValue(idx)
            self.p_slider.blockSignals(blocked)

    def _notes(self, pic, x) -> list[str]:
        n = pic.x_norms
        ps = sub_p(pic.p)
        gap = "&nbsp;&nbsp;&nbsp;"
        which = (("l1", "₁", n["l1"]), ("l2", "₂", n["l2"]), ("inf", "∞", n["inf"]))
        if self.option("lp"):
            which += (("p", ps, n["p"]),)
        parts = [f"<span style='color:{NORM_COLORS[k]}'>‖x‖{s} = {num(v)}</span>"
                 for k, s, v in which]
        lines = [f"x = ({num(x[0])}, {num(x[1])}):{gap}" + gap.join(parts)]
        if self.option("images"):
            m = pic.matrix_norms
            lines.append(f"A:{gap}" + gap.join(
                f"<span style='color:{NORM_COLORS[k]}'>‖A‖{s} = {num(m[k])}</span>"
                for k, s in (("l1", "₁"), ("l2", "₂"), ("inf", "∞")))
                + f"{gap}‖A‖<sub>F</sub> = {num(m['fro'])}")
            dotted = ", thin: radius ‖A‖" if self.option("reach") else ""
            muted = PALETTE["muted"]
            lines.append(f"<span style='color:{muted}'>solid: ‖x‖ = 1, dashed: its image "
                         f"under A{dotted}; dot: farthest image point</span>")
        if not pic.convex:
            lines.append(f"<span style='color:{PALETTE['error']}'><b>p &lt; 1: not a norm</b> "
                         "(the ball is not convex)</span>")
        return lines

    def _facts_html(self, pic) -> str:
        m, p = pic.matrix_norms, pic.p
        ps = sub_p(p)
        rows = [
            "<b>Induced norms</b> ‖A‖ = max ‖Ax‖ over ‖x‖ = 1:",
            f"‖A‖₁ = {num(m['l1'], 4)}  (largest column sum of |aᵢⱼ|)",
            f"‖A‖₂ = {num(m['l2'], 4)}  (σ₁, the longest semi-axis)",
            f"‖A‖∞ = {num(m['inf'], 4)}  (largest row sum of |aᵢⱼ|)",
            f"‖A‖<sub>F</sub> = {num(m['fro'], 4)}  (√Σ aᵢⱼ², not induced)",
        ]
        if p not in (1.0, 2.0) and not math.isinf(p):
            word = f"‖A‖{ps}" if pic.convex else f"max ‖Ax‖{ps}"
            rows.append(f"{word} = {num(pic.induced['p'].norm, 4)}  (p = {num(p, 4)})")
        return "<br>".join(rows)

    # -- gestures → intents ------------------------------------------------------------------
    def _on_slider(self, idx: int) -> None:
        # One drag of the slider is one undo step; a key press or click is its own step.
        key = ("norms-p", self._p_drag) if self.p_slider.isSliderDown() else None
        self.intent.emit("Set p", {"p": P_VALUES[idx]}, key)

    def _end_p_drag(self) -> None:
        self._p_drag += 1

    def _on_p_typed(self) -> None:
        text = self.p_edit.text()
        try:
            p = _parse_p(text)
        except EntryError as err:
            self.p_error.setText(f"p: {err}")
            return
        if not p > 0:
            self.p_error.setText("p must be positive (inf for the max norm)")
            return
        if p != self.model.state.p:
            self.intent.emit("Set p", {"p": p}, None)
