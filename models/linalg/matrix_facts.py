"""Everything a person asks about one matrix: determinant, rank, eigen and singular values,
norms and structural flags. Pure NumPy; used by the inspector and ``linscope inspect``."""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import permutations

import numpy as np

from models.core.numfmt import format_true, format_value
from models.linalg.eigen_cases import (
    GEO_TOL,
    classify_2x2,
    eigen_clusters,
    pow2_scale,
    shown_eigenvalues,
)
from models.linalg.norms import matrix_norms

__all__ = ["MatrixFacts", "analyze", "matrix_rank", "is_defective", "determinant"]

_EPS = float(np.finfo(float).eps)


@dataclass(frozen=True)
class MatrixFacts:
    """Derived facts of an m×n matrix; square-only facts are ``None`` for non-square input."""

    shape: tuple[int, int]
    det: float | None
    trace: float | None
    rank: int
    # complex, sorted by descending real part then imag: NumPy's to rounding, one value per
    # multiplicity for a multiple root, round-off of 0 as 0 (models.linalg.eigen_cases)
    eigenvalues: np.ndarray | None
    # columns, sorted as the values: NumPy's for n ≠ 2; 2×2: the unit directions the Plane
    # lab draws (a defective one twice, the standard basis when every direction is one,
    # exact formulas for a complex pair)
    eigenvectors: np.ndarray | None
    singular_values: np.ndarray  # descending
    condition_number: float  # inf when singular
    norms: dict[str, float]  # l1, l2, inf, fro (induced norms for matrices)
    symmetric: bool | None
    orthogonal: bool | None
    invertible: bool | None
    defective: bool | None
    inverse: np.ndarray | None
    # det = det_sign · 10^det_log10 even where that is too small or large for a double
    # (det is then 0.0 or ±inf); det_log10 is −inf when det is 0. A matrix of lower rank
    # (NumPy's tolerance) has det 0: what is left is round-off of 0.
    det_sign: int | None = None
    det_log10: float | None = None

    @property
    def det_fits(self) -> bool | None:
        """Whether ``det`` holds the determinant (False when it under- or overflowed)."""
        if self.det is None:
            return None
        if self.det_sign is None:
            return bool(np.isfinite(self.det))
        return bool(np.isfinite(self.det) and (self.det != 0 or self.det_sign == 0))

    def det_text(self, digits: int = 6) -> str:
        """The determinant as short text, never "0" for a non-zero one (``1e-600``)."""
        if self.det is None:
            return "n/a"
        if self.det_sign is None:
            return format_value(self.det, digits)
        # From its sign and log where the double does not hold it (under-/overflow, subnormal).
        return format_true(self.det, self.det_sign, self.det_log10, digits)

    def to_json(self) -> dict:
        """Plain-JSON form with the keys of ``linscope inspect --json``.

        ∞ (a condition number) is ``null``. A determinant that under- or overflows a double
        (see :attr:`det_fits`) is a string in scientific notation, the text ``inspect``
        prints with more digits (``"1e-600"``), so a 0 there always means singular and
        never stands for a value too small to hold.
        """
        def num(x):
            return None if x is None else (float(x) if np.isfinite(x) else None)

        return {
            "shape": list(self.shape),
            "det": num(self.det) if self.det_fits is not False else self.det_text(12),
            "trace": num(self.trace),
            "rank": int(self.rank),
            "eigenvalues": None
            if self.eigenvalues is None
            else [[float(z.real), float(z.imag)] for z in self.eigenvalues],
            "singular_values": [float(s) for s in self.singular_values],
            "condition_number": num(self.condition_number),
            "norms": {k: float(v) for k, v in self.norms.items()},
            "symmetric": self.symmetric,
            "orthogonal": self.orthogonal,
            "invertible": self.invertible,
            "defective": self.defective,
        }


def _tol(a: np.ndarray, s_max: float) -> float:
    # NumPy's own default (matrix_rank), so the rank shown always agrees with NumPy.
    return max(a.shape) * np.finfo(float).eps * s_max


def matrix_rank(a: np.ndarray, singular_values: np.ndarray | None = None) -> int:
    """Numerical rank with NumPy's default tolerance (σ_max · max(m, n) · ε)."""
    s = np.linalg.svd(a, compute_uv=False) if singular_values is None else singular_values
    if s.size == 0:
        return 0
    return int(np.sum(s > _tol(a, float(s[0]))))


