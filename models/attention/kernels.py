"""Softmax and scaled dot-product attention, on NumPy or CuPy arrays.

``attention`` computes ``softmax(q kᵀ / (√d · temperature)) v`` with optional
causal and boolean masks and returns the full weights, which is right for the
sizes a person inspects cell by cell. For thousands of tokens use
:func:`attention_overview` (block-pooled weights, never the whole matrix) and
:func:`attention_tile` (the exact weights of a visible window).

Causal convention: query ``i`` may attend to key ``j`` only when
``j <= i + (m - n)``, i.e. the ``n`` queries are aligned with the *last* ``n``
of the ``m`` keys (the usual layout when new tokens attend to a cache). For
``n == m`` this is the familiar ``j <= i``.

A query row with nothing to attend to (fully masked) gets zero weights and a
zero output, never NaN. Arrays stay where they came from: NumPy in gives NumPy
out, CuPy in gives CuPy out.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import numpy as np

from models.attention.common import Cancelled, check_temperature, prepare_qk
from models.attention.overview import attention_overview, attention_tile, row_stats
from models.core.backend import array_module

__all__ = [
    "Cancelled",
    "attention",
    "attention_flops",
    "attention_overview",
    "attention_tile",
    "row_stats",
    "softmax",
]


def _softmax_stable(xp: ModuleType, z: Any, axis: int) -> Any:
    """Softmax of float array ``z`` along ``axis``; all -inf rows give zeros.

    Rows containing +inf share their weight equally among the +inf entries,
    which is the limit of the finite softmax.
    """
    m = xp.max(z, axis=axis, keepdims=True)
    top = m == np.inf
    z = xp.where(top, xp.where(z == np.inf, 0.0, -np.inf).astype(z.dtype), z)
    # A row of -inf has max -inf; shifting by 0 instead keeps exp() at 0, not NaN.
    shift = xp.where(xp.isfinite(m), m, 0).astype(z.dtype)
    e = xp.exp(z - shift)
    s = xp.sum(e, axis=axis, keepdims=True)
    return xp.where(s > 0, e / xp.where(s > 0, s, 1), 0).astype(z.dtype)


def softmax(x: Any, axis: int = -1, temperature: float = 1.0) -> Any:
    """Numerically stable softmax of ``x / temperature`` along ``axis``.

    Parameters
    ----------
    x : array_like (NumPy or CuPy)
        Logits. float32 stays float32; other real types compute in float64.
    axis : int, default -1
        Axis that sums to one.
    temperature : float, default 1.0
        Must be a finite number > 0; small values sharpen, large ones flatten.

    Returns
    -------
    array
        Same shape and array library as ``x``. Slices that are entirely -inf
        come out as zeros rather than NaN.

    Raises
    ------
    ValueError
        If ``temperature`` is not a finite number > 0, or ``x`` is complex.
    """
    t = check_temperature(temperature)
    xp = array_module(x)
    x = xp.asarray(x)
    if x.dtype.kind == "c":
        raise ValueError("softmax needs real logits, got complex values")
    dtype = np.float32 if x.dtype == np.float32 else np.float64
    z = x.astype(dtype, copy=False)
    if t != 1.0:
        z = z / dtype(t)
    if z.ndim == 0 or z.shape[axis] == 0:
        return xp.ones_like(z) if z.ndim == 0 else xp.zeros_like(z)
    return _softmax_stable(xp, z, axis)


def _check_v_and_mask(v: Any, mask: Any, h: int, n: int, m: int, squeeze: bool) -> None:
    v_shape = tuple(v.shape)
    if len(v_shape) != (2 if squeeze else 3):
        raise ValueError(f"v must have the same number of dimensions as q, got shape {v_shape}")
    vh, vm = (1, v_shape[0]) if squeeze else v_shape[:2]
    if vh != h:
        raise ValueError(f"q has {h} heads but v has {vh}")
    if vm != m:
        raise ValueError(f"k has m={m} keys but v has {vm}")
    if mask is None:
        return
    if mask.dtype != np.bool_:
        raise ValueError(f"mask must be boolean (True = attend), got dtype {mask.dtype}")
    if tuple(mask.shape) not in ((n, m), (h, n, m)) or (squeeze and mask.ndim == 3):
        want = f"({n}, {m})" if squeeze else f"({n}, {m}) or ({h}, {n}, {m})"
        raise ValueError(f"mask must have shape {want}, got {tuple(mask.shape)}")


def attention(
    q: Any,
    k: Any,
    v: Any,
    *,
    causal: bool = False,
    mask: Any = None,
    temperature: float = 1.0,
) -> tuple[Any, Any]:
    """Scaled dot-product attention ``softmax(q kᵀ / (√d · T)) v``.

    Parameters
    ----------
    q : array, shape (h, n, d) or (n, d)
        Queries.
    k : array, shape (h, m, d) or (m, d)
        Keys (same number of dimensions as ``q``).
    v : array, shape (h, m, dv) or (m, dv)
        Values.
    causal : bool, default False
        Hide key ``j`` from query ``i`` when ``j > i + (m - n)`` (queries
        aligned with the end of the keys).
    mask : bool array, shape (n, m) or (h, n, m), optional
        True where a query may attend to a key; combined with ``causal``.
    temperature : float, default 1.0
        Finite number > 0 dividing the scores.

    Returns
    -------
    out : array, shape (h, n, dv) or (n, dv)
    weights : array, shape (h, n, m) or (n, m)
        Rows sum to 1, or are all zero where nothing may be attended to.

    Raises
    ------
    ValueError
        On mismatched shapes (e.g. ``"q has d=64 but k has d=32"``), a
        non-boolean mask or a bad temperature.

    Notes
    -----
    float32 inputs compute in float32, anything wider in float64. The result
    lives in the same array library as the inputs.
    """
    pre = prepare_qk(q, k, temperature, extra=(v,) if mask is None else (v, mask))
    xp = pre.xp
    v = xp.asarray(v)
    mask = None if mask is None else xp.asarray(mask)
    h, n, m = pre.h, pre.n, pre.m
    _check_v_and_mask(v, mask, h, n, m, pre.squeeze)
    v3 = (v[None] if pre.squeeze else v).astype(pre.dtype, copy=False)

    scores = xp.matmul(pre.qs, xp.swapaxes(pre.k, 1, 2))
    allowed = None
    if causal:
        i = xp.arange(n)[:, None]
        allowed = xp.arange(m)[None, :] <= i + pre.offset
    if mask is not None:
        allowed = mask if allowed is None else (allowed & mask)
    if allowed is not None:
        scores = xp.where(allowed, scores, -np.inf).astype(pre.dtype, copy=False)
    if m == 0:
        weights = scores
    else:
        weights = _softmax_stable(xp, scores, axis=-1)
    out = xp.matmul(weights, v3)
    if pre.squeeze:
        return out[0], weights[0]
    return out, weights


def attention_flops(n: int, m: int, d: int, h: int = 1, dv: int | None = None) -> int:
    """Floating-point operations of one attention pass (both matmuls), ignoring softmax.

    This is the O(n·m) cost that makes long contexts expensive.
    """
    dv = d if dv is None else dv
    return 2 * h * n * m * (d + dv)
