"""The subspaces the Space lab draws: real eigen-lines (with eigenvalue clusters and
eigenplanes), null spaces, and least squares onto a column space with its right-angle mark.
Pure NumPy; independent of the general projection lab on purpose (its own small lstsq).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from models.core.numfmt import format_value
from models.linalg.eigen_cases import eigen_clusters
from models.linalg.matrix_facts import matrix_rank
from models.linalg.signs import sign_normalised

__all__ = ["EigenLine", "LeastSquaresFit", "eigen_lines", "null_space", "least_squares",
           "right_angle_mark", "least_squares_fit"]


@dataclass(frozen=True)
class EigenLine:
    """One real eigen-direction: λ, a unit direction, and the dimension of its eigenspace."""

    value: float
    direction: np.ndarray
    space_dim: int


def _nice_basis(v: np.ndarray) -> np.ndarray:
    """An orthonormal basis (rows) of the row space of ``v``, as close to the axes as it goes.

    An eigenplane such as the xy-plane is then drawn along x and y, not at a random angle.
    """
    proj = v.T @ v  # projector onto the subspace
    out: list[np.ndarray] = []
    for _ in range(v.shape[0]):
        cand = proj.copy()
        for q in out:
            cand -= np.outer(q, q) @ cand
        k = int(np.argmax(np.linalg.norm(cand, axis=0)))
        q = cand[:, k] / np.linalg.norm(cand[:, k])
        out.append(sign_normalised(q))
    return np.array(out)


def eigen_lines(m) -> tuple[list[EigenLine], list[complex], list[str]]:
    """Real eigen-directions of a 3×3 matrix, its complex eigenvalues, and notes for a person.

    Eigenvalues are clustered as :func:`models.linalg.eigen_cases.eigen_clusters` does for the
    inspector's ``defective`` flag (a triple root splits by about ε^(1/3)·‖M‖, even into
    what looks like a complex pair); each real cluster's eigenspace is the null space of
    M − μI, spanned by axis-friendly lines.
    """
    m = np.asarray(m, dtype=float)
    lines, notes, complex_vals = [], [], []
    for c in eigen_clusters(m):
        if not c.real:
            if c.value.imag > 0:
                complex_vals.append(c.value)
            continue
        geo, alg = c.geometric, c.algebraic
        mu = float(c.value.real)  # round-off of 0 is already 0 (eigen_cases)
        for d in _nice_basis(c.basis):
            lines.append(EigenLine(mu, d, geo))
        lam = format_value(mu, 4)
        if geo == 3:
            notes.append(f"every vector is an eigenvector (λ = {lam})")
        elif geo == 2:
            notes.append(f"λ = {lam}: a whole plane of eigenvectors")
        if geo < alg:
            notes.append(f"λ = {lam} is defective: {alg} times a root, "
                         f"{geo} eigen-direction{'s' if geo > 1 else ''}")
    for z in complex_vals:
        notes.append(f"complex pair λ = {format_value(z.real, 4)} ± {format_value(z.imag, 4)}i: "
                     f"a plane turns (|λ| = {format_value(abs(z), 4)}, "
                     f"{format_value(np.degrees(np.angle(z)), 4)}°), no real eigenvector in it")
    return lines, complex_vals, notes


def null_space(a) -> np.ndarray:
    """Orthonormal basis (rows, signs fixed) of the null space of ``a`` (m×n), with the
    rank tolerance of :func:`models.linalg.matrix_facts.matrix_rank` (the inspector's)."""
    a = np.asarray(a, dtype=float)
    _, s, vt = np.linalg.svd(a)
    basis = vt[matrix_rank(a, s):]
    return _nice_basis(basis) if basis.shape[0] else np.zeros((0, a.shape[1]))


def least_squares(a, b) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Least squares for Ax ≈ b: x̂ (the minimum-norm solution, as ``np.linalg.lstsq``
    gives), the projection p = Ax̂ of b onto the column space, and the residual r = b − p.

    Solved through the SVD A = UΣVᵀ: p = QQᵀb with Q the first rank(A) columns of U, so r
    is perpendicular to the columns to working precision even for ill-conditioned A.
    A is scaled by its largest entry first, so tiny (1e-300) or huge columns give a finite
    p and r; x̂ itself may then be ±inf (it really is that large). A residual within the
    rounding of forming p (|r| ≤ 10·m·ε·|b|, A m×n) is round-off: b lies in the column
    space, p = b and r = 0.
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    s = float(np.max(np.abs(a))) if a.size else 0.0
    if s == 0.0:
        return np.zeros(a.shape[1]), np.zeros_like(b), b.copy()
    u, sv, vt = np.linalg.svd(a / s, full_matrices=False)
    k = matrix_rank(a / s, sv)
    c = u[:, :k].T @ b
    p = u[:, :k] @ c
    with np.errstate(over="ignore"):
        xhat = (vt[:k].T @ (c / sv[:k])) / s
    r = b - p
    if np.linalg.norm(r) <= 10 * a.shape[0] * np.finfo(float).eps * np.linalg.norm(b):
        return xhat, b.copy(), np.zeros_like(b)
    return xhat, p, r


def right_angle_mark(p, r, along, size: float) -> np.ndarray:
    """Three points of the small square drawn at p where the residual r meets the plane.

    ``along`` is a direction inside the plane (the mark's second side); both sides have
    length ``size``. Returns (3, 3): p + s·û, p + s·û + s·r̂, p + s·r̂.
    """
    p, r, along = (np.asarray(v, dtype=float) for v in (p, r, along))
    rh = r / np.linalg.norm(r)
    u = along - (along @ rh) * rh
    u = u / np.linalg.norm(u)
    return np.array([p + size * u, p + size * (u + rh), p + size * rh])


@dataclass(frozen=True)
class LeastSquaresFit:
    """b ≈ Ax̂: x̂, the projection p = Ax̂, the residual r = b − p, |r|, and the right-angle
    mark at p (three points; None when b lies in the column space or the columns are
    parallel)."""

    xhat: np.ndarray
    p: np.ndarray
    r: np.ndarray
    residual_norm: float
    mark: np.ndarray | None


def least_squares_fit(a: np.ndarray, b, col_basis) -> LeastSquaresFit:
    """Least squares of ``a`` (3×2) against ``b`` as drawn: see :class:`LeastSquaresFit`."""
    xhat, p, r = least_squares(a, b)
    rn, pn = float(np.linalg.norm(r)), float(np.linalg.norm(p))
    mark = None
    if col_basis is not None and rn > 1e-9 * max(1.0, float(np.linalg.norm(b))):
        # The mark's side along the plane points back toward 0 (or along q₁ when p = 0);
        # its size follows the two legs so it never outgrows the triangle it marks.
        along = -p if pn > 1e-9 * rn else col_basis[0]
        size = 0.12 * min(rn, pn) if pn > 1e-9 * rn else 0.12 * rn
        mark = right_angle_mark(p, r, along, size)
    return LeastSquaresFit(xhat, p, r, rn, mark)
