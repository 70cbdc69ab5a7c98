"""The pieces every transformer here is built of, on NumPy or CuPy arrays alike.

Each function takes the array module ``xp`` (a backend's ``xp``) and float32 arrays, and
returns float32 arrays on the same device. :func:`attend` is the one attention of all
three architectures: per head, the scores ``q kᵀ · scale``, the mask, the softmax and the
weighted sum of values, handing what a
:class:`~models.attention.checkpoint.recorder.Recorder` asks for to it and dropping the
rest.
"""

from __future__ import annotations

import math
from types import ModuleType
from typing import Any

import numpy as np

from models.attention.checkpoint.recorder import Recorder

__all__ = ["activate", "attend", "erf", "layer_norm", "rms_norm",
           "softmax_rows", "split_heads"]

# erf as a rational function on [-4, 4] (odd numerator, even denominator; outside it erf is
# ±1 to float32's precision). The coefficients are Eigen's float32 erf (also XLA's); the
# largest error against math.erf is about 4e-7, far below GELU's tolerance here.
_ERF_NUM = (-2.72614225801306e-10, 2.77068142495902e-08, -2.10102402082508e-06,
            -5.69250639462346e-05, -7.34990630326855e-04, -2.95459980854025e-03,
            -1.60960333262415e-02)
_ERF_DEN = (-1.45660718464996e-05, -2.13374055278905e-04, -1.68282697438203e-03,
            -7.37332916720468e-03, -1.42647390514189e-02)


def erf(xp: ModuleType, x: Any) -> Any:
    """The error function of a float32 array, to about 4e-7 (NumPy has none of its own)."""
    x = xp.clip(x, -4.0, 4.0)
    x2 = x * x
    num = xp.full_like(x, _ERF_NUM[0])
    for c in _ERF_NUM[1:]:
        num = num * x2 + np.float32(c)
    den = xp.full_like(x, _ERF_DEN[0])
    for c in _ERF_DEN[1:]:
        den = den * x2 + np.float32(c)
    return x * num / den


def activate(xp: ModuleType, x: Any, name: str) -> Any:
    """The MLP's activation, by Hugging Face's name.

    ``"gelu"`` is the exact GELU, x·Φ(x) with Φ from erf; ``"gelu_new"``,
    ``"gelu_pytorch_tanh"`` and ``"gelu_fast"`` its tanh approximation (they differ from it
    by up to about 1e-3 — the reason the name is read from the config, never assumed).
    """
    if name == "gelu":
        return 0.5 * x * (1.0 + erf(xp, x * np.float32(1 / math.sqrt(2.0))))
    if name in ("gelu_new", "gelu_pytorch_tanh", "gelu_fast"):
        c = np.float32(math.sqrt(2.0 / math.pi))
        return 0.5 * x * (1.0 + xp.tanh(c * (x + np.float32(0.044715) * x * x * x)))
    if name == "quick_gelu":
        return x / (1.0 + xp.exp(np.float32(-1.702) * x))
    if name in ("silu", "swish"):
        return x / (1.0 + xp.exp(-x))
    if name == "relu":
        return xp.maximum(x, 0)
    raise ValueError(f"unknown activation {name!r}")


def layer_norm(xp: ModuleType, x: Any, weight: Any, bias: Any, eps: float) -> Any:
    """LayerNorm over the last axis: (x − mean) / √(var + eps) · weight + bias."""
    centred = x - x.mean(axis=-1, keepdims=True)
    var = (centred * centred).mean(axis=-1, keepdims=True)
    return centred / xp.sqrt(var + np.float32(eps)) * weight + bias


def rms_norm(xp: ModuleType, x: Any, weight: Any, eps: float) -> Any:
    """RMSNorm over the last axis: x / √(mean(x²) + eps) · weight (Llama's)."""
    mean_sq = (x * x).mean(axis=-1, keepdims=True)
    return x / xp.sqrt(mean_sq + np.float32(eps)) * weight


def split_heads(xp: ModuleType, x: Any, heads: int) -> Any:
    """(n, heads · d_head) → (heads, n, d_head), contiguous for the batched products."""
    n, width = x.shape
    return xp.ascontiguousarray(x.reshape(n, heads, width // heads).transpose(1, 0, 2))


def softmax_rows(xp: ModuleType, z: Any) -> Any:
    """Softmax along the last axis, in place on ``z``; a row all −inf becomes zeros."""
    top = z.max(axis=-1, keepdims=True)
    top = xp.where(xp.isfinite(top), top, np.float32(0))
    z -= top
    xp.exp(z, out=z)
    total = z.sum(axis=-1, keepdims=True)
    z /= xp.where(total > 0, total, np.float32(1))
    return z


def attend(xp: ModuleType, q: Any, k: Any, v: Any, allowed: Any, scale: float,
           layer: int, recorder: Recorder) -> Any:
    """Multi-head attention of one layer.

    Parameters
    ----------
    xp : module
    q, k, v : array, shape (H, n, d_head)
        Queries, keys and values per head (keys and values already one per query head).
    allowed : bool array, shape (n, n)
        True where query i may attend to key j (causality, padding).
    scale : float
        Multiplies the dot products (1/√d_head, and GPT-2's 1/(layer + 1) when set).
    layer : int
        Which layer this is, for the recorder.
    recorder : Recorder

    Returns
    -------
    array, shape (n, H · d_head)
        The heads' outputs side by side, ready for the output projection.
    """
    recorder.start(layer)
    recorder.take(layer, q=q, k=k, v=v)
    # Kᵀ made contiguous first: NumPy multiplies a stack of transposed views without BLAS,
    # two to three times slower than copying the (H, d_head, n) keys once.
    scores = xp.matmul(q, xp.ascontiguousarray(k.transpose(0, 2, 1)))
    scores *= np.float32(scale)
    recorder.take(layer, scores=scores)
    z = xp.where(allowed, scores, np.float32(-np.inf))
    del scores
    weights = softmax_rows(xp, z)
    recorder.take(layer, weights=weights)
    out = xp.matmul(weights, v)
    heads, n, d_head = out.shape
    return out.transpose(1, 0, 2).reshape(n, heads * d_head)
