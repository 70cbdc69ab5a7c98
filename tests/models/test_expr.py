"""The safe entry parser: exact values, clear refusals, never eval."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.expr import EntryError, format_value, parse_entry, parse_matrix


@pytest.mark.parametrize(("text", "value"), [
    ("3/4", 0.75),
    ("-sqrt(2)/2", -math.sqrt(2) / 2),
    ("cos(pi/6)", math.sqrt(3) / 2),
    ("2e-3", 0.002),
    ("pi", math.pi),
    ("e", math.e),
    ("π/2", math.pi / 2),
    ("√2", math.sqrt(2)),
    ("2pi", 2 * math.pi),
    ("2^10", 1024.0),
    ("2**-1", 0.5),
    ("-2^2", -4.0),
    ("−1", -1.0),
    ("1.5 × 2", 3.0),
    ("sin(pi/6)cos(0)", 0.5),
    ("  7  ", 7.0),
    (".5", 0.5),
    ("abs(-3)", 3.0),
    ("deg(180)", math.pi),
    ("ln(e)", 1.0),
])
def test_accepts_exact_entries(text, value):
    assert parse_entry(text) == pytest.approx(value, rel=1e-15, abs=1e-15)


@pytest.mark.parametrize(("text", "words"), [
    ("1/0", "division by zero"),
    ("abc", "unknown name"),
    ("__import__('os')", "unexpected"),
    ("nan", "not allowed"),
    ("inf", "not allowed"),
    ("", "empty"),
    ("   ", "empty"),
    ("1e309", "too large"),
    ("sqrt(-1)", "undefined"),
    ("log(0)", "undefined"),
    ("(1", "expected '\\)'"),
    ("1+", "ends too early"),
    ("2 3", "unexpected"),
    ("(-8)^(1/3)", "not real"),
    ("1e13", "not supported"),
    ("10^400", "too large"),
    ("exp(1000)", "too large"),
    ("os.system", "unexpected"),
    ("x" * 300, "longer"),
])
def test_refuses_with_a_message(text, words):
    with pytest.raises(EntryError, match=words):
        parse_entry(text)


def test_deep_nesting_is_refused_not_crashing():
    with pytest.raises(EntryError):
        parse_entry("(" * 150 + "1" + ")" * 150)
    with pytest.raises(EntryError):
        parse_entry("-" * 150 + "1")


def test_variables_are_only_what_is_given():
    assert parse_entry("cos(theta)", {"theta": 0.0}) == 1.0
    with pytest.raises(EntryError, match="unknown name"):
        parse_entry("cos(theta)")


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12))
def test_repr_of_any_finite_float_reads_back_exactly(x):
    assert parse_entry(repr(x)) == x


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e9, max_value=1e9))
def test_format_value_is_parseable_and_close(x):
    assert parse_entry(format_value(x, 12)) == pytest.approx(x, rel=1e-11, abs=1e-12)


@given(st.text(max_size=40))
def test_arbitrary_text_either_parses_to_finite_or_raises_entry_error(text):
    try:
        v = parse_entry(text)
    except EntryError:
        return
    assert math.isfinite(v)


def test_parse_matrix_both_syntaxes():
    texts, values = parse_matrix("[[2, 1], [1, 2]]")
    assert texts == [["2", "1"], ["1", "2"]] and values == [[2, 1], [1, 2]]
    texts, values = parse_matrix("1/2 sqrt(4); cos(pi / 3) 3")
    assert values == [[0.5, 2.0], [pytest.approx(0.5), 3.0]]
    assert parse_matrix("[1, 2, 3]")[1] == [[1, 2, 3]]


@pytest.mark.parametrize(("text", "words"), [
    ("1 2; 3", "different lengths"),
    ("[[1, 2], [3]]", "different lengths"),
    ("", "empty"),
    ("[[1, 2], [3, abc]]", r"entry \(2,2\)"),
    ("; ;", "empty"),
    ("[[1,2]", "must look like"),
])
def test_parse_matrix_refusals(text, words):
    with pytest.raises(EntryError, match=words):
        parse_matrix(text)


def test_parse_matrix_size_limit():
    big = "; ".join(" ".join("1" for _ in range(65)) for _ in range(2))
    with pytest.raises(EntryError, match="at most 64"):
        parse_matrix(big)
    ok = "; ".join(" ".join("1" for _ in range(64)) for _ in range(64))
    assert len(parse_matrix(ok)[1]) == 64
