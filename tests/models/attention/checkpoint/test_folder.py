"""Opening a folder: configs read from each architecture's own keys; an unknown
architecture, a missing or damaged file, a missing tensor, a model too big for the memory:
each one ModelFolderError of one line naming the architecture, the file or the figures.
The hub cache's snapshots are found; loading reports progress and can be cancelled."""

from __future__ import annotations

import json

import pytest

from models.attention.checkpoint import (
    ModelFolderError,
    default_cache_root,
    find_model_folders,
    open_model,
    read_config,
)
from models.attention.checkpoint import weights as weights_module
from models.attention.common import Cancelled
from tests.models.attention.checkpoint import tiny


def _refused(folder, *needles, **kwargs):
    with pytest.raises(ModelFolderError) as info:
        open_model(folder, **kwargs)
    message = str(info.value)
    assert "\n" not in message
    for needle in needles:
        assert needle in message, message
    return message


def test_configs_are_read_from_each_architectures_keys(tmp_path):
    tiny.gpt2_model(tmp_path / "g", activation="gelu")
    tiny.bert_model(tmp_path / "b")
    tiny.llama_model(tmp_path / "l", heads=4, kv_heads=2)
    g, b, ll = (read_config(tmp_path / x) for x in "gbl")
    assert (g.architecture, g.layers, g.heads, g.kv_heads, g.d_model, g.d_head) == \
        ("gpt2", 2, 2, 2, 16, 8)
    assert (g.max_positions, g.activation, g.eps, g.rope_theta, g.causal, g.d_ff) == \
        (24, "gelu", 1e-5, None, True, 64)
    assert (b.architecture, b.activation, b.eps, b.causal, b.d_ff, b.type_vocab_size) == \
        ("bert", "gelu", 1e-12, False, 40, 2)
    assert (ll.architecture, ll.heads, ll.kv_heads, ll.d_head, ll.max_positions,
            ll.rope_theta, ll.activation, ll.causal) == \
        ("llama", 4, 2, 4, None, 500.0, "silu", True)
    assert g.name == "g" and g.vocab_size == tiny.vocab_size("gpt2")


def test_an_unknown_architecture_is_named(tmp_path):
    (tmp_path / "t5").mkdir()
    (tmp_path / "t5" / "config.json").write_text(json.dumps(
        {"model_type": "t5", "architectures": ["T5ForConditionalGeneration"]}))
    with pytest.raises(ModelFolderError, match=r"architecture 't5' "
                       r"\(T5ForConditionalGeneration\) is not supported"):
        read_config(tmp_path / "t5")
    _refused(tmp_path / "t5", "'t5'", "GPT-2, BERT and Llama")


def test_an_unknown_activation_or_rope_scaling_is_named(tmp_path):
    tiny.gpt2_model(tmp_path / "g", activation="mish")
    _refused(tmp_path / "g", "activation 'mish'")
    config, _w = tiny.llama_model(tmp_path / "l")
    config["rope_scaling"] = {"rope_type": "llama3", "factor": 8.0}
    (tmp_path / "l" / "config.json").write_text(json.dumps(config))
    _refused(tmp_path / "l", "rotary scaling 'llama3'")


def test_missing_files_are_named(tmp_path):
    _refused(tmp_path / "nowhere", "no such folder")
    tiny.gpt2_model(tmp_path / "m")
    (tmp_path / "m" / "tokenizer.json").unlink()
    _refused(tmp_path / "m", "tokenizer.json is missing")
    assert open_model(tmp_path / "m", need_tokenizer=False).config.architecture == "gpt2"
    (tmp_path / "m" / "model.safetensors").rename(tmp_path / "m" / "pytorch_model.bin")
    _refused(tmp_path / "m", "model.safetensors is missing", "pickle", need_tokenizer=False)
    (tmp_path / "m" / "config.json").unlink()
    _refused(tmp_path / "m", "config.json is missing")


def test_a_missing_shard_or_tensor_is_named(tmp_path):
    tiny.bert_model(tmp_path / "s", shards=2)
    (tmp_path / "s" / "model-00002-of-00002.safetensors").unlink()
    _refused(tmp_path / "s", "model-00002-of-00002.safetensors is missing")
    config, w = tiny.gpt2_model(tmp_path / "t")
    del w["h.1.mlp.c_fc.bias"]
    tiny.write_folder(tmp_path / "t", config, w)
    _refused(tmp_path / "t", "no tensor 'h.1.mlp.c_fc.bias'")
    w["h.1.mlp.c_fc.bias"] = w["h.1.ln_1.bias"]  # 16 values where 64 belong
    tiny.write_folder(tmp_path / "t", config, w)
    _refused(tmp_path / "t", "'h.1.mlp.c_fc.bias' is 16, but this configuration needs 64")


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty"])
def test_a_corrupt_weights_file_is_one_line(tmp_path, damage):
    tiny.gpt2_model(tmp_path / "m")
    path = tmp_path / "m" / "model.safetensors"
    data = path.read_bytes()
    path.write_bytes({"garbage": b"\x07" * 64 + data[64:], "truncated": data[: len(data) // 2],
                      "empty": b""}[damage])
    _refused(tmp_path / "m", "model.safetensors")


def test_a_corrupt_tokenizer_is_named(tmp_path):
    tiny.gpt2_model(tmp_path / "m", tokenizer='{"version": "1.0", "model": 12}')
    _refused(tmp_path / "m", "tokenizer.json cannot be read")


def test_a_model_too_big_for_the_memory_is_refused_with_the_figures(tmp_path, monkeypatch):
    tiny.gpt2_model(tmp_path / "m")
    read = []
    monkeypatch.setattr(weights_module, "read_tensor", lambda *a, **k: read.append(a))
    monkeypatch.setattr(weights_module, "available_memory_bytes", lambda: 20_000)
    message = _refused(tmp_path / "m", "need", "as float32", "20 kB", "available")
    assert "MB" in message or "kB" in message
    assert read == []  # refused before reading a single tensor


def test_available_memory_is_a_positive_figure():
    free = weights_module.available_memory_bytes()
    assert free is None or free > 0


def test_loading_reports_progress_and_can_be_cancelled(tmp_path):
    tiny.gpt2_model(tmp_path / "m")
    seen = []
    open_model(tmp_path / "m", progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == pytest.approx(1.0) and len(seen) > 10
    with pytest.raises(Cancelled):
        open_model(tmp_path / "m", cancelled=lambda: len(seen) > 3,
                   progress=seen.append)


def test_hub_cache_snapshots_are_found(tmp_path, monkeypatch):
    hub = tmp_path / "hub"
    good = hub / "models--openai-community--gpt2" / "snapshots" / "abc123"
    tiny.gpt2_model(good)
    partial = hub / "models--someone--bert-tiny" / "snapshots" / "def456"
    tiny.bert_model(partial)
    (partial / "tokenizer.json").unlink()
    (hub / "datasets--x--y" / "snapshots" / "0").mkdir(parents=True)
    assert find_model_folders(hub) == [good]
    assert find_model_folders(tmp_path / "absent") == []
    assert read_config(good).name == "openai-community/gpt2"
    monkeypatch.setenv("HF_HUB_CACHE", str(hub))
    assert default_cache_root() == hub and find_model_folders() == [good]
    monkeypatch.delenv("HF_HUB_CACHE")
    monkeypatch.setenv("HF_HOME", str(tmp_path))
    assert default_cache_root() == hub and find_model_folders() == [good]
