"""One formatting rule: a number is never written as 0 unless it is 0, and what does not fit a
double is written from its exact sign and size."""

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.core.expr import format_value as reexported
from models.core.expr import parse_entry
from models.core.numfmt import format_scaled, format_true, format_value, split_exact

finite = st.floats(allow_nan=False, allow_infinity=False)


@settings(max_examples=500, deadline=None)
@given(finite, st.integers(1, 17))
def test_only_zero_is_written_as_zero(x, digits):
    text = format_value(x, digits)
    assert (text == "0") == (x == 0)
    # and the text is the number to the digits asked for
    assert abs(Decimal(text) - Decimal(x)) <= abs(Decimal(x)) * Decimal(10) ** (1 - digits)


@pytest.mark.parametrize(("x", "text"), [
    (1e-300, "1e-300"), (-1.2e-17, "-1.2e-17"), (5e-324, "4.941e-324"), (1e-13, "1e-13"),
    (0.0, "0"), (-0.0, "0"), (0.70710678, "0.7071"), (-2.0, "-2"), (1.5e6, "1.5e+06"),
])
def test_examples(x, text):
    assert format_value(x) == text


@settings(max_examples=300, deadline=None)
@given(finite.filter(lambda x: abs(x) <= 1e12))
def test_seventeen_digits_read_back_exactly(x):
    assert parse_entry(format_value(x, 17)) == x


def test_expr_re_exports_the_same_function():
    assert reexported is format_value


@pytest.mark.parametrize(("sign", "log10", "text"), [
    (1, -600.0, "1e-600"), (-1, 900.0, "-1e+900"), (1, math.log10(2.5) - 400, "2.5e-400"),
    (0, -math.inf, "0"), (1, math.log10(9.99996) + 500, "1e+501"), (-1, 0.0, "-1"),
])
def test_scaled_numbers_beyond_a_double(sign, log10, text):
    assert format_scaled(sign, log10) == text


@settings(max_examples=300, deadline=None)
@given(st.integers(-10**6, 10**6).filter(bool), st.integers(-1500, 1500))
def test_exact_rationals_are_written_truly(mantissa, exp10):
    x = Fraction(mantissa) * Fraction(10) ** exp10
    value, sign, log10 = split_exact(x)
    assert sign == (1 if mantissa > 0 else -1)
    assert log10 == pytest.approx(math.log10(abs(mantissa)) + exp10, abs=1e-9)
    text = format_true(value, sign, log10, 6)
    assert text != "0" and "inf" not in text
    # the text is the exact number to six significant digits
    assert Decimal(text) == pytest.approx(Decimal(mantissa).scaleb(exp10), rel=Decimal(1e-5))
    if 2.3e-308 < abs(float(Decimal(mantissa).scaleb(exp10))) < 1.7e308:
        assert value == float(x)


def test_zero_splits_to_zero():
    assert split_exact(Fraction(0)) == (0.0, 0, -math.inf)
    assert format_true(0.0, 0, -math.inf) == "0"
