"""Backend selection, device description and the GPU-to-CPU fallback."""

from __future__ import annotations

import dataclasses
import sys
import types

import numpy as np
import pytest

from models.attention.kernels import attention_overview
from models.core import backend as bk
from models.core.backend import (
    Backend,
    array_module,
    last_message,
    numpy_backend,
    run_with_fallback,
    select_backend,
)


def _error_class(name: str, module: str, base: type = Exception) -> type:
    """An exception class that claims to live in ``module`` (as CuPy's do)."""
    return type(name, (base,), {"__module__": module})


CUDARuntimeError = _error_class("CUDARuntimeError", "cupy_backends.cuda.api.runtime", RuntimeError)
OutOfMemoryError = _error_class("OutOfMemoryError", "cupy.cuda.memory", MemoryError)
CuPyPlainError = _error_class("CUDADriverError", "cupy.cuda.driver")
CUBLASError = _error_class("CUBLASError", "cupy_backends.cuda.libs.cublas", RuntimeError)
CUSOLVERError = _error_class("CUSOLVERError", "cupy_backends.cuda.libs.cusolver", RuntimeError)
CuDNNError = _error_class("CuDNNError", "cupy_backends.cuda.libs.cudnn", RuntimeError)
DriverError = _error_class("CUDADriverError", "cupy_backends.cuda.api.driver", RuntimeError)
CompileException = _error_class("CompileException", "cupy.cuda.compiler")

FAKE_GPU = Backend(name="cupy", xp=np, device="Fake GPU (CuPy 0.0)")


def _fake_cupy(available: bool) -> types.ModuleType:
    mod = types.ModuleType("cupy")
    mod.__version__ = "13.9"
    runtime = types.SimpleNamespace(getDeviceProperties=lambda i: {"name": b"Fake H100"})
    mod.cuda = types.SimpleNamespace(
        is_available=lambda: available,
        Device=lambda: types.SimpleNamespace(id=0),
        runtime=runtime,
    )
    return mod


@pytest.fixture
def no_cupy(monkeypatch):
    # A None entry makes `import cupy` fail exactly as if it were not installed.
    monkeypatch.setitem(sys.modules, "cupy", None)


# ---------------------------------------------------------------- selection


def test_numpy_backend_describes_the_cpu():
    b = select_backend("numpy")
    assert b.name == "numpy" and b.xp is np and not b.is_gpu
    assert b.device.startswith("CPU (NumPy ") and "cores)" in b.device
    assert last_message() is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        b.name = "cupy"


def test_cupy_without_cupy_falls_back_with_a_message(no_cupy):
    b = select_backend("cupy")
    assert b is numpy_backend()
    assert last_message() == "CuPy unavailable (CuPy is not installed); using NumPy"


def test_cupy_without_a_device_falls_back(monkeypatch):
    monkeypatch.setitem(sys.modules, "cupy", _fake_cupy(available=False))
    assert select_backend("cupy").name == "numpy"
    assert last_message() == "CuPy unavailable (no CUDA device); using NumPy"
    assert select_backend("auto").name == "numpy"


def test_auto_uses_cupy_when_a_device_is_there(monkeypatch):
    fake = _fake_cupy(available=True)
    monkeypatch.setitem(sys.modules, "cupy", fake)
    b = select_backend("auto")
    assert b.name == "cupy" and b.xp is fake and b.is_gpu
    assert b.device == "Fake H100 (CuPy 13.9)"
    assert last_message() is None


def test_broken_driver_falls_back(monkeypatch):
    fake = _fake_cupy(available=True)

    def boom(i):
        raise CUDARuntimeError("cudaErrorInsufficientDriver")

    fake.cuda.runtime.getDeviceProperties = boom
    monkeypatch.setitem(sys.modules, "cupy", fake)
    assert select_backend("cupy").name == "numpy"
    assert "CUDA driver problem" in last_message()


def test_environment_variable_chooses(monkeypatch, no_cupy):
    monkeypatch.setenv("LINSCOPE_BACKEND", " NumPy ")
    assert select_backend().name == "numpy" and last_message() is None
    monkeypatch.setenv("LINSCOPE_BACKEND", "cupy")
    assert select_backend().name == "numpy" and "CuPy unavailable" in last_message()
    monkeypatch.delenv("LINSCOPE_BACKEND")
    assert select_backend().name == "numpy"  # auto
    monkeypatch.setenv("LINSCOPE_BACKEND", "tpu")
    with pytest.raises(ValueError, match="LINSCOPE_BACKEND 'tpu'.*'auto', 'numpy', 'cupy'"):
        select_backend()


@pytest.mark.parametrize("bad", ["gpu", "", "cuda", 3])
def test_invalid_preference_is_refused(bad):
    with pytest.raises(ValueError, match="choose one of 'auto', 'numpy', 'cupy'"):
        select_backend(bad)


