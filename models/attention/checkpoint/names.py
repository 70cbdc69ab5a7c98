"""The weight names and shapes of each architecture, and how hub files spell them.

Files on the hub name the same tensor in several ways: with the prefix of the class that
saved them (``transformer.`` for GPT2LMHeadModel, ``bert.`` for BertForMaskedLM, ``model.``
for LlamaForCausalLM) or without it (the bare GPT2Model, BertModel, LlamaModel), and older
BERT files call a layer norm's scale and shift ``gamma`` and ``beta``. :func:`canonical` maps
every spelling to one name, the bare model's; heads on top (``lm_head``, ``cls.``,
``pooler.``) are simply never asked for.

Shapes are as stored: GPT-2's ``Conv1D`` keeps a weight as (in, out); BERT's and Llama's
``nn.Linear`` keep it as (out, in). ``None`` in a shape is any length (an embedding's rows:
some files pad the vocabulary).
"""

from __future__ import annotations

from models.attention.checkpoint.config import ModelConfig

__all__ = ["PREFIXES", "Shape", "canonical", "expected_tensors"]

Shape = tuple[int | None, ...]

#: The prefixes of the head-carrying classes, stripped from names.
PREFIXES = {"gpt2": ("transformer.",), "bert": ("bert.",), "llama": ("model.",)}


def canonical(key: str, architecture: str) -> str:
    """The bare model's name for a key of a file: prefix stripped, gamma/beta renamed.

    >>> canonical("bert.encoder.layer.0.output.LayerNorm.gamma", "bert")
    'encoder.layer.0.output.LayerNorm.weight'
    """
    for prefix in PREFIXES.get(architecture, ()):
        if key.startswith(prefix):
            key = key[len(prefix):]
            break
    if key.endswith(".gamma"):
        key = key[: -len("gamma")] + "weight"
    elif key.endswith(".beta"):
        key = key[: -len("beta")] + "bias"
    return key


def _norm(name: str, d: int, bias: bool = True) -> dict[str, Shape]:
    out: dict[str, Shape] = {f"{name}.weight": (d,)}
    if bias:
        out[f"{name}.bias"] = (d,)
    return out


def _linear(name: str, shape: tuple[int, int], bias: int | None) -> dict[str, Shape]:
    out: dict[str, Shape] = {f"{name}.weight": shape}
    if bias is not None:
        out[f"{name}.bias"] = (bias,)
    return out


def _gpt2(c: ModelConfig) -> tuple[dict[str, Shape], dict[str, Shape]]:
    d, f = c.d_model, c.d_ff
    need: dict[str, Shape] = {"wte.weight": (None, d), "wpe.weight": (None, d)}
    for i in range(c.layers):
        p = f"h.{i}."
        need |= _norm(p + "ln_1", d) | _norm(p + "ln_2", d)
        need |= _linear(p + "attn.c_attn", (d, 3 * d), 3 * d)
        need |= _linear(p + "attn.c_proj", (d, d), d)
        need |= _linear(p + "mlp.c_fc", (d, f), f) | _linear(p + "mlp.c_proj", (f, d), d)
    return need | _norm("ln_f", d), {}


def _bert(c: ModelConfig) -> tuple[dict[str, Shape], dict[str, Shape]]:
    d, f = c.d_model, c.d_ff
    e = "embeddings."
    need: dict[str, Shape] = {e + "word_embeddings.weight": (None, d),
                              e + "position_embeddings.weight": (None, d),
                              e + "token_type_embeddings.weight": (None, d)}
    need |= _norm(e + "LayerNorm", d)
    for i in range(c.layers):
        p = f"encoder.layer.{i}."
        for part in ("query", "key", "value"):
            need |= _linear(f"{p}attention.self.{part}", (d, d), d)
        need |= _linear(p + "attention.output.dense", (d, d), d)
        need |= _norm(p + "attention.output.LayerNorm", d)
        need |= _linear(p + "intermediate.dense", (f, d), f)
        need |= _linear(p + "output.dense", (d, f), d) | _norm(p + "output.LayerNorm", d)
    return need, {}


def _llama(c: ModelConfig) -> tuple[dict[str, Shape], dict[str, Shape]]:
    d, f = c.d_model, c.d_ff
    q, kv = c.heads * c.d_head, c.kv_heads * c.d_head
    need: dict[str, Shape] = {"embed_tokens.weight": (None, d)}
    optional: dict[str, Shape] = {}
    for i in range(c.layers):
        p = f"layers.{i}."
        need |= _norm(p + "input_layernorm", d, bias=False)
        need |= _norm(p + "post_attention_layernorm", d, bias=False)
        shapes = {"self_attn.q_proj": (q, d), "self_attn.k_proj": (kv, d),
                  "self_attn.v_proj": (kv, d), "self_attn.o_proj": (d, q),
                  "mlp.gate_proj": (f, d), "mlp.up_proj": (f, d), "mlp.down_proj": (d, f)}
        for name, shape in shapes.items():
            need |= _linear(p + name, shape, None)
            optional[f"{p}{name}.bias"] = (shape[0],)  # attention_bias, mlp_bias
    return need | _norm("norm", d, bias=False), optional


def expected_tensors(config: ModelConfig) -> tuple[dict[str, Shape], dict[str, Shape]]:
    """The tensors a model of ``config`` needs, and those it uses when present.

    Returns
    -------
    required, optional : dict of str to tuple
        Canonical name → stored shape (``None`` for any length).
    """
    return {"gpt2": _gpt2, "bert": _bert, "llama": _llama}[config.architecture](config)
