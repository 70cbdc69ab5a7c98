"""BERT's forward pass (the encoder, without the pooler or any task head).

Word, position and token-type embeddings summed and layer-normed; per layer a
bidirectional attention whose projected output is added to its input and layer-normed,
then an MLP treated the same way (post-LayerNorm). ``nn.Linear`` stores weights as
(out, in), so a projection is ``x @ Wᵀ + b``. Every token is of type 0 (one sentence).
"""

from __future__ import annotations

import math
from types import ModuleType
from typing import Any

from models.attention.checkpoint.config import ModelConfig
from models.attention.checkpoint.layers import activate, attend, layer_norm, split_heads
from models.attention.checkpoint.recorder import Recorder

__all__ = ["forward_bert"]


def _linear(p: dict[str, Any], name: str, x: Any) -> Any:
    return x @ p[name + ".weight"].T + p[name + ".bias"]



def forward_bert(xp: ModuleType, p: dict[str, Any], c: ModelConfig, ids: Any, allowed: Any,
                 recorder: Recorder) -> Any:
    """The last layer's output of BERT for token ids ``ids`` (token type 0 throughout).

    Parameters
    ----------
    xp : module
    p : dict of str to array
        The weights under their canonical names, on ``xp``'s device.
    c : ModelConfig
    ids : int array, shape (n,)
    allowed : bool array, shape (n, n)
        True everywhere but the columns of padding.
    recorder : Recorder

    Returns
    -------
    array, shape (n, d_model)
    """
    n = ids.shape[0]
    e = "embeddings."
    x = (p[e + "word_embeddings.weight"][ids] + p[e + "position_embeddings.weight"][:n]
         + p[e + "token_type_embeddings.weight"][0])
    x = layer_norm(xp, x, p[e + "LayerNorm.weight"], p[e + "LayerNorm.bias"], c.eps)
    scale = 1.0 / math.sqrt(c.d_head)
    for i in range(c.layers):
        h = f"encoder.layer.{i}."
        s = h + "attention.self."
        q, k, v = (split_heads(xp, _linear(p, s + part, x), c.heads)
                   for part in ("query", "key", "value"))
        o = attend(xp, q, k, v, allowed, scale, i, recorder)
        x = layer_norm(xp, _linear(p, h + "attention.output.dense", o) + x,
                       p[h + "attention.output.LayerNorm.weight"],
                       p[h + "attention.output.LayerNorm.bias"], c.eps)
        m = activate(xp, _linear(p, h + "intermediate.dense", x), c.activation)
        x = layer_norm(xp, _linear(p, h + "output.dense", m) + x,
                       p[h + "output.LayerNorm.weight"], p[h + "output.LayerNorm.bias"], c.eps)
    return x
