"""Large-mode work of the Attention lab: thousands of tokens, never the full n × m matrix.

The model only holds parameters (:class:`LargeParams`). A view plans a
:class:`LargeJob` for what the screen shows (the whole matrix pooled to the
widget's pixels, or the visible window) and runs :func:`run_job` on a worker: it
computes one head on the chosen backend and falls back to NumPy if the GPU fails.
Queries and keys are seeded random (float32) or read from ``.npy`` files (see
:mod:`models.attention.files`). Choosing a file reads its header only (it may hold
millions of values); NaN and inf are refused when the worker reads a head.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import numpy as np

from models.attention.common import check_cancel, report
from models.attention.files import (
    MAX_D,
    MAX_H,
    MAX_N,
    file_key,
    npy_info,
    read_head,
    widen_if_huge,
)
from models.attention.kernels import attention_overview, attention_tile
from models.attention.pooling import block_bounds, block_of, segment_reduce
from models.core.backend import Backend, array_module, run_with_fallback, select_backend

__all__ = [
    "EXACT_LIMIT",
    "MAX_D",
    "MAX_H",
    "MAX_N",
    "LargeJob",
    "LargeParams",
    "LargeResult",
    "describe_results",
    "hidden_blocks",
    "load_head",
    "needed_jobs",
    "npy_info",
    "plan_job",
    "run_job",
    "run_jobs",
    "shapes_differ",
    "window_overview",
]

#: A window at most this many rows and columns is computed cell by cell (exactly).
EXACT_LIMIT = 2048
_CHUNK_ROWS = 256  # small chunks: prompt progress and cancel, and faster per head on a CPU


@dataclass(frozen=True)
class LargeParams:
    """What a large-mode computation needs: sizes, one head, the softmax settings, sources.

    ``q_path`` and ``k_path`` are the files to read, already resolved (absolute, or
    relative to the working folder); None means seeded random values.
    """

    n: int
    m: int
    h: int
    d: int
    seed: int
    head: int
    causal: bool
    temperature: float
    q_path: str | None = None
    k_path: str | None = None


def hidden_blocks(row_bounds, col_bounds, n: int, m: int, causal: bool) -> np.ndarray:
    """Which blocks the causal mask hides entirely (every weight in them is masked).

    Block ``(a, b)`` covers queries ``[row_bounds[a], row_bounds[a+1])`` and keys
    ``[col_bounds[b], col_bounds[b+1])``. The causal rule hides key ``j`` from query
    ``i`` when ``j > i + (m - n)``, so a block is hidden exactly when its first key is
    past its last query's limit. A weight of 0 elsewhere is a true (underflowed) zero.

    Returns
    -------
    ndarray of bool, shape (blocks of rows, blocks of cols)
    """
    rb, cb = np.asarray(row_bounds, np.int64), np.asarray(col_bounds, np.int64)
    if not causal:
        return np.zeros((len(rb) - 1, len(cb) - 1), dtype=bool)
    return cb[None, :-1] > (rb[1:, None] - 1) + (m - n)


# Generated or loaded inputs of the last head computed: a zoom re-uses them.
_cache_lock = threading.Lock()
_cache: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}


def load_head(p: LargeParams) -> tuple[np.ndarray, np.ndarray]:
    """Queries (n, d) and keys (m, d) of head ``p.head`` as host arrays.

    float32, or float64 when the values are so large that float32 scores would overflow
    (see :func:`models.attention.files.widen_if_huge`). Seeded random heads use their own
    stream per head and role, so any head can be made without generating the others.
    ``p.q_path`` and ``p.k_path`` are the resolved files (see :class:`LargeParams`).

    Raises
    ------
    ValueError
        A file holds NaN, inf or values beyond float32's range.
    """
    key = (p.n, p.m, p.h, p.d, p.seed, p.head, file_key(p.q_path), file_key(p.k_path))
    with _cache_lock:
        if key in _cache:
            return _cache[key]
    if p.q_path:
        q = read_head(p.q_path, p.head, "Q")
    else:
        q = np.random.default_rng([p.seed, p.head, 0]).standard_normal((p.n, p.d),
                                                                        dtype=np.float32)
    if p.k_path:
        k = read_head(p.k_path, p.head, "K")
    else:
        k = np.random.default_rng([p.seed, p.head, 1]).standard_normal((p.m, p.d),
                                                                        dtype=np.float32)
    q, k = widen_if_huge(q, k)
    with _cache_lock:
        _cache.clear()  # one head at a time: these can be hundreds of MB
        _cache[key] = (q, k)
    return q, k


@dataclass(frozen=True)
class LargeJob:
    """One computation for the screen.

    ``kind`` is ``"overview"`` (the whole matrix, block-pooled), ``"tile"`` (the exact
    weights of a window of at most :data:`EXACT_LIMIT` squared) or ``"pooled"`` (a
    larger window, block-pooled). ``rows``/``cols`` are half-open global ranges and
    ``shape`` the most blocks wanted (the widget's pixels).
    """

    params: LargeParams
    kind: str
    rows: tuple[int, int]
    cols: tuple[int, int]
    shape: tuple[int, int]


def plan_job(p: LargeParams, window, pixels) -> LargeJob:
    """The job that fills ``pixels`` (rows, cols) for ``window`` (r0, r1, c0, c1) or None."""
    pr, pc = (int(min(1024, max(16, v))) for v in pixels)
    if window is None or tuple(window) == (0, p.n, 0, p.m):
        return LargeJob(p, "overview", (0, p.n), (0, p.m), (pr, pc))
    r0, r1, c0, c1 = (int(v) for v in window)
    kind = "tile" if (r1 - r0) <= EXACT_LIMIT and (c1 - c0) <= EXACT_LIMIT else "pooled"
    return LargeJob(p, kind, (r0, r1), (c0, c1), (pr, pc))


def shapes_differ(a, b, tolerance: float = 0.2) -> bool:
    """Whether pixel shapes (rows, cols) differ by more than ``tolerance`` in either axis."""
    return max(abs(x - y) / max(x, 1) for x, y in zip(a, b, strict=True)) > tolerance


def needed_jobs(p: LargeParams, window, pixels, have) -> list[LargeJob]:
    """The overview (and the window's job, if any) not already among ``have``.

    A job shown or being computed counts when only its pixel size differs a little: a
    colour bar's label growing by a few pixels is no reason to compute again.
    """
    wanted = [plan_job(p, None, pixels)] + ([plan_job(p, window, pixels)] if window else [])

    def same(a: LargeJob, b: LargeJob) -> bool:
        return ((a.params, a.kind, a.rows, a.cols) == (b.params, b.kind, b.rows, b.cols)
                and not shapes_differ(a.shape, b.shape))

    return [j for j in wanted if not any(same(j, h) for h in have)]


@dataclass(frozen=True, eq=False)
class LargeResult:
    """A finished job: the image (rows × cols, float32 weights) and how it was made.

    ``row_bounds``/``col_bounds`` give block ``r`` the global rows
    ``[row_bounds[r], row_bounds[r+1])`` (unit blocks for an exact tile); ``hidden``
    marks the blocks the causal mask hides entirely (see :func:`hidden_blocks`).
    """

    job: LargeJob
    image: np.ndarray
    row_bounds: np.ndarray
    col_bounds: np.ndarray
    hidden: np.ndarray
    seconds: float
    backend: str
    device: str
    fallback: str | None = None

    def summary(self) -> str:
        """What was computed and how long it took, e.g. ``"overview 4096×4096 in 0.82 s"``."""
        j = self.job
        size = f"{j.rows[1] - j.rows[0]}×{j.cols[1] - j.cols[0]}"
        what = {"overview": "overview", "tile": "exact window", "pooled": "pooled window"}
        return f"{what[j.kind]} {size} in {self.seconds:.2f} s"

    def describe(self) -> str:
        """Status text, e.g. ``"backend: numpy — CPU (…); overview 4096×4096 in 0.82 s"``."""
        return describe_results([self])


def describe_results(results) -> str:
    """One status line for results computed together (backend, device, each summary)."""
    last = results[-1]
    text = f"backend: {last.backend} — {last.device}; " + "; ".join(
        r.summary() for r in results)
    notes = [r.fallback for r in results if r.fallback]
    return f"{notes[-1]}. {text}" if notes else text


def _pool_rows_into(xp, out, pooled, rb_local, a: int, b: int) -> None:
    """Max-fold the rows [a, b) of ``pooled`` (window-local) into the row blocks of ``out``."""
    r0, r1 = block_of(rb_local, a), block_of(rb_local, b - 1)
    local = np.clip(rb_local[r0:r1 + 2], a, b) - a  # blocks may straddle chunks
    seg = segment_reduce(xp, pooled[None], local, "max")[0]
    xp.maximum(out[r0:r1 + 1], seg, out=out[r0:r1 + 1])


def window_overview(q, k, rows, cols, shape, *, causal=False, temperature=1.0,
                    progress=None, cancel=None):
    """Max-pooled exact weights of the window ``rows`` × ``cols`` of one head.

    Parameters
    ----------
    q, k : array (n, d), (m, d)
        One head (NumPy or CuPy).
    rows, cols : (int, int)
        Half-open global ranges.
    shape : (int, int)
        Blocks wanted; at most the window's size.

    Returns
    -------
    array (blocks of rows, blocks of cols)
        Each block's largest weight, each row normalised over all m keys.
    """
    xp = array_module(q)
    (r0, r1), (c0, c1) = rows, cols
    pr, pc = min(shape[0], r1 - r0), min(shape[1], c1 - c0)
    rb, cb = block_bounds(r1 - r0, pr), block_bounds(c1 - c0, pc)
    out = xp.zeros((pr, pc), dtype=np.float32)
    step = max(1, min(_CHUNK_ROWS, (4 * 2**20) // max(c1 - c0, 1)))
    for a in range(r0, r1, step):
        check_cancel(cancel)
        b = min(r1, a + step)
        tile = attention_tile(q, k, slice(a, b), slice(c0, c1), causal=causal,
                              temperature=temperature)
        by_col = segment_reduce(xp, tile[0][:, :, None], cb, "max")[:, :, 0]
        _pool_rows_into(xp, out, by_col, rb, a - r0, b - r0)
        report(progress, (b - r0) / (r1 - r0))
    return out


def _exact_tile(q, k, rows, cols, *, causal, temperature, progress, cancel):
    (r0, r1), (c0, c1) = rows, cols
    parts = []
    for a in range(r0, r1, _CHUNK_ROWS):
        check_cancel(cancel)
        b = min(r1, a + _CHUNK_ROWS)
        parts.append(attention_tile(q, k, slice(a, b), slice(c0, c1), causal=causal,
                                    temperature=temperature)[0])
        report(progress, (b - r0) / (r1 - r0))
    return array_module(parts[0]).concatenate(parts, axis=0)


def run_job(job: LargeJob, backend: Backend | None = None, progress=None,
            cancel=None) -> LargeResult:
    """Compute ``job`` on ``backend`` (default: :func:`select_backend`), host result.

    Raises
    ------
    Cancelled
        When ``cancel()`` returned True between chunks.
    ValueError
        When an input file turned unreadable since it was chosen.
    """
    backend = backend or select_backend()
    p = job.params
    t0 = time.perf_counter()
    q_host, k_host = load_head(p)
    check_cancel(cancel)

    def compute(be: Backend):
        q, k = be.asarray(q_host), be.asarray(k_host)
        opts = dict(causal=p.causal, temperature=p.temperature, progress=progress,
                    cancel=cancel)
        if job.kind == "overview":
            img = attention_overview(q, k, shape=job.shape, chunk_rows=_CHUNK_ROWS, **opts)[0]
        elif job.kind == "tile":
            img = _exact_tile(q, k, job.rows, job.cols, **opts)
        else:
            img = window_overview(q, k, job.rows, job.cols, job.shape, **opts)
        be.sync()
        return np.ascontiguousarray(be.to_host(img), dtype=np.float32)

    image, used, message = run_with_fallback(compute, backend)
    seconds = time.perf_counter() - t0
    (r0, r1), (c0, c1) = job.rows, job.cols
    rb = r0 + block_bounds(r1 - r0, image.shape[0])
    cb = c0 + block_bounds(c1 - c0, image.shape[1])
    hidden = hidden_blocks(rb, cb, p.n, p.m, p.causal)
    for a in (image, rb, cb, hidden):
        a.setflags(write=False)
    return LargeResult(job, image, rb, cb, hidden, seconds, used.name, used.device, message)


def run_jobs(jobs, backend: Backend | None = None, progress=None,
             cancel=None) -> list[LargeResult]:
    """Run several jobs in order (e.g. the overview, then the visible window).

    ``progress`` sees one fraction for the whole list; each job gets an equal share.
    """
    backend = backend or select_backend()
    out = []
    share = 1.0 / max(len(jobs), 1)
    for k, job in enumerate(jobs):
        sub = None if progress is None else (
            lambda f, k=k: progress(min(1.0, (k + f) * share)))
        out.append(run_job(job, backend, sub, cancel))
    return out
