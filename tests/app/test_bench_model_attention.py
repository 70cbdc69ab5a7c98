"""The model-attention benchmark writes a random GPT-2 folder that linscope opens, times the
load and the forward pass with every head's weights, and ``linscope bench`` prints it."""

from __future__ import annotations

import json

import numpy as np

from bench.model_attention import GPT2_SMALL, bench_gpt2_small, write_random_gpt2
from bench.run import _table
from models.attention.checkpoint import open_model, read_config
from models.core.backend import numpy_backend
from models.core.safetensors_file import tensor_infos

SMALL = GPT2_SMALL | {"n_layer": 2, "n_head": 4, "n_embd": 32, "n_positions": 64,
                      "vocab_size": 100}


def test_the_random_folder_has_gpt2s_layout(tmp_path):
    params = write_random_gpt2(tmp_path / "m", SMALL)
    infos = {t.name: t for t in tensor_infos(tmp_path / "m" / "model.safetensors")}
    assert params == sum(t.size for t in infos.values())
    assert infos["h.1.attn.c_attn.weight"].shape == (32, 96) and len(infos) == 2 + 12 * 2 + 2
    assert read_config(tmp_path / "m").layers == 2
    model = open_model(tmp_path / "m", need_tokenizer=False)
    out = model.run(np.arange(10))
    np.testing.assert_allclose(out.weights.sum(-1), 1, atol=1e-5)


def test_gpt2_small_is_the_hubs_config():
    assert json.loads(json.dumps(GPT2_SMALL))["n_embd"] == 768 and GPT2_SMALL["n_layer"] == 12


def test_the_case_reports_load_forward_and_memory():
    r = bench_gpt2_small(16, backend=numpy_backend(), repeats=1, config=SMALL)
    assert r["case"] == "GPT-2 (random) forward, n=16, all 8 heads' weights"
    assert r["load_s"] > 0 and r["load_peak_bytes"] > 0 and r["peak_bytes"] > 0
    assert r["weights_bytes"] == 2 * 4 * 16 * 16 * 4 and r["median_s"] > 0
    assert "load of the weights" in _table({"device": "cpu", "backend": "numpy", "host": "x",
                                            "cases": [r]})
