"""The forward passes of tiny random GPT-2, BERT and Llama models equal a plain NumPy
reference (``reference.py``) to 1e-5, whatever the storage: prefixes, gamma/beta names,
extra head tensors, float16, bfloat16, shards. Rows sum to one, causal models never look
ahead, BERT's padding is never attended to, grouped-query attention is repeated keys."""

from __future__ import annotations

import numpy as np
import pytest

from models.attention.checkpoint import MissingExtra, open_model
from models.core.backend import numpy_backend
from tests.models.attention.checkpoint import reference as ref
from tests.models.attention.checkpoint import tiny

TEXT = "the cat sat on the mat, playing\nhello"


def _open(folder):
    return open_model(folder, backend=numpy_backend())


def _check_rows(weights, causal):
    np.testing.assert_allclose(weights.sum(axis=-1), 1.0, atol=1e-5)
    assert np.all(weights >= 0)
    if causal:
        n = weights.shape[-1]
        assert np.all(weights[..., np.triu_indices(n, 1)[0], np.triu_indices(n, 1)[1]] == 0)


@pytest.mark.parametrize("activation", ["gelu_new", "gelu"])
def test_gpt2_equals_the_reference(tmp_path, activation):
    config, w = tiny.gpt2_model(tmp_path / "m", activation=activation)
    model = _open(tmp_path / "m")
    ids = model.tokenize(TEXT).ids
    out = model.run(ids, keep=("weights", "scores", "q", "k"))
    hidden, weights = ref.gpt2(config, w, ids)
    n = len(ids)
    assert out.hidden.shape == (n, 16) and out.hidden.dtype == np.float32
    assert out.weights.shape == (2, 2, n, n) and out.weights.dtype == np.float32
    assert out.scores.shape == (2, 2, n, n) and [q.shape for q in out.q] == [(2, n, 8)] * 2
    np.testing.assert_allclose(out.hidden, hidden, atol=1e-5)
    np.testing.assert_allclose(out.weights, weights, atol=1e-5)
    _check_rows(out.weights, causal=True)
    assert out.layers == (0, 1) and out.allowed.shape == (n, n)


def test_gelu_and_gelu_new_give_different_states(tmp_path):
    # The same weights under both activations: the config, not a guess, decides.
    tiny.gpt2_model(tmp_path / "a", activation="gelu")
    tiny.gpt2_model(tmp_path / "b", activation="gelu_new")
    ids = np.arange(12)
    a, b = _open(tmp_path / "a").run(ids), _open(tmp_path / "b").run(ids)
    assert np.abs(a.hidden - b.hidden).max() > 1e-5


def test_bert_equals_the_reference_and_masks_padding(tmp_path):
    config, w = tiny.bert_model(tmp_path / "m")
    model = _open(tmp_path / "m")
    tokens = model.tokenize(TEXT)
    assert tokens.tokens[0] == "[CLS]" and tokens.tokens[-1] == "[SEP]"
    out = model.run(tokens.ids)
    hidden, weights = ref.bert(config, w, tokens.ids)
    np.testing.assert_allclose(out.hidden, hidden, atol=1e-5)
    np.testing.assert_allclose(out.weights, weights, atol=1e-5)
    _check_rows(out.weights, causal=False)
    assert out.weights[:, :, 0, -1].min() > 0  # bidirectional: the first sees the last
    pad_id = tiny.BERT_VOCAB.index("[PAD]")
    ids = np.concatenate([tokens.ids, [pad_id, pad_id]])
    mask = np.r_[np.ones(len(tokens)), 0, 0]
    padded = model.run(ids, attention_mask=mask)
    assert np.all(padded.weights[..., -2:] == 0)
    _check_rows(padded.weights, causal=False)
    hidden_p, weights_p = ref.bert(config, w, ids, mask)
    np.testing.assert_allclose(padded.hidden, hidden_p, atol=1e-5)
    np.testing.assert_allclose(padded.weights, weights_p, atol=1e-5)
    # The real tokens' states do not change for padding they cannot see.
    np.testing.assert_allclose(padded.hidden[:-2], out.hidden, atol=1e-5)


