"""Which eigen case a matrix is in: one rule shared by the inspector, the Plane lab and the
Space lab, so a picture and the facts beside it never disagree. Pure NumPy.

Eigenvalues are NumPy's (``numpy.linalg.eigvals``) to rounding. Computed eigenvalues are
*one root* μ (drawn and printed once per multiplicity) only when they agree to working
precision, and the root is **defective** only when its eigenvectors span fewer dimensions
than its multiplicity. Working precision is judged as LAPACK's eigensolver sees a matrix:
after *balancing*, B = D⁻¹AD with D diagonal powers of two (exact, same eigenvalues), so
[[0, 1e8], [1e-8, 0]] (λ = ±1) counts as the [[0, 1], [1, 0]] it is similar to.

A candidate root (k eigenvalues within ``cluster_tol(k)·‖B‖_F`` ≈ 10·ε^(1/k)·‖B‖ of their
mean μ, the split of a k×k Jordan block) has geometric multiplicity g = the smaller count of
singular values of A − μI at most ``GEO_TOL·ε·‖A‖_F`` and of B − μI at most
``GEO_TOL·ε·‖B‖_F``. g = 0: not a root after all, the eigenvalues stay as computed
(2×2: **distinct** or **complex**). 0 < g < k: **defective**, if the spread fits Jordan
blocks of at most m = k − g + 1: 10·(ε‖B‖ν^(m−1))^(1/m), ν the k-th smallest singular value
of B − μI (their own size). g = k: semisimple (2×2: **repeated**, A = μI). For a pair,
g ≥ 1 puts B within GEO_TOL·ε·‖B‖ of a double root: the gap is at most about
√(GEO_TOL·ε)·‖B‖, the "√ε relative" agreement; a symmetric matrix is never defective.

An eigenvalue (or real part) of size at most ``√n·ε·‖B‖_F`` is round-off of 0 and stored
as 0: never above NumPy's rank tolerance n·ε·σ₁, so such a matrix is also of lower rank.

2×2 (:func:`classify_2x2`): the same rule in closed form on exact numbers. With
μ = tr A / 2 the eigenvalues are μ ± √q, q = ((a − d)/2)² + bc computed exactly (entries
are binary fractions), the smaller one det A / the larger (no cancellation). Balanced,
A − μI has off-diagonal ±√|bc| (0 for a triangular A, the limit of balancing).
Everything runs on A scaled by a power of two, so 1e-300 and 1e300 read as 1.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from models.linalg.signs import sign_normalised

__all__ = ["EIGEN_CASES", "Eigen2x2", "EigenCluster", "classify_2x2", "eigen_clusters",
           "shown_eigenvalues", "balance", "pow2_scale", "cluster_tol", "GEO_TOL"]

EIGEN_CASES = ("distinct", "repeated", "defective", "complex")
_EPS = float(np.finfo(float).eps)
#: A singular value of A − μI (of B − μI) at most GEO_TOL·ε·‖A‖_F (·‖B‖_F) counts as zero.
GEO_TOL = 100.0
_SPLIT_C = 10.0  # cluster tolerance: this many times the expected split ε^(1/k)·‖B‖
_SPLIT_K_MAX = 4  # the tolerance stops growing at clusters of this size


def pow2_scale(x: float) -> float:
    """A power of two p with x/p in [1, 2) (1.0 for 0 or non-finite x).

    Dividing by it is exact, so a matrix can be brought near 1 without changing its digits.
    """
    x = abs(float(x))
    if x == 0.0 or not math.isfinite(x):
        return 1.0
    return math.ldexp(1.0, math.frexp(x)[1] - 1)


def _zero_tol(n: int, fro: float) -> float:
    """Eigenvalues (and real parts) up to this size are round-off of 0 (see module doc)."""
    return math.sqrt(n) * _EPS * fro


def _snap(x: float, tol: float) -> float:
    return 0.0 if abs(x) <= tol else x


def _unit_parts(v: np.ndarray) -> np.ndarray:
    """``v`` ÷ its length, with parts within 4ε of 0 (round-off in a unit vector) set to 0."""
    v = v / np.sqrt(np.sum(np.abs(v) ** 2))
    parts = [v.real, v.imag] if np.iscomplexobj(v) else [v]
    for part in parts:
        part[np.abs(part) <= 4 * _EPS] = 0.0
    return parts[0] + 1j * parts[1] if len(parts) == 2 else parts[0] + 0.0  # no −0


def _null_direction(r0: np.ndarray, r1: np.ndarray) -> np.ndarray:
    """The unit direction orthogonal to the larger of the rows ``r0``, ``r1`` (the null space
    of a 2×2 of rank 1), signed by the one convention of :mod:`models.linalg.signs`."""
    row = r0 if np.hypot(*r0) >= np.hypot(*r1) else r1
    return sign_normalised(_unit_parts(np.array([-row[1], row[0]], dtype=float)))


def _complex_vector(p: float, b: float, c: float, h: float) -> np.ndarray:
    """Unit eigenvector of N = [[p, b], [c, −p]] for its eigenvalue ih, first part real > 0."""
    if abs(b) >= abs(c):  # (p − ih)·v₁ + b·v₂ = 0
        v = np.array([b, complex(-p, h)]) * (1.0 if b > 0 else -1.0)
    else:  # c·v₁ − (p + ih)·v₂ = 0
        v = np.array([complex(p, h), c]) * complex(p, -h)
    return _unit_parts(v)


@dataclass(frozen=True)
class Eigen2x2:
    """The eigen case of a 2×2 matrix and what the Plane lab draws for it.

    eigenvalues : (2,) complex; λ₁ ≥ λ₂ when real, λ₁ = μ + ih first when complex; for a
        repeated or defective matrix both are the one root μ
    lines : (λ, unit direction) for each real eigen-direction (none for repeated/complex)
    rotation_angle, rotation_scale : θ and r of λ = r e^{±iθ} (complex case only)
    vectors : (2, 2) complex, columns the unit eigenvectors of λ₁ and λ₂ (complex case
        only), first component real and positive
    geometric : the dimension of the eigenspace of a double root (2 repeated, 1 defective;
        0 for distinct and complex eigenvalues)
    """

    case: str
    eigenvalues: np.ndarray
    lines: list
    rotation_angle: float | None
    rotation_scale: float | None
    geometric: int
    vectors: np.ndarray | None = None

    @property
    def defective(self) -> bool:
        return self.case == "defective"


def _sqrt_abs(q: Fraction) -> float:
    """√|q| of an exact rational, without the under- or overflow of float(q)."""
    q = abs(q)
    if q == 0:
        return 0.0
    k = (q.numerator.bit_length() - q.denominator.bit_length()) // 2
    m = q / 4**k if k >= 0 else q * 4**-k  # m in [1/4, 4): float(m) is exact to rounding
    return math.ldexp(math.sqrt(float(m)), k)


def _count_small(s1: float, s2: float, tol: float) -> int:
    """How many of the two singular values s1 ≥ s2 are at most ``tol``."""
    return 2 if s1 <= tol else (1 if s2 <= tol else 0)


def _balanced_fro_2x2(a, b, c, d) -> float:
    """‖B‖_F of the balanced [[a, b], [c, d]]: off-diagonal ±√|bc| (0 if bc = 0)."""
    r = math.sqrt(abs(b)) * math.sqrt(abs(c))
    return math.hypot(a, d, r, r)


def _geometric_2x2(a, b, c, d, p, q_abs) -> int:
    """g of the double-root candidate μ = (a + d)/2 of [[a, b], [c, d]] (see module doc)."""
    fro_n = math.hypot(p, p, b, c)  # ‖N‖_F, N = A − μI = [[p, b], [c, −p]]
    s1 = 0.5 * (math.sqrt(fro_n**2 + 2 * q_abs) + math.sqrt(max(fro_n**2 - 2 * q_abs, 0.0)))
    g_a = _count_small(s1, q_abs / s1 if s1 > 0 else 0.0,
                       GEO_TOL * _EPS * math.hypot(a, b, c, d))
    # Balanced: N_B = [[p, ±r], [±r, −p]] with r = √|bc|; symmetric when bc > 0, diagonal
    # (the limit of ever stronger balancing) when A is triangular.
    r = math.sqrt(abs(b)) * math.sqrt(abs(c))
    if r == 0.0 or (b > 0) == (c > 0):
        s1_b = s2_b = math.hypot(p, r)
    else:
        s1_b, s2_b = abs(p) + r, abs(abs(p) - r)
    g_b = _count_small(s1_b, s2_b, GEO_TOL * _EPS * _balanced_fro_2x2(a, b, c, d))
    return min(g_a, g_b)


def _eigen_line(p: float, b: float, c: float, h: float, bc: float) -> np.ndarray:
    """Unit eigen-direction of N = [[p, b], [c, −p]] for its eigenvalue ``h`` (real).

    It is orthogonal to the larger row of N − hI; p − h and −p − h are formed without
    cancellation (p² − h² = −bc).
    """
    def minus(x: float) -> float:  # x − h
        return -bc / (x + h) if x * h > 0 else x - h

    return _null_direction(np.array([minus(p), b]), np.array([c, minus(-p)]))


def classify_2x2(m) -> Eigen2x2:
    """Eigen case, eigenvalues and eigen-directions of a finite 2×2 matrix (see module doc)."""
    m = np.asarray(m, dtype=float).reshape(2, 2)
    s = pow2_scale(float(np.max(np.abs(m))))
    a, b, c, d = (float(x) for x in (m / s).ravel())
    fa, fb, fc, fd = (Fraction(x) for x in (a, b, c, d))
    q_exact = ((fa - fd) / 2) ** 2 + fb * fc  # the eigenvalues are μ ± √q
    q_sign = (q_exact > 0) - (q_exact < 0)
    h = _sqrt_abs(q_exact)
    mu, p = 0.5 * a + 0.5 * d, 0.5 * a - 0.5 * d  # halves first: no overflow
    zero = _zero_tol(2, _balanced_fro_2x2(a, b, c, d))
    geo = _geometric_2x2(a, b, c, d, p, h * h)
    if geo > 0:
        lam = np.array([_snap(mu, zero) * s] * 2, dtype=complex)
        if geo == 2:
            return Eigen2x2("repeated", lam, [], None, None, 2)
        # One eigen-direction, the null space of N: orthogonal to N's larger row.
        line = _null_direction(np.array([p, b]), np.array([c, -p]))
        return Eigen2x2("defective", lam, [(float(lam[0].real), line)], None, None, 1)
    if q_sign < 0:
        re = _snap(mu, zero)
        lam = np.array([complex(re * s, h * s), complex(re * s, -h * s)])
        angle = float(abs(math.atan2(h, mu)))
        v = _complex_vector(_snap(p, zero), b, c, h)
        return Eigen2x2("complex", lam, [], angle, float(math.hypot(mu, h) * s), 0,
                        np.column_stack([v, v.conj()]))
    # Distinct: the larger in size is μ ± h with the sign of μ, the other det A / it.
    big_sign = 1.0 if mu >= 0 else -1.0
    big = mu + big_sign * h
    small = float((fa * fd - fb * fc) / Fraction(big))
    values = {big_sign: big, -big_sign: small}
    lines = []
    bc = b * c
    for sign in (1.0, -1.0):
        lam = _snap(values[sign], zero) * s
        lines.append((float(lam), _eigen_line(p, b, c, sign * h, bc)))
    lam = np.array([lines[0][0], lines[1][0]], dtype=complex)
    return Eigen2x2("distinct", lam, lines, None, None, 0)


def cluster_tol(k: int) -> float:
    """Largest radius (÷‖B‖_F) of ``k`` computed eigenvalues that may be one root."""
    return _SPLIT_C * _EPS ** (1.0 / min(max(k, 2), _SPLIT_K_MAX))


def balance(a) -> np.ndarray:
    """B = D⁻¹AD with D diagonal powers of two, as LAPACK balances before ``eig``.

    Each row and column pair (off the diagonal, largest entries) is brought to about the same
    size. A pair with one zero side balances only in the limit, which takes the other side
    to 0: it is shrunk below ε²·max|aᵢⱼ|, where it no longer counts. The scaling is exact,
    so B has A's eigenvalues.
    """
    b = np.array(a, dtype=float)
    n = b.shape[0]
    off = ~np.eye(n, dtype=bool)
    top = float(np.max(np.abs(b), initial=0.0))
    negligible = math.frexp(_EPS * _EPS * top)[1] if top > 0 else 0
    for _ in range(64):
        changed = False
        for i in range(n):
            col = float(np.max(np.abs(b[:, i][off[:, i]]), initial=0.0))
            row = float(np.max(np.abs(b[i, :][off[i, :]]), initial=0.0))
            if col == 0.0 or row == 0.0:
                e = negligible - math.frexp(col + row)[1]  # shrink the one non-zero side
                if col + row == 0.0 or e >= 0:
                    continue
                e = e if row == 0.0 else -e
            else:
                e = (math.frexp(row)[1] - math.frexp(col)[1]) // 2
                if col * 2.0**e + row / 2.0**e >= 0.95 * (col + row):
                    continue
            b[:, i] *= math.ldexp(1.0, e)
            b[i, :] /= math.ldexp(1.0, e)
            changed = True
        if not changed:
            break
    return b


@dataclass(frozen=True)
class EigenCluster:
    """Computed eigenvalues taken as one root of the characteristic polynomial.

    value : the root as shown (real roots: imag exactly 0; round-off of 0 stored as 0)
    members : the computed eigenvalues in it
    algebraic, geometric : multiplicities (1 ≤ geometric ≤ algebraic)
    real : whether the root is real
    basis : rows, an orthonormal basis of the eigenspace null(A − μI) (real roots only)
    radius : the largest distance of a member from the centre
    """

    value: complex
    members: np.ndarray
    algebraic: int
    geometric: int
    real: bool
    basis: np.ndarray | None
    radius: float

    @property
    def defective(self) -> bool:
        return self.geometric < self.algebraic


def _group(w: np.ndarray, norm: float, judge) -> list[tuple[np.ndarray, int]]:
    """(index set, geometric multiplicity) of each root among the computed eigenvalues
    ``w``, larger roots first; ``judge(idx)`` gives a candidate's g, 0 if not one root."""
    dist = np.abs(w[:, None] - w[None, :])
    reach = 2 * cluster_tol(_SPLIT_K_MAX) * norm  # no two members of a cluster are further
    remaining = np.arange(w.size)
    groups: list[tuple[np.ndarray, int]] = []
    while remaining.size > 1:
        sub = dist[np.ix_(remaining, remaining)]
        near = (sub <= reach).sum(axis=1)
        found = None
        for k in range(int(near.max()), 1, -1):
            radii = {}
            for i in np.nonzero(near >= k)[0]:
                idx = tuple(np.sort(remaining[np.argsort(sub[i], kind="stable")[:k]]))
                radius = float(np.max(np.abs(w[list(idx)] - w[list(idx)].mean())))
                if radius <= cluster_tol(k) * norm:
                    radii[idx] = radius
            for idx in sorted(radii, key=radii.get):
                if geo := judge(np.array(idx)):
                    found = (np.array(idx), geo)
                    break
            if found:
                break
        if found is None:
            break
        groups.append(found)
        remaining = np.setdiff1d(remaining, found[0])
    return groups + [(np.array([i]), 1) for i in remaining]