def is_defective(a: np.ndarray, eigenvalues: np.ndarray | None = None) -> bool:
    """True when some eigenvalue has fewer independent eigenvectors than its multiplicity.

    2×2: the Plane lab's classifier (:func:`models.linalg.eigen_cases.classify_2x2`), so the
    inspector and the picture agree. Larger: computed eigenvalues that agree to working
    precision of the balanced matrix are one root, whose geometric multiplicity is the
    rank deficiency of A − μI (:func:`models.linalg.eigen_cases.eigen_clusters`, shared with the
    Space lab; the module documents the rule).
    """
    a = np.asarray(a, dtype=float)
    n = a.shape[0]
    if n == 1:
        return False
    if n == 2:
        return classify_2x2(a).defective
    return any(c.defective for c in eigen_clusters(a, eigenvalues))


def _small_det(a: np.ndarray) -> tuple[float, int]:
    """det of an n×n matrix, n ≤ 3, as (t, e) with det = t·2^e, by the cofactor (Leibniz)
    formula: 1×1 a, 2×2 ad − bc, 3×3 the six products of the rule of Sarrus.

    Each product is kept as mantissa·2^exponent and the products are summed exactly
    rounded (math.fsum), so integer matrices get exact determinants and no product under-
    or overflows on the way.
    """
    n = a.shape[0]
    terms = []
    for perm in permutations(range(n)):
        inversions = sum(perm[i] > perm[j] for i in range(n) for j in range(i + 1, n))
        mant, exp = (-1.0 if inversions % 2 else 1.0), 0
        for i, j in enumerate(perm):
            f, e = math.frexp(float(a[i, j]))
            mant, exp = mant * f, exp + e
        if mant != 0.0:
            terms.append((mant, exp))
    if not terms:
        return 0.0, 0
    top = max(e for _, e in terms)
    return math.fsum(math.ldexp(m, e - top) for m, e in terms), top


def determinant(a) -> tuple[float, int, float]:
    """det A as (value, sign, log10|det|) for a finite square matrix.

    n ≤ 3: exact cofactor formulas (det [[8]] is 8, not LU's 7.999999999999998); larger:
    LU through NumPy. ``value`` is 0.0 or ±inf where the determinant does not fit a double
    (det(1e-300·I₂) = 1e-600); sign and log10|det| still describe it.
    """
    a = np.asarray(a, dtype=float)
    n = a.shape[0]
    if n <= 3:
        t, e = _small_det(a)
        if t == 0.0:
            return 0.0, 0, -math.inf
        sign = 1 if t > 0 else -1
        try:
            value = math.ldexp(t, e)  # rounds once, gradually underflowing to 0
        except OverflowError:
            value = sign * math.inf
        return value, sign, math.log10(abs(t)) + e * math.log10(2.0)
    # A subnormal pivot makes LAPACK divide by zero on the way; the sign and log stay right.
    with np.errstate(over="ignore", under="ignore", divide="ignore"):
        value = float(np.linalg.det(a))
        sign_f, ln = np.linalg.slogdet(a)
    sign = int(np.sign(sign_f))
    if sign == 0:
        return 0.0, 0, -math.inf
    if value == 0.0 or not math.isfinite(value):
        with np.errstate(over="ignore", under="ignore"):
            value = float(sign * np.exp(ln))  # LU's product under/overflowed on the way
    return value, sign, float(ln) / math.log(10.0)


def _sorted_eigenvectors(a: np.ndarray) -> np.ndarray:
    w, v = np.linalg.eig(a)
    return v[:, np.lexsort((-w.imag, -w.real))]


def _eigenvectors_2x2(e) -> np.ndarray:
    """Columns for λ₁ and λ₂ of the eigen case ``e``: the directions drawn, never LAPACK's
    (whose balancing can return a vector that is no eigenvector at all for entries of very
    different sizes, [[4e-196, 4e-196], [1, 1]])."""
    if e.vectors is not None:
        return e.vectors
    if e.case == "repeated":
        return np.eye(2)
    directions = [v for _, v in e.lines]
    return np.column_stack(directions * (3 - len(directions)))  # defective: one line twice


