"""How a view writes a number: one rule for every label, readout, table and inspector.

The digits follow :func:`models.core.numfmt.format_value` (significant digits, trailing
zeros dropped, ``0`` only for 0). On top of it a view writes the true minus sign "−"
(U+2212: a hyphen reads as a dash when projected), "∞" and "−∞" for the infinities, "NaN"
for a value that is not a number (never shown as a number or as ∞), and a dash "—" for a
quantity that does not exist (None: cos θ of a zero vector).
"""

from __future__ import annotations

import math

from models.core.numfmt import format_value

__all__ = ["MINUS", "NOT_A_NUMBER", "fixed", "num", "true_minus"]

#: The true minus sign.
MINUS = "\u2212"
#: What a view writes for NaN.
NOT_A_NUMBER = "NaN"


def num(x: float | None, digits: int = 3, none: str = "—") -> str:
    """A number as a view writes it: ``0.707``, ``−2``, ``1.2e−05``, ``∞``.

    Parameters
    ----------
    x : float or None
        The number (any real type NumPy or Python has).
    digits : int
        Significant digits: 3 for labels on a figure, 4 for side panels and readouts.
    none : str
        The text for None, a quantity that does not exist.

    Returns
    -------
    str
        The text, with "−" for minus, "∞"/"−∞" for the infinities and ``NaN`` for NaN.
    """
    if x is None:
        return none
    x = float(x)
    if math.isnan(x):
        return NOT_A_NUMBER
    if math.isinf(x):
        return "∞" if x > 0 else MINUS + "∞"
    return true_minus(format_value(x, digits))


def true_minus(text: str) -> str:
    """``text`` with every hyphen-minus written as the true minus sign (for a number a
    model has already written, such as an exact determinant)."""
    return text.replace("-", MINUS)


def fixed(x: float, places: int = 2) -> str:
    """A number with ``places`` decimals, as a heatmap's cell writes it: ``0.25``, ``−1.50``.

    The same rules as :func:`num` for the sign, the infinities and NaN; ``0.00`` is never
    written with a minus sign, and a value of 10⁴ or more falls back to :func:`num` (3
    significant digits), which stays short.
    """
    x = float(x)
    if not math.isfinite(x) or abs(x) >= 1e4:
        return num(x, 3)
    text = f"{x:.{places}f}"
    if text.lstrip("-").strip("0.") == "":
        text = text.lstrip("-")  # −0.00 says nothing the cell's colour does not
    return true_minus(text)
