"""Timing of a real-sized model's attention, for ``linscope bench``.

A randomly initialised model of GPT-2 small's shapes (12 layers, 12 heads, width 768,
vocabulary 50,257, 1,024 positions: 124M parameters) is written as a float32
``model.safetensors`` folder in a temporary directory — nothing is downloaded — then
opened with :func:`models.attention.checkpoint.open_model` (the load is timed, and its
tracemalloc peak taken) and run on 512 token ids keeping all 144 heads' weights, as the
Attention lab does. Figures only; nothing asserted.
"""

from __future__ import annotations

import json
import struct
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

import numpy as np

from bench.attention import _maxrss_bytes, measure
from models.attention.checkpoint import open_model
from models.core.backend import Backend

__all__ = ["GPT2_SMALL", "bench_gpt2_small", "write_random_gpt2"]

#: GPT-2 small's config.json (the keys the hub's file uses).
GPT2_SMALL = {"model_type": "gpt2", "architectures": ["GPT2LMHeadModel"], "n_layer": 12,
              "n_head": 12, "n_embd": 768, "n_positions": 1024, "vocab_size": 50257,
              "layer_norm_epsilon": 1e-5, "activation_function": "gelu_new"}


def _shapes(config: dict) -> dict[str, tuple[int, ...]]:
    d, v, p = config["n_embd"], config["vocab_size"], config["n_positions"]
    shapes: dict[str, tuple[int, ...]] = {"wte.weight": (v, d), "wpe.weight": (p, d)}
    for i in range(config["n_layer"]):
        h = f"h.{i}."
        shapes |= {h + "ln_1.weight": (d,), h + "ln_1.bias": (d,),
                   h + "attn.c_attn.weight": (d, 3 * d), h + "attn.c_attn.bias": (3 * d,),
                   h + "attn.c_proj.weight": (d, d), h + "attn.c_proj.bias": (d,),
                   h + "ln_2.weight": (d,), h + "ln_2.bias": (d,),
                   h + "mlp.c_fc.weight": (d, 4 * d), h + "mlp.c_fc.bias": (4 * d,),
                   h + "mlp.c_proj.weight": (4 * d, d), h + "mlp.c_proj.bias": (d,)}
    return shapes | {"ln_f.weight": (d,), "ln_f.bias": (d,)}


def write_random_gpt2(folder: Path, config: dict = GPT2_SMALL, seed: int = 0) -> int:
    """Write ``config.json`` and a random float32 ``model.safetensors`` (GPT-2's own
    initialisation: N(0, 0.02) matrices, unit layer-norm scales, zero biases), one tensor
    at a time. Returns the number of parameters."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.json").write_text(json.dumps(config))
    shapes = _shapes(config)
    header, at = {}, 0
    for name, shape in shapes.items():
        size = 4 * int(np.prod(shape))
        header[name] = {"dtype": "F32", "shape": list(shape), "data_offsets": [at, at + size]}
        at += size
    head = json.dumps(header).encode()
    head += b" " * (-len(head) % 8)  # the format pads the header to 8 bytes
    rng = np.random.default_rng(seed)
    with open(folder / "model.safetensors", "wb") as fh:
        fh.write(struct.pack("<Q", len(head)) + head)
        for name, shape in shapes.items():
            if len(shape) == 2:
                a = rng.standard_normal(shape, dtype=np.float32) * np.float32(0.02)
            elif name.endswith("ln_1.weight") or name.endswith("ln_2.weight") or \
                    name == "ln_f.weight":
                a = np.ones(shape, np.float32)
            else:
                a = np.zeros(shape, np.float32)
            fh.write(a.astype("<f4").tobytes())
    return sum(int(np.prod(s)) for s in shapes.values())


def bench_gpt2_small(n: int = 512, *, backend: Backend, repeats: int = 3,
                     config: dict = GPT2_SMALL) -> dict[str, Any]:
    """Load a random GPT-2 small (or ``config``'s shapes) and time its forward pass on ``n``
    tokens, all heads kept.

    Returns
    -------
    dict
        ``median_s``/``p95_s``/``peak_bytes`` of the forward pass (as :func:`measure`),
        ``load_s`` and ``load_peak_bytes`` (tracemalloc) of opening the folder,
        ``params``, ``weights_bytes`` (the kept (12, 12, n, n) float32 array) and
        ``maxrss_bytes`` (the process's largest resident size by the end).
    """
    with tempfile.TemporaryDirectory(prefix="linscope-gpt2-") as tmp:
        folder = Path(tmp) / "gpt2-small-random"
        params = write_random_gpt2(folder, config)
        tracemalloc.start()
        try:
            t0 = time.perf_counter()
            model = open_model(folder, backend=backend, need_tokenizer=False)
            load_s = time.perf_counter() - t0
            load_peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    ids = np.random.default_rng(1).integers(0, config["vocab_size"], n)
    holder: dict[str, Any] = {}

    def run() -> None:
        holder["result"] = model.run(ids, keep=("weights",))

    result = measure(run, backend, repeats)
    weights = holder["result"].weights
    heads = config["n_layer"] * config["n_head"]
    name = "GPT-2 small" if config is GPT2_SMALL else "GPT-2"
    return {"case": f"{name} (random) forward, n={n}, all {heads} heads' weights",
            **result, "load_s": load_s, "load_peak_bytes": int(load_peak), "params": params,
            "weights_bytes": int(weights.nbytes), "maxrss_bytes": _maxrss_bytes()}
