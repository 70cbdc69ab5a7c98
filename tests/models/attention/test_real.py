"""The Attention lab's real-model mode without Qt: state checks against the folder, the
cached forward pass, the pipeline of a layer, and a layer's Q and K for long texts."""

from __future__ import annotations

import numpy as np
import pytest

from models.attention import real
from models.attention.model import AttentionModel
from models.core.evented import SceneError
from tests.models.attention.checkpoint.tiny import gpt2_model


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "g"
    gpt2_model(path, layers=2, heads=2, d=16, positions=64)
    return str(path)


def test_the_mode_checks_layer_head_order_and_panel_against_the_folder(folder):
    m = AttentionModel()
    m.update(mode="model", real_path=folder, real_text="the cat sat")
    # the window computes it on a worker; here, as headless rendering does:
    m.check_inputs()
    assert m.real is not None and m.real.weights.shape[:2] == (2, 2)
    for changes, message in (({"real_layer": 2}, "layer must be between 0 and 1"),
                             ({"real_head": 5}, "head must be between 0 and 1"),
                             ({"real_order": "random"}, "order must be one of"),
                             ({"real_panel": "side"}, "panel must be one of"),
                             ({"real_text": "  "}, "type a text")):
        with pytest.raises(ValueError, match=message):
            m.prepare(**changes)
    with pytest.raises(SceneError, match="not on this machine"):
        AttentionModel.state_from_dict({**m.to_dict(), "real": {"path": folder + "-gone"}})
    # Another mode's scene may name a folder this machine lacks.
    small = AttentionModel.state_from_dict({"mode": "small", "real": {"path": "/no/where"}})
    assert small.real_path == "/no/where"


def test_the_pipeline_of_a_layer_reproduces_the_models_weights(folder):
    m = AttentionModel()
    m.update(mode="model", real_path=folder, real_text="the dog sat on the log",
             real_panel="pipeline", real_layer=1)
    m.check_inputs()
    p = m.real_pipeline
    z = np.exp(p.masked - p.masked.max(axis=-1, keepdims=True))
    np.testing.assert_allclose(z / z.sum(axis=-1, keepdims=True), p.weights, atol=1e-5)
    np.testing.assert_allclose(p.out, p.weights @ p.v, rtol=1e-5, atol=1e-6)
    assert np.all(p.reasons[np.triu_indices(p.n, 1)] == 1)  # GPT-2 is causal


def test_a_layers_q_and_k_are_written_for_the_long_context_mode(folder, tmp_path,
                                                               monkeypatch):
    text = "the cat sat on the mat " * 4
    q_path, k_path, n = real.long_context_qk(folder, text, 1, tmp_path / "qk")
    full = real.build_real(folder, text)
    assert n == full.n
    np.testing.assert_allclose(np.load(q_path), full.q[1], atol=1e-6)
    np.testing.assert_allclose(np.load(k_path), full.k[1], atol=1e-6)
    monkeypatch.setattr(real, "available_memory_bytes", lambda: 1000)
    with pytest.raises(ValueError, match="is available; take a shorter text"):
        real.long_context_qk(folder, text + "more", 1, tmp_path / "qk")