def test_numpy_backend_methods():
    b = numpy_backend()
    a = b.asarray([1, 2, 3], dtype=np.float32)
    assert isinstance(a, np.ndarray) and a.dtype == np.float32
    assert isinstance(b.to_host(a), np.ndarray)
    b.sync()
    b.reset_peak()
    assert b.memory_peak_bytes() is None
    assert array_module(a) is np and array_module([1.0]) is np


# ---------------------------------------------------------------- fallback


def _double(backend, x):
    if backend.name == "cupy":
        raise CUDARuntimeError("cudaErrorMemoryAllocation: out of memory")
    return backend.xp.asarray(x) * 2


def test_fallback_reruns_on_numpy_with_a_message():
    result, used, message = run_with_fallback(_double, FAKE_GPU, [1, 2])
    np.testing.assert_array_equal(result, [2, 4])
    assert used is numpy_backend()
    assert message == (
        "GPU failed (CUDARuntimeError: cudaErrorMemoryAllocation: out of memory); "
        "computed on the CPU"
    )
    assert last_message() == message


@pytest.mark.parametrize(
    "error",
    [
        OutOfMemoryError("pool exhausted"),
        CuPyPlainError("launch failed"),
        CUBLASError("CUBLAS_STATUS_EXECUTION_FAILED"),
        CUSOLVERError("CUSOLVER_STATUS_INTERNAL_ERROR"),
        CuDNNError("CUDNN_STATUS_BAD_PARAM"),
        DriverError("CUDA_ERROR_ILLEGAL_ADDRESS"),
        CompileException("nvrtc: error"),
        MemoryError(),
    ],
)
def test_gpu_failures_of_every_kind_fall_back(error):
    def fn(backend):
        if backend.is_gpu:
            raise error
        return "cpu"

    result, used, message = run_with_fallback(fn, FAKE_GPU)
    assert result == "cpu" and used.name == "numpy"
    assert message.startswith(f"GPU failed ({type(error).__name__}") and "CPU" in message


def test_fake_device_module_failing_inside_a_real_computation():
    class FailingXp:
        """Stands in for cupy: accepts arrays, then the kernel launch fails."""

        asarray = staticmethod(np.asarray)

        @staticmethod
        def matmul(a, b):
            raise CUDARuntimeError("cudaErrorLaunchFailure")

    gpu = Backend(name="cupy", xp=FailingXp, device="Fake")  # type: ignore[arg-type]
    q = np.random.default_rng(0).standard_normal((8, 3))

    def work(backend, q):
        backend.xp.matmul(q, q.T)  # fails on the fake device
        return attention_overview(backend.asarray(q), backend.asarray(q), shape=(2, 2))

    out, used, message = run_with_fallback(work, gpu, q)
    assert used.name == "numpy" and out.shape == (1, 2, 2) and "cudaErrorLaunchFailure" in message


def test_user_errors_and_numpy_errors_propagate():
    def bad_input(backend):
        raise ValueError("q has d=64 but k has d=32")

    with pytest.raises(ValueError, match="d=64"):
        run_with_fallback(bad_input, FAKE_GPU)
    for error in (RuntimeError("numpy trouble"), CUDARuntimeError("odd"), MemoryError()):

        def fails(backend, error=error):
            raise error

        with pytest.raises(type(error)):
            run_with_fallback(fails, numpy_backend())


def test_success_needs_no_message():
    result, used, message = run_with_fallback(lambda b, x: x + 1, FAKE_GPU, 1)
    assert (result, used, message) == (2, FAKE_GPU, None)
    assert bk.is_gpu_failure(CUDARuntimeError("x"), FAKE_GPU)
    assert not bk.is_gpu_failure(KeyError("x"), FAKE_GPU)


@pytest.mark.parametrize("error", [
    RuntimeError("an ordinary bug"),
    NotImplementedError("a missing branch"),
    RecursionError("maximum recursion depth exceeded"),
    ValueError("q has d=64 but k has d=32"),
    KeyError("x"),
    ZeroDivisionError("division by zero"),
    _error_class("CUDARuntimeError", "models.attention", RuntimeError)("named like one"),
])
def test_errors_that_are_not_from_cuda_propagate_on_the_gpu(error):
    calls = []

    def fn(backend):
        calls.append(backend.name)
        raise error

    with pytest.raises(type(error)):
        run_with_fallback(fn, FAKE_GPU)
    assert calls == ["cupy"]  # never silently rerun on the CPU
    assert not bk.is_gpu_failure(error, FAKE_GPU)


def test_a_cuda_error_class_of_another_binding_counts():
    numba_like = _error_class("CUDADriverError", "numba.cuda.cudadrv.driver", Exception)
    assert bk.is_gpu_failure(numba_like("CUDA_ERROR_LAUNCH_FAILED"), FAKE_GPU)
    assert not bk.is_gpu_failure(numba_like("x"), numpy_backend())
