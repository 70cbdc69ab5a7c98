"""A real model in the Attention lab, through the window: a folder opened on the worker as
one undo step, the head view and the model view drawing the model's own weights, a new
text, heads sorted by entropy, scenes, and what a missing folder or extra says."""

from __future__ import annotations

import json

import numpy as np
import pytest

from app.model_jobs import real_jobs_of
from models.core.scene import make_scene
from tests.models.attention.checkpoint.tiny import bert_model, gpt2_model

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def gpt2(tmp_path):
    folder = tmp_path / "tiny-gpt2"
    gpt2_model(folder, layers=2, heads=3, d=18, positions=64)
    return folder


def _open(window, qtbot, folder):
    window.switch_lab("attention")
    jobs = real_jobs_of(window.view)
    assert jobs is not None and jobs.runner is window.task_runner
    count = window.document().stack.count()
    jobs.open_folder(folder)
    qtbot.waitUntil(lambda: window.view.model.real is not None, timeout=15000)
    assert window.document().stack.count() == count + 1
    return window.view


def test_a_model_opens_on_the_worker_and_the_head_view_draws_its_weights(window, qtbot,
                                                                         gpt2):
    view = _open(window, qtbot, gpt2)
    model = view.model
    real = model.real
    assert model.state.mode == "model" and real.config.layers == 2 and real.config.heads == 3
    w = real.weights
    np.testing.assert_allclose(w.sum(axis=-1), 1.0, atol=1e-5)
    assert np.all(w[..., np.triu_indices(real.n, 1)[0], np.triu_indices(real.n, 1)[1]] == 0)
    hv = view.real.head_view
    np.testing.assert_allclose(hv.heatmap.values, w[0, 0], atol=1e-7)
    assert view.canvas() is hv
    # The model view: a click on a cell opens that head in the head view.
    view.real_controls.panels.button(1).click()
    assert model.state.real_panel == "model" and view.canvas() is view.real.grid
    view.real.grid.clicked.emit(1, 2)
    assert (model.state.real_layer, model.state.real_head, model.state.real_panel) == \
        (1, 2, "head")
    np.testing.assert_allclose(hv.heatmap.values, w[1, 2], atol=1e-7)


def test_a_new_text_is_read_off_the_gui_thread_and_heads_sort_by_entropy(window, qtbot,
                                                                       gpt2):
    view = _open(window, qtbot, gpt2)
    model = view.model
    view.real_controls.text.setPlainText("a dog ran far away")
    view.real_controls.read_button.click()
    qtbot.waitUntil(lambda: model.state.real_text == "a dog ran far away", timeout=15000)
    assert "".join(model.real.readable).replace("␣", " ") == "a dog ran far away"
    view.real_controls.order.setCurrentIndex(view.real_controls.order.findData("entropy"))
    view.real_controls.order.activated.emit(view.real_controls.order.currentIndex())
    assert model.state.real_order == "entropy"
    e = model.real.entropy
    first = view.real.grid.order[0]
    assert e[first] == pytest.approx(e.min())


def test_a_scene_keeps_the_folder_and_text_and_a_missing_folder_is_named(window, qtbot, gpt2,
                                                                        tmp_path):
    view = _open(window, qtbot, gpt2)
    path = tmp_path / "real.json"
    assert window.save_scene(path) is None
    doc = json.loads(path.read_text())
    assert doc["model"]["real"]["path"] == str(gpt2)
    moved = make_scene("attention", {**doc["model"], "real": {**doc["model"]["real"],
                                                              "path": str(tmp_path / "gone")}})
    bad = tmp_path / "moved.json"
    bad.write_text(json.dumps(moved))
    state = view.model.state
    message = window.open_scene(bad)
    assert message is not None and "not on this machine" in message
    assert view.model.state is state


def test_a_bert_folder_shows_cls_and_sep(window, qtbot, tmp_path):
    folder = tmp_path / "tiny-bert"
    bert_model(folder, positions=64)
    view = _open(window, qtbot, folder)
    tokens = view.model.real.tokens
    assert tokens[0] == "[CLS]" and tokens[-1] == "[SEP]"


def test_without_the_extra_the_lab_says_which_to_install(window, qtbot, gpt2, monkeypatch):
    import sys

    from models.attention import real

    monkeypatch.setitem(sys.modules, "tokenizers", None)
    monkeypatch.setattr(real, "_open", {})
    window.switch_lab("attention")
    said = []
    window.view.status.connect(said.append)
    state = window.view.model.state
    real_jobs_of(window.view).open_folder(gpt2)
    assert any("linscope[models]" in s for s in said)  # refused before any work starts
    assert window.view.model.state is state and window.view.model.real is None


