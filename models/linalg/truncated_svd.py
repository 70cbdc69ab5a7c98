"""Randomised SVD (Halko, Martinsson and Tropp, 2011): the first r singular triplets of a
matrix without its full decomposition, with a bound on how far the values can be off.

Backend-generic: the caller passes the array module of its arrays (NumPy or CuPy).
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["OVERSAMPLING", "randomized_svd", "residual_norm_estimate"]

#: Extra random directions beyond r: ten make the first r nearly exact in practice.
OVERSAMPLING = 10


def randomized_svd(xp: Any, a: Any, r: int, power_iterations: int = 4, seed: int = 0):
    """The first ``r`` singular triplets of ``a`` (m × n), by a randomised range finder.

    Parameters
    ----------
    xp : module
        The array module of ``a``.
    a : array (m, n)
    r : int
        How many triplets (at most min(m, n)).
    power_iterations : int
        Passes of (A Aᵀ) that sharpen a slowly decaying spectrum; each is re-orthonormalised
        so round-off does not wash out the small directions.
    seed : int
        Seed of the random test matrix (the result is reproducible).

    Returns
    -------
    u (m, r), s (r,), vt (r, n), q (m, w)
        The triplets, and the orthonormal basis Q of the sampled range (w = r + oversampling,
        capped by the shape) that :func:`residual_norm_estimate` checks.
    """
    m, n = a.shape
    width = min(r + OVERSAMPLING, m, n)
    omega = xp.asarray(np.random.default_rng(seed).standard_normal((n, width)), dtype=a.dtype)
    q, _ = xp.linalg.qr(a @ omega)
    for _ in range(power_iterations):
        q, _ = xp.linalg.qr(a.T @ q)
        q, _ = xp.linalg.qr(a @ q)
    ub, s, vt = xp.linalg.svd(q.T @ a, full_matrices=False)
    return (q @ ub)[:, :r], s[:r], vt[:r], q


def residual_norm_estimate(xp: Any, a: Any, q: Any, iterations: int = 8, seed: int = 1) -> float:
    """‖(I − QQᵀ) A‖₂, the part of ``a`` the basis Q misses, by block power iteration.

    By Weyl's inequality no singular value of QQᵀA (the ones :func:`randomized_svd`
    returns) lies further than the exact norm from the exact one. Power iteration reaches
    that norm from below: eight passes of a four-vector block give it to a few per cent, so
    it is an estimate of the bound (shown as "within about"), not a guarantee.
    """
    n = a.shape[1]
    x = xp.asarray(np.random.default_rng(seed).standard_normal((n, 4)), dtype=a.dtype)
    value = 0.0
    for _ in range(iterations):
        x, _ = xp.linalg.qr(x)
        y = a @ x
        y = y - q @ (q.T @ y)  # (I − QQᵀ) A x
        value = float(xp.linalg.svd(y, compute_uv=False)[0])
        x = a.T @ y - a.T @ (q @ (q.T @ y))  # Rᵀ R x, with R = (I − QQᵀ) A
    return value
