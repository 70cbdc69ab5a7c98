"""Array backend: choose CuPy or NumPy, describe the device, fall back to the CPU.

This is the only module in linscope that imports :mod:`cupy`. Everything else
asks for a :class:`Backend` and works with its ``xp`` array module, or calls
:func:`array_module` on an array it was given.

The backend is chosen by :func:`select_backend` from an explicit preference or
the ``LINSCOPE_BACKEND`` environment variable (``auto``, ``numpy`` or ``cupy``).
When CuPy is asked for but cannot be used, NumPy is returned and a message
explaining why is kept for the status bar (:func:`last_message`).
"""

from __future__ import annotations

import importlib
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import numpy as np

__all__ = [
    "BACKEND_CHOICES",
    "ENV_VAR",
    "Backend",
    "array_module",
    "is_gpu_failure",
    "last_message",
    "numpy_backend",
    "run_with_fallback",
    "select_backend",
]

#: Accepted values for a backend preference.
BACKEND_CHOICES = ("auto", "numpy", "cupy")
#: Environment variable read when no preference is given.
ENV_VAR = "LINSCOPE_BACKEND"

# Workers report fallbacks from their own threads; the lock keeps the message
# and its replacement consistent when two of them finish at once.
_message_lock = threading.Lock()
_last_message: str | None = None


def _set_message(message: str | None) -> None:
    global _last_message
    with _message_lock:
        _last_message = message


def last_message() -> str | None:
    """Return the most recent fallback or status message, or None.

    Returns
    -------
    str or None
        For example ``"CuPy unavailable (CuPy is not installed); using NumPy"``
        after :func:`select_backend`, or ``"GPU failed (...); computed on the
        CPU"`` after :func:`run_with_fallback`. None when the last selection
        gave exactly what was asked for.
    """
    with _message_lock:
        return _last_message


def _is_cupy_array(a: Any) -> bool:
    # Checking the type's module avoids importing cupy just to look at an array.
    return type(a).__module__.split(".", 1)[0] == "cupy"


@dataclass(frozen=True)
class Backend:
    """An array module together with a description of where it computes.

    Parameters
    ----------
    name : {"numpy", "cupy"}
        Which library computes.
    xp : module
        The array module (:mod:`numpy` or :mod:`cupy`).
    device : str
        Human-readable device, e.g. ``"CPU (NumPy 2.4.6, 2 cores)"``.
    """

    name: str
    xp: ModuleType
    device: str

    @property
    def is_gpu(self) -> bool:
        """True when arrays of this backend live on a GPU."""
        return self.name == "cupy"

    def asarray(self, a: Any, dtype: Any = None) -> Any:
        """Return ``a`` as an array of this backend (copying across devices)."""
        if not self.is_gpu and _is_cupy_array(a):
            a = a.get()  # CuPy-only: NumPy refuses implicit device-to-host copies
        return self.xp.asarray(a, dtype=dtype)

    def to_host(self, a: Any) -> np.ndarray:
        """Return ``a`` as a NumPy array in host memory."""
        if _is_cupy_array(a):
            return a.get()  # CuPy-only
        return np.asarray(a)

    def sync(self) -> None:
        """Wait until queued device work is done (a no-op for NumPy)."""
        if self.is_gpu:
            self.xp.cuda.Device().synchronize()  # CuPy-only

    def memory_peak_bytes(self) -> int | None:
        """Bytes held by the device memory pool, or None for NumPy.

        CuPy's pool keeps freed blocks, so after :meth:`reset_peak` its total
        is the high-water mark of the work done since.
        """
        if self.is_gpu:
            return int(self.xp.get_default_memory_pool().total_bytes())  # CuPy-only
        return None

    def reset_peak(self) -> None:
        """Release cached device blocks so the next peak reading starts fresh."""
        if self.is_gpu:
            self.xp.get_default_memory_pool().free_all_blocks()  # CuPy-only


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


_NUMPY_BACKEND = Backend(
    name="numpy",
    xp=np,
    device=f"CPU (NumPy {np.__version__}, {_cpu_count()} cores)",
)


def numpy_backend() -> Backend:
    """Return the NumPy backend (always available)."""
    return _NUMPY_BACKEND


def _cupy_backend() -> tuple[Backend | None, str]:
    """Try to build a CuPy backend; return it, or None and the reason."""
    try:
        cupy = importlib.import_module("cupy")
    except Exception as exc:  # a broken install can raise more than ImportError
        if isinstance(exc, ImportError) and exc.name == "cupy":
            return None, "CuPy is not installed"
        return None, f"CuPy failed to import: {type(exc).__name__}: {exc}"
    try:  # CuPy-only from here on
        if not cupy.cuda.is_available():
            return None, "no CUDA device"
        dev = cupy.cuda.Device()
        props = cupy.cuda.runtime.getDeviceProperties(dev.id)
        gpu = props["name"]
        gpu = gpu.decode() if isinstance(gpu, bytes) else str(gpu)
    except Exception as exc:  # driver missing or mismatched
        return None, f"CUDA driver problem: {type(exc).__name__}: {exc}"
    return Backend(name="cupy", xp=cupy, device=f"{gpu} (CuPy {cupy.__version__})"), ""


