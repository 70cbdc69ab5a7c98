"""The integer grid of the plane mapped by a 2×2 matrix: what every plane picture draws
under its vectors (the Plane, Norms, Projection and Matrix product labs). Pure NumPy."""

from __future__ import annotations

import numpy as np

__all__ = ["grid_segments"]


def grid_segments(matrix, extent: int) -> np.ndarray:
    """Segments of the integer grid lines x = k and y = k (|k| ≤ extent) mapped by ``matrix``.

    Returns
    -------
    ndarray (2·(2·extent+1), 2, 2): each segment's two end points.
    """
    m = np.asarray(matrix, dtype=float)
    ks = np.arange(-extent, extent + 1, dtype=float)
    n = ks.size
    seg = np.empty((2 * n, 2, 2))
    seg[:n, 0, 0], seg[:n, 0, 1], seg[:n, 1, 0], seg[:n, 1, 1] = ks, -extent, ks, extent
    seg[n:, 0, 0], seg[n:, 0, 1], seg[n:, 1, 0], seg[n:, 1, 1] = -extent, ks, extent, ks
    return seg @ m.T
