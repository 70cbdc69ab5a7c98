"""Nearest neighbours of word vectors: cosine, Euclidean and dot-product top-k, blocked.

:func:`top_k` never forms the whole score matrix: it walks the vectors in blocks of rows,
takes each block's k best with one ``argpartition`` and merges them with the best so far,
so memory is bounded by ``queries × block_rows`` scores.

* Cosine works on vectors normalised once with :func:`normalise`; zero vectors stay zero
  and never match (their direction is undefined), and a zero query matches nothing.
* Euclidean distances come from ‖x‖² − 2 x·q + ‖q‖², with the tiny negatives that
  cancellation leaves clamped to 0.
* Results are ordered best first (scores descending for cosine and dot, distances
  ascending for Euclidean); equal scores are ordered by index, smaller first.
* A query with fewer than k candidates gets index −1 and a NaN score in the empty places.

Arrays stay where they came from (NumPy in, NumPy out; CuPy in, CuPy out) unless a
:class:`~models.core.backend.Backend` is passed: then the work runs on it, falls back to
NumPy if the GPU fails, and the results come back as NumPy arrays.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import numpy as np

from models.core.backend import Backend, array_module, run_with_fallback

__all__ = ["METRICS", "AngleFacts", "angle_facts", "pair_in_plane", "normalise", "pairwise_cosine",
           "squared_norms", "top_k"]

#: The similarity measures :func:`top_k` knows.
METRICS = ("cosine", "euclidean", "dot")
#: Scores held at once per block (queries × block rows), when ``block_rows`` is not given.
_SCORE_BUDGET = 1 << 22


def _float(xp: ModuleType, a: Any) -> Any:  # float32 and float64 stay, the rest float32
    a = xp.asarray(a)
    return a if a.dtype in (np.float32, np.float64) else a.astype(np.float32)


def squared_norms(vectors: Any) -> Any:
    """‖xᵢ‖² of each row, in the rows' float type (float32 for other types).

    Pass the result to :func:`top_k` as ``sq_norms`` to save a pass over the vectors
    on every search.
    """
    xp = array_module(vectors)
    v = _float(xp, vectors)
    return xp.einsum("ij,ij->i", v, v)


def normalise(vectors: Any) -> Any:
    """Rows scaled to unit length, as float32; zero rows stay zero.

    Parameters
    ----------
    vectors : array (n, d) or (d,)
        NumPy or CuPy.

    Returns
    -------
    array, float32, in the same array library
    """
    xp = array_module(vectors)
    v = xp.asarray(vectors).astype(np.float32)
    norms = xp.sqrt(xp.sum(v * v, axis=-1, keepdims=True, dtype=np.float64))
    safe = xp.where(norms > 0, norms, 1.0)
    return (v / safe).astype(np.float32)


def _check(metric: str, k: int) -> None:
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}; choose one of "
                         + ", ".join(repr(m) for m in METRICS))
    if int(k) != k or k < 1:
        raise ValueError(f"k must be a whole number >= 1, got {k!r}")


def _exclusions(exclude: Any, n_queries: int) -> tuple[np.ndarray, np.ndarray]:
    """Flatten per-query exclusions into (query, row) index pairs (host arrays)."""
    if exclude is None:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    if len(exclude) != n_queries:
        raise ValueError(f"exclude needs one collection per query ({n_queries}), "
                         f"got {len(exclude)}")
    qs, rows = [], []
    for i, ex in enumerate(exclude):
        ex = np.asarray([] if ex is None else list(ex), dtype=np.int64).ravel()
        qs.append(np.full(ex.size, i, np.int64))
        rows.append(ex)
    return np.concatenate(qs), np.concatenate(rows)


def _select(xp: ModuleType, key: Any, idx: Any, k: int) -> tuple[Any, Any]:
    """The k largest keys of each row, ties to the smaller index; columns of ``key`` and
    ``idx`` must be in ascending index order, and the chosen ones come back in it."""
    m = key.shape[1]
    if m <= k:
        return key, idx
    pos = xp.argpartition(key, m - k, axis=1)[:, m - k:]
    pos = xp.sort(pos, axis=1)
    chosen = xp.take_along_axis(key, pos, axis=1)
    kth = chosen.min(axis=1, keepdims=True)
    # argpartition may pick any of several keys equal to the k-th; fix those rows only.
    crowded = xp.nonzero(xp.sum(key >= kth, axis=1) > k)[0]
    if crowded.size:
        sub, t = key[crowded], kth[crowded]
        ties = sub == t
        need = k - xp.sum(sub > t, axis=1, keepdims=True)
        keep = (sub > t) | (ties & (xp.cumsum(ties, axis=1) <= need))
        pos[crowded] = xp.nonzero(keep)[1].reshape(-1, k)
        chosen[crowded] = xp.take_along_axis(sub, pos[crowded], axis=1)
    return chosen, xp.take_along_axis(idx, pos, axis=1)


def _block_candidates(xp: ModuleType, s: Any, a: int, best: Any, k: int) -> tuple[Any, Any]:
    """The entries of a block's scores ``s`` (rows from ``a``) that may enter the top k.

    Once every query holds k results, only scores strictly above its k-th can displace
    one (an equal score loses: its index is larger). After the first blocks these are
    few, and picking them out is far cheaper than partitioning the block.
    """
    if best.shape[1] >= k:
        kth = best.min(axis=1, keepdims=True)
        # Most queries find nothing better in a block: look inside the others only.
        live = xp.nonzero(s.max(axis=1, keepdims=True)[:, 0] > kth[:, 0])[0]
        cand = s[live] > kth[live]
        counts = xp.sum(cand, axis=1)
        most = int(counts.max()) if live.size else 0
        if most <= 4 * k:
            r, c = xp.nonzero(cand)  # row-major: columns ascend within a row
            j = xp.arange(r.size) - (xp.cumsum(counts) - counts)[r]
            key = xp.full((s.shape[0], most), -np.inf, dtype=s.dtype)
            idx = xp.full((s.shape[0], most), -1, dtype=np.int64)
            key[live[r], j] = s[live[r], c]
            idx[live[r], j] = c + a
            return key, idx
    idx = xp.broadcast_to(xp.arange(a, a + s.shape[1], dtype=np.int64)[None, :], s.shape)
    # NaN (from NaN inputs) would rank first in a partition; it matches nothing instead.
    return _select(xp, xp.where(xp.isnan(s), -np.inf, s), idx, k)


def _search(be: Backend, vectors: Any, queries: Any, k: int, metric: str,
            exclude: tuple[np.ndarray, np.ndarray], block_rows: int | None,
            sq_norms: Any) -> tuple[Any, Any]:
    xp = be.xp
    v = _float(xp, be.asarray(vectors))
    q = be.asarray(queries, dtype=v.dtype)
    single = q.ndim == 1
    q = q[None, :] if single else q
    if v.ndim != 2 or q.ndim != 2 or q.shape[1] != v.shape[1]:
        raise ValueError(f"queries of shape {tuple(q.shape)} do not match vectors of "
                         f"shape {tuple(v.shape)}; need (m, d) and (n, d)")
    n, nq = v.shape[0], q.shape[0]
    if metric == "cosine":
        q = normalise(q).astype(v.dtype)
    x2 = squared_norms(v) if sq_norms is None else be.asarray(sq_norms, dtype=v.dtype)
    q2 = xp.einsum("ij,ij->i", q, q)[:, None]
    ex_q, ex_r = exclude
    # Vectors or queries holding NaN or inf match nothing; under cosine neither do zero
    # ones (no direction). Found once here, so the blocks never meet a NaN score.
    bad_x, bad_q = ~xp.isfinite(x2), ~xp.isfinite(q2[:, 0])
    if metric == "cosine":
        bad_x, bad_q = bad_x | (x2 == 0), bad_q | (q2[:, 0] == 0)
    dead, dead_q = be.to_host(xp.nonzero(bad_x)[0]), be.to_host(xp.nonzero(bad_q)[0])
    rows = block_rows or max(1, _SCORE_BUDGET // max(nq, 1))
    best_key = xp.empty((nq, 0), v.dtype)
    best_idx = xp.empty((nq, 0), np.int64)
    for a in range(0, n, rows):
        b = min(n, a + rows)
        s = q @ v[a:b].T
        if metric == "euclidean":  # in place: the key −max(‖x‖² − 2x·q + ‖q‖², 0)
            s *= 2
            s -= x2[None, a:b]
            s -= q2
            xp.minimum(s, 0, out=s)
        if dead.size:
            s[:, be.asarray(dead[(dead >= a) & (dead < b)] - a)] = -np.inf
        if dead_q.size:
            s[be.asarray(dead_q)] = -np.inf
        inside = (ex_r >= a) & (ex_r < b)
        if inside.any():
            s[be.asarray(ex_q[inside]), be.asarray(ex_r[inside] - a)] = -np.inf
        key, idx = _block_candidates(xp, s, a, best_key, k)
        best_key, best_idx = _select(xp, xp.concatenate([best_key, key], axis=1),
                                     xp.concatenate([best_idx, idx], axis=1), k)
    order = xp.argsort(-best_key, axis=1, kind="stable")
    key = xp.take_along_axis(best_key, order, axis=1)
    idx = xp.take_along_axis(best_idx, order, axis=1)
    missing = xp.isneginf(key)
    score = xp.sqrt(-key) + 0.0 if metric == "euclidean" else key  # + 0.0: no −0
    score = xp.where(missing, np.nan, score).astype(v.dtype)
    idx = xp.where(missing, -1, idx)
    if idx.shape[1] < k:  # fewer vectors than k
        pad = k - idx.shape[1]
        idx = xp.concatenate([idx, xp.full((nq, pad), -1, np.int64)], axis=1)
        score = xp.concatenate([score, xp.full((nq, pad), np.nan, v.dtype)], axis=1)
    return (idx[0], score[0]) if single else (idx, score)


def top_k(
    vectors: Any,
    queries: Any,
    k: int,
    metric: str = "cosine",
    *,
    exclude: Any = None,
    block_rows: int | None = None,
    sq_norms: Any = None,
    backend: Backend | None = None,
) -> tuple[Any, Any]:
    """The k nearest vectors to each query.

    Parameters
    ----------
    vectors : array (n, d)
        The vocabulary's vectors; for ``"cosine"`` already passed through
        :func:`normalise`. float32 stays float32, float64 stays float64.
    queries : array (m, d) or (d,)
        Query vectors (raw: cosine normalises them here).
    k : int
        How many neighbours, >= 1.
    metric : {"cosine", "euclidean", "dot"}
    exclude : sequence of collections of int, optional
        One collection per query of rows it must not return (e.g. the query's own words).
    block_rows : int, optional
        Rows per block; default keeps about 4 M scores per block.
    sq_norms : array (n,), optional
        :func:`squared_norms` of ``vectors``, computed once; saves a pass per search.
    backend : Backend, optional
        Compute on this backend (falling back to NumPy on a GPU failure) and return
        NumPy arrays. Without it the arrays' own library computes.

    Returns
    -------
    indices : int64 array (m, k) or (k,)
        Best first; equal scores by ascending index; −1 where there is no candidate.
    scores : float array (m, k) or (k,)
        Cosine or dot descending, or Euclidean distance ascending; NaN where index is −1.
    """
    _check(metric, k)
    if block_rows is not None and (int(block_rows) != block_rows or block_rows < 1):
        raise ValueError(f"block_rows must be a whole number >= 1, got {block_rows!r}")
    n_queries = 1 if np.ndim(queries) == 1 else int(np.shape(queries)[0])
    ex = _exclusions(exclude, n_queries)
    args = (vectors, queries, int(k), metric, ex, block_rows, sq_norms)
    if backend is None:
        xp = array_module(vectors)
        be = Backend(name="cupy" if xp is not np else "numpy", xp=xp, device="")
        return _search(be, *args)

    def run(be: Backend) -> tuple[np.ndarray, np.ndarray]:
        idx, score = _search(be, *args)
        return be.to_host(idx), be.to_host(score)

    return run_with_fallback(run, backend)[0]


def pairwise_cosine(vectors: Any, rows: Any) -> Any:
    """Cosine similarity of every pair among the chosen rows.

    Returns a float32 (len(rows), len(rows)) array, symmetric, within [−1, 1], 1 on the
    diagonal, except that a zero vector's row and column are 0 (it has no direction).
    """
    xp = array_module(vectors)
    u = normalise(xp.asarray(vectors)[xp.asarray(np.asarray(rows, dtype=np.int64))])
    return xp.clip(u @ u.T, -1.0, 1.0).astype(np.float32)


@dataclass(frozen=True)
class AngleFacts:
    """The angle between two vectors and its numbers; cos and degrees NaN for a zero one."""

    cos: float
    degrees: float
    dot: float
    norm_a: float
    norm_b: float


def angle_facts(a: Any, b: Any) -> AngleFacts:
    """cos θ, θ in degrees, a·b, ‖a‖ and ‖b‖ for two vectors, in float64 on the host.

    θ = 2·atan2(‖â − b̂‖, ‖â + b̂‖) stays accurate for nearly parallel vectors, where
    acos(cos θ) loses half the digits.
    """
    a, b = (np.asarray(x.get() if hasattr(x, "get") else x, np.float64).ravel() for x in (a, b))
    if a.shape != b.shape:
        raise ValueError(f"vectors differ in length: {a.size} and {b.size}")
    na, nb, dot = float(np.linalg.norm(a)), float(np.linalg.norm(b)), float(a @ b)
    if not (na > 0 and nb > 0):
        return AngleFacts(math.nan, math.nan, dot, na, nb)
    ua, ub = a / na, b / nb
    theta = 2.0 * math.atan2(float(np.linalg.norm(ua - ub)), float(np.linalg.norm(ua + ub)))
    return AngleFacts(max(-1.0, min(1.0, float(ua @ ub))), math.degrees(theta), dot, na, nb)


def pair_in_plane(facts: AngleFacts | None):
    """Two vectors' :class:`AngleFacts` as a pair in the plane with the same lengths and
    angle: a = (|a|, 0) and b = |b| (cos θ, sin θ), so a·b, |a|, |b| and cos θ are the
    originals'. Returns ``(a, b)`` as float pairs, or None for no pair (or a zero vector)."""
    if facts is None or not np.isfinite(facts.cos):
        return None
    t = math.radians(facts.degrees)
    return ((facts.norm_a, 0.0), (facts.norm_b * math.cos(t), facts.norm_b * math.sin(t)))
