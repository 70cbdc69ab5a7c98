"""Timing of the heavy attention and matmul paths, for ``linscope bench``.

Pure functions: they build seeded float32 data, time a few repeats after one
warm-up run and return plain dicts. They measure and report; they never
assert a speed.

Peak memory: on NumPy ``peak_bytes`` is the tracemalloc high-water mark of one
extra run (NumPy reports its buffers to tracemalloc) and ``rss_increase_bytes``
how far the case pushed the process's maximum resident size past its earlier
maximum (0 when an earlier, larger computation already reached higher). On
CuPy ``peak_bytes`` is the device memory pool after the run, which starts
empty (:meth:`Backend.reset_peak`) and keeps every block it handed out.
"""

from __future__ import annotations

import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np

from models.attention.kernels import attention_overview, attention_tile
from models.core.backend import Backend

__all__ = ["bench_matmul", "bench_overview", "bench_tile", "measure"]


def _data(backend: Backend, *shape: int) -> Any:
    # Seeded on the host so every backend sees identical numbers.
    rng = np.random.default_rng(0)
    return backend.asarray(rng.standard_normal(shape, dtype=np.float32))


def _maxrss_bytes() -> int:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(rss if sys.platform == "darwin" else rss * 1024)  # Linux reports KiB


def measure(fn: Callable[[], Any], backend: Backend, repeats: int) -> dict[str, Any]:
    """Warm up, time ``repeats`` runs, then one more run for peak memory.

    The resident-size increase is taken from just before the warm-up run, so it
    shows how far this computation pushed the process past its earlier maximum.
    """
    if repeats < 1:
        raise ValueError(f"repeats must be >= 1, got {repeats!r}")
    rss_before = _maxrss_bytes()
    fn()
    backend.sync()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        backend.sync()
        times.append(time.perf_counter() - t0)
    if backend.is_gpu:
        backend.reset_peak()
        fn()
        backend.sync()
        peak = backend.memory_peak_bytes()
    else:
        tracemalloc.start()
        try:
            fn()
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    return {
        "median_s": float(np.median(times)),
        "p95_s": float(np.percentile(times, 95)),
        "min_s": float(min(times)),
        "repeats": repeats,
        "peak_bytes": None if peak is None else int(peak),
        "rss_increase_bytes": max(0, _maxrss_bytes() - rss_before),
        "backend": backend.name,
        "device": backend.device,
    }


def bench_overview(
    n: int, h: int, d: int, *, causal: bool, backend: Backend, repeats: int = 5
) -> dict[str, Any]:
    """Time a 512 x 512 max-pooled :func:`attention_overview` of n tokens.

    Returns
    -------
    dict
        ``case``, ``median_s``, ``p95_s``, ``min_s``, ``peak_bytes``,
        ``rss_increase_bytes``, ``backend``, ``device``, ``repeats``.
    """
    q, k = _data(backend, h, n, d), _data(backend, h, n, d)

    def run() -> Any:
        return attention_overview(q, k, causal=causal, shape=(512, 512), reduce="max")

    result = measure(run, backend, repeats)
    return {"case": f"overview n={n} h={h} d={d} causal={causal}", **result}


def bench_tile(
    n: int, size: int, h: int, d: int, backend: Backend, repeats: int = 5
) -> dict[str, Any]:
    """Time a ``size`` x ``size`` :func:`attention_tile` centred in n tokens.

    Includes the streaming row statistics over all n keys, which dominate.
    """
    q, k = _data(backend, h, n, d), _data(backend, h, n, d)
    start = max(0, (n - size) // 2)
    window = slice(start, min(n, start + size))

    def run() -> Any:
        return attention_tile(q, k, window, window)

    result = measure(run, backend, repeats)
    return {"case": f"tile n={n} size={size} h={h} d={d}", **result}


def bench_matmul(size: int, backend: Backend, repeats: int = 5) -> dict[str, Any]:
    """Time a float32 ``size`` x ``size`` matrix product and report TFLOP/s."""
    a, b = _data(backend, size, size), _data(backend, size, size)
    xp = backend.xp

    def run() -> Any:
        return xp.matmul(a, b)

    result = measure(run, backend, repeats)
    flops = 2.0 * size**3
    result["tflops"] = flops / result["median_s"] / 1e12 if result["median_s"] > 0 else None
    return {"case": f"matmul {size}x{size} float32", **result}