def test_the_pipeline_of_a_head_is_drawn_from_its_real_q_k_and_v(window, qtbot, gpt2):
    view = _open(window, qtbot, gpt2)
    model = view.model
    view.real_controls.layer.setValue(1)
    view.real_controls.head.setValue(2)
    view.real_controls.panels.button(2).click()
    assert model.state.real_panel == "pipeline" and view.canvas() is view.real.pipeline
    p = model.real_pipeline
    real = model.real
    q, k, v = (np.asarray(a[1], dtype=np.float64) for a in (real.q, real.k, real.v))
    scaled = q @ np.swapaxes(k, 1, 2) / np.sqrt(q.shape[2])
    np.testing.assert_allclose(p.scaled, scaled, rtol=1e-5, atol=1e-6)  # float32
    # The model's own weights are the softmax of the masked scaled scores…
    z = np.where(real.allowed[None], scaled, -np.inf)
    z = np.exp(z - z.max(axis=-1, keepdims=True))
    np.testing.assert_allclose(real.weights[1], z / z.sum(axis=-1, keepdims=True), atol=1e-5)
    # …and the drawn stages are head 2's.
    maps = view.real.pipeline.maps
    np.testing.assert_allclose(maps["weights"].values, real.weights[1, 2], atol=1e-7)
    np.testing.assert_allclose(maps["out"].values, real.weights[1, 2] @ v[2], atol=1e-6)


def test_a_layer_of_a_long_text_opens_in_the_long_context_mode(window, qtbot, gpt2,
                                                             tmp_path, monkeypatch):
    monkeypatch.setenv("LINSCOPE_DATA_DIR", str(tmp_path / "data"))
    view = _open(window, qtbot, gpt2)
    real = view.model.real
    jobs = real_jobs_of(view)
    text_file = tmp_path / "long.txt"
    text_file.write_text(view.model.state.real_text, encoding="utf-8")
    assert jobs.load_text(text_file)
    view.real_controls.layer.setValue(1)
    view.real_controls.head.setValue(2)
    view.real_controls.long_button.click()
    qtbot.waitUntil(lambda: view.model.state.mode == "large", timeout=15000)
    s = view.model.state
    assert (s.h, s.n, s.d) == (3, real.n, 6) and s.causal and s.large_head == 2
    np.testing.assert_allclose(np.load(s.q_path), real.q[1], atol=1e-6)
    np.testing.assert_allclose(np.load(s.k_path), real.k[1], atol=1e-6)
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00bad")
    assert not jobs.load_text(tmp_path / "bad.txt") and "not UTF-8" in jobs.message


def test_a_scene_of_a_real_model_is_computed_on_the_worker_before_it_opens(window, qtbot,
                                                                          gpt2, tmp_path):
    from models.attention.model import AttentionModel
    from models.attention.real import cached_real

    model = AttentionModel()
    text = "a cat and a dog sat"
    model.update(mode="model", real_path=str(gpt2), real_text=text, real_layer=1)
    doc = make_scene("attention", model.to_dict())
    path = tmp_path / "scene.json"
    path.write_text(json.dumps(doc))
    window.switch_lab("attention")
    jobs = real_jobs_of(window.view)
    other = "the dog sat on the log"  # not computed yet: the scene must wait for the worker
    doc["model"]["real"]["text"] = other
    path.write_text(json.dumps(doc))
    assert cached_real(str(gpt2), other) is None
    assert window.open_scene(path) is None
    assert jobs.handle is not None  # on the worker, not on this thread
    qtbot.waitUntil(lambda: window.view.model.state.real_text == other, timeout=15000)
    assert window.view.model.real is not None and window.view.model.state.real_layer == 1


def test_undo_past_what_is_kept_recomputes_on_the_worker(window, qtbot, gpt2, monkeypatch):
    from models.attention import real

    view = _open(window, qtbot, gpt2)
    first = view.model.state.real_text
    view.real_controls.text.setPlainText("a dog ran")
    view.real_controls.read_button.click()
    qtbot.waitUntil(lambda: view.model.state.real_text == "a dog ran", timeout=15000)
    real._cache.clear()  # as if many texts had been read since
    window.document().stack.undo()
    assert view.model.state.real_text == first
    assert view.model.real is None and view.model.real_missing is not None  # not here…
    qtbot.waitUntil(lambda: view.model.real is not None, timeout=15000)  # …on the worker
    assert view.model.real_missing is None
    np.testing.assert_allclose(view.real.head_view.heatmap.values,
                               view.model.real.weights[0, 0], atol=1e-7)


def test_a_text_too_long_for_the_views_is_refused_with_its_count(window, qtbot, gpt2):
    view = _open(window, qtbot, gpt2)
    said = []
    view.status.connect(said.append)
    state = view.model.state
    view.real_controls.text.setPlainText("the cat sat on the mat " * 20)
    view.real_controls.read_button.click()
    assert view.model.state is state
    assert any("tokens" in s and "at most 64" in s for s in said)
