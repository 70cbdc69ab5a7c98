"""A matrix as LaTeX, NumPy and Markdown text: typed entries kept where simple, every other
entry its exact value; LaTeX and NumPy read back as the same matrix."""

from __future__ import annotations

import ast
import math
import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from models.core.expr import parse_entry, parse_matrix
from models.core.matrix_text import (
    entry_latex,
    entry_plain,
    to_latex,
    to_markdown,
    to_numpy,
    value_text,
)


# -- a test-side reader of the LaTeX written (the app never reads LaTeX) ------------------------
def _group(text: str, i: int) -> tuple[str, int]:
    """The brace group opening at ``text[i]`` and the index after it."""
    assert text[i] == "{", text[i:]
    depth = 0
    for k in range(i, len(text)):
        depth += {"{": 1, "}": -1}.get(text[k], 0)
        if depth == 0:
            return text[i + 1:k], k + 1
    raise AssertionError(f"unbalanced braces in {text!r}")


def _entry_from_latex(tex: str) -> str:
    """One LaTeX entry back in the entry syntax: \\frac, \\sqrt, \\pi, \\tau, \\times 10^{k}."""
    out, i = "", 0
    while i < len(tex):
        if tex.startswith("\\frac", i):
            num, i = _group(tex, i + 5)
            den, i = _group(tex, i)
            out += f" ({_entry_from_latex(num)})/({_entry_from_latex(den)}) "
        elif tex.startswith("\\sqrt", i):
            arg, i = _group(tex, i + 5)
            out += f" sqrt({_entry_from_latex(arg)}) "
        elif tex.startswith("\\times", i):
            out += "*"
            i += 6
        elif tex.startswith("\\pi", i) or tex.startswith("\\tau", i):
            name = "pi" if tex.startswith("\\pi", i) else "tau"
            out += f" {name} "
            i += len(name) + 1
        elif tex[i] == "^":
            power, i = _group(tex, i + 1)
            out += f"^({_entry_from_latex(power)})"
        else:
            assert tex[i] not in "\\{}", f"unread LaTeX in {tex!r}"
            out += tex[i]
            i += 1
    return out


def latex_to_entries(tex: str) -> str:
    """A bmatrix written by :func:`to_latex` as ``[[a, b], [c, d]]`` in the entry syntax."""
    m = re.fullmatch(r"\\begin\{bmatrix\} (.*) \\end\{bmatrix\}", tex, re.S)
    assert m, tex
    rows = [[_entry_from_latex(c.strip()) for c in row.split("&")]
            for row in m.group(1).split("\\\\")]
    return "[" + ", ".join("[" + ", ".join(r) + "]" for r in rows) + "]"


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)


# -- entries -----------------------------------------------------------------------------------
@pytest.mark.parametrize(("typed", "latex", "plain"), [
    ("3/4", "\\frac{3}{4}", "3/4"),
    ("sqrt(2)/2", "\\frac{\\sqrt{2}}{2}", "sqrt(2)/2"),
    ("√2/2", "\\frac{\\sqrt{2}}{2}", "sqrt(2)/2"),
    ("−√2/2", "-\\frac{\\sqrt{2}}{2}", "-sqrt(2)/2"),
    ("-1/2", "-\\frac{1}{2}", "-1/2"),
    ("pi/4", "\\frac{\\pi}{4}", "pi/4"),
    ("π", "\\pi", "pi"),
    ("2pi", "2\\pi", "2*pi"),
    ("3*sqrt(2)", "3\\sqrt{2}", "3*sqrt(2)"),
    ("1/(2pi)", "\\frac{1}{2\\pi}", "1/(2*pi)"),
    ("2", "2", "2"),
    ("0.5", "0.5", "0.5"),
    (".5", "0.5", "0.5"),
    ("+3", "3", "3"),
])
def test_simple_entries_keep_what_was_typed(typed, latex, plain):
    value = parse_entry(typed)
    assert entry_latex(typed, value) == latex
    assert entry_plain(typed, value) == plain
    assert _close(parse_entry(plain), value)


@pytest.mark.parametrize("typed", ["cos(pi/6)", "2^0.5", "2/3pi", "1e-3", "sqrt(2+1)",
                                   "abs(-2)", "2*3"])
def test_other_entries_are_written_as_their_exact_value(typed):
    value = parse_entry(typed)
    assert entry_plain(typed, value) == value_text(value)
    assert float(entry_plain(typed, value)) == value


def test_a_text_that_is_not_the_value_is_not_trusted():
    assert entry_latex("1/2", 0.75) == "0.75"
    assert entry_latex("t", 0.3) == "0.3"  # a preset's variable, unknown here
    assert entry_latex(None, -0.25) == "-0.25"


