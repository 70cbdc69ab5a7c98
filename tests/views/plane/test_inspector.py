"""The Plane inspector: its words survive rich text (a '<' in a sentence must not eat the
rest), and its numbers are the ones the canvas draws, NumPy's, never a 0 that is not 0."""

import numpy as np
import pytest

from models.core.numfmt import format_value
from models.plane.model import PlaneModel
from views.plane.inspector import PlaneInspector
from views.plane.view import PlaneView


def _inspector_text(qtbot, texts) -> str:
    """What a PlaneInspector says about the typed matrix ``texts``."""
    model = PlaneModel()
    model.update(texts=texts)
    inspector = PlaneInspector()
    qtbot.addWidget(inspector)
    inspector.update_from(model)
    return inspector.text()


def test_negative_eigenvalue_sentence_and_following_sections_are_shown(qtbot):
    text = _inspector_text(qtbot, ("0", "1", "1", "0"))
    assert "λ₂ < 0 flips the line of v₂" in text
    # the sections after the sentence are still separate, plain text
    assert "Singular values" in text and "orthogonal" in text


def test_an_invertible_matrix_whose_inverse_overflows_is_not_called_singular(qtbot):
    text = _inspector_text(qtbot, ("1e-310", "0", "0", "1e-310"))
    assert "invertible, but A⁻¹ is too large to show" in text
    assert "not invertible" not in text


# ---- the eigenvalues drawn, labelled and listed are NumPy's ---------------------------------

NAMED = [
    # (typed A, λ as the inspector writes them, the case sentence)
    (("1", "1000", "1e-4", "1"), ["λ₁ = 1.316", "λ₂ = 0.6838"], "Two distinct real eigenvalues"),
    (("0", "1e6", "1e-6", "0"), ["λ₁ = 1", "λ₂ = −1"], "Two distinct real eigenvalues"),
    (("0", "1", "-1e-8", "0"), ["λ₁ = 0.0001i", "λ₂ = −0.0001i"], "Complex eigenvalues"),
]


@pytest.mark.parametrize(("texts", "lambdas", "sentence"), NAMED)
def test_named_matrices_are_drawn_and_listed_with_numpys_eigenvalues(
        show_lab, qtbot, texts, lambdas, sentence):
    model, view, _ = show_lab(PlaneView, PlaneModel())
    model.update(texts=texts)
    view.flush()
    a = model.matrix
    numpy_values = sorted(np.linalg.eigvals(a), key=lambda z: (-z.real, -z.imag))
    # what the model hands the canvas: one line per real eigenvalue, at NumPy's values
    g = model.geometry
    drawn = [lam for lam, _ in g.eigenlines]
    np.testing.assert_allclose(drawn, [z.real for z in numpy_values if z.imag == 0],
                               rtol=1e-12)
    np.testing.assert_allclose(g.eigenvalues, numpy_values, rtol=1e-9)
    canvas = view.canvas()
    labels = [canvas.label(f"eigenline_{k}").text for k in (1, 2) if k <= len(drawn)]
    for lam, text in zip(drawn, labels, strict=True):
        assert text == "λ=" + format_value(lam, 3).replace("-", "−"), labels
    # and the inspector lists the same numbers, with one story about them
    text = view.inspector.text()
    for words in [*lambdas, sentence]:
        assert words in text, text
    assert "defective" not in text and not model.facts.defective
    np.testing.assert_allclose(model.facts.eigenvalues, numpy_values, rtol=1e-9)


def test_tiny_eigenvalues_are_never_shown_as_zero(qtbot):
    text = _inspector_text(qtbot, ("1e-300", "0", "0", "1e-300"))
    assert "λ₁ = 1e−300" in text and "λ₂ = 1e−300" in text
    assert "det = 1e−600" in text and "rank = 2" in text and "✓ invertible" in text
