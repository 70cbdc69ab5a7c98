"""Generated teaching sets, each from a seeded Generator (same seed, same points).

* :func:`stretched_points`: the course exercise's cloud of 2-D points stretched along one
  axis and turned by an angle; PCA's first axis recovers the angle.
* :func:`gaussian_clusters`: k Gaussian clusters in d dimensions.
* :func:`noisy_plane`: points on a plane in 3-D with noise off the plane; the third
  singular value of the centred points measures the noise.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["gaussian_clusters", "noisy_plane", "stretched_points"]


def _exactly_standard(rng: np.random.Generator, n: int, d: int) -> np.ndarray:
    """n points in d dimensions with sample mean 0 and sample covariance exactly I."""
    z = rng.standard_normal((n, d))
    z -= z.mean(axis=0)
    u = np.linalg.svd(z, full_matrices=False)[0]
    return u * math.sqrt(n - 1)


def stretched_points(n: int = 1000, stretch: float = 3.0, angle_deg: float = 30.0,
                     seed: int = 0, exact: bool = True) -> np.ndarray:
    """Points of a standard normal cloud, stretched along x, then turned by an angle.

    Parameters
    ----------
    n : int, default 1000
        Number of points (>= 3).
    stretch : float, default 3.0
        Standard deviation along the long axis (the short one is 1); > 1.
    angle_deg : float, default 30
        Direction of the long axis, degrees counter-clockwise from x.
    seed : int, default 0
    exact : bool, default True
        Make the sample itself have mean 0 and covariance R diag(stretch², 1) Rᵀ
        exactly, so PCA finds the angle and the variances exactly; False leaves the
        sampling error in (about half a degree for 1000 points).

    Returns
    -------
    ndarray (n, 2)
    """
    if n < 3 or not stretch > 1:
        raise ValueError(f"need n >= 3 and stretch > 1, got n={n!r}, stretch={stretch!r}")
    rng = np.random.default_rng(seed)
    z = _exactly_standard(rng, n, 2) if exact else rng.standard_normal((n, 2))
    t = math.radians(angle_deg)
    rotation = np.array([[math.cos(t), -math.sin(t)], [math.sin(t), math.cos(t)]])
    return (z * np.array([stretch, 1.0])) @ rotation.T


def gaussian_clusters(n: int = 600, d: int = 10, k: int = 3, spread: float = 1.0,
                      separation: float = 6.0, seed: int = 0):
    """k round Gaussian clusters in d dimensions.

    Parameters
    ----------
    n : int
        Total number of points, shared out as evenly as possible.
    d, k : int
        Dimensions and number of clusters.
    spread : float
        Standard deviation of each cluster in every direction.
    separation : float
        Typical distance between centres (centres are random with this scale).
    seed : int

    Returns
    -------
    points : ndarray (n, d)
    labels : ndarray (n,) of int
    centres : ndarray (k, d)
    """
    if n < k or k < 1 or d < 1 or spread < 0:
        raise ValueError(f"need n >= k >= 1, d >= 1, spread >= 0; got n={n}, k={k}, d={d}")
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((k, d)) * (separation / math.sqrt(2 * d))
    labels = np.arange(n) % k
    points = centres[labels] + spread * rng.standard_normal((n, d))
    return points, labels, centres


def noisy_plane(n: int = 500, noise: float = 0.05, extent: tuple[float, float] = (3.0, 1.0),
                seed: int = 0):
    """Points on a random plane through the origin in 3-D, with noise along its normal.

    Parameters
    ----------
    n : int
    noise : float
        Standard deviation off the plane: σ₃ / √(n − 1) of the centred points is close
        to it.
    extent : (float, float)
        Standard deviations along the plane's two axes.
    seed : int

    Returns
    -------
    points : ndarray (n, 3)
    basis : ndarray (3, 3)
        Orthonormal rows: the plane's two axes, then its normal.
    """
    if n < 3 or noise < 0:
        raise ValueError(f"need n >= 3 and noise >= 0, got n={n!r}, noise={noise!r}")
    rng = np.random.default_rng(seed)
    basis = np.linalg.qr(rng.standard_normal((3, 3)))[0].T
    coords = rng.standard_normal((n, 3)) * np.array([extent[0], extent[1], noise])
    return coords @ basis, basis
