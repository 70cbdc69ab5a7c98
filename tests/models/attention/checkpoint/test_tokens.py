"""Tokens come from the folder's tokenizer.json exactly (special tokens included) and are
shown readably: ␣ for a leading space, ⏎ for a newline, · for WordPiece's ##."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from models.attention.checkpoint import MissingExtra, open_model, readable_token
from models.attention.checkpoint.tokens import Tokenizer
from tests.models.attention.checkpoint import tiny


@pytest.mark.parametrize(("raw", "arch", "shown"), [
    ("Ġthe", "gpt2", "␣the"), ("Ċ", "gpt2", "⏎"), ("ĠĠ", "gpt2", "␣␣"), ("the", "gpt2", "the"),
    ("<|endoftext|>", "gpt2", "<|endoftext|>"), ("Ã©", "gpt2", "é"), ("â", "gpt2", "\\xe2"),
    ("ĉ", "llama", "⇥"), ("▁the", "llama", "␣the"), ("<0x0A>", "llama", "⏎"),
    ("##ing", "bert", "·ing"), ("[CLS]", "bert", "[CLS]"), ("##", "bert", "##"),
    ("play", "bert", "play"),
])
def test_readable_tokens(raw, arch, shown):
    assert readable_token(raw, arch) == shown


def test_tokens_are_the_tokenizers_own(tmp_path):
    Reference = pytest.importorskip("tokenizers").Tokenizer  # noqa: N806 - a class

    tiny.gpt2_model(tmp_path / "g")
    tiny.bert_model(tmp_path / "b")
    text = "The cat sat, playing\nhello  world"
    for folder in ("g", "b"):
        tokens = open_model(tmp_path / folder).tokenize(text)
        want = Reference.from_file(str(tmp_path / folder / "tokenizer.json")).encode(text)
        assert tokens.tokens == want.tokens and tokens.ids.tolist() == want.ids
        assert tokens.ids.dtype == np.int64 and len(tokens.readable) == len(tokens)
    bert = open_model(tmp_path / "b").tokenize(text)
    assert bert.tokens[0] == "[CLS]" and bert.tokens[-1] == "[SEP]" and "·ing" in bert.readable
    gpt = open_model(tmp_path / "g").tokenize(text)
    assert "".join(gpt.readable) == text.replace(" ", "␣").replace("\n", "⏎")


def test_without_tokenizers_the_message_names_the_extra(tmp_path, monkeypatch):
    tiny.bert_model(tmp_path / "b")
    monkeypatch.setitem(sys.modules, "tokenizers", None)
    with pytest.raises(MissingExtra, match=r"tokenizers .*pip install 'linscope\[models\]'"):
        Tokenizer(tmp_path / "b", "bert")
