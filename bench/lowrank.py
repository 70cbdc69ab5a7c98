"""Timing of the Low-rank lab's heavy paths, for ``linscope bench``.

The full SVD of n × n float32 (n = 1024, 2048, 4096), the randomised top-64 SVD of a
4096 × 4096 matrix and of a 4096 × 11008 one (an MLP weight's shape), each through
:func:`models.lowrank.decompose.decompose` as the lab runs it (host matrix in, host factors
out, so a GPU's transfers are counted); and the rank-k recomposition of one slider step at
1024², by :class:`models.lowrank.decompose.Recomposer`. Figures only; nothing asserted.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np

from bench.attention import measure
from models.core.backend import Backend
from models.lowrank.decompose import Recomposer, decompose

__all__ = ["bench_full_svd", "bench_recompose", "bench_truncated_svd", "lowrank_cases"]


def _matrix(m: int, n: int) -> np.ndarray:
    # Seeded on the host so every backend sees identical numbers.
    return np.random.default_rng(0).standard_normal((m, n), dtype=np.float32)


def _timed(fn: Callable[[], Any], backend: Backend, repeats: int) -> dict[str, Any]:
    """Time ``repeats`` runs with no warm-up and no extra run for memory: for the cases a
    CPU needs minutes for."""
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        backend.sync()
        times.append(time.perf_counter() - t0)
    return {"median_s": float(np.median(times)), "p95_s": float(np.percentile(times, 95)),
            "min_s": float(min(times)), "repeats": repeats, "peak_bytes": None,
            "backend": backend.name, "device": backend.device}


def bench_full_svd(n: int, *, backend: Backend, repeats: int = 3,
                   light: bool = False) -> dict[str, Any]:
    """Time the full SVD of an n × n float32 matrix (``light``: no warm-up, no memory run)."""
    a = _matrix(n, n)
    fn = lambda: decompose(a, top=n, backend=backend)  # noqa: E731
    result = _timed(fn, backend, repeats) if light else measure(fn, backend, repeats)
    return {"case": f"full SVD {n}×{n} float32", **result}


def bench_truncated_svd(m: int, n: int, top: int = 64, *, backend: Backend,
                        repeats: int = 3) -> dict[str, Any]:
    """Time the randomised SVD of the first ``top`` triplets of an m × n float32 matrix,
    with the bound on their error."""
    a = _matrix(m, n)
    result = measure(lambda: decompose(a, top=top, backend=backend), backend, repeats)
    return {"case": f"top-{top} randomised SVD {m}×{n}", **result}


def _slider_path(k: int, steps: int) -> list[int]:
    """``steps`` moves of ±1 around ``k`` (up two, down two…), as an arrow key gives."""
    path, at = [], k
    for i in range(steps):
        at += 1 if (i // 2) % 2 == 0 else -1
        path.append(at)
    return path


def bench_recompose(n: int = 1024, k: int = 100, steps: int = 50,
                    jumps: tuple[int, ...] = (10, 300, 50, 500, 100)) -> dict[str, Any]:
    """Time Aₖ per slider step at n × n: ``steps`` moves of ±1 around ``k`` (the median and
    p95 of one step), then ``jumps`` to far values of k (their median separately). The SVD
    is computed once, outside the timing, on the CPU: recomposition runs on the host."""
    dec = decompose(_matrix(n, n), top=n)
    rec = Recomposer(dec)
    rec.at(k)

    def times(ks: list[int]) -> list[float]:
        out = []
        for target in ks:
            t0 = time.perf_counter()
            rec.at(target)
            out.append(time.perf_counter() - t0)
        return out

    step = times(_slider_path(k, steps))
    jump = times(list(jumps))
    return {"case": f"rank-k recomposition {n}×{n}, ±1 around k={k}",
            "median_s": float(np.median(step)), "p95_s": float(np.percentile(step, 95)),
            "min_s": float(min(step)), "repeats": steps, "peak_bytes": None,
            "jump_median_s": float(np.median(jump)), "jumps": list(jumps),
            "backend": "numpy", "device": "cpu"}


def lowrank_cases(backend: Backend, quick: bool, gpu: bool,
                  reps: int) -> list[tuple[str, Callable[[], dict]]]:
    """The Low-rank cases of ``linscope bench``, as ``(label, run)`` pairs.

    On the CPU the 2048² and 4096² full SVDs are timed without a warm-up (one run each in
    ``--quick``, and 4096² left out there: it takes minutes on two cores).
    """
    cases: list[tuple[str, Callable[[], dict]]] = []
    for n in (1024, 2048, 4096):
        if n == 4096 and quick and not gpu:
            continue
        light = n > 1024 and not gpu
        r = reps if not light else (1 if quick or n == 4096 else 2)
        cases.append((f"full SVD {n}", lambda n=n, r=r, light=light: bench_full_svd(
            n, backend=backend, repeats=r, light=light)))
    for m, n in ((4096, 4096), (4096, 11008)):
        cases.append((f"top-64 SVD {m}x{n}", lambda m=m, n=n: bench_truncated_svd(
            m, n, 64, backend=backend, repeats=reps)))
    cases.append(("rank-k recomposition 1024", lambda: bench_recompose(1024)))
    return cases
