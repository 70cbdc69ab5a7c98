"""Which eigen case a matrix is in: one rule shared by the inspector, the Plane lab and the
Space lab, so a picture and the facts beside it never disagree. Pure NumPy.

2×2 (:func:`classify_2x2`)
    Write A = μI + N with μ = tr A / 2, so N is traceless and N² = −det(N)·I: the two
    eigenvalues are μ ± h with h² = −det N, and their gap is g = 2√|det N| (complex when
    det N > 0). With ‖·‖ the Frobenius norm and ``scale`` the largest entry of A:

    * ‖N‖ ≤ 1e-9·scale: A is a multiple of I to working precision: **repeated**, every
      direction is an eigenvector;
    * g ≤ 1e-3·‖N‖: **defective**, one eigen-direction, the null space of N. The ratio
      g/‖N‖ measures how far the shear part is from nilpotent, and the angle between the two
      eigen-directions is of the same order: below 1e-3 they are one line on any screen,
      and rounding (which moves g by about √(ε·‖N‖·scale)) cannot push a true Jordan block
      P·[[λ, 1], [0, λ]]·P⁻¹ across the line. A symmetric N has g/‖N‖ = √2 exactly, so
      symmetric matrices are never defective;
    * otherwise **distinct** real (det N < 0) or **complex** (det N > 0) with the exact
      formulas.

    All of it is computed on A scaled by a power of two (exact), so entries from 1e-300
    to 1e300 give the same answer as entries near 1.

n×n (:func:`eigen_clusters`)
    A k-fold eigenvalue of a k×k Jordan block moved by a rounding error of size ε·‖A‖
    splits into k eigenvalues on a circle of radius about ε^(1/k)·‖A‖ (a triple root
    by about 6e-6·‖A‖, which can look like a complex pair). So k computed eigenvalues form
    one cluster when they lie within ``tol(k) = 10·ε^(1/k)·‖A‖`` of their mean: about
    1.5e-7·‖A‖ for a pair, 6e-5·‖A‖ for a triple, 1.2e-3·‖A‖ for four or more (capped
    there: beyond four, a double cannot tell a split root from distinct eigenvalues, and
    a growing tolerance would lump whole spectra together). Larger clusters are looked
    for first, since a split triple is not made of close pairs.

    A cluster whose members are all within ``tol(k)`` of the real axis is real, with
    centre μ the mean. Its geometric multiplicity is the number of singular values of
    A − μI at most max(10·radius, 1e-9·scale, 10·n·ε·‖A‖): for a diagonalisable cluster
    those singular values are about the distances |λᵢ − μ| (at most the radius, times the
    conditioning of the eigenvectors), while a Jordan block keeps the shear's singular
    values of order ‖N‖, far above. The 1e-9·scale floor is the 2×2 rule's "A − μI is
    zero": a 3×3 holding a 2×2 block reads repeated/defective as the Plane lab reads the
    block, and a matrix symmetric to the inspector's 1e-12·scale is never defective.
    The cluster is defective when geometric < algebraic.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

__all__ = ["EIGEN_CASES", "Eigen2x2", "EigenCluster", "classify_2x2", "eigen_clusters",
           "pow2_scale", "cluster_tol", "REPEATED_TOL", "DEFECTIVE_GAP"]

EIGEN_CASES = ("distinct", "repeated", "defective", "complex")
REPEATED_TOL = 1e-9  # ‖A − μI‖ / max|aᵢⱼ| below this: A = μI
DEFECTIVE_GAP = 1e-3  # eigenvalue gap / ‖A − μI‖ below this: one eigen-direction
_EPS = float(np.finfo(float).eps)
_SPLIT_C = 10.0  # cluster tolerance: this many times the expected split ε^(1/k)·‖A‖
_SPLIT_K_MAX = 4  # the tolerance stops growing at clusters of this size
_GEO_C = 10.0  # a singular value of A − μI under this many radii counts as zero


def pow2_scale(x: float) -> float:
    """A power of two p with x/p in [1, 2) (1.0 for 0 or non-finite x).

    Dividing by it is exact, so a matrix can be brought near 1 without changing its digits.
    """
    x = abs(float(x))
    if x == 0.0 or not math.isfinite(x):
        return 1.0
    return math.ldexp(1.0, math.frexp(x)[1] - 1)


def _sign_fixed_2(v: np.ndarray) -> np.ndarray:
    """Unit ``v`` with its first non-zero component positive (steady pictures)."""
    v = v / np.hypot(v[0], v[1])
    if v[0] < -1e-12 or (abs(v[0]) <= 1e-12 and v[1] < 0):
        v = -v
    return v + 0.0  # no −0 components


@dataclass(frozen=True)
class Eigen2x2:
    """The eigen case of a 2×2 matrix and what the Plane lab draws for it.

    eigenvalues : (2,) complex; λ₁ ≥ λ₂ when real, λ₁ = μ + ih first when complex
    lines : (λ, unit direction) for each real eigen-direction (none for repeated/complex)
    rotation_angle, rotation_scale : θ and r of λ = r e^{±iθ} (complex case only)
    gap_ratio : g/‖N‖ (0 when A = μI), the number the defective rule thresholds
    """

    case: str
    eigenvalues: np.ndarray
    lines: list
    rotation_angle: float | None
    rotation_scale: float | None
    gap_ratio: float

    @property
    def defective(self) -> bool:
        return self.case == "defective"


def classify_2x2(m) -> Eigen2x2:
    """Eigen case, eigenvalues and eigen-directions of a finite 2×2 matrix (see module doc)."""
    m = np.asarray(m, dtype=float).reshape(2, 2)
    s = pow2_scale(float(np.max(np.abs(m))))
    a, b, c, d = (float(x) for x in (m / s).ravel())
    big = max(abs(a), abs(b), abs(c), abs(d))
    mu = 0.5 * a + 0.5 * d  # halves first: no overflow, exact
    p = 0.5 * a - 0.5 * d  # N = [[p, b], [c, −p]]
    n_norm = math.sqrt(2 * p * p + b * b + c * c)
    if n_norm <= REPEATED_TOL * big:
        lam = np.array([mu * s, mu * s], dtype=complex)
        return Eigen2x2("repeated", lam, [], None, None, 0.0)
    t = pow2_scale(n_norm)
    pn, bn, cn = p / t, b / t, c / t
    q = pn * pn + bn * cn  # = −det(N)/t²: the eigenvalues of N/t are ±√q
    gap_ratio = 2 * math.sqrt(abs(q)) / (n_norm / t)
    if gap_ratio <= DEFECTIVE_GAP:
        # N is (nearly) nilpotent, so its range is its null space: the larger column spans
        # the one eigen-direction.
        c0, c1 = np.array([pn, cn]), np.array([bn, -pn])
        col = c0 if np.hypot(*c0) >= np.hypot(*c1) else c1
        lam = np.array([mu * s, mu * s], dtype=complex)
        return Eigen2x2("defective", lam, [(float(mu * s), _sign_fixed_2(col))], None,
                        None, gap_ratio)
    h = t * math.sqrt(abs(q))  # half the gap, in the scaled units
    if q < 0:
        lam = np.array([complex(mu * s, h * s), complex(mu * s, -h * s)])
        angle = float(abs(math.atan2(h, mu)))
        return Eigen2x2("complex", lam, [], angle, float(math.hypot(mu, h) * s), gap_ratio)
    lines = []
    for sign in (1.0, -1.0):
        # A − λI = N ∓ hI; the eigen-direction is orthogonal to its larger row (exact for
        # 2×2, and free of the cancellation in a − λ).
        r0 = np.array([pn - sign * h / t, bn])
        r1 = np.array([cn, -pn - sign * h / t])
        row = r0 if np.hypot(*r0) >= np.hypot(*r1) else r1
        lines.append((float((mu + sign * h) * s), _sign_fixed_2(np.array([-row[1], row[0]]))))
    lam = np.array([lines[0][0], lines[1][0]], dtype=complex)
    return Eigen2x2("distinct", lam, lines, None, None, gap_ratio)


def cluster_tol(k: int) -> float:
    """Largest radius (÷‖A‖_F) of a cluster of ``k`` computed eigenvalues taken as one root."""
    return _SPLIT_C * _EPS ** (1.0 / min(max(k, 2), _SPLIT_K_MAX))


@dataclass(frozen=True)
class EigenCluster:
    """Computed eigenvalues taken as one root of the characteristic polynomial.

    value : the centre (real clusters: real, imag exactly 0)
    members : the computed eigenvalues in it
    algebraic, geometric : multiplicities (geometric = dim null(A − μI), 1 ≤ geo ≤ alg)
    real : whether the root is real
    basis : rows, an orthonormal basis of the eigenspace null(A − μI) (real clusters only)
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


