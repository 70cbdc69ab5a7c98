"""Q and K files of the Attention lab: typed paths, where relative ones are read from, and
values no float32 computation can hold."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest

from models.attention.files import npy_info, resolve_path
from models.attention.large import LargeParams, load_head, plan_job, run_job
from models.attention.model import AttentionModel
from models.core.evented import SceneError


def _scene(**large) -> dict:
    doc = AttentionModel().to_dict()
    doc["large"].update(large)
    return doc | {"mode": "large"}


@pytest.mark.parametrize(("path", "words"), [
    ("~nosuchuser/q.npy", "no home folder for '~nosuchuser'"),
    ("q" * 256 + ".npy", "longer than 255 bytes"),
    ("é" * 128 + ".npy", "longer than 255 bytes"),  # 256 bytes in UTF-8
    ("/".join(["d" * 100] * 41) + "/q.npy", "longer than 4095 bytes"),
    ("q\0.npy", "NUL"),
    ("\ud800.npy", "lone surrogate"),
    ("   ", "must be text"),
])
def test_a_path_that_cannot_name_a_file_is_a_value_error(path, words):
    with pytest.raises(ValueError, match=words):
        resolve_path(path, None, "Q")
    with pytest.raises(ValueError, match=words):
        npy_info(path, "Q")


@pytest.mark.parametrize("path", ["~nosuchuser/q.npy", "q" * 300 + ".npy",
                                  "/".join(["d" * 200] * 25) + "/q.npy", "q\0.npy",
                                  "\udcff.npy"])
def test_a_scene_naming_such_a_path_is_a_scene_error(path):
    with pytest.raises(SceneError):
        AttentionModel.state_from_dict(_scene(q_path=path))
    with pytest.raises(SceneError):
        AttentionModel.state_from_dict(_scene(k_path=path))


def test_a_path_too_long_only_once_joined_to_its_folder_is_refused(tmp_path):
    folder = tmp_path / "/".join(["f" * 250] * 16)  # 4,000 bytes and more
    with pytest.raises(ValueError, match="cannot be read"):  # once an OSError from pathlib
        npy_info("g" * 200 + "/q.npy", "Q", folder=str(folder))


def test_relative_paths_are_read_from_the_given_folder_and_kept_as_typed(tmp_path,
                                                                        monkeypatch):
    (tmp_path / "data").mkdir()
    q = np.arange(60, dtype=np.float32).reshape(10, 6) / 60
    np.save(tmp_path / "data" / "q.npy", q)
    (tmp_path / "work" / "data").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "work")  # the working folder holds a data/q.npy too ...
    np.save("data/q.npy", np.ones((3, 6), np.float32))
    state = AttentionModel.state_from_dict(_scene(q_path="data/q.npy"), base=str(tmp_path))
    assert state.q_path == "data/q.npy" and (state.n, state.d) == (10, 6)
    m = AttentionModel(state)
    assert Path(m.large.q_path) == tmp_path / "data" / "q.npy"
    np.testing.assert_array_equal(load_head(m.large)[0], q)
    assert m.to_dict()["large"]["q_path"] == "data/q.npy"
    # ... which a scene with no folder given reads, as before.
    assert AttentionModel.state_from_dict(_scene(q_path="data/q.npy")).n == 3
    # A path typed later in that lab is read from the scene's folder too.
    m.update(q_path="data/q.npy", k_path="data/q.npy")
    assert Path(m.large.k_path) == tmp_path / "data" / "q.npy"


def test_a_home_relative_path_is_expanded(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    np.save(tmp_path / "q.npy", np.ones((7, 3), np.float32))
    state = AttentionModel.state_from_dict(_scene(q_path="~/q.npy"), base="/nowhere")
    assert state.n == 7 and state.q_path == "~/q.npy"


def test_scene_fields_of_the_model_itself_cannot_be_set_by_an_edit():
    m = AttentionModel()
    for field in ("folder", "q_file", "k_file"):
        with pytest.raises(ValueError, match="unknown fields"):
            m.update(**{field: "/etc"})


def test_a_sentence_with_a_lone_surrogate_is_refused_before_any_state_changes(refused):
    with pytest.raises(SceneError, match="not a character"):
        AttentionModel.state_from_dict(AttentionModel().to_dict() | {"sentence": "\ud800 cat"})
    refused(AttentionModel(), "not a character", sentence="the \udcff cat")


def test_embeddings_beyond_the_entry_bound_are_refused():
    doc = AttentionModel().to_dict()
    doc["x"] = [[1e300] * 8] * 6
    with pytest.raises(SceneError, match="above 1e"):
        AttentionModel.state_from_dict(doc)
    m = AttentionModel()
    with pytest.raises(ValueError, match="above 1e"):
        m.update(x_entry=(0, 0, 1e200))


def test_a_bad_typed_embedding_names_its_cell():
    with pytest.raises(ValueError, match=r"X\[2,3\] 'sin\(1e999\)'"):
        AttentionModel().update(x_entry=(1, 2, "sin(1e999)"))


# -- values near the top of float32 --------------------------------------------------------------


def _reference(q: np.ndarray, k: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    """softmax(q kᵀ / (√d T)) computed here in float64, stably (minus each row's maximum)."""
    s = (q.astype(np.float64) @ k.astype(np.float64).T) / (np.sqrt(q.shape[1]) * temperature)
    e = np.exp(s - s.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


@pytest.mark.parametrize("scale", [3e38, 1e30, 1e20])
def test_huge_q_and_k_give_the_true_weights_without_overflow(tmp_path, scale):
    rng = np.random.default_rng(3)
    q = np.clip(rng.standard_normal((40, 6)) * scale, -3.3e38, 3.3e38).astype(np.float32)
    k = np.clip(rng.standard_normal((40, 6)) * scale, -3.3e38, 3.3e38).astype(np.float32)
    q[0] = 0.0  # a row that sees only equal scores: uniform weights
    np.save(tmp_path / "q.npy", q)
    np.save(tmp_path / "k.npy", k)
    m = AttentionModel()
    m.update(mode="large", q_path=str(tmp_path / "q.npy"), k_path=str(tmp_path / "k.npy"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        m.check_inputs()
        tile = run_job(plan_job(m.large, (0, 40, 0, 40), (40, 40))).image
        overview = run_job(plan_job(m.large, None, (40, 40))).image
    want = _reference(q, k)
    np.testing.assert_allclose(tile, want, atol=1e-6)
    np.testing.assert_allclose(overview, want, atol=1e-6)
    np.testing.assert_allclose(tile[0], 1 / 40, rtol=1e-6)
    assert np.allclose(tile.sum(axis=1), 1, atol=1e-5)


def test_ordinary_files_stay_float32(tmp_path):
    np.save(tmp_path / "q.npy", np.ones((5, 4)))  # float64 on disk, small values
    p = LargeParams(n=5, m=5, h=1, d=4, seed=0, head=0, causal=False, temperature=1.0,
                    q_path=str(tmp_path / "q.npy"))
    q, k = load_head(p)
    assert q.dtype == np.float32 and k.dtype == np.float32


@pytest.mark.parametrize("bad", [np.nan, np.inf, 1e39])
def test_check_inputs_refuses_what_cannot_be_drawn(tmp_path, bad):
    q = np.ones((12, 4))
    q[3, 1] = bad
    np.save(tmp_path / "q.npy", q)
    m = AttentionModel()
    m.update(mode="large", q_path=str(tmp_path / "q.npy"))  # the header alone is fine
    with pytest.raises(ValueError, match="NaN or infinite|at most"):
        m.check_inputs()
    m.update(mode="small")
    m.check_inputs()  # small mode reads no file
