"""Average-linkage clustering of a few word vectors, to order a similarity matrix.

The similarity matrix holds at most a few dozen words, so the plain algorithm is used:
start with every word its own cluster, and repeatedly merge the two clusters whose mean
pairwise cosine distance (1 − cos) is smallest (UPGMA). Each step scans the remaining
pairs, O(n²), so the whole is O(n³): for 64 words well under a millisecond's worth of
NumPy per step.

The dendrogram's leaf order (each cluster's leaves contiguous, the first-formed child
on the left) puts words that belong together side by side, so the matrix shows blocks.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Linkage", "average_linkage", "cosine_distances", "leaf_order"]


@dataclass(frozen=True)
class Linkage:
    """The merges of an agglomerative clustering of n items, in SciPy's layout.

    Attributes
    ----------
    merges : ndarray (n − 1, 4)
        Row t merges clusters ``a`` and ``b`` (ids: 0…n−1 are the items, n + s is the
        cluster formed at step s; ``a < b``) at ``height`` into a cluster of ``size``
        items: ``[a, b, height, size]``. Heights never decrease (average linkage is
        monotone).
    n : int
        Number of items.
    """

    merges: np.ndarray
    n: int


def cosine_distances(vectors) -> np.ndarray:
    """1 − cos between every two rows, in float64, within [0, 2] and 0 on the diagonal.

    A zero row has no direction: its distance to every other row is 1 (cos taken as 0).
    """
    v = np.asarray(vectors, dtype=np.float64)
    norms = np.linalg.norm(v, axis=1)
    u = np.divide(v, norms[:, None], out=np.zeros_like(v), where=norms[:, None] > 0)
    d = np.clip(1.0 - u @ u.T, 0.0, 2.0)
    np.fill_diagonal(d, 0.0)
    return d


def average_linkage(distances) -> Linkage:
    """Average-linkage (UPGMA) clustering of a symmetric distance matrix.

    The distance of a merged cluster to another is the size-weighted mean of its
    children's distances (Lance–Williams), which equals the mean of all pairwise item
    distances between the two clusters. Among equal distances the pair with the smaller
    ids is merged first, so the result is deterministic.

    Parameters
    ----------
    distances : array_like (n, n)
        Symmetric, finite.

    Returns
    -------
    Linkage
    """
    d = np.array(distances, dtype=np.float64)
    n = d.shape[0]
    if d.shape != (n, n) or not np.all(np.isfinite(d)):
        raise ValueError("the distances must be a finite square matrix")
    merges = np.zeros((max(n - 1, 0), 4))
    ids = list(range(n))  # the cluster id held in each slot of d
    sizes = np.ones(n)
    active = np.ones(n, dtype=bool)
    big = np.inf
    for step in range(n - 1):
        masked = np.where(np.outer(active, active), d, big)
        np.fill_diagonal(masked, big)
        i, j = np.unravel_index(int(np.argmin(masked)), masked.shape)
        i, j = (i, j) if i < j else (j, i)
        height = masked[i, j]
        a, b = sorted((ids[i], ids[j]))
        merges[step] = (a, b, height, sizes[i] + sizes[j])
        # the merged cluster takes slot i; slot j leaves
        row = (sizes[i] * d[i] + sizes[j] * d[j]) / (sizes[i] + sizes[j])
        d[i, :] = row
        d[:, i] = row
        d[i, i] = 0.0
        sizes[i] += sizes[j]
        active[j] = False
        ids[i] = n + step
    return Linkage(merges, n)


def leaf_order(link: Linkage) -> list[int]:
    """The items in the dendrogram's left-to-right order (each cluster contiguous)."""
    n = link.n
    if n == 0:
        return []
    order: list[int] = []
    stack = [2 * n - 2]  # the root
    while stack:
        c = stack.pop()
        if c < n:
            order.append(int(c))
        else:
            a, b = (int(v) for v in link.merges[c - n, :2])
            stack.extend((b, a))  # a is visited first
    return order
