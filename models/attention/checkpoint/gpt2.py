"""GPT-2's forward pass (and DistilGPT-2's, and the larger sizes').

Learned token and position embeddings; per block a pre-LayerNorm causal attention and a
pre-LayerNorm MLP, each added to the residual stream; a final LayerNorm (``ln_f``). GPT-2's
``Conv1D`` stores its weights as (in, out), so a projection is ``x @ W + b``; the query,
key and value projections are one (d, 3d) matrix, split in that order.
"""

from __future__ import annotations

import math
from types import ModuleType
from typing import Any

from models.attention.checkpoint.config import ModelConfig
from models.attention.checkpoint.layers import activate, attend, layer_norm, split_heads
from models.attention.checkpoint.recorder import Recorder

__all__ = ["forward_gpt2"]



def forward_gpt2(xp: ModuleType, p: dict[str, Any], c: ModelConfig, ids: Any, allowed: Any,
                 recorder: Recorder) -> Any:
    """The last hidden state (after ``ln_f``) of GPT-2 for token ids ``ids``.

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

    Returns
    -------
    array, shape (n, d_model)
    """
    n = ids.shape[0]
    d = c.d_model
    x = p["wte.weight"][ids] + p["wpe.weight"][:n]
    for i in range(c.layers):
        h = f"h.{i}."
        a = layer_norm(xp, x, p[h + "ln_1.weight"], p[h + "ln_1.bias"], c.eps)
        qkv = a @ p[h + "attn.c_attn.weight"] + p[h + "attn.c_attn.bias"]
        q, k, v = (split_heads(xp, qkv[:, j * d:(j + 1) * d], c.heads) for j in range(3))
        scale = 1.0 / math.sqrt(c.d_head) / ((i + 1) if c.scale_by_layer else 1)
        o = attend(xp, q, k, v, allowed, scale, i, recorder)
        x = x + (o @ p[h + "attn.c_proj.weight"] + p[h + "attn.c_proj.bias"])
        m = layer_norm(xp, x, p[h + "ln_2.weight"], p[h + "ln_2.bias"], c.eps)
        m = activate(xp, m @ p[h + "mlp.c_fc.weight"] + p[h + "mlp.c_fc.bias"], c.activation)
        x = x + (m @ p[h + "mlp.c_proj.weight"] + p[h + "mlp.c_proj.bias"])
    return layer_norm(xp, x, p["ln_f.weight"], p["ln_f.bias"], c.eps)
