"""Opening a person's own word vectors in the Embeddings lab, through the window."""

from __future__ import annotations

import json

import numpy as np
import pytest

from app.embedding_files import files_of
from models.core.scene import make_scene, read_scene
from models.embeddings.sets import file_key, register_file_set

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _vectors(n=40, d=6, seed=0):
    rng = np.random.default_rng(seed)
    return [f"w{i}" for i in range(n)], rng.normal(size=(n, d)).astype(np.float32)


def _glove(path, words, vectors):
    path.write_text("".join(f"{w} " + " ".join(f"{x:.6f}" for x in v) + "\n"
                            for w, v in zip(words, vectors, strict=True)))
    return path


def _reference(words, vectors, word, k):
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    i = words.index(word)
    cos = unit @ unit[i]
    cos[i] = -np.inf
    order = np.argsort(-cos, kind="stable")[:k]
    return [words[j] for j in order], cos[order]


def _open(window, qtbot, path, labels=None):
    window.switch_lab("embeddings")
    files = files_of(window.view)
    assert files is not None and files.runner is window.task_runner
    files.open_file(path, labels)
    qtbot.waitUntil(lambda: files.handle is None, timeout=10000)
    return files


def _check_neighbours(model, words, vectors, word="w3"):
    model_words = list(model.vset.words)
    assert model_words == words
    got = [(w, s) for w, s, _ in model.neighbours]
    ref_words, ref_scores = _reference(words, np.asarray(model.vset.vectors, float), word,
                                       model.state.k)
    assert [w for w, _ in got] == ref_words
    np.testing.assert_allclose([s for _, s in got], ref_scores, rtol=1e-5, atol=1e-6)


def test_glove_text_opens_on_a_worker_as_one_undo_step(window, qtbot, tmp_path):
    words, vectors = _vectors()
    path = _glove(tmp_path / "mine.txt", words, vectors)
    files = _open(window, qtbot, path)
    doc = window.document()
    model = doc.model
    assert model.state.source == "file" and model.state.path == str(path)
    assert "40 vectors of dimension 6" in files.message
    window.view.intent.emit("Select word", {"selected": "w3"}, None)
    _check_neighbours(model, words, vectors)
    doc.stack.undo()  # the selection
    doc.stack.undo()  # the open: one step back to the shipped set
    assert model.state.source == "glove"


def test_npy_with_labels(window, qtbot, tmp_path):
    words, vectors = _vectors(n=25, d=4, seed=1)
    np.save(tmp_path / "v.npy", vectors)
    (tmp_path / "names.txt").write_text("\n".join(words) + "\n")
    _open(window, qtbot, tmp_path / "v.npy", tmp_path / "names.txt")
    model = window.document().model
    assert model.state.labels == str(tmp_path / "names.txt")
    window.view.intent.emit("Select word", {"selected": "w3"}, None)
    _check_neighbours(model, words, vectors)
    np.testing.assert_array_equal(model.vset.vectors, vectors)


def test_malformed_file_keeps_the_open_set_and_names_the_line(window, qtbot, tmp_path):
    words, vectors = _vectors(n=5)
    path = _glove(tmp_path / "bad.txt", words, vectors)
    lines = path.read_text().splitlines()
    lines[2] = "w2 1.0 2.0 oops 4.0 5.0 6.0"
    path.write_text("\n".join(lines) + "\n")
    window.switch_lab("embeddings")
    before = window.document().model.state
    files = _open(window, qtbot, path)
    assert window.document().model.state is before
    assert "line 3" in files.message
    assert "line 3" in window.statusBar().currentMessage()
    assert not window.view.load_bar.isVisible()


def test_cancel_leaves_everything_as_it_was(window, qtbot, tmp_path):
    words, vectors = _vectors(n=20000, d=50, seed=2)
    path = _glove(tmp_path / "big.txt", words, vectors)
    window.switch_lab("embeddings")
    before = window.document().model.state
    files = files_of(window.view)
    files.open_file(path)
    assert window.view.cancel_button.isVisibleTo(window.view)
    files.cancel()
    qtbot.waitUntil(lambda: files.handle is None, timeout=10000)
    assert window.document().model.state is before
    assert "Cancelled" in files.message
    assert not window.view.cancel_button.isVisibleTo(window.view)


def test_scene_with_a_relative_path_reads_from_its_folder(window, qtbot, tmp_path,
                                                          monkeypatch):
    folder = tmp_path / "scene"
    folder.mkdir()
    words, vectors = _vectors(seed=3)
    _glove(folder / "mine.vec", words, vectors)
    scene = folder / "mine.json"
    scene.write_text(json.dumps(make_scene("embeddings", {
        "source": "file", "path": "mine.vec", "selected": "w3", "k": 5})))
    monkeypatch.chdir(tmp_path)  # not the scene's folder
    assert window.open_scene(scene) is None
    # The file is read on the worker first; the scene opens when it is in.
    qtbot.waitUntil(lambda: window.spec.id == "embeddings"
                    and window.document().model.state.source == "file", timeout=10000)
    model = window.document().model
    _check_neighbours(model, words, vectors)
    out = tmp_path / "again.json"
    assert window.save_scene(out) is None
    saved = read_scene(out)["model"]
    assert saved["path"] == "mine.vec" and saved["source"] == "file"
    assert "folder" not in saved


def test_a_scene_whose_vectors_file_is_bad_leaves_everything_as_it_was(window, qtbot,
                                                                        tmp_path):
    bad = tmp_path / "bad.vec"
    bad.write_text("a 1 2 3\nb 1 2\n", encoding="utf-8")
    scene = tmp_path / "bad.json"
    scene.write_text(json.dumps(make_scene("embeddings", {"source": "file",
                                                          "path": "bad.vec"})))
    before = {k: m.state for k, m in window.models.items()}
    assert window.open_scene(scene) is None
    qtbot.waitUntil(lambda: "line 2" in window.statusBar().currentMessage(), timeout=10000)
    after = window.models
    assert all(after[k].state is state for k, state in before.items())
    assert after["embeddings"].state.source != "file"  # made to read it, left as it was


def test_the_cache_is_what_the_model_reads(tmp_path):
    from models.embeddings.model import EmbeddingsModel
    from models.embeddings.sets import make_set

    words, vectors = _vectors(n=10, d=3)
    path = _glove(tmp_path / "cached.txt", words, vectors)
    fake = make_set([w.upper() for w in words], vectors)
    register_file_set(file_key(path), fake)  # read elsewhere (a worker): not read again
    model = EmbeddingsModel()
    model.apply(model.prepare(source="file", path=str(path), k=3))
    assert model.vset is fake


def test_a_compared_pair_opens_in_the_projection_lab_with_its_own_numbers(window):
    import numpy as np

    from models.embeddings.data import load_shipped

    window.apply_preset("embeddings-cosine-pair")
    view = window.view
    view.to_projection.click()
    assert window.spec.id == "projection"
    a, b = (load_shipped().vector(w).astype(np.float64) for w in ("cat", "dog"))
    facts = window.document().model.facts
    assert float(window.document().model.state.a @ window.document().model.state.b) == \
        pytest.approx(a @ b, rel=1e-5)
    assert facts.cos == pytest.approx(a @ b / np.linalg.norm(a) / np.linalg.norm(b), rel=1e-5)
    assert np.linalg.norm(window.document().model.state.a) == pytest.approx(np.linalg.norm(a),
                                                                            rel=1e-5)
    assert window.undo_stack.undoText().startswith("Show cat and dog")
    window.undo_stack.undo()
    assert window.document().model.state.a_texts == ("3", "1")
