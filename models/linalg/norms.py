"""Matrix norms: ‖A‖₁, ‖A‖₂, ‖A‖∞ and ‖A‖_F, computed one way for every lab. Pure NumPy."""

from __future__ import annotations

import numpy as np

__all__ = ["matrix_norms"]


def matrix_norms(a, singular_values=None) -> dict[str, float]:
    """The induced norms ‖A‖₁ (largest column sum of |aᵢⱼ|), ‖A‖₂ (σ₁) and ‖A‖∞ (largest
    row sum), and the Frobenius norm ‖A‖_F, of a finite non-empty matrix.

    Parameters
    ----------
    a : array_like, shape (m, n)
    singular_values : ndarray, optional
        A's singular values, descending, when already computed (saves an SVD).

    Returns
    -------
    dict
        Keys ``l1``, ``l2``, ``inf`` and ``fro``.
    """
    a = np.asarray(a, dtype=float)
    s = np.linalg.svd(a, compute_uv=False) if singular_values is None else singular_values
    s0 = float(s[0])
    abs_a = np.abs(a)
    return {
        "l1": float(np.max(np.sum(abs_a, axis=0))),
        "l2": s0,
        "inf": float(np.max(np.sum(abs_a, axis=1))),
        # From the singular values, scaled by σ₁: no underflow (‖[[1e-320]]‖_F is 1e-320,
        # not 0) and never below ‖A‖₂ by rounding.
        "fro": s0 * float(np.sqrt(np.sum((s / s0) ** 2))) if 0 < s0 < np.inf else s0,
    }
