"""Shared checks and preparation for the attention functions.

Every attention entry point scores with the same expression,
``(q * (1 / (sqrt(d) * temperature))) @ k.T``, so the overview, a tile and
the full weights agree to rounding.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import numpy as np

from models.core.backend import array_module

#: Default working-memory budget for one chunk of scores, in bytes.
CHUNK_BYTES = 64 * 2**20


class Cancelled(Exception):
    """Raised when a ``cancel`` callback asked a long computation to stop."""


def check_temperature(temperature: float) -> float:
    """Return ``temperature`` as a float, refusing anything but a finite value > 0."""
    try:
        t = float(temperature)
    except (TypeError, ValueError):
        raise ValueError(f"temperature must be a number > 0, got {temperature!r}") from None
    if not (t > 0 and math.isfinite(t)):
        raise ValueError(f"temperature must be a finite number > 0, got {temperature!r}")
    return t


def common_module(*arrays: Any) -> ModuleType:
    """Return cupy if any array lives on the GPU, else numpy."""
    for a in arrays:
        xp = array_module(a)
        if xp is not np:
            return xp
    return np


def compute_dtype(*dtypes: Any) -> np.dtype:
    """float32 when every input is at most float32, float64 otherwise."""
    dt = np.result_type(*dtypes)
    if dt.kind == "c":
        raise ValueError("attention needs real inputs, got complex values")
    if dt.kind not in "biuf":
        raise ValueError(f"attention needs numeric inputs, got dtype {dt}")
    return np.dtype(np.float32) if dt.kind == "f" and dt.itemsize <= 4 else np.dtype(np.float64)


@dataclass(frozen=True)
class QK:
    """Validated, scaled queries and keys, always with a heads axis.

    ``qs`` is ``q / (sqrt(d) * temperature)`` with shape (h, n, d); ``k`` has
    shape (h, m, d); ``offset = m - n`` aligns queries with the end of the keys
    for causal masking (query i may see keys j <= i + offset).
    """

    xp: ModuleType
    qs: Any
    k: Any
    dtype: np.dtype
    squeeze: bool

    @property
    def h(self) -> int:
        return int(self.qs.shape[0])

    @property
    def n(self) -> int:
        return int(self.qs.shape[1])

    @property
    def m(self) -> int:
        return int(self.k.shape[1])

    @property
    def offset(self) -> int:
        return self.m - self.n


def prepare_qk(q: Any, k: Any, temperature: float, extra: tuple[Any, ...] = ()) -> QK:
    """Validate ``q`` and ``k`` (2D or 3D, same d and heads) and scale the queries."""
    t = check_temperature(temperature)
    xp = common_module(q, k, *extra)
    q = xp.asarray(q)
    k = xp.asarray(k)
    if q.ndim not in (2, 3):
        raise ValueError(f"q must be 2D (n, d) or 3D (h, n, d), got shape {tuple(q.shape)}")
    if k.ndim != q.ndim:
        raise ValueError(
            f"q and k must both be 2D or both 3D, got q {tuple(q.shape)} and k {tuple(k.shape)}"
        )
    squeeze = q.ndim == 2
    if squeeze:
        q, k = q[None], k[None]
    if q.shape[0] != k.shape[0]:
        raise ValueError(f"q has {q.shape[0]} heads but k has {k.shape[0]}")
    if q.shape[2] != k.shape[2]:
        raise ValueError(f"q has d={q.shape[2]} but k has d={k.shape[2]}")
    if q.shape[2] == 0:
        raise ValueError("q and k need a feature size d >= 1, got d=0")
    dtype = compute_dtype(q.dtype, k.dtype, *(e.dtype for e in extra))
    scale = 1.0 / (math.sqrt(q.shape[2]) * t)
    qs = xp.multiply(q.astype(dtype, copy=False), dtype.type(scale))
    k = xp.ascontiguousarray(k.astype(dtype, copy=False))
    return QK(xp=xp, qs=xp.ascontiguousarray(qs), k=k, dtype=dtype, squeeze=squeeze)


def default_chunk(rows_total: int, per_row_bytes: int, budget: int = CHUNK_BYTES) -> int:
    """Rows per chunk so that ``rows * per_row_bytes`` stays within ``budget``."""
    return max(1, min(rows_total, budget // max(per_row_bytes, 1)))


def check_chunk(chunk_rows: int | None, fallback: int) -> int:
    """Validate a caller's ``chunk_rows`` or use ``fallback``."""
    if chunk_rows is None:
        return fallback
    c = int(chunk_rows)
    if c < 1:
        raise ValueError(f"chunk_rows must be >= 1, got {chunk_rows!r}")
    return c


def index_array(sel: Any, length: int, what: str) -> np.ndarray:
    """Turn a slice or integer index array into a host int64 array within ``[0, length)``."""
    if isinstance(sel, slice):
        return np.arange(*sel.indices(length), dtype=np.int64)
    if array_module(sel) is not np:
        sel = sel.get()  # CuPy-only: indices are small, bounds checks run on the host
    idx = np.asarray(sel)
    if idx.ndim == 0:
        idx = idx.reshape(1)
    if idx.ndim != 1 or (idx.size and idx.dtype.kind not in "iu"):
        raise ValueError(
            f"{what} must be a slice or a 1D integer array, got {idx.dtype} array {idx.shape}"
        )
    idx = idx.astype(np.int64)
    if idx.size and (idx.min() < -length or idx.max() >= length):
        raise ValueError(f"{what} index out of range for length {length}")
    return np.where(idx < 0, idx + length, idx)


def report(progress: Callable[[float], Any] | None, fraction: float) -> None:
    """Call ``progress`` with a fraction clipped to [0, 1], if given."""
    if progress is not None:
        progress(min(1.0, max(0.0, float(fraction))))


def check_cancel(cancel: Callable[[], bool] | None) -> None:
    """Raise :class:`Cancelled` if ``cancel()`` says so."""
    if cancel is not None and cancel():
        raise Cancelled("attention computation cancelled")
