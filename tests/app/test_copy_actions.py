"""Edit → Copy matrix as LaTeX / NumPy / Markdown table, and Copy figure: what lands on the
clipboard for each lab."""

from __future__ import annotations

import ast

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication

from app.copy_actions import COPY_ACTIONS, copyable, matrices_text
from models.core.expr import parse_matrix
from tests.models.core.test_matrix_text import latex_to_entries


def _clipboard() -> str:
    return QApplication.clipboard().text()


def _numpy(text: str):
    assert text.startswith("np.array(") and text.endswith(")")
    return ast.literal_eval(text[len("np.array("):-1])  # a literal, never evaluated code


def _type_plane(window, entries) -> None:
    for (i, j), text in entries.items():
        window.view.intent.emit("Edit", {"entry": (i, j, text)}, None)


def test_plane_copies_a_as_typed(window):
    _type_plane(window, {(0, 0): "3/4", (0, 1): "sqrt(2)/2", (1, 0): "-1/2", (1, 1): "pi/4"})
    a = window.document().model.state.matrix
    window.actions["edit.copy_latex"].trigger()
    assert _clipboard() == ("\\begin{bmatrix} \\frac{3}{4} & \\frac{\\sqrt{2}}{2} \\\\ "
                            "-\\frac{1}{2} & \\frac{\\pi}{4} \\end{bmatrix}")
    _rows, values = parse_matrix(latex_to_entries(_clipboard()))
    np.testing.assert_allclose(values, a, rtol=1e-12)
    window.actions["edit.copy_numpy"].trigger()
    assert _numpy(_clipboard()) == a.tolist()
    window.actions["edit.copy_markdown"].trigger()
    lines = _clipboard().splitlines()
    assert lines[0] == "| A | 1 | 2 |"
    assert lines[2:] == ["| 1 | 3/4 | sqrt(2)/2 |", "| 2 | -1/2 | pi/4 |"]
    assert "Copied A" in window.statusBar().currentMessage()


def test_a_dragged_value_is_copied_exactly(window):
    window.view.intent.emit("Drag Aî", {"column": (0, [0.1 + 0.2, 1 / 3])}, None)
    a = window.document().model.state.matrix
    window.actions["edit.copy_numpy"].trigger()
    assert _numpy(_clipboard()) == a.tolist()
    window.actions["edit.copy_latex"].trigger()
    _rows, values = parse_matrix(latex_to_entries(_clipboard()))
    np.testing.assert_allclose(values, a, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("lab", ["svd", "norms", "space"])
def test_labs_of_one_matrix_copy_a(window, lab):
    window.switch_lab(lab)
    assert all(window.actions[n].isEnabled() for n in COPY_ACTIONS)
    window.actions["edit.copy_numpy"].trigger()
    assert _numpy(_clipboard()) == window.document().model.state.matrix.tolist()


def test_product_copies_a_b_and_ab_named(window):
    window.switch_lab("product")
    window.apply_preset("product-2x3-3x2")
    model = window.document().model
    window.actions["edit.copy_numpy"].trigger()
    lines = _clipboard().splitlines()
    assert [line.split(" = ")[0] for line in lines] == ["A", "B", "AB"]
    got = [_numpy(line.split(" = ", 1)[1]) for line in lines]
    assert got == [model.state.a.tolist(), model.state.b.tolist(), model.product.tolist()]
    window.actions["edit.copy_latex"].trigger()
    for line, want in zip(_clipboard().splitlines(), (model.state.a, model.state.b,
                                                       model.product), strict=True):
        _rows, values = parse_matrix(latex_to_entries(line.split(" = ", 1)[1]))
        np.testing.assert_allclose(values, want, rtol=1e-12, atol=1e-12)


def test_product_without_ab_copies_a_and_b(window):
    window.switch_lab("product")
    window.apply_preset("product-mismatch")
    assert [m.name for m in window.matrices_to_copy()] == ["A", "B"]


def test_projection_copies_a_and_b_as_columns(window):
    window.switch_lab("projection")
    window.view.intent.emit("Move a", {"a": [2.0, 1.0]}, None)
    s = window.document().model.state
    window.actions["edit.copy_numpy"].trigger()
    assert _numpy(_clipboard()) == [[s.a[0], s.b[0]], [s.a[1], s.b[1]]]
    window.actions["edit.copy_markdown"].trigger()
    assert _clipboard().splitlines()[0] == "| [a b] | a | b |"


def test_attention_copies_weights_in_small_mode_and_nothing_in_large(window):
    window.switch_lab("attention")
    model = window.document().model
    window.actions["edit.copy_markdown"].trigger()
    lines = _clipboard().splitlines()
    tokens = model.small.tokens
    assert len(lines) == 2 + len(tokens)
    assert lines[0].split("|")[2].strip() == tokens[0]
    window.actions["edit.copy_numpy"].trigger()
    assert _numpy(_clipboard()) == model.small.weights[model.state.head].tolist()

    window.view.intent.emit("Switch mode", {"mode": "large"}, None)
    assert not any(window.actions[n].isEnabled() for n in COPY_ACTIONS)
    QApplication.clipboard().setText("before")
    assert window.copy_matrix("latex") is None
    assert _clipboard() == "before"
    assert "no matrix" in window.statusBar().currentMessage()
    window.undo()
    assert all(window.actions[n].isEnabled() for n in COPY_ACTIONS)


def test_copy_figure_puts_an_image_of_the_canvas_size_on_the_clipboard(window):
    window.apply_preset("symmetric")
    port = window.view.canvas().viewport()
    QApplication.clipboard().clear()
    window.actions["edit.copy_figure"].trigger()
    image = QApplication.clipboard().image()
    assert not image.isNull()
    assert (image.width(), image.height()) == (port.width(), port.height())
    # Not a blank image: the figure is drawn on it.
    colours = {image.pixel(x, image.height() // 2) for x in range(0, image.width(), 7)}
    assert len(colours) > 2


def test_several_matrices_are_named_and_unknown_formats_refused():
    class Model:
        class state:  # noqa: N801 - a stand-in for a frozen state
            matrix = np.eye(2)
            texts = ("1", "0", "0", "1")

    matrices = copyable("plane", Model) * 2
    assert matrices_text(matrices, "latex").splitlines()[1].startswith("A = \\begin")
    assert copyable("no-such-lab", Model) == []
    with pytest.raises(ValueError):
        matrices_text(matrices, "html")
