"""Block pooling that runs the same way on NumPy and CuPy.

Overview heatmaps pool a long axis into a fixed number of blocks. Block ``r``
of ``count`` blocks over ``length`` items covers
``[floor(r * length / count), floor((r + 1) * length / count))``, so widths
differ by at most one when ``length`` is not a multiple of ``count``.

CuPy lacks ``ufunc.reduceat`` in several versions, and NumPy's ``reduceat`` is
slow for short segments, so segments are reduced either through a reshape
(all widths equal) or by visiting each offset inside a block with one gather
per offset. Both forms are vectorised over blocks and over the other axes.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import numpy as np

__all__ = ["block_bounds", "block_mean", "block_of", "segment_reduce"]


def block_bounds(length: int, count: int) -> np.ndarray:
    """Return ``count + 1`` block boundaries over ``length`` items (host int64).

    Parameters
    ----------
    length : int
        Number of items (>= 0).
    count : int
        Number of blocks; must be between 1 and ``length`` when length > 0.

    Returns
    -------
    numpy.ndarray
        ``bounds[r] = floor(r * length / count)``; block ``r`` is
        ``[bounds[r], bounds[r + 1])``.
    """
    r = np.arange(count + 1, dtype=np.int64)
    return (r * length) // max(count, 1)


def block_of(bounds: np.ndarray, index: int) -> int:
    """Index of the block that contains item ``index``."""
    return int(np.searchsorted(bounds, index, side="right")) - 1


def segment_reduce(xp: ModuleType, x: Any, bounds: np.ndarray, op: str) -> Any:
    """Reduce consecutive segments along axis 1 of a 3D array.

    Parameters
    ----------
    xp : module
        numpy or cupy, matching ``x``.
    x : array, shape (a, L, b)
        Input; only ``x[:, bounds[0]:bounds[-1]]`` is read.
    bounds : numpy.ndarray of int
        Increasing segment boundaries (each segment non-empty), host memory.
    op : {"max", "sum"}
        Reduction.

    Returns
    -------
    array, shape (a, len(bounds) - 1, b)
    """
    bounds = np.asarray(bounds, dtype=np.int64)
    widths = np.diff(bounds)
    nseg = widths.size
    a, _, b = x.shape
    if nseg == 0:
        return xp.zeros((a, 0, b), dtype=x.dtype)
    if np.all(widths == widths[0]):
        w = int(widths[0])
        # Splitting axis 1 of a slice is a view: no copy before the reduction.
        v = x[:, int(bounds[0]) : int(bounds[-1])].reshape(a, nseg, w, b)
        return v.max(axis=2) if op == "max" else v.sum(axis=2)
    return _offset_reduce(xp, x, bounds[:-1], widths, op)


def block_mean(x: Any, count: int, xp: ModuleType = np) -> Any:
    """Block-mean pool the last two axes of ``x`` to ``count`` × ``count`` blocks.

    Parameters
    ----------
    x : array, shape (..., r, c)
        Input (r, c >= count); blocks follow :func:`block_bounds` on each axis.
    count : int
        Blocks per axis (>= 1).
    xp : module
        numpy or cupy, matching ``x``.

    Returns
    -------
    array, shape (..., count, count), float
        ``out[..., a, b]`` = the mean of ``x`` over block a of the rows and block b of the
        columns (a block's values summed, divided by its area).
    """
    *lead, r, c = x.shape
    rb, cb = block_bounds(r, count), block_bounds(c, count)
    flat = x.reshape(-1, r, c).astype(xp.float64)
    rows = segment_reduce(xp, flat, rb, "sum")  # (a, count, c)
    a = rows.shape[0]
    both = segment_reduce(xp, rows.reshape(a * count, c, 1), cb, "sum").reshape(a, count, count)
    area = np.outer(np.diff(rb), np.diff(cb)).astype(np.float64)
    return (both / xp.asarray(area)).reshape(*lead, count, count)


def _offset_reduce(xp: ModuleType, x: Any, starts: np.ndarray, widths: np.ndarray, op: str) -> Any:
    # Visit offset t of every block at once. For "max" a block shorter than
    # t + 1 re-reads its last item, which leaves its maximum unchanged; for
    # "sum" it adds nothing.
    wmax = int(widths.max())
    result = x[:, xp.asarray(starts)]  # offset 0 of every block (a fresh copy)
    for t in range(1, wmax):
        if op == "max":
            idx = xp.asarray(starts + np.minimum(t, widths - 1))
            xp.maximum(result, x[:, idx], out=result)
        else:
            mask = widths > t
            if mask.all():
                result += x[:, xp.asarray(starts + t)]
            else:
                sel = xp.asarray(np.nonzero(mask)[0])
                result[:, sel] += x[:, xp.asarray(starts[mask] + t)]
    return result
