"""``linscope model-attention``: --json names the architecture, sizes, tokens and ids; -o
writes an .npz read back without pickle whose weights and hidden states are the model's;
a bad folder, an unknown architecture, a missing or corrupt file end with status 2 and one
line naming it."""

from __future__ import annotations

import json
import sys

import numpy as np
import pytest

from models.attention.checkpoint import open_model
from tests.models.attention.checkpoint import reference as ref
from tests.models.attention.checkpoint import tiny

TEXT = "the cat sat on the mat"


def _failure(cli, *argv) -> str:
    status, out, err = cli("model-attention", *argv)
    assert status == 2 and out == ""
    assert err.startswith("linscope: model-attention: ") and err.count("\n") == 1, err
    return err


def test_json_names_architecture_sizes_tokens_and_ids(cli, tmp_path):
    tiny.bert_model(tmp_path / "b", layers=3)
    status, out, err = cli("model-attention", str(tmp_path / "b"), "--text", "Playing cats",
                           "--json")
    assert status == 0, err
    doc = json.loads(out)
    assert doc == {"architecture": "bert", "layers": 3, "heads": 2,
                   "tokens": ["[CLS]", "play", "##ing", "cat", "##s", "[SEP]"],
                   "ids": [tiny.BERT_VOCAB.index(t) for t in
                           ["[CLS]", "play", "##ing", "cat", "##s", "[SEP]"]]}


def test_npz_reads_back_without_pickle(cli, tmp_path):
    config, w = tiny.gpt2_model(tmp_path / "g")
    out = tmp_path / "attn.npz"
    status, text, err = cli("model-attention", str(tmp_path / "g"), "--text", TEXT,
                            "-o", str(out))
    assert status == 0, err
    assert "g (GPT-2, 2 layers × 2 heads)" in text
    assert f"wrote {out}" in text and "␣cat" in text
    with np.load(out, allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files}
    ids = open_model(tmp_path / "g").tokenize(TEXT).ids
    hidden, weights = ref.gpt2(config, w, ids)
    n = len(ids)
    assert arrays["weights"].dtype == np.float32 and arrays["weights"].shape == (2, 2, n, n)
    assert arrays["hidden"].dtype == np.float32 and arrays["hidden"].shape == (n, 16)
    assert arrays["ids"].dtype == np.int64 and arrays["ids"].tolist() == ids.tolist()
    assert arrays["tokens"].dtype.kind == "U" and arrays["tokens"].tolist()[1] == "Ġcat"
    assert arrays["readable"].tolist()[1] == "␣cat"
    np.testing.assert_allclose(arrays["weights"], weights, atol=1e-5)
    np.testing.assert_allclose(arrays["hidden"], hidden, atol=1e-5)


def test_llama_folder_runs(cli, tmp_path):
    tiny.llama_model(tmp_path / "l")
    status, out, err = cli("model-attention", str(tmp_path / "l"), "--text", TEXT, "--json")
    assert status == 0, err
    assert json.loads(out)["architecture"] == "llama" and json.loads(out)["heads"] == 4


def test_bad_input_is_one_line_naming_it(cli, tmp_path):
    assert "no such folder" in _failure(cli, str(tmp_path / "nope"), "--text", "x")
    (tmp_path / "t5").mkdir()
    (tmp_path / "t5" / "config.json").write_text(json.dumps({"model_type": "t5"}))
    assert "'t5'" in _failure(cli, str(tmp_path / "t5"), "--text", "x")
    tiny.gpt2_model(tmp_path / "g")
    (tmp_path / "g" / "tokenizer.json").unlink()
    assert "tokenizer.json" in _failure(cli, str(tmp_path / "g"), "--text", "x")
    tiny.gpt2_model(tmp_path / "c")
    (tmp_path / "c" / "model.safetensors").write_bytes(b"not a safetensors file at all")
    assert "model.safetensors" in _failure(cli, str(tmp_path / "c"), "--text", "x")
    (tmp_path / "c" / "model.safetensors").unlink()
    assert "model.safetensors is missing" in _failure(cli, str(tmp_path / "c"), "--text", "x")
    assert ".npz" in _failure(cli, str(tmp_path / "g"), "--text", "x", "-o",
                              str(tmp_path / "a.png"))


def test_too_long_a_text_is_refused(cli, tmp_path):
    tiny.gpt2_model(tmp_path / "g", positions=8)
    assert "more than" in _failure(cli, str(tmp_path / "g"), "--text", TEXT * 3)


def test_without_tokenizers_it_names_the_extra(cli, tmp_path, monkeypatch):
    tiny.gpt2_model(tmp_path / "g")
    monkeypatch.setitem(sys.modules, "tokenizers", None)
    assert "pip install 'linscope[models]'" in _failure(cli, str(tmp_path / "g"),
                                                         "--text", "x")


@pytest.mark.parametrize("argv", [["--help"]])
def test_help_lists_the_command(cli, argv):
    status, out, _err = cli(*argv)
    assert status == 0 and "model-attention" in out
