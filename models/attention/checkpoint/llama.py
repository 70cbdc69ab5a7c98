"""The Llama layout's forward pass (SmolLM2 and models shaped like it).

Token embeddings only (positions enter through rotary embeddings of queries and keys);
per layer an RMSNorm, a causal attention whose keys and values may be shared by groups of
query heads (grouped-query attention), an RMSNorm and a SwiGLU MLP,
``down(act(gate(x)) · up(x))``; a final RMSNorm. Rotary positions follow Hugging Face's
``rotate_half`` convention: a head's first and second halves are the two coordinates of
each rotated pair, with angles computed in float32 as the reference does.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import numpy as np

from models.attention.checkpoint.config import ModelConfig
from models.attention.checkpoint.layers import activate, attend, rms_norm, split_heads
from models.attention.checkpoint.recorder import Recorder

__all__ = ["forward_llama", "rotary_tables"]


def rotary_tables(n: int, d_head: int, theta: float) -> tuple[np.ndarray, np.ndarray]:
    """cos and sin of the rotary angles, each (n, d_head) float32, halves repeated.

    Position t and frequency f_j = θ^(−2j/d) give angle t·f_j for both coordinates of
    pair j (j and j + d/2), computed in float32 as the reference does.
    """
    exponents = np.arange(0, d_head, 2, dtype=np.int64).astype(np.float32) / np.float32(d_head)
    inv_freq = np.float32(1.0) / (np.float32(theta) ** exponents)
    angles = np.arange(n, dtype=np.float32)[:, None] * inv_freq[None, :]
    angles = np.concatenate([angles, angles], axis=1)
    return np.cos(angles), np.sin(angles)


def _rotate(xp: ModuleType, x: Any, cos: Any, sin: Any) -> Any:
    half = x.shape[-1] // 2
    rotated = xp.concatenate([-x[..., half:], x[..., :half]], axis=-1)
    return x * cos + rotated * sin


def _linear(p: dict[str, Any], name: str, x: Any) -> Any:
    y = x @ p[name + ".weight"].T
    bias = p.get(name + ".bias")
    return y if bias is None else y + bias



def forward_llama(xp: ModuleType, p: dict[str, Any], c: ModelConfig, ids: Any, allowed: Any,
                  recorder: Recorder) -> Any:
    """The last hidden state (after the final RMSNorm) for token ids ``ids``.

    Parameters
    ----------
    xp : module
    p : dict of str to array
        The weights under their canonical names, on ``xp``'s device.
    c : ModelConfig
    ids : int array, shape (n,)
    allowed : bool array, shape (n, n)
        The causal mask, combined with any padding.
    recorder : Recorder
        Receives queries and keys after the rotation, keys repeated to one per query head.

    Returns
    -------
    array, shape (n, d_model)
    """
    n = ids.shape[0]
    cos, sin = (xp.asarray(t) for t in rotary_tables(n, c.d_head, float(c.rope_theta)))
    group = c.heads // c.kv_heads
    scale = c.d_head ** -0.5
    x = p["embed_tokens.weight"][ids]
    for i in range(c.layers):
        h = f"layers.{i}."
        a = rms_norm(xp, x, p[h + "input_layernorm.weight"], c.eps)
        q = _rotate(xp, split_heads(xp, _linear(p, h + "self_attn.q_proj", a), c.heads), cos, sin)
        k = _rotate(xp, split_heads(xp, _linear(p, h + "self_attn.k_proj", a), c.kv_heads),
                    cos, sin)
        v = split_heads(xp, _linear(p, h + "self_attn.v_proj", a), c.kv_heads)
        if group > 1:  # head j reads key/value head j // group, as repeat_kv arranges
            k, v = xp.repeat(k, group, axis=0), xp.repeat(v, group, axis=0)
        o = attend(xp, q, k, v, allowed, scale, i, recorder)
        x = x + _linear(p, h + "self_attn.o_proj", o)
        m = rms_norm(xp, x, p[h + "post_attention_layernorm.weight"], c.eps)
        gate = activate(xp, _linear(p, h + "mlp.gate_proj", m), c.activation)
        x = x + _linear(p, h + "mlp.down_proj", gate * _linear(p, h + "mlp.up_proj", m))
    return rms_norm(xp, x, p["norm.weight"], c.eps)