def _group(w: np.ndarray, norm: float) -> list[np.ndarray]:
    """Index sets of the clusters of ``w`` (see module doc), largest clusters found first."""
    n = w.size
    dist = np.abs(w[:, None] - w[None, :])
    reach = 2 * cluster_tol(_SPLIT_K_MAX) * norm  # no two members of a cluster are further
    remaining = np.arange(n)
    groups: list[np.ndarray] = []
    while remaining.size > 1:
        sub = dist[np.ix_(remaining, remaining)]
        near = (sub <= reach).sum(axis=1)
        best, best_radius = None, np.inf
        for k in range(int(near.max()), 1, -1):
            tol = cluster_tol(k) * norm
            for i in np.nonzero(near >= k)[0]:
                idx = remaining[np.argsort(sub[i], kind="stable")[:k]]
                radius = float(np.max(np.abs(w[idx] - w[idx].mean())))
                if radius <= tol and radius < best_radius:
                    best, best_radius = idx, radius
            if best is not None:
                break
        if best is None:
            break
        groups.append(np.sort(best))
        remaining = np.setdiff1d(remaining, best)
    groups += [np.array([i]) for i in remaining]
    return groups


def eigen_clusters(a, eigenvalues=None) -> list[EigenCluster]:
    """The eigenvalue clusters of a finite square matrix with their multiplicities.

    ``eigenvalues`` (of ``a`` itself) may be given to save recomputing them. Real clusters
    come first, by descending centre, then complex ones by descending real part.
    """
    a = np.asarray(a, dtype=float)
    n = a.shape[0]
    s = pow2_scale(float(np.max(np.abs(a)))) if a.size else 1.0
    a1 = a / s
    w = (np.linalg.eigvals(a1) if eigenvalues is None
         else np.asarray(eigenvalues, dtype=complex) / s)
    norm = float(np.linalg.norm(a1))
    big = float(np.max(np.abs(a1))) if a1.size else 0.0
    out = []
    for idx in _group(w, norm):
        k = idx.size
        members = w[idx]
        centre = complex(members.mean())
        radius = float(np.max(np.abs(members - centre)))
        real = bool(np.max(np.abs(members.imag)) <= cluster_tol(k) * norm)
        if real:
            centre = complex(centre.real, 0.0)
        geo, basis = 1, None
        if real or k > 1:
            shifted = a1 - (centre.real if real else centre) * np.eye(n)
            _, sv, vh = np.linalg.svd(shifted)
            tol = max(_GEO_C * radius, REPEATED_TOL * big, _GEO_C * n * _EPS * norm)
            geo = min(k, max(1, int(np.sum(sv <= tol))))
            if real:
                basis = vh[n - geo:]
        out.append(EigenCluster(centre * s, members * s, k, geo, real, basis, radius * s))
    out.sort(key=lambda c: (not c.real, -c.value.real, -c.value.imag))
    return out
