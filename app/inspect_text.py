"""The readable table that ``linscope inspect`` prints."""

from __future__ import annotations

import numpy as np

from models.core.numfmt import format_value
from models.linalg.matrix_facts import MatrixFacts

__all__ = ["facts_table", "complex_text"]


def complex_text(z: complex, digits: int = 6) -> str:
    """``a``, ``a + bi`` or ``a − bi`` with short numbers (a real number when b is 0: the
    model stores real eigenvalues with imaginary part exactly 0)."""
    re_, im = float(np.real(z)), float(np.imag(z))
    if im == 0:
        return format_value(re_, digits)
    sign = "+" if im > 0 else "-"
    return f"{format_value(re_, digits)} {sign} {format_value(abs(im), digits)}i"


def _yes(flag: bool | None) -> str:
    return "n/a" if flag is None else ("yes" if flag else "no")


def facts_table(f: MatrixFacts) -> str:
    """Facts as aligned ``name  value`` lines."""
    def num(x):
        if x is None:
            return "n/a (not square)"
        return "∞" if not np.isfinite(x) else format_value(x, 6)

    rows = [
        ("shape", f"{f.shape[0]}×{f.shape[1]}"),
        ("det", "n/a (not square)" if f.det is None else f.det_text()),
        ("trace", num(f.trace)),
        ("rank", str(f.rank)),
        ("eigenvalues", "n/a (not square)" if f.eigenvalues is None
         else ", ".join(complex_text(z) for z in f.eigenvalues)),
        ("singular values", ", ".join(format_value(s, 6)
                                      for s in f.singular_values)),
        ("condition number", num(f.condition_number)),
        ("norm 1", num(f.norms["l1"])),
        ("norm 2", num(f.norms["l2"])),
        ("norm ∞", num(f.norms["inf"])),
        ("norm Frobenius", num(f.norms["fro"])),
        ("symmetric", _yes(f.symmetric)),
        ("orthogonal", _yes(f.orthogonal)),
        ("invertible", _yes(f.invertible)),
        ("defective", _yes(f.defective)),
    ]
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"{k:<{width}}  {v}" for k, v in rows)
