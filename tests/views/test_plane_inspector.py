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
