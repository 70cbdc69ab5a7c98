"""The Projection lab's view: type or drag two vectors a and b and watch the dot product
as a shadow: a·b, |a||b| cos θ, cosine similarity, θ, the projection p of b onto a's line,
the residual b − p ⟂ a, and the projection matrix P = aaᵀ/aᵀa with P² = P.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from views.common.lab_view import LabView, Toggle
from views.common.matrix_editor import MatrixEditor
from views.common.numbers import MINUS, num, true_minus
from views.common.style import PALETTE, text_pt
from views.projection.items import COLORS, SIGN_COLORS, ProjectionCanvas

__all__ = ["ProjectionView", "readout_html"]

_KIND_TEXT = {
    "acute": "acute: a·b &gt; 0, shadow along a",
    "right": "right angle: a·b = 0, no shadow",
    "obtuse": "obtuse: a·b &lt; 0, shadow behind a",
    "zero": "no angle: a zero vector has no direction",
}


def _dot(facts) -> str:
    # a·b is exact in the model: written from its sign and magnitude, so a product that
    # under- or overflows a double is still shown truly, never as 0 or inf.
    return true_minus(facts.dot_text())


def _bracketed(x: float) -> str:
    text = num(x, 4)
    return f"({text})" if text.startswith(MINUS) else text


def expansion(a, b) -> str:
    """``3·2 + 1·(−2)``: a·b written out term by term."""
    return " + ".join(f"{_bracketed(x)}·{_bracketed(y)}" for x, y in zip(a, b, strict=True))


def _vec(v) -> str:
    return f"({num(v[0], 4)}, {num(v[1], 4)})"


def _matrix(m) -> str:
    """A 2×2 matrix as a small table between bracket glyphs (Qt rich text draws no borders)."""
    rows = []
    for i, row in enumerate(m):
        left, right = ("⎡", "⎤") if i == 0 else ("⎣", "⎦")
        cells = "".join(f"<td align='right' style='padding: 0px 6px'>{num(x, 4)}</td>" for x in row)
        rows.append(f"<tr><td>{left}</td>{cells}<td>{right}</td></tr>")
    return f"<table cellspacing='0'>{''.join(rows)}</table>"


def readout_html(model, detail: int = 3) -> str:
    """The numbers of the current state as rich text (beside the plot, and in figures).

    ``detail`` 3 is everything; 2 leaves out P²; 1 also P; 0 keeps a·b, the angle and the
    kind of angle (a small figure shows what fits, most important first).
    """
    s, f = model.state, model.facts
    sign = SIGN_COLORS[f.kind]
    lines = [
        f"<span style='font-size: {text_pt(15)}'><b>a·b</b> = {expansion(s.a, s.b)} = "
        f"<b style='color: {sign}'>{_dot(f)}</b></span>",
        f"|a| |b| cos θ = {num(f.norm_a, 4)} × {num(f.norm_b, 4)} × "
        f"{'—' if f.cos is None else _bracketed(f.cos)} = {_dot(f)}",
    ]
    if f.cos is not None:
        lines.append(f"cos θ = cosine similarity = <b>{num(f.cos, 4)}</b>")
        lines.append(f"θ = <b>{f.angle_deg:.2f}°</b>")
    lines.append(f"<span style='color: {sign}'><b>{_KIND_TEXT[f.kind]}</b></span>")
    if detail <= 0:
        return "<br>".join(lines)
    if model.message is not None:
        lines.append(f"<span style='color: {SIGN_COLORS['obtuse']}'>{model.message}</span>")
    else:
        lines.append(f"<span style='color: {sign}'>p = (a·b / a·a) a = "
                     f"{num(model.coefficient, 4)} a = {_vec(model.projection)}</span>")
        lines.append(f"<span style='color: {COLORS['residual']}'>b − p = "
                     f"{_vec(model.residual)} ⟂ a</span>")
    check = "✓" if model.idempotent else "✗"
    head = "P = 0, the projection onto {0}" if model.message else "P = aaᵀ / aᵀa ="
    if detail >= 2:
        lines.append("<br>" + head + _matrix(model.matrix))
    if detail >= 3:
        lines.append("P² =" + _matrix(model.matrix_squared)
                     + f"<b>P² = P {check}</b> (projecting twice changes nothing)")
    return "<br>".join(lines)


class ProjectionView(LabView):
    """View of a :class:`models.projection.model.ProjectionModel`.

    Signals (from :class:`LabView`)
    -------------------------------
    intent(str, dict, object)
        ``("Edit a1", {"entry": ("a", 0, "3/4")}, None)`` for a typed component,
        ``("Drag b", {"b": [x, y]}, merge_key)`` for each move of a drag.
    """

    TOGGLES = (
        Toggle("grid", "Grid"),
        Toggle("line", "Line through a"),
        Toggle("projection", "Shadow p and residual b − p"),
        Toggle("angle", "Angle θ"),
        Toggle("apply_p", "Apply P to the plane", False),
    )

    def __init__(self, model, parent: QWidget | None = None) -> None:
        super().__init__(model, parent)
        self._canvas = ProjectionCanvas(self)
        self.editors = {name: MatrixEditor(2, 1, name, f"{name} =", self) for name in "ab"}
        self._build_layout()
        for name, editor in self.editors.items():
            editor.entry_edited.connect(lambda i, _j, text, n=name: self.intent.emit(
                f"Edit {n}{i + 1}", {"entry": (n, i, text)}, None))
        self._canvas.vector_dragged.connect(self._on_dragged)
        # The one connection to the model, dropped with the view.
        self._connect_model(self._on_model_changed)
        self._apply_options()
        self._show(model)

    def _build_layout(self) -> None:
        left = self._side_column()
        for editor in self.editors.values():
            left.addWidget(editor)
        left.addWidget(self._build_toggle_box())
        left.addWidget(self._hint("Drag the tips of a and b.\nTips snap to half units and to\n"
                                  "right angles; hold Shift for none."))
        left.addStretch(1)
        self._lay_out_row(left, self._canvas)

    # -- LabView API -------------------------------------------------------------------------
    def canvas(self) -> ProjectionCanvas:
        """The figure: the plot with the readout beside it."""
        return self._canvas

    def refit(self) -> None:
        """Fit the plot to a and b again (after pan/zoom)."""
        self._canvas.fit_view()

    def left_out(self) -> list[str]:
        """What the canvas has no room for: the end of the readout when it runs past the
        canvas's bottom, the plot when it is squeezed to nothing."""
        c = self._canvas
        gone = []
        if c.plot.vb.width() < 40 or c.plot.vb.height() < 40:
            gone.append("the plot of a and b")
        if c.readout_detail < 3:
            gone.append({2: "P² in the readout", 1: "P and P² in the readout",
                         0: "p, b − p, P and P² in the readout"}[c.readout_detail])
        return gone

    def refuse(self, changes: dict, message: str) -> None:
        """Put a refused typed component back and say why next to it."""
        if "entry" in changes:
            name, i, _ = changes["entry"]
            editor = self.editors.get(name)
            if editor is not None:
                editor.set_texts(getattr(self.model.state, f"{name}_texts"))
                editor.show_error(message)
                return
        self.status.emit(message)

    def _apply_options(self) -> None:
        self._sync_layers(self._canvas)
        self._sync_toggle_boxes()

    # -- model → view ------------------------------------------------------------------------
    def _on_model_changed(self, model) -> None:
        self.redraw_count += 1
        had_message = self._canvas.readout.text and "spans no line" in self._canvas.readout.text
        self._show(model)
        if model.message is not None and not had_message:
            self.status.emit(model.message)

    def _show(self, model) -> None:
        for name, editor in self.editors.items():
            texts = list(getattr(model.state, f"{name}_texts"))
            if texts != editor.texts():
                editor.set_texts(texts)
                editor.clear_error()
        self._canvas.update_from(model)
        self._canvas.set_readout([readout_html(model, d) for d in (3, 2, 1, 0)],
                                 size=text_pt(13), color=PALETTE["text"])

    # -- gestures → intents ------------------------------------------------------------------
    def _on_dragged(self, name: str, x: float, y: float, merge_key) -> None:
        self.intent.emit(f"Drag {name}", {name: [x, y]}, merge_key)
