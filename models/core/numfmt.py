"""How numbers are written for people: one rule for the window, the inspector and the CLI.

The rule: a number is written with ``digits`` significant digits and never as ``0`` unless it
is 0. Round-off is not hidden here: a model that knows a value is round-off of 0 (an
eigenvalue of a singular matrix, a component of a unit vector) stores 0, with the
scale-relative tolerance it documents, and then ``0`` is what is printed.
"""

from __future__ import annotations

import math
from fractions import Fraction

__all__ = ["format_value", "format_scaled", "format_true", "split_exact"]

_TINY = 2.2250738585072014e-308  # the smallest normal double: below it, digits are lost


def format_value(x: float, digits: int = 4) -> str:
    """Short human text for a number: ``0.7071``, ``-2``, ``1.2e-05``, ``1e-300``.

    ``digits`` significant digits, trailing zeros dropped; ``0`` only for 0 (either sign),
    ``inf``/``-inf``/``nan`` for those.
    """
    x = float(x)
    if x == 0:
        return "0"
    text = f"{x:.{digits}g}"
    if "e" not in text and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_scaled(sign: int, log10: float, digits: int = 4) -> str:
    """The number sign·10^log10 written like :func:`format_value`, even where it does not fit
    a double (``1e-600``, ``-2.5e+900``); ``0`` when ``sign`` is 0."""
    if sign == 0:
        return "0"
    if math.isfinite(log10) and -300 < log10 < 300:
        return format_value(sign * 10.0**log10, digits)
    exp = math.floor(log10)
    mant = 10 ** (log10 - exp)
    if round(mant, digits - 1) >= 10:
        mant, exp = mant / 10, exp + 1
    return f"{'-' if sign < 0 else ''}{mant:.{digits}g}e{exp:+03d}"


def format_true(value: float, sign: int, log10: float, digits: int = 4) -> str:
    """A number held as the double ``value`` and, exactly, as sign·10^log10: the double's
    text where it holds the number with its full digits, else :func:`format_scaled`'s."""
    if sign == 0 or (math.isfinite(value) and abs(value) >= _TINY):
        return format_value(value, digits)
    return format_scaled(sign, log10, digits)


def split_exact(x: Fraction) -> tuple[float, int, float]:
    """An exact rational as (nearest double, sign, log10|x|) for :func:`format_true`: the
    double is ±inf above the range and 0 or subnormal below it; log10 is −inf for 0."""
    sign = (x > 0) - (x < 0)
    if sign == 0:
        return 0.0, 0, -math.inf
    try:
        value = float(x)
    except OverflowError:
        value = math.inf if sign > 0 else -math.inf
    return value, sign, math.log10(abs(x.numerator)) - math.log10(x.denominator)
