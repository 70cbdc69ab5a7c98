"""The SVD as every lab draws it: signs fixed pair by pair, round-off of 0 stored as 0."""

from __future__ import annotations

import numpy as np

from models.linalg.matrix_facts import matrix_rank
from models.linalg.signs import canonical_sign

__all__ = ["signed_svd"]


def signed_svd(a) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The SVD (u, s, vt) of a finite matrix, each right singular vector (row of ``vt``)
    following the sign convention of :mod:`models.linalg.signs` and its left one (column of
    ``u``) flipped with it, so that U Σ Vᵀ is still A.

    Singular values that NumPy's rank counts as zero (:func:`matrix_rank`) are round-off of
    0 and returned as 0, so the numbers beside a rank agree with it.

    Returns
    -------
    u : ndarray (m, m)
    s : ndarray (min(m, n),), descending
    vt : ndarray (n, n)
        ``(u[:, :k] * s) @ vt[:k]`` is A to rounding, k = min(m, n).
    """
    a = np.asarray(a, dtype=float)
    u, s, vt = np.linalg.svd(a)
    s[matrix_rank(a, s):] = 0.0
    for i in range(s.size):
        if canonical_sign(vt[i]) < 0:  # a pair flips together: U Σ Vᵀ is unchanged
            vt[i], u[:, i] = -vt[i], -u[:, i]
    return u, s, vt
