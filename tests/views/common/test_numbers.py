"""The one number formatter of the views, against texts written out by hand."""

import math

import numpy as np
import pytest

from views.common.numbers import num, true_minus


@pytest.mark.parametrize(("x", "digits", "text"), [
    (0.70710678, 3, "0.707"),
    (0.70710678, 4, "0.7071"),
    (-2.0, 3, "\u22122"),
    (2.5, 3, "2.5"),
    (-1.2e-5, 3, "\u22121.2e\u221205"),
    (1e-300, 4, "1e\u2212300"),
    (123456.0, 3, "1.23e+05"),
    (0.0, 3, "0"),
    (-0.0, 3, "0"),
    (1e-320, 3, "1e\u2212320"),  # a subnormal is not 0, and is not written as 0
])
def test_digits_and_true_minus(x, digits, text):
    assert num(x, digits) == text


def test_numpy_scalars_read_as_floats():
    assert num(np.float32(0.25)) == "0.25"
    assert num(np.int64(-3)) == "\u22123"


def test_infinities_and_nan_are_explicit():
    assert num(math.inf) == "∞"
    assert num(-math.inf) == "\u2212∞"  # not "∞": the sign is kept
    assert num(math.nan) == "NaN"  # never "∞" nor a number
    assert num(np.float64("nan"), 4) == "NaN"


def test_none_is_a_dash_or_what_the_caller_asks():
    assert num(None) == "—"
    assert num(None, none="undefined") == "undefined"


def test_true_minus_rewrites_model_texts():
    assert true_minus("-1e-600") == "\u22121e\u2212600"
    assert true_minus("3") == "3"
