"""Bad scene files, headless and in the window: refused with one line (exit status 2) or a
message, never a traceback, and the open scene left exactly as it was."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pytest

from app.main_window import MainWindow
from models.attention.model import AttentionModel
from models.core.scene import make_scene, read_scene, write_scene


def _attention_scene(path: Path, **large) -> Path:
    model = AttentionModel().to_dict()
    model["mode"] = "large"
    model["large"].update(large)
    write_scene(path, make_scene("attention", model))
    return path


def _bad_scenes(tmp_path: Path) -> dict[str, Path]:
    """Each kind of file that once escaped as a traceback, written to ``tmp_path``."""
    out = {}
    for name, text in (("sin", "sin(1e999)"), ("tan", "tan(1e999)"),
                       ("cos", "cos(1e308*10)"), ("digits", "١/٤"), ("typo", "2e")):
        p = tmp_path / f"plane-{name}.json"
        write_scene(p, make_scene("plane", {"entries": [["1", text], ["0", "1"]]}))
        out[name] = p
    out["no-user"] = _attention_scene(tmp_path / "no-user.json", q_path="~nosuchuser/q.npy")
    out["long-name"] = _attention_scene(tmp_path / "long-name.json",
                                        q_path="q" * 300 + ".npy")
    out["long-path"] = _attention_scene(tmp_path / "long-path.json",
                                        q_path="/".join(["d" * 200] * 25) + "/q.npy")
    out["nul"] = _attention_scene(tmp_path / "nul.json", q_path="q\0.npy")
    surrogate = tmp_path / "surrogate.json"
    model = AttentionModel().to_dict() | {"sentence": "\ud800 cat"}
    surrogate.write_text(json.dumps(make_scene("attention", model)))  # ASCII: \ud800 escaped
    out["surrogate"] = surrogate
    return out


_WORDS = {"sin": r"\(1,2\).*sin", "tan": r"\(1,2\).*tan", "cos": r"\(1,2\).*cos",
          "digits": r"\(1,2\).*unexpected character", "typo": r"\(1,2\).*2\*e or 2e3",
          "no-user": "home folder", "long-name": "longer than 255", "long-path": "longer than",
          "nul": "NUL", "surrogate": "not a character"}


@pytest.mark.parametrize("kind", sorted(_WORDS))
def test_render_refuses_a_bad_scene_with_one_line(cli, tmp_path, kind):
    import re

    scene = _bad_scenes(tmp_path)[kind]
    status, out, err = cli("render", str(scene), "-o", str(tmp_path / "x.png"))
    assert status == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert re.search(_WORDS[kind], err), err
    assert not (tmp_path / "x.png").exists()


def test_the_window_refuses_each_bad_scene_and_keeps_the_open_one(window, tmp_path):
    window.view.intent.emit("Edit", {"entry": (1, 1, "5")}, None)
    lab, states = window.spec.id, dict((k, m.state) for k, m in window.models.items())
    title = window.windowTitle()
    for kind, scene in _bad_scenes(tmp_path).items():
        message = window.open_scene(scene)
        assert message is not None and "Traceback" not in message, kind
        assert window.spec.id == lab, kind
        assert {k: m.state for k, m in window.models.items()} == states, kind
        assert window.windowTitle() == title, kind


def _save_q_k(folder: Path, q: np.ndarray, k: np.ndarray) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    np.save(folder / "q.npy", q)
    np.save(folder / "k.npy", k)


def test_relative_npy_paths_are_read_from_the_scene_files_folder(cli, tmp_path,
                                                                  monkeypatch):
    rng = np.random.default_rng(0)
    _save_q_k(tmp_path / "scenes" / "data", rng.standard_normal((40, 8)).astype(np.float32),
              rng.standard_normal((40, 8)).astype(np.float32))
    scene = _attention_scene(tmp_path / "scenes" / "s.json", q_path="data/q.npy",
                             k_path="data/k.npy")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # nothing called data/ here
    from app.scenes import load_scene_file

    checked = load_scene_file(scene)
    assert (checked.state.n, checked.state.d) == (40, 8)
    assert checked.state.q_path == "data/q.npy"  # kept as typed
    status, out, err = cli("render", str(scene), "-o", str(tmp_path / "a.png"),
                           "--width", "320", "--height", "240")
    assert status == 0 and _errors(err) == [] and (tmp_path / "a.png").exists()
    # A relative scene path on the command line means the same folder.
    monkeypatch.chdir(tmp_path)
    status, _, err = cli("render", "scenes/s.json", "-o", "b.png", "--width", "320",
                         "--height", "240")
    assert status == 0 and _errors(err) == []


def test_the_window_opens_relative_npy_paths_and_saves_them_as_typed(window, tmp_path,
                                                                    monkeypatch):
    rng = np.random.default_rng(1)
    _save_q_k(tmp_path / "scenes", rng.standard_normal((2, 30, 4)).astype(np.float32),
              rng.standard_normal((2, 30, 4)).astype(np.float32))
    scene = _attention_scene(tmp_path / "scenes" / "s.json", q_path="q.npy", k_path="k.npy")
    monkeypatch.chdir(tmp_path)
    assert window.open_scene(scene) is None
    state = window.model_for(window.spec).state
    assert (window.spec.id, state.h, state.n, state.d) == ("attention", 2, 30, 4)
    assert window.save_scene(tmp_path / "scenes" / "again.json") is None
    saved = read_scene(tmp_path / "scenes" / "again.json")["model"]["large"]
    assert (saved["q_path"], saved["k_path"]) == ("q.npy", "k.npy")


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_render_refuses_q_holding_nan_or_inf(cli, tmp_path, bad):
    q = np.ones((64, 8), np.float32)
    q[17, 3] = bad
    _save_q_k(tmp_path, q, np.ones((64, 8), np.float32))
    scene = _attention_scene(tmp_path / "s.json", q_path="q.npy", k_path="k.npy")
    status, out, err = cli("render", str(scene), "-o", str(tmp_path / "x.png"))
    assert status == 2 and out == "" and "NaN or infinite" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not (tmp_path / "x.png").exists()


def test_render_refuses_float64_values_beyond_float32(cli, tmp_path):
    q = np.ones((16, 4))
    q[0, 0] = 1e300
    _save_q_k(tmp_path, q, np.ones((16, 4)))
    scene = _attention_scene(tmp_path / "s.json", q_path="q.npy", k_path="k.npy")
    status, _, err = cli("render", str(scene), "-o", str(tmp_path / "x.png"))
    assert status == 2 and "1e+300" in err and len(err.strip().splitlines()) == 1


def test_render_of_values_near_float32_max_draws_without_overflow(cli, tmp_path):
    rng = np.random.default_rng(2)
    q = (rng.standard_normal((48, 8)) * 3e37).astype(np.float32)
    q[5] = 3.3e38
    _save_q_k(tmp_path, q, (rng.standard_normal((48, 8)) * 3e37).astype(np.float32))
    scene = _attention_scene(tmp_path / "s.json", q_path="q.npy", k_path="k.npy")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an overflow warning fails the test
        status, _, err = cli("render", str(scene), "-o", str(tmp_path / "x.png"),
                             "--width", "320", "--height", "240")
    assert status == 0 and _errors(err) == []


def test_recovered_work_reads_relative_npy_paths_from_its_files_folder(qtbot, tmp_path,
                                                                       monkeypatch, crash):
    from app.undo import push_edit

    monkeypatch.setenv("LINSCOPE_DATA_DIR", str(tmp_path / "recovery"))
    rng = np.random.default_rng(2)
    _save_q_k(tmp_path / "scenes", rng.standard_normal((2, 24, 4)).astype(np.float32),
              rng.standard_normal((2, 24, 4)).astype(np.float32))
    scene = _attention_scene(tmp_path / "scenes" / "s.json", q_path="q.npy", k_path="k.npy")
    monkeypatch.chdir(tmp_path / "scenes")
    first = MainWindow(interactive=False)
    qtbot.addWidget(first)
    assert first.open_scene(scene) is None
    model = first.model_for(first.spec)
    assert push_edit(first.undo_stack, model, "Head", {"large_head": 1}) is None, \
        "the edit was refused"
    crash(first)
    first.autosaver.discard()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # nothing called q.npy here
    second = MainWindow(interactive=False)
    qtbot.addWidget(second)
    assert second.offer_recovery()
    state = second.model_for(second.spec).state
    assert (second.spec.id, state.h, state.n, state.d, state.large_head) == ("attention", 2, 24,
                                                                          4, 1)
    assert second.document().path == scene.absolute()
    assert second.is_dirty()


def _errors(err: str) -> list[str]:
    """The lines of ``err`` besides the notice of what a small figure left out (a colour
    bar at 320 × 240)."""
    return [ln for ln in err.splitlines() if not ln.startswith("render: too small")]