def test_values_are_exact_and_plain_ascii():
    assert value_text(2.0) == "2"
    assert value_text(-0.0) == "0"
    assert value_text(-1.5) == "-1.5"
    assert value_text(math.sqrt(2) / 2) == "0.7071067811865476"
    assert entry_latex(None, 1.5e-5) == "1.5 \\times 10^{-5}"
    assert "−" not in to_latex(None, [[-1.0, -2.5]]) + to_numpy([[-1.0]])


def test_the_latex_of_the_brief():
    assert to_latex([["2", "1"], ["1", "2"]], [[2, 1], [1, 2]]) == (
        "\\begin{bmatrix} 2 & 1 \\\\ 1 & 2 \\end{bmatrix}")


# -- round trips ------------------------------------------------------------------------------
_SMALL = st.integers(1, 12)
_ENTRY = st.one_of(
    st.integers(-50, 50).map(str),
    st.tuples(st.integers(-20, 20), _SMALL).map(lambda t: f"{t[0]}/{t[1]}"),
    st.tuples(st.sampled_from(["", "-", "−"]), _SMALL, _SMALL).map(
        lambda t: f"{t[0]}sqrt({t[1]})/{t[2]}"),
    st.tuples(st.sampled_from(["", "-"]), _SMALL).map(lambda t: f"{t[0]}√{t[1]}"),
    st.tuples(_SMALL, _SMALL).map(lambda t: f"{t[0]}pi/{t[1]}"),
    st.sampled_from(["pi", "-π/3", "tau", "e", "1/(2pi)", "3*sqrt(5)", "cos(pi/6)", "2^0.5",
                     "0.1", ".25", "1e-7", "-2.5e3", "ln(2)"]),
    st.floats(-1e6, 1e6, allow_nan=False).map(value_text),
)


@st.composite
def _typed_matrix(draw):
    rows, cols = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    texts = [[draw(_ENTRY) for _ in range(cols)] for _ in range(rows)]
    return texts, [[parse_entry(t) for t in row] for row in texts]


@given(_typed_matrix())
@example(([["3/4", "sqrt(2)/2"], ["-1/2", "pi/4"]],
          [[0.75, math.sqrt(2) / 2], [-0.5, math.pi / 4]]))
def test_latex_reads_back_as_the_same_matrix(matrix):
    texts, values = matrix
    _rows, got = parse_matrix(latex_to_entries(to_latex(texts, values)))
    assert all(_close(a, b) for ra, rb in zip(got, values, strict=True)
               for a, b in zip(ra, rb, strict=True))


@given(st.lists(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=3, max_size=3),
                min_size=1, max_size=4))
def test_latex_of_derived_values_reads_back(values):
    _rows, got = parse_matrix(latex_to_entries(to_latex(None, values)))
    assert all(_close(a, b) for ra, rb in zip(got, values, strict=True)
               for a, b in zip(ra, rb, strict=True))


def _read_numpy(text: str):
    assert text.startswith("np.array(") and text.endswith(")")
    return ast.literal_eval(text[len("np.array("):-1])  # a literal, never evaluated code


@given(st.lists(st.lists(st.floats(allow_nan=False, allow_infinity=False), min_size=2,
                         max_size=2), min_size=1, max_size=5))
def test_numpy_reads_back_exactly(values):
    assert _read_numpy(to_numpy(values)) == values


def test_numpy_of_the_brief():
    assert to_numpy([[2, 1], [1, 2]]) == "np.array([[2.0, 1.0], [1.0, 2.0]])"


@given(_typed_matrix())
def test_markdown_has_a_header_and_a_row_per_matrix_row(matrix):
    texts, values = matrix
    lines = to_markdown(texts, values, name="A").splitlines()
    assert len(lines) == 2 + len(values)
    cells = [line.strip("|").split("|") for line in lines]
    assert all(len(c) == 1 + len(values[0]) for c in cells)
    assert cells[0][0].strip() == "A"
    assert set(lines[1]) <= set("|-:")
    for row, line in zip(values, cells[2:], strict=True):
        assert all(_close(parse_entry(c), v) for c, v in zip(line[1:], row, strict=True))


def test_markdown_names_rows_and_columns_and_escapes_bars():
    table = to_markdown(None, [[0.5, 0.5]], rows=["the"], cols=["a|b", "c"])
    assert table.splitlines()[0] == "|  | a\\|b | c |"
    assert table.splitlines()[2] == "| the | 0.5 | 0.5 |"


def test_shapes_must_agree():
    with pytest.raises(ValueError):
        to_latex([["1"]], [[1.0, 2.0]])
    with pytest.raises(ValueError):
        to_numpy([])
