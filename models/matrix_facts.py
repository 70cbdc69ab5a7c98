"""Everything a person asks about one matrix: determinant, rank, eigen and singular values,
norms and structural flags. Pure NumPy; used by the inspector and ``linscope inspect``."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["MatrixFacts", "analyze", "matrix_rank", "is_defective"]


@dataclass(frozen=True)
class MatrixFacts:
    """Derived facts of an m×n matrix; square-only facts are ``None`` for non-square input."""

    shape: tuple[int, int]
    det: float | None
    trace: float | None
    rank: int
    eigenvalues: np.ndarray | None  # complex, sorted by descending real part then imag
    eigenvectors: np.ndarray | None  # columns, complex
    singular_values: np.ndarray  # descending
    condition_number: float  # inf when singular
    norms: dict[str, float]  # l1, l2, inf, fro (induced norms for matrices)
    symmetric: bool | None
    orthogonal: bool | None
    invertible: bool | None
    defective: bool | None
    inverse: np.ndarray | None

    def to_json(self) -> dict:
        """Plain-JSON form with the keys of ``linscope inspect --json``."""
        def num(x):
            return None if x is None else (float(x) if np.isfinite(x) else None)

        return {
            "shape": list(self.shape),
            "det": num(self.det),
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

    Eigenvalues of a defective matrix computed in floating point split by about √ε·‖A‖,
    so they are clustered with that tolerance before counting multiplicities.
    """
    n = a.shape[0]
    lam = np.linalg.eigvals(a) if eigenvalues is None else eigenvalues
    scale = max(float(np.max(np.abs(a))), 1e-300)
    cluster_tol = 1e-6 * scale
    used = np.zeros(n, dtype=bool)
    for i in range(n):
        if used[i]:
            continue
        members = np.abs(lam - lam[i]) <= cluster_tol
        used |= members
        alg = int(members.sum())
        if alg < 2:
            continue
        centre = lam[members].mean()
        shifted = a - centre * np.eye(n)
        s = np.linalg.svd(shifted, compute_uv=False)
        geo = int(np.sum(s <= 1e-6 * scale))
        if geo < alg:
            return True
    return False


def _sorted_eig(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    w, v = np.linalg.eig(a)
    order = np.lexsort((-w.imag, -w.real))
    return w[order], v[:, order]


def analyze(a) -> MatrixFacts:
    """Compute :class:`MatrixFacts` of a finite real matrix.

    Parameters
    ----------
    a : array_like, shape (m, n)

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
    cond = float(s[0] / s[-1]) if s[-1] > _tol(a, float(s[0])) and min(m, n) > 0 else np.inf
    if min(m, n) < max(m, n):
        cond = np.inf if rank < min(m, n) else float(s[0] / s[min(m, n) - 1])
    norms = {
        "l1": float(np.linalg.norm(a, 1)),
        "l2": float(s[0]),
        "inf": float(np.linalg.norm(a, np.inf)),
        "fro": float(np.linalg.norm(a, "fro")),
    }
    if m != n:
        return MatrixFacts((m, n), None, None, rank, None, None, s, cond, norms,
                           None, None, None, None, None)
    scale = max(float(np.max(np.abs(a))), 1.0)
    w, v = _sorted_eig(a)
    det = float(np.linalg.det(a))
    invertible = rank == n
    inverse = np.linalg.inv(a) if invertible else None
    if inverse is not None and not np.all(np.isfinite(inverse)):
        inverse = None  # invertible in exact arithmetic, but A⁻¹ overflows a double
    symmetric = bool(np.allclose(a, a.T, rtol=0, atol=1e-12 * scale))
    orthogonal = bool(np.allclose(a.T @ a, np.eye(n), rtol=0, atol=1e-10))
    return MatrixFacts(
        shape=(m, n), det=det, trace=float(np.trace(a)), rank=rank, eigenvalues=w,
        eigenvectors=v, singular_values=s, condition_number=cond, norms=norms,
        symmetric=symmetric, orthogonal=orthogonal, invertible=invertible,
        defective=is_defective(a, w), inverse=inverse,
    )