def _inverse(a: np.ndarray) -> np.ndarray | None:
    """A⁻¹, or None where an entry overflows a double (or LAPACK gives up on a subnormal
    pivot). 2×2: adj(A)/det A on A scaled by a power of two, so a zero stays exactly 0.
    Entries within n·ε of the largest are round-off and stored as 0."""
    if a.shape == (2, 2):
        s = pow2_scale(float(np.max(np.abs(a))))
        (p, q), (r, t) = a / s
        det = determinant(a / s)[0]
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            inverse = np.array([[t, -q], [-r, p]]) / det / s + 0.0
    else:
        try:
            with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
                inverse = np.linalg.inv(a)
        except np.linalg.LinAlgError:
            return None
    if not np.all(np.isfinite(inverse)):
        return None  # invertible in exact arithmetic, but A⁻¹ overflows a double
    # Entries within n·ε of the largest are round-off (sin π in A gives 1.2e-16 in A⁻¹).
    inverse[np.abs(inverse) <= a.shape[0] * _EPS * np.max(np.abs(inverse))] = 0.0
    return inverse


def analyze(a, eigen=None) -> MatrixFacts:
    """Compute :class:`MatrixFacts` of a finite real matrix.

    Parameters
    ----------
    a : array_like, shape (m, n)
    eigen : Eigen2x2, optional
        ``classify_2x2(a)`` of a 2×2 ``a`` when the caller has it already (the Plane lab's
        geometry needs it too); computed here otherwise.

    Raises
    ------
    ValueError
        If ``a`` is not a finite real 2-D array.
    """
    a = np.asarray(a, dtype=float)
    if a.ndim != 2 or a.size == 0:
        raise ValueError("a matrix must be a non-empty 2-D array")
    if not np.all(np.isfinite(a)):
        raise ValueError("matrix entries must be finite")
    m, n = a.shape
    s = np.linalg.svd(a, compute_uv=False)
    rank = matrix_rank(a, s)
    # Singular values that rank counts as zero are round-off of 0 and stored as 0, so the
    # numbers beside "rank" agree with it (σ₂ of [[1, 2], [2, 4]] is 0, not 1e-16).
    s[rank:] = 0.0
    cond = float(s[0] / s[-1]) if s[-1] > _tol(a, float(s[0])) and min(m, n) > 0 else np.inf
    if min(m, n) < max(m, n):
        cond = np.inf if rank < min(m, n) else float(s[0] / s[min(m, n) - 1])
    norms = matrix_norms(a, s)
    if m != n:
        return MatrixFacts((m, n), None, None, rank, None, None, s, cond, norms,
                           None, None, None, None, None)
    if n == 2:  # the Plane lab's classifier, once: values, flag and vectors
        e = classify_2x2(a) if eigen is None else eigen
        w, defective, v = e.eigenvalues, e.defective, _eigenvectors_2x2(e)
    else:  # recomputed inside, bit for bit as the Space lab does
        w, defective = shown_eigenvalues(a), is_defective(a)
        v = _sorted_eigenvectors(a)
    det, det_sign, det_log10 = determinant(a)
    if rank < n:  # |det| ≤ σ₁^(n−1)·σₙ ≤ n·ε·σ₁ⁿ: round-off of 0, as the rank says
        det, det_sign, det_log10 = 0.0, 0, -math.inf
    invertible = rank == n
    inverse = _inverse(a) if invertible else None
    # Relative to the matrix (no floor at 1), so a tiny Jordan block is not "symmetric".
    # A matrix this near a symmetric one can still sit within the eigenspace tolerance of
    # eigen_cases of a Jordan block (A − μI with singular values h ± k, k the skew part):
    # the picture then shows one eigen-direction, and the flags must not say both.
    # (np.allclose with rtol=0, written out: the same test against a finite right-hand side,
    # without its general-purpose checks, which cost more than the rest of this function)
    with np.errstate(over="ignore", invalid="ignore"):
        symmetric = not defective and bool(
            np.all(np.abs(a - a.T) <= 0.5 * GEO_TOL * _EPS * norms["fro"]))
        orthogonal = bool(np.all(np.abs(a.T @ a - np.eye(n)) <= 1e-10))
    return MatrixFacts(
        shape=(m, n), det=det, trace=float(np.trace(a)), rank=rank,
        eigenvalues=w, eigenvectors=v, singular_values=s, condition_number=cond, norms=norms,
        symmetric=symmetric, orthogonal=orthogonal, invertible=invertible,
        defective=defective, inverse=inverse, det_sign=det_sign,
        det_log10=det_log10,
    )
