"""The file source of the Embeddings model and the cache of loaded file sets."""

from __future__ import annotations

import os

import numpy as np
import pytest

from models.core.evented import SceneError
from models.embeddings.model import EmbeddingsModel
from models.embeddings.sets import file_key, file_limits, file_set


def _write(path, n=12, d=3, seed=0):
    rng = np.random.default_rng(seed)
    path.write_text("".join(f"w{i} " + " ".join(f"{x:.5f}" for x in rng.normal(size=d))
                            + "\n" for i in range(n)))
    return path


def test_a_changed_file_is_read_again(tmp_path):
    path = _write(tmp_path / "v.txt")
    first = file_set(path)
    assert file_set(path) is first
    _write(path, n=14, seed=1)
    os.utime(path, ns=(1, 1))  # a new mtime even on a coarse clock
    assert file_key(path)[2] == 1
    again = file_set(path)
    assert again is not first and len(again) == 14


def test_cpu_limits_by_default(monkeypatch):
    monkeypatch.setenv("LINSCOPE_BACKEND", "numpy")
    assert file_limits() == (200_000, 300)


def test_relative_path_from_the_scene_folder_round_trips(tmp_path):
    _write(tmp_path / "v.vec")
    state = EmbeddingsModel.state_from_dict({"source": "file", "path": "v.vec",
                                             "selected": "w1", "k": 4}, base=str(tmp_path))
    model = EmbeddingsModel(state)
    assert len(model.neighbours) == 4
    out = model.to_dict()
    assert out["path"] == "v.vec" and "folder" not in out
    assert "path" not in EmbeddingsModel().to_dict()


def test_missing_or_absent_file_is_refused(tmp_path):
    with pytest.raises(SceneError, match="no such file"):
        EmbeddingsModel.state_from_dict({"source": "file", "path": "nope.txt"},
                                        base=str(tmp_path))
    with pytest.raises(ValueError, match="open a file"):
        EmbeddingsModel().prepare(source="file")


def test_another_file_starts_with_no_words_asked(tmp_path):
    a, b = _write(tmp_path / "a.txt"), _write(tmp_path / "b.txt", n=5)
    model = EmbeddingsModel()
    model.apply(model.prepare(source="file", path=str(a), selected="w9"))
    state = model.prepare(path=str(b), k=3)  # the window clamps k to a small file
    assert state.selected == "" and state.path == str(b)