def _root(a1, members, geo: int, real_tol: float, s: float, zero: float) -> EigenCluster:
    """The computed eigenvalues ``members`` of the scaled ``a1`` as one root of ``geo``."""
    centre = complex(members.mean())
    real = bool(np.max(np.abs(members.imag)) <= real_tol)
    basis = None
    if real:  # the eigenspace: the right singular vectors of A − μI with the least σ
        basis = np.linalg.svd(a1 - centre.real * np.eye(a1.shape[0]))[2][a1.shape[0] - geo:]
    value = complex(_snap(centre.real, zero), 0.0 if real else centre.imag)
    radius = float(np.max(np.abs(members - centre)))
    return EigenCluster(value * s, members * s, members.size, geo, real, basis, radius * s)


def eigen_clusters(a, eigenvalues=None) -> list[EigenCluster]:
    """The roots of a finite square matrix with their multiplicities (see module doc).

    ``eigenvalues`` (of ``a`` itself) may be given to save recomputing them. Real roots
    come first, by descending value, then complex ones by descending real part.
    """
    a = np.asarray(a, dtype=float)
    n = a.shape[0]
    s = pow2_scale(float(np.max(np.abs(a)))) if a.size else 1.0
    a1 = a / s
    if eigenvalues is None:
        w = np.linalg.eigvals(a1)
    else:  # real and imaginary parts apart: NumPy's complex ÷ a tiny real overflows
        w = np.asarray(eigenvalues, dtype=complex)
        w = w.real / s + 1j * (w.imag / s)
    b1 = balance(a1)
    norm_a, norm_b = float(np.linalg.norm(a1)), float(np.linalg.norm(b1))

    def judge(idx: np.ndarray) -> int:
        k, members = idx.size, w[idx]
        mu = members.mean()
        mu = mu.real if np.max(np.abs(members.imag)) <= cluster_tol(k) * norm_b else mu
        sv_b = np.linalg.svd(b1 - mu * np.eye(n), compute_uv=False)[::-1]
        sv_a = np.linalg.svd(a1 - mu * np.eye(n), compute_uv=False)
        geo = min(int(np.sum(sv_a <= GEO_TOL * _EPS * norm_a)),
                  int(np.sum(sv_b <= GEO_TOL * _EPS * norm_b)), k)
        if 0 < geo < k:  # Jordan blocks of at most m = k − g + 1 split by (ε‖B‖ν^(m−1))^(1/m)
            m, nu = k - geo + 1, float(sv_b[k - 1])
            if np.max(np.abs(members - mu)) > _SPLIT_C * (_EPS * norm_b * nu ** (m - 1)) ** (
                    1 / m):
                return 0
        return geo

    zero = _zero_tol(n, norm_b)
    out = [_root(a1, w[idx], geo, 0.0 if idx.size == 1 else cluster_tol(idx.size) * norm_b,
                 s, zero) for idx, geo in _group(w, norm_b, judge)]
    out.sort(key=lambda c: (not c.real, -c.value.real, -c.value.imag))
    return out


def shown_eigenvalues(a) -> np.ndarray:
    """The eigenvalues every view prints for a finite square matrix: NumPy's to rounding,
    a root of several computed eigenvalues once per multiplicity, round-off of 0 as 0.

    Sorted by descending real part, then descending imaginary part.
    """
    a = np.asarray(a, dtype=float)
    if a.shape == (1, 1):
        return np.array([complex(a[0, 0])])
    if a.shape == (2, 2):
        w = classify_2x2(a).eigenvalues
    else:
        w = np.array([c.value for c in eigen_clusters(a) for _ in range(c.algebraic)])
    return w[np.lexsort((-w.imag, -w.real))]
