"""The Plane lab's inspector: every fact about A in words and numbers.

It reads :attr:`PlaneModel.facts` and the model's geometry; it computes nothing itself.
"""

from __future__ import annotations

import html
import math

import numpy as np
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from views.common.numbers import num, true_minus
from views.common.style import PALETTE, ui_font

__all__ = ["PlaneInspector", "eigen_sentence"]

_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _det(f) -> str:
    """det A, never shown as 0 when it is not (1e−600 does not fit a double)."""
    return true_minus(html.escape(f.det_text(4)))


def _z(z: complex) -> str:
    """A complex number as a ± bi (real numbers plainly). Only an exact 0 part is left out:
    the model stores round-off of 0 as 0, so nothing else is hidden here."""
    a, b = float(np.real(z)), float(np.imag(z))
    if b == 0:
        return num(a, 4)
    bi = num(abs(b), 4)
    bi = ("" if bi == "1" else bi) + "i"
    if a == 0:
        return ("−" if b < 0 else "") + bi
    return f"{num(a, 4)} {'−' if b < 0 else '+'} {bi}"


def _vec(v) -> str:
    return "(" + ", ".join(_z(c) for c in v) + ")"


def _matrix_html(m: np.ndarray) -> str:
    rows = []
    for i, (left, right) in enumerate((("⎡", "⎤"), ("⎣", "⎦"))):
        cells = "".join(f"<td align='right' style='padding: 0 6px'>{num(m[i, j], 4)}</td>"
                        for j in range(m.shape[1]))
        rows.append(f"<tr><td>{left}</td>{cells}<td>{right}</td></tr>")
    return "<table cellspacing='0'>" + "".join(rows) + "</table>"


def _rows(rows) -> str:
    """Two aligned columns of short facts (a table keeps them from wrapping mid-fact)."""
    body = "".join(f"<tr><td style='padding-right:14px'>{a}</td><td>{b}</td></tr>"
                   for a, b in rows)
    return f"<table cellspacing='0'>{body}</table>"


def eigen_sentence(g) -> str:
    """A sentence explaining the eigen case of geometry ``g`` for a learner."""
    case = g.eigen_case
    if case == "distinct":
        (l1, _), (l2, _) = g.eigenlines
        text = (f"Two distinct real eigenvalues λ₁ = {num(l1, 4)} and λ₂ = {num(l2, 4)}: "
                "vectors on the lines of v₁ and v₂ stay on their own lines, scaled by λ₁ "
                "and λ₂.")
        for k, lam in ((1, l1), (2, l2)):
            sub = "₁" if k == 1 else "₂"
            if lam == 0:
                text += f" λ{sub} = 0 squashes the line of v{sub} onto the origin."
            elif lam < 0:
                text += f" λ{sub} < 0 flips the line of v{sub} through the origin."
        return text
    lam = num(float(np.real(g.eigenvalues[0])), 4)
    if case == "repeated":
        return (f"Repeated eigenvalue λ = {lam} with two independent eigenvectors: every "
                f"direction is an eigenvector (A = {lam}·I scales the whole plane).")
    if case == "defective":
        return (f"Repeated eigenvalue λ = {lam} but only one eigen-direction: defective. "
                "A cannot be diagonalised; it shears along that line.")
    theta = math.degrees(g.rotation_angle)
    return (f"Complex eigenvalues λ = r e^(±iθ): no real eigen-direction. In a suitable basis "
            f"A is a rotation by θ = {theta:.1f}° and a scale by r = |λ| = "
            f"{num(g.rotation_scale, 4)}.")


class PlaneInspector(QWidget):
    """Read-only panel of MatrixFacts and eigen geometry for the Plane lab.

    Call :meth:`update_from` with the model after each change; :meth:`text` returns
    the plain text shown.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.browser = QTextBrowser(self)
        self.browser.setFont(ui_font(13))
        self.browser.setOpenLinks(False)
        self.browser.setReadOnly(True)
        self.browser.document().setDocumentMargin(10)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)
        self._facts = None

    def text(self) -> str:
        """The plain text shown (what tests and screen readers read)."""
        return self.browser.toPlainText()

    def update_from(self, model) -> None:
        """Show the facts of ``model.matrix``; does nothing when they did not change."""
        facts = model.facts
        if facts is self._facts:
            return  # an animation frame: A (and so every fact) is unchanged
        self._facts = facts
        # The inspector describes A itself, whatever time the canvas shows.
        self.browser.setHtml(self._html(facts, model.geometry))

    def _html(self, f, g) -> str:
        head = f"style='color:{PALETTE['j_hat']}; margin-top:10px; margin-bottom:2px'"
        s, nm = f.singular_values, f.norms
        flags = [("invertible", f.invertible), ("symmetric", f.symmetric),
                 ("orthogonal", f.orthogonal)]
        lam = "<br>".join(f"λ{str(k + 1).translate(_SUB)} = {_z(z)}"
                          for k, z in enumerate(f.eigenvalues))
        out = [
            f"<h3 {head}>Matrix A</h3>",
            _rows([(f"det = <b>{_det(f)}</b>", f"trace = {num(f.trace, 4)}"),
                   (f"rank = {f.rank}", "")]),
            f"<h3 {head}>Eigenvalues</h3>", lam,
            f"<br><i>eigenvectors</i><br>{self._eigenvectors(f, g)}",
            f"<p style='color:{PALETTE['eigen']}; margin-top:4px'>"
            f"{html.escape(eigen_sentence(g))}</p>",
            f"<h3 {head}>Singular values</h3>",
            _rows([(f"σ₁ = {num(s[0], 4)}", f"σ₂ = {num(s[1], 4)}")]),
            f"condition number<br>κ = σ₁/σ₂ = {num(f.condition_number, 4)}",
            f"<h3 {head}>Norms</h3>",
            _rows([(f"‖A‖₁ = {num(nm['l1'], 4)}", f"‖A‖₂ = {num(nm['l2'], 4)}"),
                   (f"‖A‖∞ = {num(nm['inf'], 4)}",
                    f"‖A‖<sub>F</sub> = {num(nm['fro'], 4)}")]),
            f"<h3 {head}>Properties</h3>",
            "<br>".join(f"{'✓' if on else '✗'} {'' if on else 'not '}{name}"
                        for name, on in flags),
            f"<h3 {head}>Inverse</h3>",
            self._inverse(f),
        ]
        return "".join(out)

    @staticmethod
    def _inverse(f) -> str:
        if f.inverse is not None:
            return "A⁻¹ =" + _matrix_html(f.inverse)
        if f.invertible:
            # analyze leaves the inverse out when an entry of A⁻¹ overflows a double.
            return html.escape("invertible, but A⁻¹ is too large to show "
                               "(its entries overflow a double)")
        return "not invertible (det = 0)"

    @staticmethod
    def _eigenvectors(f, g) -> str:
        if g.eigen_case == "repeated":
            return "every non-zero vector"
        if g.eigen_case == "complex":
            v = f.eigenvectors
            return "<br>".join(f"v{str(k + 1).translate(_SUB)} = {_vec(v[:, k])}"
                               for k in range(v.shape[1]))
        return "<br>".join(f"v{str(k + 1).translate(_SUB)} = {_vec(v)}"
                           for k, (_, v) in enumerate(g.eigenlines))
