"""Timing of the Embeddings lab's heavy paths, for ``linscope bench``.

Top-10 cosine neighbours of 1 and of 1,000 queries over synthetic word vectors, and PCA
of a large set. The vectors are normalised (and their squared norms taken) once, outside
the timing, as the lab does when a vocabulary is loaded. Figures only; nothing asserted.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from bench.attention import measure
from models.core.backend import Backend
from models.embeddings.pca import pca
from models.embeddings.search import normalise, squared_norms, top_k

__all__ = ["bench_pca", "bench_top_k"]


def _vectors(backend: Backend, n: int, d: int) -> Any:
    # Seeded on the host so every backend sees identical numbers.
    rng = np.random.default_rng(0)
    return backend.asarray(rng.standard_normal((n, d), dtype=np.float32))


def bench_top_k(n: int, d: int, queries: int, *, backend: Backend, k: int = 10,
                repeats: int = 5) -> dict[str, Any]:
    """Time :func:`top_k` (cosine, ``k`` best) of ``queries`` query vectors over n × d."""
    vectors = normalise(_vectors(backend, n, d))
    norms = squared_norms(vectors)
    q = vectors[:queries] + 0.1

    def run() -> Any:
        idx, score = top_k(vectors, q, k, "cosine", sq_norms=norms)
        return backend.to_host(idx), backend.to_host(score)

    result = measure(run, backend, repeats)
    return {"case": f"top-{k} cosine, {queries} quer{'y' if queries == 1 else 'ies'}"
                    f" over {n}×{d}", **result}


def bench_pca(n: int, d: int, *, backend: Backend, repeats: int = 3) -> dict[str, Any]:
    """Time the exact :func:`pca` (all components) of n × d float32 data."""
    x = _vectors(backend, n, d)
    result = measure(lambda: pca(x, method="exact"), backend, repeats)
    return {"case": f"PCA {n}×{d} exact", **result}
