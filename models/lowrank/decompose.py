"""The decomposition behind the Low-rank lab, and the rank-k matrices built from it.

:func:`decompose` runs once per matrix — a full SVD where it is affordable, else a
randomised SVD of the first singular triplets (with a bound on their error) — on the GPU
through :mod:`models.core.backend` when one is present. :class:`Recomposer` then gives
Aₖ = Σᵢ≤ₖ σᵢuᵢvᵢᵀ for any k, adding or removing only the layers between the old k and the
new one, so a slider step costs a few rank-one updates rather than a full product.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from models.core.backend import Backend, numpy_backend, run_with_fallback
from models.linalg.truncated_svd import randomized_svd, residual_norm_estimate

__all__ = ["Decomposition", "decompose", "full_svd_limit", "TRUNCATED_TOP", "Recomposer",
           "frobenius_norm",
           "spectral_norm"]

#: How many triplets a randomised SVD computes when the full one is too dear (CPU, GPU).
TRUNCATED_TOP = {False: 128, True: 512}


def full_svd_limit(gpu: bool) -> int:
    """The largest min(m, n) decomposed in full: 4096 on a GPU, 1536 on the CPU (a full
    SVD of 1536² takes a few seconds on two cores; beyond, only the first values)."""
    return 4096 if gpu else 1536


@dataclass(frozen=True, eq=False)
class Decomposition:
    """Singular triplets of an m × n matrix, in host memory (float32), values descending.

    Attributes
    ----------
    u : ndarray (m, r)
    s : ndarray (r,)
    vt : ndarray (r, n)
    shape : (int, int)
    total : float
        ‖A‖_F², summed from the matrix itself (exact whatever r is).
    exact : bool
        True for a full SVD (r = min(m, n)); False for a randomised one.
    bound : float
        0 for a full SVD; else a bound on |σᵢ − σ̂ᵢ| (see
        :func:`models.linalg.truncated_svd.residual_norm_estimate`).
    device : str
        Where it was computed.
    """

    u: np.ndarray
    s: np.ndarray
    vt: np.ndarray
    shape: tuple[int, int]
    total: float
    exact: bool
    bound: float
    device: str

    @property
    def rank_max(self) -> int:
        """min(m, n)."""
        return min(self.shape)

    @property
    def k_max(self) -> int:
        """The largest k the lab offers: min(m, n) after a full SVD; one less than the values
        computed after a randomised one (so σₖ₊₁, the spectral error, is known)."""
        return self.rank_max if self.exact else max(len(self.s) - 1, 1)

    @property
    def method(self) -> str:
        """How the values were found, for a person."""
        if self.exact:
            return "full SVD"
        return (f"randomised SVD, first {len(self.s)} of {self.rank_max} values "
                f"(each within about {self.bound:.2g})")


def _svd(backend: Backend, a: np.ndarray, top: int | None, seed: int):
    xp = backend.xp
    d = backend.asarray(a, dtype=np.float32)
    total = float(xp.sum(d.astype(xp.float64) ** 2))
    if top is None:
        u, s, vt = xp.linalg.svd(d, full_matrices=False)
        bound = 0.0
    else:
        u, s, vt, q = randomized_svd(xp, d, top, seed=seed)
        bound = residual_norm_estimate(xp, d, q)
    host = backend.to_host
    return (np.ascontiguousarray(host(u), dtype=np.float32), host(s).astype(np.float32),
            np.ascontiguousarray(host(vt), dtype=np.float32), total, bound)


def decompose(a: np.ndarray, top: int | None = None, *, backend: Backend | None = None,
              seed: int = 0) -> Decomposition:
    """The SVD of ``a``: full, or the first ``top`` triplets by a randomised SVD.

    Parameters
    ----------
    a : ndarray (m, n)
        Finite real values.
    top : int, optional
        Ask for only the first ``top`` triplets; None decides by :func:`full_svd_limit`
        (a full SVD when affordable, else :data:`TRUNCATED_TOP`). A ``top`` of min(m, n)
        or more gives the full SVD.
    backend : Backend, optional
        NumPy by default; a CuPy backend computes on the GPU and falls back to NumPy on a
        GPU failure.
    seed : int
        Seed of the randomised SVD's test matrix.
    """
    a = np.asarray(a)
    if a.ndim != 2 or 0 in a.shape:
        raise ValueError(f"a matrix needs two non-empty dimensions, got shape {a.shape}")
    backend = backend or numpy_backend()
    r = min(a.shape)
    if top is None:
        top = None if r <= full_svd_limit(backend.is_gpu) else TRUNCATED_TOP[backend.is_gpu]
    if top is not None and top + 1 >= r:
        top = None  # as dear as the full SVD, and exact
    if top is not None and top < 1:
        raise ValueError(f"top must be at least 1, got {top}")
    (u, s, vt, total, bound), used, _ = run_with_fallback(_svd, backend, a, top, seed)
    return Decomposition(u, s, vt, tuple(int(x) for x in a.shape), total, top is None,
                         bound, used.device)


class Recomposer:
    """Aₖ for a moving k, by adding or removing only the layers that change.

    Going from k to k′ costs |k′ − k| rank-one layers (one (m × |Δ|)·(|Δ| × n) product);
    when that is dearer than building Aₖ′ afresh, or after :attr:`REFRESH` updates (so
    float32 round-off cannot pile up), it rebuilds.
    """

    #: Incremental updates between two rebuilds.
    REFRESH = 64

    def __init__(self, dec: Decomposition) -> None:
        self.dec = dec
        self.k = 0
        self._a = np.zeros(dec.shape, dtype=np.float32)
        self._updates = 0

    def at(self, k: int) -> np.ndarray:
        """Aₖ (a read-only float32 array; the next call may return a different one)."""
        d = self.dec
        k = int(min(max(k, 0), len(d.s)))
        if k != self.k:
            lo, hi = sorted((self.k, k))
            if hi - lo >= k or self._updates >= self.REFRESH:
                a = (d.u[:, :k] * d.s[:k]) @ d.vt[:k] if k else np.zeros(d.shape, np.float32)
                self._updates = 0
            else:
                layers = (d.u[:, lo:hi] * d.s[lo:hi]) @ d.vt[lo:hi]
                a = self._a + layers if k > self.k else self._a - layers
                self._updates += 1
            a.setflags(write=False)
            self._a, self.k = a, k
        return self._a


def spectral_norm(e: np.ndarray, start: np.ndarray | None = None, *,
                  tol: float = 1e-6, max_iter: int = 30) -> float:
    """‖E‖₂ computed from E itself.

    Small matrices (min side ≤ 256), or any without a ``start``, get LAPACK's exact value;
    larger ones a block power iteration on EᵀE (the guess ``start`` for the top right
    singular vector — for A − Aₖ, vₖ₊₁ — plus three random directions), stopped when the
    estimate moves less than ``tol`` relatively (float32 round-off moves it by about 1e-7 a
    pass, so a smaller ``tol`` would never stop).
    """
    e = np.asarray(e, dtype=np.float32)
    if min(e.shape) <= 256 or start is None:
        # Without a good first guess power iteration can crawl (no gap between the top
        # values): LAPACK's value, however long it takes.
        return float(np.linalg.norm(e.astype(np.float64), 2))
    n = e.shape[1]
    block = np.random.default_rng(0).standard_normal((n, 4)).astype(np.float32)
    if start is not None:
        block[:, 0] = start
    q, _ = np.linalg.qr(block)
    last = 0.0
    for _ in range(max_iter):
        y = e @ q
        value = float(np.linalg.svd(y.astype(np.float64), compute_uv=False)[0])
        if value == 0.0 or abs(value - last) <= tol * value:
            return value
        last = value
        q, _ = np.linalg.qr(e.T @ y)
    return last


def frobenius_norm(e: np.ndarray) -> float:
    """‖E‖_F computed from E itself (summed in float64)."""
    return math.sqrt(float(np.einsum("ij,ij->", e, e, dtype=np.float64)))


