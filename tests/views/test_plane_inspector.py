"""The inspector's words survive rich text: a '<' in a sentence must not eat the rest."""

from models.plane import PlaneModel
from views.plane_inspector import PlaneInspector


def test_negative_eigenvalue_sentence_and_following_sections_are_shown(qtbot):
    model = PlaneModel()
    model.update(texts=("0", "1", "1", "0"))
    inspector = PlaneInspector()
    qtbot.addWidget(inspector)
    inspector.update_from(model)
    text = inspector.text()
    assert "λ₂ < 0 flips the line of v₂" in text
    # the sections after the sentence are still separate, plain text
    assert "Singular values" in text and "orthogonal" in text


def test_an_invertible_matrix_whose_inverse_overflows_is_not_called_singular(qtbot):
    model = PlaneModel()
    model.update(texts=("1e-310", "0", "0", "1e-310"))
    inspector = PlaneInspector()
    qtbot.addWidget(inspector)
    inspector.update_from(model)
    text = inspector.text()
    assert "invertible, but A⁻¹ is too large to show" in text
    assert "not invertible" not in text
