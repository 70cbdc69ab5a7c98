"""Principal component analysis from the SVD of the centred data, exact or randomized.

For data X (n samples × d features), centred Xc = X − mean = U Σ Vᵀ: the principal axes
are the rows of Vᵀ, the coordinates of the samples are U Σ = Xc V, and the variance along
axis i is σᵢ² / (n − 1), the i-th eigenvalue of the covariance matrix. Each axis follows
the project's sign rule (:mod:`models.linalg.signs`), so the picture does not flip when
the data change a little.

Exact or approximate
--------------------
``method="exact"`` computes every component exactly, to rounding: a thin SVD, or for
tall data (n ≥ 4d) the SVD of the d × d factor R of Xc = QR found by Cholesky QR twice,
which is several times faster and as accurate for all but nearly rank-deficient data
(those take the plain SVD).
``method="randomized"`` (Halko, Martinsson & Tropp 2011: a Gaussian sketch with 10
extra columns, power iterations and a seeded Generator) computes only the first
components; they are approximate, very close when the spectrum falls away after them.
``method="auto"`` takes the randomized path only when n·d is large and fewer than a
quarter of the components are asked for. The result's ``exact`` says which was used.
Either way the explained-variance *ratios* divide by the exact total variance
‖Xc‖_F² / (n − 1), so they never claim more than the components hold.

Arrays may be NumPy or CuPy; the result holds NumPy arrays, computed in float64.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from models.core.backend import array_module
from models.linalg.signs import canonical_sign

__all__ = ["METHODS", "PCAResult", "pca", "project_on_axis"]

#: The ways :func:`pca` can compute the SVD.
METHODS = ("auto", "exact", "randomized")
#: n·d from which ``method="auto"`` considers the randomized SVD.
_RANDOMIZED_FROM = 10_000_000
_OVERSAMPLING = 10


@dataclass(frozen=True)
class PCAResult:
    """What :func:`pca` found; arrays are read-only NumPy float64.

    Attributes
    ----------
    mean : (d,)
        The mean that was subtracted (zeros when not centred).
    components : (r, d)
        Principal axes as unit rows, by decreasing variance.
    singular_values : (r,)
        σᵢ of the centred data.
    explained_variance : (r,)
        σᵢ² / (n − 1): the covariance's eigenvalues.
    explained_variance_ratio : (r,)
        Each variance over the exact total variance.
    cumulative : (r,)
        Running sum of the ratios.
    coordinates : (n, r)
        The samples along the axes (divided by √variance when whitened).
    total_variance : float
        ‖Xc‖_F² / (n − 1), exact whatever the method.
    exact : bool
        False when the randomized SVD was used.
    whitened : bool
    """

    mean: np.ndarray
    components: np.ndarray
    singular_values: np.ndarray
    explained_variance: np.ndarray
    explained_variance_ratio: np.ndarray
    cumulative: np.ndarray
    coordinates: np.ndarray
    total_variance: float
    exact: bool
    whitened: bool

    def components_for(self, fraction: float) -> int | None:
        """The fewest components whose variance is at least ``fraction`` of the total.

        Parameters
        ----------
        fraction : float in (0, 1], e.g. 0.90, 0.95 or 0.99

        Returns
        -------
        int or None
            None when the computed components do not reach it (ask for more).
        """
        if not 0 < fraction <= 1:
            raise ValueError(f"fraction must be in (0, 1], got {fraction!r}")
        # A hair of tolerance: 0.95 of the total must not be missed by rounding.
        reached = np.nonzero(self.cumulative >= fraction - 1e-12)[0]
        return int(reached[0]) + 1 if reached.size else None


def _randomized(xp: Any, xc: Any, r: int, power_iterations: int, seed: int):
    """Halko et al.'s randomized SVD of ``xc``: its first r singular triplets."""
    n, d = xc.shape
    width = min(r + _OVERSAMPLING, n, d)
    omega = xp.asarray(np.random.default_rng(seed).standard_normal((d, width)))
    q, _ = xp.linalg.qr(xc @ omega)
    for _ in range(power_iterations):  # re-orthonormalise each pass: no loss to round-off
        q, _ = xp.linalg.qr(xc.T @ q)
        q, _ = xp.linalg.qr(xc @ q)
    ub, s, vt = xp.linalg.svd(q.T @ xc, full_matrices=False)
    return (q @ ub)[:, :r], s[:r], vt[:r]


