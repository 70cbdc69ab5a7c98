"""The safe entry parser: exact values, clear refusals, never eval."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.core.expr import EntryError, format_value, parse_entry, parse_matrix


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


# -- bad input that used to escape or pass unnoticed -------------------------------------------


@pytest.mark.parametrize("text", ["sin(1e999)", "tan(1e999)", "cos(1e308*10)", "1/1e999",
                                  "(1e999-1e999)^0", "atan(1e999)", "exp(1e999)", "-1e999",
                                  "1e308*10/10", "1e308+1e308-1e308", "abs(-1e999)"])
def test_a_non_finite_intermediate_is_refused(text):
    with pytest.raises(EntryError, match="too large|finite"):
        parse_entry(text)


@pytest.mark.parametrize("text", ["1e999", "1e309", "1.8e308"])
def test_an_overflowing_literal_is_refused_by_itself(text):
    with pytest.raises(EntryError, match="too large"):
        parse_entry(text)


def test_a_nonzero_literal_that_underflows_to_zero_is_refused():
    with pytest.raises(EntryError, match="too small"):
        parse_entry("1e-400")
    assert parse_entry("0e-400") == 0.0
    assert parse_entry("5e-324") == 5e-324


@pytest.mark.parametrize("text", ["٣", "１/４", "1٣", "𝟏", "٣.٥", "1e٣", "²", "½"])
def test_only_ascii_digits_are_numbers(text):
    with pytest.raises(EntryError, match="unexpected character"):
        parse_entry(text)


@pytest.mark.parametrize("text", ["2e", "1e", "2E", "2.5e", "-3e", "2e+1e", "1 + 2e", "2e(1)",
                                  "3e-x"])
def test_a_number_run_into_e_is_refused_as_a_likely_typo(text):
    with pytest.raises(EntryError, match=r"write \S+\*e or \S+e3"):
        parse_entry(text)


@pytest.mark.parametrize(("text", "value"), [
    ("2*e", 2 * math.e), ("2 e", 2 * math.e), ("2e3", 2000.0), ("2e+1", 20.0),
    ("2exp(1)", 2 * math.e), ("e2", None), ("2pi", 2 * math.pi), ("2E-1", 0.2),
])
def test_e_as_a_constant_still_works_where_it_is_not_a_typo(text, value):
    if value is None:
        with pytest.raises(EntryError, match="unknown name"):
            parse_entry(text)
    else:
        assert parse_entry(text) == pytest.approx(value, rel=1e-15)


@pytest.mark.parametrize("text", ["√" * 60 + "2", "1^" * 60 + "1", "2^(" * 45 + "1" + ")" * 45,
                                  "√(" * 45 + "1" + ")" * 45, "-" * 60 + "1",
                                  "2^-" * 50 + "1", "ln(" * 45 + "1" + ")" * 45])
def test_root_and_power_chains_are_depth_limited(text):
    assert len(text) <= 200
    with pytest.raises(EntryError, match="nested too deeply"):
        parse_entry(text)


def test_a_chain_within_the_depth_limit_still_parses():
    assert parse_entry("√" * 10 + "2") == pytest.approx(2 ** (1 / 1024), rel=1e-15)
    assert parse_entry("2^" * 3 + "2") == 65536.0


@pytest.mark.parametrize("text", ["sin(1e300)", "cos(-1e300)", "tan(1e300)", "atan(1e300)"])
def test_functions_of_huge_finite_arguments_are_fine(text):
    name, arg = text[:-1].split("(")
    assert parse_entry(text) == getattr(math, name)(float(arg))


@pytest.mark.parametrize("text", ["asin(2)", "acos(-1.5)", "log(-1)", "log10(0)", "log2(-2)",
                                  "sqrt(-2)", "tan(pi/2)", "0^-1", "(-2)^0.5"])
def test_domain_errors_are_entry_errors(text):
    with pytest.raises(EntryError):
        parse_entry(text)


def test_parse_matrix_names_the_row_and_column_of_a_bad_cell():
    with pytest.raises(EntryError, match=r"\(1,1\) 'sin\(1e999\)'.*too large"):
        parse_matrix("sin(1e999) 1; 2 3")
    with pytest.raises(EntryError, match=r"\(2,1\) '2e'.*2\*e or 2e3"):
        parse_matrix("1 1; 2e 3")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("[]();, 0123456789.e-+*/^√sincoxpl٣１𝟏")),
               max_size=60))
def test_any_matrix_text_is_finite_rows_or_an_entry_error(text):
    try:
        texts, values = parse_matrix(text)
    except EntryError:
        return
    assert len(texts) == len(values) and all(math.isfinite(v) for row in values for v in row)
