"""MatrixEditor: typed entries go through the safe parser; bad ones are refused visibly."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from models.plane.model import PlaneModel
from views.common.matrix_editor import MatrixEditor, cell_name
from views.plane.view import PlaneView

BAD_ENTRIES = ["1/0", "abc", "__import__('os')", "nan", "inf", "", "1e309"]


def type_into(qtbot, editor: MatrixEditor, i: int, j: int, text: str) -> None:
    """Open cell (i, j) like a double click, replace its text by typing, press Enter."""
    table = editor.table
    table.setCurrentCell(i, j)
    table.editItem(table.item(i, j))
    qtbot.waitUntil(lambda: any(e.isVisible() for e in table.findChildren(QLineEdit)))
    line = next(e for e in table.findChildren(QLineEdit) if e.isVisible())
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Backspace)
    if text:
        qtbot.keyClicks(line, text)
    qtbot.keyClick(line, Qt.Key.Key_Return)


@pytest.fixture
def editor(qtbot):
    w = MatrixEditor(2, 2)
    qtbot.addWidget(w)
    w.set_texts(["1", "0", "0", "1"])
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def plane(qtbot):
    model = PlaneModel()
    view = PlaneView(model)
    qtbot.addWidget(view)

    def apply(text, changes, key):
        try:
            model.update(**changes)
        except ValueError as err:
            view.refuse(changes, str(err))

    view.intent.connect(apply)
    view.resize(1200, 800)
    view.show()
    qtbot.waitExposed(view)
    return model, view


def test_cell_names_read_like_maths():
    assert cell_name(0, 1) == "a₁₂"
    assert cell_name(9, 1) == "a₁₀,₂"


def test_a_good_entry_is_emitted_and_shown_as_typed(qtbot, editor):
    with qtbot.waitSignal(editor.entry_edited, timeout=2000) as sig:
        type_into(qtbot, editor, 0, 1, "-sqrt(2)/2")
    assert sig.args == [0, 1, "-sqrt(2)/2"]
    assert editor.table.item(0, 1).text() == "-sqrt(2)/2"
    assert editor.texts()[1] == "-sqrt(2)/2"
    assert "\u22120.7071067812" in editor.table.item(0, 1).toolTip()
    assert editor.error_text() == ""


@pytest.mark.parametrize("bad", BAD_ENTRIES)
def test_a_bad_entry_is_refused_with_a_message_naming_the_cell(qtbot, editor, bad):
    emitted = []
    editor.entry_edited.connect(lambda *a: emitted.append(a))
    type_into(qtbot, editor, 0, 1, bad)
    qtbot.waitUntil(lambda: editor.error_text() != "")
    assert editor.error_text().startswith("a₁₂: ")
    assert editor.error.isVisible()
    assert editor.table.item(0, 1).text() == "0"  # the old text is back
    assert editor.texts() == ["1", "0", "0", "1"]
    assert emitted == []
    # The next good edit clears the message.
    type_into(qtbot, editor, 0, 1, "2")
    qtbot.waitUntil(lambda: editor.error_text() == "")
    assert not editor.error.isVisible()


def test_set_texts_and_set_shape_emit_nothing(qtbot, editor):
    emitted = []
    editor.entry_edited.connect(lambda *a: emitted.append(a))
    editor.set_texts(["3/4", "pi", "0", "1"])
    editor.set_shape(3, 2)
    assert editor.shape() == (3, 2)
    assert editor.texts() == ["3/4", "pi", "0", "1", "0", "0"]
    assert emitted == []
    assert editor.table.item(0, 0).toolTip() == "a₁₁ = 0.75"
    with pytest.raises(ValueError):
        editor.set_texts(["1"])


def test_cells_fit_a_long_entry_at_projector_size(editor):
    assert editor.table.font().pointSizeF() >= 14
    width = editor.table.fontMetrics().horizontalAdvance("-sqrt(2)/2")
    assert editor.table.columnWidth(0) > width


def test_typing_three_quarters_updates_the_model(qtbot, plane):
    model, view = plane
    type_into(qtbot, view.editor, 0, 1, "3/4")
    qtbot.waitUntil(lambda: model.state.texts[1] == "3/4")
    assert model.matrix[0, 1] == 0.75
    assert view.editor.texts() == ["1", "3/4", "0", "1"]


@pytest.mark.parametrize("bad", BAD_ENTRIES)
def test_bad_entries_never_reach_the_model(qtbot, plane, bad):
    model, view = plane
    before = model.state
    type_into(qtbot, view.editor, 1, 0, bad)
    qtbot.waitUntil(lambda: view.editor.error_text() != "")
    assert view.editor.error_text().startswith("a₂₁: ")
    assert model.state is before
    assert view.editor.table.item(1, 0).text() == "0"


def test_a_model_refusal_is_shown_beside_the_entries(qtbot, plane):
    model, view = plane
    type_into(qtbot, view.editor, 0, 0, "2e7")  # parses, but the plane refuses |a| > 1e6
    qtbot.waitUntil(lambda: view.editor.error_text() != "")
    assert view.editor.error_text().startswith("a₁₁: ")
    assert view.editor.table.item(0, 0).text() == "1"
    np.testing.assert_array_equal(model.matrix, np.eye(2))