def select_backend(preference: str | None = None) -> Backend:
    """Choose the array backend.

    Parameters
    ----------
    preference : {"auto", "numpy", "cupy"} or None
        None reads the ``LINSCOPE_BACKEND`` environment variable, which
        defaults to ``"auto"``. ``"auto"`` uses CuPy only when it imports and
        reports a CUDA device. ``"cupy"`` falls back to NumPy with a message
        (see :func:`last_message`) when CuPy cannot be used.

    Returns
    -------
    Backend

    Raises
    ------
    ValueError
        If the preference is not one of the choices.
    """
    source = "backend preference"
    if preference is None:
        preference = os.environ.get(ENV_VAR, "auto")
        source = f"{ENV_VAR}"
    choice = str(preference).strip().lower()
    if choice not in BACKEND_CHOICES:
        raise ValueError(
            f"unknown {source} {preference!r}; choose one of "
            + ", ".join(repr(c) for c in BACKEND_CHOICES)
        )
    if choice == "numpy":
        _set_message(None)
        return _NUMPY_BACKEND
    backend, reason = _cupy_backend()
    if backend is not None:
        _set_message(None)
        return backend
    _set_message(f"CuPy unavailable ({reason}); using NumPy")
    return _NUMPY_BACKEND


def array_module(a: Any) -> ModuleType:
    """Return :mod:`cupy` for a CuPy array, :mod:`numpy` for anything else."""
    # A CuPy array cannot exist unless cupy is already imported, so there is
    # no need to pay for importing it here.
    cupy = sys.modules.get("cupy")
    if cupy is not None and _is_cupy_array(a):
        return cupy.get_array_module(a)  # CuPy-only
    return np


#: Top-level packages whose exceptions are CUDA failures (CuPy's own and its CUDA bindings).
_GPU_PACKAGES = ("cupy", "cupy_backends")
#: Names of CUDA library errors, wherever a binding defines them.
_GPU_ERROR_NAMES = frozenset({
    "CUDARuntimeError", "CUDADriverError", "CuDNNError", "CUBLASError", "CuBLASError",
    "CUSOLVERError", "CuSOLVERError", "CUFFTError", "CURANDError", "CUSPARSEError",
    "NVRTCError", "NCCLError", "OutOfMemoryError",
})


def is_gpu_failure(exc: BaseException, backend: Backend) -> bool:
    """Whether ``exc`` is a CUDA/CuPy failure worth retrying on the CPU.

    Counts: an exception class defined in ``cupy`` or ``cupy_backends`` (driver, runtime,
    cuBLAS, cuSOLVER, cuDNN and compiler errors, CuPy's ``OutOfMemoryError``), a class
    named like a CUDA library error in a module of a CUDA binding, and ``MemoryError``
    (an allocation that failed). Nothing else: a ``RuntimeError``,
    ``NotImplementedError`` or ``RecursionError`` raised by linscope's own code is a bug
    to report, not a reason to compute again on the CPU and hide it.
    """
    if backend.name == "numpy":
        return False
    if isinstance(exc, MemoryError):
        return True
    for cls in type(exc).__mro__:
        module = cls.__module__ or ""
        if module.split(".", 1)[0] in _GPU_PACKAGES:
            return True
        if cls.__name__ in _GPU_ERROR_NAMES and "cuda" in module.lower():
            return True
    return False


def _release_device_memory(backend: Backend) -> None:
    # After an out-of-memory error the pool still holds blocks; give them back
    # so the rest of the application can use the GPU again.
    try:
        backend.reset_peak()
    except Exception:  # the device may be unusable; the CPU rerun matters more
        pass


def run_with_fallback(
    fn: Callable[..., Any], backend: Backend, *args: Any, **kwargs: Any
) -> tuple[Any, Backend, str | None]:
    """Call ``fn(backend, *args, **kwargs)``, rerunning on NumPy if the GPU fails.

    Parameters
    ----------
    fn : callable
        Receives the backend to compute with as its first argument; it should
        move its inputs with ``backend.asarray``.
    backend : Backend
        The backend to try first.
    *args, **kwargs
        Passed on to ``fn``.

    Returns
    -------
    result : object
        What ``fn`` returned.
    backend_used : Backend
        ``backend``, or the NumPy backend after a fallback.
    message : str or None
        ``"GPU failed (<Error>: <text>); computed on the CPU"`` after a
        fallback (also kept for :func:`last_message`), else None.

    Notes
    -----
    Exceptions raised on the NumPy backend, and non-CUDA exceptions on the
    GPU, propagate unchanged.
    """
    try:
        return fn(backend, *args, **kwargs), backend, None
    except Exception as exc:
        if not is_gpu_failure(exc, backend):
            raise
        _release_device_memory(backend)
        message = f"GPU failed ({type(exc).__name__}: {exc}); computed on the CPU"
    _set_message(message)
    return fn(_NUMPY_BACKEND, *args, **kwargs), _NUMPY_BACKEND, message
