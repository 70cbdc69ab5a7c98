"""The Low-rank lab's decomposition and the Embeddings lab's search and PCA on CuPy, against
NumPy; skipped where CuPy has no CUDA device."""

from __future__ import annotations

import numpy as np
import pytest

cupy = pytest.importorskip("cupy")
try:
    _HAS_DEVICE = bool(cupy.cuda.is_available())
except Exception:  # a missing driver raises instead of answering False
    _HAS_DEVICE = False
if not _HAS_DEVICE:
    pytest.skip("CuPy is installed but has no CUDA device", allow_module_level=True)

from models.core.backend import numpy_backend, select_backend  # noqa: E402
from models.embeddings.pca import pca  # noqa: E402
from models.embeddings.search import normalise, top_k  # noqa: E402
from models.lowrank.decompose import decompose  # noqa: E402

pytestmark = pytest.mark.gpu


def _matrix(m, n, seed=0):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((m, 20)) @ rng.standard_normal((20, n))
            + 0.1 * rng.standard_normal((m, n))).astype(np.float32)


def test_full_svd_on_the_gpu_equals_numpy():
    a = _matrix(700, 500)
    gpu = decompose(a, backend=select_backend("cupy"))
    cpu = decompose(a, backend=numpy_backend())
    assert gpu.exact and "CPU" not in gpu.device
    np.testing.assert_allclose(gpu.s, cpu.s, rtol=1e-4, atol=1e-3)
    ak_gpu = (gpu.u[:, :20] * gpu.s[:20]) @ gpu.vt[:20]
    ak_cpu = (cpu.u[:, :20] * cpu.s[:20]) @ cpu.vt[:20]
    np.testing.assert_allclose(ak_gpu, ak_cpu, atol=1e-3)


def test_randomised_svd_on_the_gpu_lies_within_its_bound():
    a = _matrix(3000, 2000, seed=1)
    d = decompose(a, top=64, backend=select_backend("cupy"))
    ref = np.linalg.svd(a.astype(np.float64), compute_uv=False)[:64]
    assert not d.exact and np.all(np.abs(d.s - ref) <= d.bound + 1e-3)


def test_cosine_search_and_pca_on_the_gpu_equal_numpy():
    rng = np.random.default_rng(2)
    vectors = rng.standard_normal((50_000, 64)).astype(np.float32)
    queries = rng.standard_normal((100, 64)).astype(np.float32)
    unit = normalise(vectors)
    i_gpu, s_gpu = top_k(unit, queries, 10, backend=select_backend("cupy"))
    i_cpu, s_cpu = top_k(unit, queries, 10, backend=numpy_backend())
    np.testing.assert_array_equal(i_gpu, i_cpu)
    np.testing.assert_allclose(s_gpu, s_cpu, atol=1e-5)
    p_gpu = pca(cupy.asarray(vectors))
    p_cpu = pca(vectors)
    np.testing.assert_allclose(p_gpu.explained_variance_ratio, p_cpu.explained_variance_ratio,
                               rtol=1e-4, atol=1e-7)
