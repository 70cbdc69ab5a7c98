"""Tiny random GPT-2, BERT and Llama model folders, written as the hub writes them.

Each builder writes config.json with the architecture's own key names, the weights under
the hub's tensor names (optionally with the head class's prefix, gamma/beta layer-norm
names, extra head tensors, float16 or bfloat16 storage, or sharded with an index) and a
small tokenizer.json made by the ``tokenizers`` library, and returns the folder and the
weights as stored (float64, bare names) for the reference in ``reference.py``.
"""

from __future__ import annotations

import functools
import json
import struct
from pathlib import Path

import numpy as np
from safetensors.numpy import save_file

CORPUS = ["the cat sat on the mat", "the dog sat on the log", "a cat and a dog",
          "hello world, hello there", "linear algebra is fun\nattention is a matrix"]
BERT_VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "cat", "sat", "on", "mat",
              "play", "##ing", "##s", "a", "dog", ".", ",", "hello", "world"]


def _needs_tokenizers() -> None:
    """Skip the test where the ``tokenizers`` package (the ``models`` extra) is missing:
    ``make test`` stays green without it."""
    import pytest

    pytest.importorskip("tokenizers", reason="the 'models' extra (tokenizers) is not "
                                             "installed")


@functools.cache
def byte_level_tokenizer_json() -> str:
    """A tiny byte-level BPE (GPT-2's pre-tokeniser and decoder), trained on CORPUS."""
    _needs_tokenizers()
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=300, special_tokens=["<|endoftext|>"],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
                                  show_progress=False)
    tok.train_from_iterator(CORPUS, trainer)
    return tok.to_str()


@functools.cache
def wordpiece_tokenizer_json() -> str:
    """A tiny WordPiece with BERT's normaliser, pre-tokeniser and [CLS] … [SEP] template."""
    _needs_tokenizers()
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors

    vocab = {w: i for i, w in enumerate(BERT_VOCAB)}
    tok = Tokenizer(models.WordPiece(vocab, unk_token="[UNK]"))
    tok.normalizer = normalizers.BertNormalizer(lowercase=True)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", vocab["[CLS]"]), ("[SEP]", vocab["[SEP]"])])
    return tok.to_str()


def vocab_size(kind: str) -> int:
    """The tokenizer's vocabulary size (the model's embedding rows)."""
    _needs_tokenizers()
    from tokenizers import Tokenizer

    text = wordpiece_tokenizer_json() if kind == "bert" else byte_level_tokenizer_json()
    return Tokenizer.from_str(text).get_vocab_size()


def _rounded(a: np.ndarray, dtype: str) -> np.ndarray:
    """The values a file of ``dtype`` stores (bfloat16: the top half of float32's bits)."""
    a = a.astype(np.float32)
    if dtype == "float16":
        return a.astype(np.float16).astype(np.float32)
    if dtype == "bfloat16":
        return ((a.view(np.uint32) >> 16) << 16).view(np.float32)
    return a


def _save_bf16(tensors: dict[str, np.ndarray], path: Path) -> None:
    header, blobs, at = {}, [], 0
    for name, a in tensors.items():
        bits = (a.astype(np.float32).view(np.uint32) >> 16).astype("<u2").tobytes()
        header[name] = {"dtype": "BF16", "shape": list(a.shape),
                        "data_offsets": [at, at + len(bits)]}
        blobs.append(bits)
        at += len(bits)
    head = json.dumps(header).encode()
    path.write_bytes(struct.pack("<Q", len(head)) + head + b"".join(blobs))


def _save(tensors: dict[str, np.ndarray], path: Path, dtype: str) -> None:
    if dtype == "bfloat16":
        _save_bf16(tensors, path)
    else:
        save_file({k: np.ascontiguousarray(v.astype(dtype)) for k, v in tensors.items()},
                  str(path))