def _cholesky_qr2_r(xp: Any, xc: Any) -> Any:
    """The R of a QR of tall ``xc`` by Cholesky QR twice, or None when too ill-conditioned.

    Two passes of Gram matrix, Cholesky factor and triangular solve give an R as accurate
    as Householder QR's for κ(xc) up to about 10⁸ (Fukaya et al. 2014), at the cost of
    three matrix products: several times faster for n ≫ d. Beyond that bound (or for
    rank-deficient data) the caller uses the ordinary SVD.
    """
    try:
        lower = xp.linalg.cholesky(xc.T @ xc)  # CuPy returns NaN instead of raising
    except np.linalg.LinAlgError:
        return None
    sv = xp.linalg.svd(lower, compute_uv=False)
    if not float(sv[-1]) > 1e-7 * float(sv[0]):  # also False for NaN
        return None
    q = xc @ xp.linalg.inv(lower.T)  # nearly orthonormal; the second pass makes it so
    second = xp.linalg.cholesky(q.T @ q).T
    return second @ lower.T


def _host(xp: Any, a: Any) -> np.ndarray:
    return a.get() if xp is not np else np.asarray(a)  # .get() is CuPy-only


def pca(
    X: Any,
    n_components: int | None = None,
    centre: bool = True,
    whiten: bool = False,
    method: str = "auto",
    *,
    power_iterations: int = 4,
    seed: int = 0,
) -> PCAResult:
    """Principal components of the rows of ``X``.

    Parameters
    ----------
    X : array (n, d)
        Samples in rows, NumPy or CuPy; finite.
    n_components : int, optional
        How many axes to keep; default all min(n, d).
    centre : bool, default True
        Subtract the mean first. Without it the axes describe the raw second moments
        (an uncentred SVD), and ``mean`` is zero.
    whiten : bool, default False
        Divide the coordinates by √variance so each has unit variance (axes with
        zero variance stay 0).
    method : {"auto", "exact", "randomized"}
        See the module notes: exact thin SVD, or the randomized one (approximate).
    power_iterations : int, default 4
        Power iterations of the randomized SVD (2 to 4 is plenty for a decaying spectrum).
    seed : int, default 0
        Seed of the randomized SVD's Generator: the same data give the same result.

    Returns
    -------
    PCAResult
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose one of "
                         + ", ".join(repr(m) for m in METHODS))
    xp = array_module(X)
    xc = xp.array(X, dtype=np.float64)  # a copy, centred in place below
    if xc.ndim != 2 or min(xc.shape) < 1:
        raise ValueError(f"X must be a non-empty 2-D array (n, d), got shape {tuple(xc.shape)}")
    n, d = xc.shape
    full = min(n, d)
    r = full if n_components is None else int(n_components)
    if not 1 <= r <= full:
        raise ValueError(f"n_components must be between 1 and {full}, got {n_components!r}")
    mean = xc.mean(axis=0) if centre else xp.zeros(d)
    if centre:
        xc -= mean
    dof = max(n - 1, 1)
    total = float(xp.einsum("ij,ij->", xc, xc)) / dof
    if not np.isfinite(total):
        raise ValueError("X holds NaN or infinite values (or values too large to square)")
    if method == "auto":
        method = "randomized" if n * d >= _RANDOMIZED_FROM and 4 * r <= full else "exact"
    if method == "exact":
        tri = _cholesky_qr2_r(xp, xc) if n >= 4 * d else None
        s, vt = xp.linalg.svd(xc if tri is None else tri, full_matrices=False)[1:]
        s, vt = s[:r], vt[:r]
    else:
        s, vt = _randomized(xp, xc, r, int(power_iterations), seed)[1:]
    vt, s = _host(xp, vt), _host(xp, s)
    vt = vt * np.array([canonical_sign(row) for row in vt])[:, None] + 0.0
    variance = s**2 / dof if n > 1 else np.zeros_like(s)
    ratio = variance / total if total > 0 else np.zeros_like(s)
    coords = _host(xp, xc @ xp.asarray(vt).T)  # = U Σ, with U's signs following V's
    if whiten:
        scale = np.sqrt(variance)
        coords = np.divide(coords, scale, out=np.zeros_like(coords), where=scale > 0)
    arrays = [_host(xp, mean), vt, s, variance, ratio, np.cumsum(ratio), coords]
    for a in arrays:
        a.setflags(write=False)
    return PCAResult(*arrays, total_variance=total, exact=method == "exact",
                     whitened=bool(whiten))


def project_on_axis(X: Any, a: Any, b: Any) -> Any:
    """Coordinates of the rows of ``X`` along the unit vector of a − b.

    The custom projection of an embedding projector: with a = "good" and b = "bad",
    words line up from bad to good. The coordinate is x·û, û = (a − b)/‖a − b‖.

    Parameters
    ----------
    X : array (n, d), NumPy or CuPy
    a, b : array (d,)

    Returns
    -------
    array (n,), float64, in X's array library

    Raises
    ------
    ValueError
        When a and b are equal (no direction).
    """
    xp = array_module(X)
    axis = xp.asarray(a, dtype=np.float64) - xp.asarray(b, dtype=np.float64)
    length = float(xp.linalg.norm(axis))
    if not length > 0:
        raise ValueError("the two ends of the axis are the same vector: no direction")
    return xp.asarray(X, dtype=np.float64) @ (axis / length)
