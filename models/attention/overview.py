"""Attention weights for long contexts without the full n x m matrix.

:func:`attention_overview` pools the exact softmax weights into at most
``shape`` blocks (a heatmap the screen can show) and :func:`attention_tile`
returns the exact weights of one window, normalised over the whole row.

Both work through chunks of query rows. Scores are computed transposed, as
``k @ qᵀ`` with shape (h, keys, rows), because every reduction then runs along
a non-contiguous axis that NumPy and CuPy vectorise over the contiguous rows;
reductions over a short innermost axis are several times slower.

Block ``r`` of the overview covers query rows ``[floor(r*n/rows),
floor((r+1)*n/rows))`` and likewise for key columns, so blocks differ in size
by at most one when ``n`` is not a multiple of ``rows``. ``"mean"`` divides by
the true block size, and causally hidden entries count as weight 0.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from models.attention.common import (
    QK,
    check_cancel,
    check_chunk,
    default_chunk,
    index_array,
    prepare_qk,
    report,
)
from models.attention.pooling import block_bounds, block_of, segment_reduce

__all__ = ["attention_overview", "attention_tile", "row_stats"]


def _check_shape(shape: Sequence[int]) -> tuple[int, int]:
    try:
        rows, cols = (int(s) for s in shape)
    except (TypeError, ValueError):
        raise ValueError(f"shape must be two integers (rows, cols), got {shape!r}") from None
    if rows < 1 or cols < 1:
        raise ValueError(f"shape must be positive, got {shape!r}")
    return rows, cols


def _key_extent(pre: QK, last_row: int, causal: bool) -> int:
    """Number of leading keys that query ``last_row`` (and all before it) can see."""
    if not causal:
        return pre.m
    return max(0, min(pre.m, last_row + pre.offset + 1))


def _hide_causal(pre: QK, s: Any, k0: int, rows: Any, first_row: int) -> None:
    """Set ``s[:, j - k0, i]`` to -inf where key j is hidden from query ``rows[i]``.

    ``first_row`` is ``min(rows)``, passed from the host to avoid a device sync.
    """
    xp = pre.xp
    # Keys up to first_row + offset are visible to every row of the chunk.
    lo = max(k0, first_row + pre.offset + 1)
    k1 = k0 + s.shape[1]
    if lo >= k1:
        return
    hidden = xp.arange(lo, k1)[:, None] > (rows[None, :] + pre.offset)
    xp.copyto(s[:, lo - k0 :], -np.inf, where=hidden)


def _overview_chunk(
    pre: QK, a: int, b: int, kend: int, cb: np.ndarray, causal: bool, reduce: str, buf: Any
) -> Any:
    """Column-pooled weights of query rows [a, b) over keys [0, kend): (h, ncb, b - a)."""
    xp, h, c = pre.xp, pre.h, b - a
    ncb = block_of(cb, kend - 1) + 1
    kb = int(cb[ncb])  # finish the last column block; its hidden keys weigh 0
    s = buf[: h * kb * c].reshape(h, kb, c)
    xp.matmul(pre.k[:, :kb], xp.swapaxes(pre.qs[:, a:b], 1, 2), out=s)
    if causal:
        _hide_causal(pre, s, 0, xp.arange(a, b), a)
    if reduce == "max":
        # exp is monotonic, so pooling scores before exp gives the pooled weights.
        # segment_reduce returns a new array, so the in-place exp below spares it.
        pooled = segment_reduce(xp, s, cb[: ncb + 1], "max")
        rowmax = pooled.max(axis=1)
    else:
        rowmax = s.max(axis=1)
    # Rows that see no key have max -inf; shifting them by 0 keeps exp at 0.
    shift = xp.where(xp.isfinite(rowmax), rowmax, 0).astype(pre.dtype)[:, None, :]
    xp.subtract(s, shift, out=s)
    xp.exp(s, out=s)
    if reduce == "max":
        rowsum = s.sum(axis=1)
        pooled = xp.exp(pooled - shift)
    else:
        pooled = segment_reduce(xp, s, cb[: ncb + 1], "sum")
        rowsum = pooled.sum(axis=1)
        pooled /= xp.asarray(np.diff(cb[: ncb + 1]).astype(pre.dtype))[None, :, None]
    inv = xp.where(rowsum > 0, 1 / xp.where(rowsum > 0, rowsum, 1), 0).astype(pre.dtype)
    pooled *= inv[:, None, :]
    return pooled


def attention_overview(
    q: Any,
    k: Any,
    *,
    causal: bool = False,
    temperature: float = 1.0,
    shape: Sequence[int] = (512, 512),
    reduce: str = "max",
    chunk_rows: int | None = None,
    progress: Callable[[float], Any] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> Any:
    """Exact attention weights pooled into blocks, computed chunk by chunk.

    Parameters
    ----------
    q : array, shape (h, n, d) or (n, d)
        Queries (2D is treated as one head).
    k : array, shape (h, m, d) or (m, d)
        Keys.
    causal : bool, default False
        Hide key ``j`` from query ``i`` when ``j > i + (m - n)``.
    temperature : float, default 1.0
        Finite number > 0 dividing the scores.
    shape : (int, int), default (512, 512)
        Requested (rows, cols); the result has ``min(rows, n)`` by
        ``min(cols, m)`` blocks.
    reduce : {"max", "mean"}, default "max"
        How the weights of a block are pooled. ``"max"`` keeps sharp heads
        visible at any zoom; ``"mean"`` preserves total mass.
    chunk_rows : int, optional
        Query rows per chunk. By default chosen so that one chunk of scores,
        ``chunk_rows * m * h`` values, stays within about 64 MB.
    progress : callable, optional
        Called with the fraction of work done (non-decreasing, ending at 1.0)
        after each chunk.
    cancel : callable, optional
        Polled before each chunk; returning True raises
        :class:`~models.attention.kernels.Cancelled`.

    Returns
    -------
    array, shape (h, rows, cols)
        Same array library as the inputs (on CuPy the result stays on the
        device). Blocks with nothing to attend to are 0.

    Notes
    -----
    Memory is O((n + m) * d + chunk): the full n x m matrix never exists.
    """
    if reduce not in ("max", "mean"):
        raise ValueError(f"reduce must be 'max' or 'mean', got {reduce!r}")
    req_rows, req_cols = _check_shape(shape)
    pre = prepare_qk(q, k, temperature)
    xp, h, n, m = pre.xp, pre.h, pre.n, pre.m
    rows, cols = min(req_rows, n), min(req_cols, m)
    out = xp.zeros((h, rows, cols), dtype=pre.dtype)
    if n == 0 or m == 0:
        report(progress, 1.0)
        return out
    rb, cb = block_bounds(n, rows), block_bounds(m, cols)
    c = check_chunk(chunk_rows, default_chunk(n, h * m * pre.dtype.itemsize))
    chunks = [(a, min(n, a + c)) for a in range(0, n, c)]
    kends = [_key_extent(pre, b - 1, causal) for _, b in chunks]
    work = np.cumsum([(b - a) * max(ke, 1) for (a, b), ke in zip(chunks, kends, strict=True)])
    buf = xp.empty(h * c * m, dtype=pre.dtype)  # one buffer reused by every chunk
    for (a, b), kend, done in zip(chunks, kends, work, strict=True):
        check_cancel(cancel)
        if kend > 0:
            pooled = _overview_chunk(pre, a, b, kend, cb, causal, reduce, buf)
            _pool_rows(xp, out, pooled, rb, a, b, reduce)
        report(progress, done / work[-1])
    if reduce == "mean":
        out /= xp.asarray(np.diff(rb).astype(pre.dtype))[None, :, None]
    return out


def _pool_rows(xp: Any, out: Any, pooled: Any, rb: np.ndarray, a: int, b: int, reduce: str):
    """Fold column-pooled rows [a, b) into the row blocks of ``out`` they belong to."""
    ncb = pooled.shape[1]
    r0, r1 = block_of(rb, a), block_of(rb, b - 1)
    local = np.clip(rb[r0 : r1 + 2], a, b) - a  # row blocks may straddle chunks
    by_row = xp.ascontiguousarray(xp.swapaxes(pooled, 1, 2))  # (h, rows in chunk, ncb)
    seg = segment_reduce(xp, by_row, local, "max" if reduce == "max" else "sum")
    target = out[:, r0 : r1 + 1, :ncb]
    if reduce == "max":
        xp.maximum(target, seg, out=target)
    else:
        target += seg


def _row_stats(pre: QK, ridx: np.ndarray, causal: bool, chunk_keys: int | None):
    """Streaming per-row (max, logsumexp) over key chunks for host indices ``ridx``."""
    xp, h, dt = pre.xp, pre.h, pre.dtype
    r = ridx.size
    mx = xp.full((h, r), -np.inf, dtype=dt)
    acc = xp.zeros((h, r), dtype=dt)
    if r == 0:
        return mx, acc
    rows = xp.asarray(ridx)
    q_t = xp.ascontiguousarray(xp.swapaxes(pre.qs[:, rows], 1, 2))  # (h, d, r)
    kend = _key_extent(pre, int(ridx.max()), causal)
    kc = check_chunk(chunk_keys, default_chunk(max(kend, 1), h * r * dt.itemsize))
    for k0 in range(0, kend, kc):
        s = xp.matmul(pre.k[:, k0 : k0 + kc], q_t)  # (h, keys, r)
        if causal:
            _hide_causal(pre, s, k0, rows, int(ridx.min()))
        new = xp.maximum(mx, s.max(axis=1))
        shift = xp.where(xp.isfinite(new), new, 0).astype(dt)
        xp.subtract(s, shift[:, None, :], out=s)
        xp.exp(s, out=s)
        # Rescale the running sum to the new maximum (online logsumexp).
        acc = acc * xp.exp(mx - shift) + s.sum(axis=1)
        mx = new
    shift = xp.where(xp.isfinite(mx), mx, 0).astype(dt)
    lse = xp.where(acc > 0, shift + xp.log(xp.where(acc > 0, acc, 1)), -np.inf).astype(dt)
    return mx, lse


def row_stats(
    q: Any,
    k: Any,
    rows: Any,
    *,
    causal: bool = False,
    temperature: float = 1.0,
    chunk_keys: int | None = None,
) -> tuple[Any, Any]:
    """Per-row maximum score and log-sum-exp, streamed over chunks of keys.

    Parameters
    ----------
    q, k : array
        As for :func:`attention_overview`.
    rows : slice or 1D integer array
        Query rows to describe.
    causal : bool, default False
        Causal rule ``j > i + (m - n)`` hides key j from query i.
    temperature : float, default 1.0
        Finite number > 0 dividing the scores.
    chunk_keys : int, optional
        Keys per streaming step (default: about 64 MB of scores).

    Returns
    -------
    max, lse : arrays, shape (h, len(rows))
        ``weights[i, j] = exp(score[i, j] - lse[i])``. Both are -inf for a row
        that can see no key.
    """
    pre = prepare_qk(q, k, temperature)
    return _row_stats(pre, index_array(rows, pre.n, "rows"), causal, chunk_keys)


def attention_tile(
    q: Any,
    k: Any,
    rows: Any,
    cols: Any,
    *,
    causal: bool = False,
    temperature: float = 1.0,
    chunk_rows: int | None = None,
) -> Any:
    """Exact attention weights of a window, normalised over each whole row.

    Parameters
    ----------
    q, k : array
        As for :func:`attention_overview`.
    rows, cols : slice or 1D integer array
        Query rows and key columns of the window.
    causal : bool, default False
        Causally hidden entries (``j > i + (m - n)``) are 0.
    temperature : float, default 1.0
        Finite number > 0 dividing the scores.
    chunk_rows : int, optional
        Window rows handled at once (default: all); keys are streamed in
        chunks of about 64 MB either way.

    Returns
    -------
    array, shape (h, len(rows), len(cols))
        The full weights at the window's rows and columns (outer indexing,
        like ``weights[:, rows][:, :, cols]``), without computing the others.
    """
    pre = prepare_qk(q, k, temperature)
    xp = pre.xp
    ridx = index_array(rows, pre.n, "rows")
    cidx = index_array(cols, pre.m, "cols")
    out = xp.zeros((pre.h, ridx.size, cidx.size), dtype=pre.dtype)
    if ridx.size == 0 or cidx.size == 0:
        return out
    c = check_chunk(chunk_rows, ridx.size)
    k_cols = xp.swapaxes(pre.k[:, xp.asarray(cidx)], 1, 2)  # (h, d, len(cols))
    for a in range(0, ridx.size, c):
        r = ridx[a : a + c]
        _, lse = _row_stats(pre, r, causal, None)
        s = xp.matmul(pre.qs[:, xp.asarray(r)], k_cols)  # (h, rows, cols)
        if causal:
            hidden = xp.asarray(cidx[None, :] > r[:, None] + pre.offset)
            s = xp.where(hidden, -np.inf, s)
        # An +inf lse (row sees nothing) sends every entry to exp(-inf) = 0.
        lse = xp.where(xp.isfinite(lse), lse, np.inf).astype(pre.dtype)
        out[:, a : a + c] = xp.exp(s - lse[:, :, None])
    return out
