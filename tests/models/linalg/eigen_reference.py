"""What NumPy alone says about the eigen case of a 2×2 matrix: the reference the Plane lab's
eigen case, eigenvalues and eigen-directions are checked against (never the lab's own rule).

The rule being checked (models.linalg.eigen_cases) draws its lines at a tolerance of
GEO_TOL·ε·‖A‖; NumPy's routines carry their own round-off, so a matrix within a factor ten
of a threshold is left undecided (``None``) rather than called either way.
"""

from __future__ import annotations

import math

import numpy as np

_EPS = float(np.finfo(float).eps)
_GEO = 100.0 * _EPS  # the rule's eigenspace tolerance, relative to ‖A‖_F
_APART = 10.0 * 10.0 * math.sqrt(_EPS)  # ten times the widest split of a double root


def power_of_two_scaled(a) -> tuple[np.ndarray, float]:
    """(``a``/s, s) with s the power of two nearest below ``a``'s largest entry (1 for 0):
    an exact division after which NumPy works far from under- and overflow."""
    a = np.asarray(a, dtype=float)
    top = float(np.max(np.abs(a)))
    s = math.ldexp(1.0, math.frexp(top)[1] - 1) if top > 0 else 1.0
    return a / s, s


def balanced(a1: np.ndarray) -> np.ndarray:
    """The 2×2 ``a1`` balanced as LAPACK's eigensolver would, in closed form: the off-diagonal
    entries made equal in size, √|bc| each (both 0, the limit, for a triangular matrix).
    Similar to ``a1`` (the same eigenvalues) up to the rounding of the square root."""
    (p, q), (r, s) = a1
    h = math.sqrt(abs(q)) * math.sqrt(abs(r))
    return np.array([[p, math.copysign(h, q)], [math.copysign(h, r), s]])


def _eigenspace_dim(m: np.ndarray, mu: float) -> int | None:
    """How many singular values of M − μI are zero to working precision (NumPy's SVD);
    None when one lies within a factor ten of the tolerance."""
    tol = _GEO * float(np.linalg.norm(m))
    sv = np.linalg.svd(m - mu * np.eye(2), compute_uv=False)
    if np.any((sv > tol / 10) & (sv <= 10 * tol)):
        return None
    return int(np.sum(sv <= tol / 10))


def numpy_case(a) -> str | None:
    """"distinct", "complex", "repeated" or "defective" as NumPy's eigvals and svd see the
    2×2 ``a``; None where they cannot tell without the rule's own tolerance.

    Eigenvalues (of the balanced matrix, as NumPy computes them) further apart than a double
    root ever splits are two roots, complex when NumPy gives them an imaginary part.
    Otherwise μ is their mean, and the eigenspace has the dimension both A − μI and the
    balanced B − μI have to working precision: 2 is A = μI (repeated), 1 a Jordan block
    (defective), 0 two roots after all.
    """
    a1, _ = power_of_two_scaled(a)
    b1 = balanced(a1)
    w = np.linalg.eigvals(b1)
    two = "complex" if w[0].imag != 0 else "distinct"
    if abs(w[0] - w[1]) > _APART * float(np.linalg.norm(b1)):
        return two
    mu = float(w.mean().real)
    dims = [_eigenspace_dim(a1, mu), _eigenspace_dim(b1, mu)]
    if 0 in dims:
        return two
    if None in dims:
        return None
    return {2: "repeated", 1: "defective"}[min(dims)]


def cross(u, v) -> float:
    """|sin| of the angle between two 2-vectors (0: the same line)."""
    u, v = np.asarray(u), np.asarray(v)
    return abs(u[0] * v[1] - u[1] * v[0]) / (np.hypot(*u) * np.hypot(*v))


def numpy_eigenpairs(a) -> tuple[np.ndarray, np.ndarray]:
    """NumPy's eigenvalues and unit eigenvectors (columns) of ``a``, computed on ``a`` scaled
    by a power of two (exact) so that nothing under- or overflows inside LAPACK."""
    a1, s = power_of_two_scaled(a)
    w, v = np.linalg.eig(a1)
    return w.real * s + 1j * (w.imag * s), v


def line_error(a, lam: float, v) -> float:
    """|sin| of the angle between the direction ``v`` and NumPy's eigenvector of ``a`` for
    the eigenvalue nearest ``lam`` (0 when ``v`` lies on NumPy's eigen-line)."""
    w, vecs = numpy_eigenpairs(a)
    k = int(np.argmin(np.abs(w - lam)))
    return cross(v, vecs[:, k].real)
