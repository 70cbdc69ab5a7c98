"""CuPy results against NumPy; skipped where CuPy has no CUDA device."""

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

from bench.attention import bench_matmul, bench_overview  # noqa: E402
from models.attention.kernels import (  # noqa: E402 - only importable usefully with a device
    attention,
    attention_overview,
    attention_tile,
    row_stats,
    softmax,
)
from models.core.backend import array_module, run_with_fallback, select_backend  # noqa: E402

pytestmark = pytest.mark.gpu


def _qk(h, n, m, d, dtype=np.float32, seed=0):
    rng = np.random.default_rng(seed)
    return (
        rng.standard_normal((h, n, d)).astype(dtype),
        rng.standard_normal((h, m, d)).astype(dtype),
    )


def _tol(dtype):
    return {"atol": 2e-5, "rtol": 2e-4} if dtype == np.float32 else {"atol": 1e-12}


def test_backend_reports_the_gpu():
    b = select_backend("cupy")
    assert b.name == "cupy" and b.is_gpu and "CuPy" in b.device
    a = b.asarray(np.arange(4.0))
    assert array_module(a) is cupy
    np.testing.assert_array_equal(b.to_host(a), np.arange(4.0))
    b.sync()
    b.reset_peak()
    assert isinstance(b.memory_peak_bytes(), int)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("causal", [False, True])
def test_attention_matches_numpy(dtype, causal):
    q, k = _qk(3, 17, 23, 8, dtype)
    v = np.random.default_rng(1).standard_normal((3, 23, 5)).astype(dtype)
    mask = np.random.default_rng(2).random((17, 23)) < 0.7
    out_c, w_c = attention(
        cupy.asarray(q),
        cupy.asarray(k),
        cupy.asarray(v),
        causal=causal,
        mask=cupy.asarray(mask),
        temperature=0.8,
    )
    out_n, w_n = attention(q, k, v, causal=causal, mask=mask, temperature=0.8)
    assert isinstance(w_c, cupy.ndarray) and w_c.dtype == dtype
    np.testing.assert_allclose(w_c.get(), w_n, **_tol(dtype))
    np.testing.assert_allclose(out_c.get(), out_n, **_tol(dtype))
    x = np.array([[1.0, -np.inf], [-np.inf, -np.inf]])
    np.testing.assert_array_equal(softmax(cupy.asarray(x)).get(), softmax(x))


@pytest.mark.parametrize("reduce", ["max", "mean"])
@pytest.mark.parametrize("causal", [False, True])
@pytest.mark.parametrize(("n", "m", "shape"), [(37, 53, (7, 11)), (256, 256, (32, 64))])
def test_overview_matches_numpy(reduce, causal, n, m, shape):
    q, k = _qk(2, n, m, 16)
    got = attention_overview(
        cupy.asarray(q), cupy.asarray(k), causal=causal, shape=shape, reduce=reduce, chunk_rows=20
    )
    want = attention_overview(q, k, causal=causal, shape=shape, reduce=reduce, chunk_rows=20)
    assert isinstance(got, cupy.ndarray)
    np.testing.assert_allclose(got.get(), want, **_tol(np.float32))


@pytest.mark.parametrize("causal", [False, True])
def test_tile_and_row_stats_match_numpy(causal):
    q, k = _qk(2, 60, 70, 8, np.float64)
    rows, cols = np.array([3, 59, 10]), slice(5, 65, 2)
    got = attention_tile(
        cupy.asarray(q), cupy.asarray(k), cupy.asarray(rows), cols, causal=causal, chunk_rows=2
    )
    np.testing.assert_allclose(
        got.get(), attention_tile(q, k, rows, cols, causal=causal), atol=1e-12
    )
    mx_c, lse_c = row_stats(cupy.asarray(q), cupy.asarray(k), rows, causal=causal, chunk_keys=7)
    mx_n, lse_n = row_stats(q, k, rows, causal=causal)
    np.testing.assert_allclose(lse_c.get(), lse_n, rtol=1e-12)


def test_run_with_fallback_stays_on_the_gpu_when_it_works():
    b = select_backend("cupy")
    result, used, message = run_with_fallback(lambda be, x: be.asarray(x) * 2, b, [1.0, 2.0])
    assert used is b and message is None and array_module(result) is cupy


def test_bench_functions_run_on_the_gpu():
    b = select_backend("cupy")
    r = bench_matmul(256, b, repeats=2)
    assert r["tflops"] > 0 and r["peak_bytes"] > 0
    r = bench_overview(256, 2, 16, causal=True, backend=b, repeats=2)
    assert r["median_s"] > 0