def write_folder(folder: Path, config: dict, weights: dict[str, np.ndarray], *,
                 prefix: str = "", dtype: str = "float32", shards: int = 1,
                 extra: dict[str, np.ndarray] | None = None, gamma_beta: bool = False,
                 tokenizer: str | None = None) -> dict[str, np.ndarray]:
    """Write a model folder; return the weights as stored (float64, bare names)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.json").write_text(json.dumps(config))
    stored = {k: _rounded(v, dtype) for k, v in weights.items()}

    def file_name(key: str) -> str:
        if gamma_beta and "LayerNorm" in key:
            key = key.replace(".weight", ".gamma").replace(".bias", ".beta")
        return prefix + key

    named = {file_name(k): v for k, v in stored.items()} | dict(extra or {})
    if shards == 1:
        _save(named, folder / "model.safetensors", dtype)
    else:
        keys = list(named)
        weight_map = {}
        for s in range(shards):
            name = f"model-{s + 1:05d}-of-{shards:05d}.safetensors"
            part = {k: named[k] for k in keys[s::shards]}
            _save(part, folder / name, dtype)
            weight_map |= {k: name for k in part}
        (folder / "model.safetensors.index.json").write_text(json.dumps(
            {"metadata": {"total_size": 0}, "weight_map": weight_map}))
    if tokenizer is not None:
        (folder / "tokenizer.json").write_text(tokenizer)
    return {k: v.astype(np.float64) for k, v in stored.items()}


def _normal(rng, *shape, scale=0.3):
    return (scale * rng.standard_normal(shape)).astype(np.float32)


def _norm_weights(rng, name, d, bias=True):
    out = {f"{name}.weight": (1 + 0.1 * rng.standard_normal(d)).astype(np.float32)}
    if bias:
        out[f"{name}.bias"] = _normal(rng, d, scale=0.1)
    return out


def gpt2_model(folder: Path, *, layers=2, heads=2, d=16, positions=24,
               activation="gelu_new", seed=0, **write) -> tuple[dict, dict]:
    """A tiny GPT-2; returns (config, stored weights)."""
    rng = np.random.default_rng(seed)
    v = vocab_size("gpt2")
    config = {"model_type": "gpt2", "architectures": ["GPT2LMHeadModel"], "n_layer": layers,
              "n_head": heads, "n_embd": d, "n_positions": positions, "vocab_size": v,
              "layer_norm_epsilon": 1e-5, "activation_function": activation}
    w = {"wte.weight": _normal(rng, v, d), "wpe.weight": _normal(rng, positions, d)}
    for i in range(layers):
        h = f"h.{i}."
        w |= _norm_weights(rng, h + "ln_1", d) | _norm_weights(rng, h + "ln_2", d)
        w |= {h + "attn.c_attn.weight": _normal(rng, d, 3 * d),
              h + "attn.c_attn.bias": _normal(rng, 3 * d, scale=0.1),
              h + "attn.c_proj.weight": _normal(rng, d, d),
              h + "attn.c_proj.bias": _normal(rng, d, scale=0.1),
              h + "mlp.c_fc.weight": _normal(rng, d, 4 * d),
              h + "mlp.c_fc.bias": _normal(rng, 4 * d, scale=0.1),
              h + "mlp.c_proj.weight": _normal(rng, 4 * d, d),
              h + "mlp.c_proj.bias": _normal(rng, d, scale=0.1)}
    w |= _norm_weights(rng, "ln_f", d)
    write.setdefault("tokenizer", byte_level_tokenizer_json())
    return config, write_folder(folder, config, w, **write)


def bert_model(folder: Path, *, layers=2, heads=2, d=16, ff=40, positions=24,
               activation="gelu", seed=1, **write) -> tuple[dict, dict]:
    """A tiny BERT; returns (config, stored weights)."""
    rng = np.random.default_rng(seed)
    v = vocab_size("bert")
    config = {"model_type": "bert", "architectures": ["BertForMaskedLM"],
              "num_hidden_layers": layers, "num_attention_heads": heads, "hidden_size": d,
              "intermediate_size": ff, "max_position_embeddings": positions,
              "type_vocab_size": 2, "vocab_size": v, "layer_norm_eps": 1e-12,
              "hidden_act": activation}
    e = "embeddings."
    w = {e + "word_embeddings.weight": _normal(rng, v, d),
         e + "position_embeddings.weight": _normal(rng, positions, d),
         e + "token_type_embeddings.weight": _normal(rng, 2, d)}
    w |= _norm_weights(rng, e + "LayerNorm", d)
    for i in range(layers):
        h = f"encoder.layer.{i}."
        for part in ("attention.self.query", "attention.self.key", "attention.self.value",
                     "attention.output.dense"):
            w |= {f"{h}{part}.weight": _normal(rng, d, d),
                  f"{h}{part}.bias": _normal(rng, d, scale=0.1)}
        w |= _norm_weights(rng, h + "attention.output.LayerNorm", d)
        w |= {h + "intermediate.dense.weight": _normal(rng, ff, d),
              h + "intermediate.dense.bias": _normal(rng, ff, scale=0.1),
              h + "output.dense.weight": _normal(rng, d, ff),
              h + "output.dense.bias": _normal(rng, d, scale=0.1)}
        w |= _norm_weights(rng, h + "output.LayerNorm", d)
    write.setdefault("tokenizer", wordpiece_tokenizer_json())
    return config, write_folder(folder, config, w, **write)


def llama_model(folder: Path, *, layers=2, heads=4, kv_heads=2, d=16, ff=24,
                rope_theta=500.0, theta_in_parameters=False, seed=2,
                **write) -> tuple[dict, dict]:
    """A tiny Llama-shaped model (grouped-query when kv_heads < heads)."""
    rng = np.random.default_rng(seed)
    v = vocab_size("llama")
    dh = d // heads
    config = {"model_type": "llama", "architectures": ["LlamaForCausalLM"],
              "num_hidden_layers": layers, "num_attention_heads": heads,
              "num_key_value_heads": kv_heads, "hidden_size": d, "intermediate_size": ff,
              "rms_norm_eps": 1e-5, "hidden_act": "silu", "vocab_size": v,
              "max_position_embeddings": 64, "tie_word_embeddings": True}
    if theta_in_parameters:
        config["rope_parameters"] = {"rope_type": "default", "rope_theta": rope_theta}
    else:
        config["rope_theta"] = rope_theta
    w = {"embed_tokens.weight": _normal(rng, v, d)}
    for i in range(layers):
        h = f"layers.{i}."
        w |= _norm_weights(rng, h + "input_layernorm", d, bias=False)
        w |= _norm_weights(rng, h + "post_attention_layernorm", d, bias=False)
        w |= {h + "self_attn.q_proj.weight": _normal(rng, heads * dh, d),
              h + "self_attn.k_proj.weight": _normal(rng, kv_heads * dh, d),
              h + "self_attn.v_proj.weight": _normal(rng, kv_heads * dh, d),
              h + "self_attn.o_proj.weight": _normal(rng, d, heads * dh),
              h + "mlp.gate_proj.weight": _normal(rng, ff, d),
              h + "mlp.up_proj.weight": _normal(rng, ff, d),
              h + "mlp.down_proj.weight": _normal(rng, d, ff)}
    w |= _norm_weights(rng, "norm", d, bias=False)
    write.setdefault("tokenizer", byte_level_tokenizer_json())
    return config, write_folder(folder, config, w, **write)