@pytest.mark.parametrize("kv_heads", [2, 4])
def test_llama_equals_the_reference(tmp_path, kv_heads):
    config, w = tiny.llama_model(tmp_path / "m", kv_heads=kv_heads)
    model = _open(tmp_path / "m")
    ids = model.tokenize(TEXT).ids
    out = model.run(ids, keep=("weights", "q", "k"))
    hidden, weights, keys = ref.llama(config, w, ids, theta=500.0)
    assert model.config.kv_heads == kv_heads and model.config.max_positions is None
    np.testing.assert_allclose(out.hidden, hidden, atol=1e-5)
    np.testing.assert_allclose(out.weights, weights, atol=1e-5)
    for got, want in zip(out.k, keys, strict=True):  # after rotation, one per query head
        assert got.shape == (4, len(ids), 4)
        np.testing.assert_allclose(got, want, atol=1e-5)
    _check_rows(out.weights, causal=True)


def test_grouped_query_attention_is_repeated_keys_and_values(tmp_path):
    config, w = tiny.llama_model(tmp_path / "gqa", heads=4, kv_heads=2)
    full = dict(w)
    for i in range(2):
        for part in ("k_proj", "v_proj"):
            name = f"layers.{i}.self_attn.{part}.weight"
            blocks = np.split(w[name], 2, axis=0)  # two key/value heads of 4 rows
            full[name] = np.concatenate([blocks[h // 2] for h in range(4)], axis=0)
    tiny.write_folder(tmp_path / "mha", config | {"num_key_value_heads": 4},
                      {k: v.astype(np.float32) for k, v in full.items()},
                      tokenizer=tiny.byte_level_tokenizer_json())
    ids = np.arange(15)
    a = _open(tmp_path / "gqa").run(ids, keep=("weights", "q", "k"))
    b = _open(tmp_path / "mha").run(ids, keep=("weights", "q", "k"))
    np.testing.assert_allclose(a.weights, b.weights, atol=1e-6)
    np.testing.assert_allclose(a.hidden, b.hidden, atol=1e-6)
    np.testing.assert_allclose(a.k[1], b.k[1], atol=1e-6)


def test_rope_theta_is_read_from_rope_parameters(tmp_path):
    config, w = tiny.llama_model(tmp_path / "m", rope_theta=50.0, theta_in_parameters=True)
    model = _open(tmp_path / "m")
    assert model.config.rope_theta == 50.0
    ids = np.arange(10)
    hidden, weights, _keys = ref.llama(config, w, ids, theta=50.0)
    out = model.run(ids)
    np.testing.assert_allclose(out.hidden, hidden, atol=1e-5)
    np.testing.assert_allclose(out.weights, weights, atol=1e-5)


_VARIANTS = {
    "gpt2 transformer. prefix, lm_head": ("gpt2", {"prefix": "transformer.",
                                                    "extra": {"lm_head.weight": "emb"}}),
    "gpt2 float16": ("gpt2", {"dtype": "float16"}),
    "gpt2 sharded": ("gpt2", {"shards": 3}),
    "bert bert. prefix, gamma/beta, cls head": ("bert", {
        "prefix": "bert.", "gamma_beta": True,
        "extra": {"cls.predictions.bias": "vocab", "bert.pooler.dense.weight": "square"}}),
    "bert bfloat16": ("bert", {"dtype": "bfloat16"}),
    "llama model. prefix, lm_head, bfloat16": ("llama", {
        "prefix": "model.", "dtype": "bfloat16", "extra": {"lm_head.weight": "emb"}}),
    "llama sharded float16": ("llama", {"shards": 2, "dtype": "float16"}),
}


@pytest.mark.parametrize("variant", list(_VARIANTS))
def test_every_storage_gives_the_reference(tmp_path, variant):
    kind, write = _VARIANTS[variant]
    extra = {k: np.zeros({"emb": (tiny.vocab_size(kind), 16), "vocab": (tiny.vocab_size(kind),),
                          "square": (16, 16)}[v], np.float32)
             for k, v in write.pop("extra", {}).items()}
    config, w = getattr(tiny, f"{kind}_model")(tmp_path / "m", extra=extra, **write)
    model = _open(tmp_path / "m")
    ids = model.tokenize(TEXT).ids
    out = model.run(ids)
    if kind == "llama":
        hidden, weights, _ = ref.llama(config, w, ids, theta=500.0)
    else:
        hidden, weights = getattr(ref, kind)(config, w, ids)
    np.testing.assert_allclose(out.hidden, hidden, atol=1e-5)
    np.testing.assert_allclose(out.weights, weights, atol=1e-5)


def test_only_what_is_asked_for_is_kept(tmp_path):
    tiny.gpt2_model(tmp_path / "m", layers=3)
    model = _open(tmp_path / "m")
    ids = np.arange(9)
    every = model.run(ids, keep=("weights", "scores"))
    some = model.run(ids, layers=[2], keep=("scores",))
    assert some.weights is None and some.q is None and some.k is None
    assert some.scores.shape == (1, 2, 9, 9) and some.layers == (2,)
    np.testing.assert_array_equal(some.scores[0], every.scores[2])
    np.testing.assert_array_equal(some.hidden, every.hidden)
    # The weights are the softmax of the scores where the mask allows.
    z = np.where(every.allowed, every.scores.astype(np.float64), -np.inf)
    soft = np.exp(z - z.max(-1, keepdims=True))
    np.testing.assert_allclose(every.weights, soft / soft.sum(-1, keepdims=True), atol=1e-6)
    assert model.run(ids, keep=()).weights is None
    with pytest.raises(ValueError, match="keep may hold"):
        model.run(ids, keep=("values",))
    with pytest.raises(ValueError, match="layers run from 0 to 2"):
        model.run(ids, layers=[3])


def test_bad_ids_are_refused(tmp_path):
    tiny.gpt2_model(tmp_path / "m", positions=24)
    model = _open(tmp_path / "m")
    with pytest.raises(ValueError, match="outside the vocabulary"):
        model.run([1, model.vocab_rows])
    with pytest.raises(ValueError, match="more than .* 24 positions"):
        model.run(np.zeros(25, int))
    with pytest.raises(ValueError, match="1-D integer"):
        model.run([])


def test_the_forward_pass_needs_no_tokenizers_package(tmp_path, monkeypatch):
    config, w = tiny.gpt2_model(tmp_path / "m")
    monkeypatch.setitem(__import__("sys").modules, "tokenizers", None)
    model = _open(tmp_path / "m")
    ids = np.array([5, 6, 7, 8])
    np.testing.assert_allclose(model.run(ids).hidden, ref.gpt2(config, w, ids)[0], atol=1e-5)
    with pytest.raises(MissingExtra, match=r"pip install 'linscope\[models\]'"):
        model.tokenize("hello")


def test_chosen_heads_and_a_hook_keep_only_what_the_screen_needs(tmp_path, monkeypatch):
    tiny.llama_model(tmp_path / "m", heads=4, kv_heads=2)
    model = _open(tmp_path / "m")
    ids = np.arange(11)
    every = model.run(ids, keep=("weights", "q", "k"))
    two = model.run(ids, heads=[3, 1], keep=("weights", "k"))
    assert two.heads == (3, 1) and two.weights.shape == (2, 2, 11, 11)
    np.testing.assert_array_equal(two.weights, every.weights[:, [3, 1]])
    np.testing.assert_array_equal(two.k[0], every.k[0][[3, 1]])
    seen = []
    hooked = model.run(ids, layers=[1], heads=[0], keep=("weights", "q"),
                       hook=lambda layer, what, a: seen.append((layer, what, a.shape, a)))
    assert hooked.weights is None and hooked.q is None
    assert [s[:3] for s in seen] == [(1, "q", (1, 11, 4)), (1, "weights", (1, 11, 11))]
    np.testing.assert_array_equal(seen[1][3], every.weights[1, [0]])
    with pytest.raises(ValueError, match="heads run from 0 to 3"):
        model.run(ids, heads=[4])
    from models.attention.checkpoint import weights as weights_module

    monkeypatch.setattr(weights_module, "available_memory_bytes", lambda: 1000)
    with pytest.raises(ValueError, match=r"needs .* but only 1 kB .* available"):
        model.run(ids)
    assert model.run(ids, hook=lambda *a: None).weights is None  # a hook stores nothing


def test_a_run_reports_progress_and_can_be_cancelled(tmp_path):
    from models.attention.common import Cancelled

    tiny.gpt2_model(tmp_path / "m", layers=3)
    model = _open(tmp_path / "m")
    seen = []
    model.run(np.arange(5), progress=seen.append)
    assert seen == [0.0, 1 / 3, 2 / 3, 1.0]
    with pytest.raises(Cancelled):
        model.run(np.arange(5), cancelled=lambda: True)


def test_layers_asked_out_of_order_come_back_in_order(tmp_path):
    tiny.gpt2_model(tmp_path / "m")
    model = _open(tmp_path / "m")
    ids = np.arange(6)
    both = model.run(ids, layers=(1, 0, 1), keep=("weights", "q"))
    assert both.layers == (0, 1)
    one = model.run(ids, layers=(1,), keep=("weights", "q"))
    np.testing.assert_array_equal(both.weights[1], one.weights[0])
    np.testing.assert_array_equal(both.q[1], one.q[0])
