"""The command line is an interface: names, outputs and exit statuses are relied on."""

import json
import subprocess
import sys

import numpy as np
import pytest


def test_inspect_json_keys_and_values(cli):
    status, out, err = cli("inspect", "[[2,1],[1,2]]", "--json")
    assert status == 0 and err == ""
    data = json.loads(out)
    assert set(data) == {"shape", "det", "trace", "rank", "eigenvalues", "singular_values",
                         "condition_number", "norms", "symmetric", "orthogonal",
                         "invertible", "defective"}
    assert data["shape"] == [2, 2] and data["det"] == pytest.approx(3.0)
    assert data["eigenvalues"] == [[3.0, 0.0], [1.0, 0.0]]
    assert data["singular_values"] == pytest.approx([3.0, 1.0])
    assert data["norms"] == pytest.approx({"l1": 3, "l2": 3, "inf": 3, "fro": np.sqrt(10)})
    assert data["symmetric"] is True and data["orthogonal"] is False
    assert data["invertible"] is True and data["defective"] is False
    assert data["condition_number"] == pytest.approx(3.0)


def test_inspect_exact_syntax_and_non_square(cli):
    status, out, _ = cli("inspect", "cos(pi/3) -sqrt(3)/2 0; sqrt(3)/2 1/2 0", "--json")
    data = json.loads(out)
    assert status == 0 and data["shape"] == [2, 3]
    for key in ("det", "trace", "eigenvalues", "symmetric", "orthogonal", "invertible",
                "defective"):
        assert data[key] is None
    assert data["rank"] == 2 and data["singular_values"] == pytest.approx([1, 1])


def test_inspect_defective_complex_and_singular(cli):
    assert json.loads(cli("inspect", "1 1; 0 1", "--json")[1])["defective"] is True
    eig = json.loads(cli("inspect", "0 -1; 1 0", "--json")[1])["eigenvalues"]
    assert eig == [[0.0, 1.0], [0.0, -1.0]]
    sing = json.loads(cli("inspect", "1 2; 2 4", "--json")[1])
    assert sing["invertible"] is False and sing["condition_number"] is None and sing["rank"] == 1


def test_inspect_table(cli):
    status, out, _ = cli("inspect", "2 1; 1 2")
    assert status == 0
    assert "det" in out and "eigenvalues       3, 1" in out and "symmetric         yes" in out


def test_inspect_64_by_64(cli):
    text = "; ".join(" ".join(str((i * 7 + j * 3) % 5) for j in range(64)) for i in range(64))
    status, out, _ = cli("inspect", text, "--json")
    assert status == 0 and json.loads(out)["shape"] == [64, 64]


@pytest.mark.parametrize("bad", ["1 2; 3", "[[1, 2], [3, abc]]", "__import__('os')", "nan",
                                 "1/0 1; 1 1", "", "[[1e309]]"])
def test_inspect_bad_input_exits_2_with_one_line(cli, bad):
    status, out, err = cli("inspect", bad)
    assert status == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


@pytest.mark.parametrize(("bad", "words"), [
    ("sin(1e999) 1; 2 3", r"\(1,1\) 'sin\(1e999\)'.*too large"),
    ("1 tan(1e999); 2 3", r"\(1,2\) 'tan\(1e999\)'"),
    ("1 1; cos(1e308*10) 3", r"\(2,1\) 'cos\(1e308\*10\)'.*too large"),
    ("1 1; 1 1/1e999", r"\(2,2\)"),
    ("٣ 1; 1 1", r"\(1,1\).*unexpected character"),
    ("１/４ 1; 1 1", r"\(1,1\).*unexpected character"),
    ("1 2e; 1 1", r"\(1,2\) '2e'.*write 2\*e or 2e3"),
    ("1 1; 1 " + "√" * 60 + "2", r"\(2,2\).*nested too deeply"),
])
def test_inspect_refuses_each_entry_that_once_escaped(cli, bad, words):
    import re

    status, out, err = cli("inspect", bad)
    assert status == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert re.search(words, err), err


def test_inspect_of_a_bad_entry_in_a_fresh_process_exits_2():
    proc = subprocess.run([sys.executable, "-m", "app", "inspect", "sin(1e999) 1; 2 3"],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr


def test_presets_lists_one_per_line(cli):
    status, out, err = cli("presets")
    assert status == 0 and err == ""
    lines = out.strip().splitlines()
    names = [line.split()[0] for line in lines]
    assert {"identity", "rotation", "shear", "defective", "singular"} <= set(names)
    assert all(len(line.split(maxsplit=1)) == 2 for line in lines)


@pytest.mark.parametrize("argv", [
    ["render", "--preset", "no-such-preset", "-o", "x.png"],
    ["render", "-o", "x.png"],
    ["render", "--preset", "identity", "-o", "x.bmp"],
    ["render", "--preset", "identity", "-o", "x.png", "--width", "0"],
    ["render", "missing.json", "-o", "x.png"],
    ["render", "--preset", "identity", "-o", "/no/such/folder/x.png"],
    ["inspect"],
    ["bench", "--backend", "tpu"],
])
def test_bad_command_lines_exit_2(cli, argv, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    status, _, err = cli(*argv)
    assert status == 2 and len(err.strip().splitlines()) >= 1 and "Traceback" not in err


def test_render_refuses_a_bad_scene_file(cli, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "linscope-scene", "version": 1, "lab": "plane", "model": {"ent')
    status, _, err = cli("render", str(bad), "-o", str(tmp_path / "x.png"))
    assert status == 2 and "truncated" in err
    assert not (tmp_path / "x.png").exists()


def test_console_script_and_python_m_app_agree():
    a = subprocess.run([sys.executable, "-m", "app", "inspect", "2 0; 0 3", "--json"],
                       capture_output=True, text=True, check=True)
    assert json.loads(a.stdout)["det"] == pytest.approx(6.0)
    b = subprocess.run([sys.executable, "-m", "app", "inspect", "2 0; 0"],
                       capture_output=True, text=True)
    assert b.returncode == 2 and b.stderr.count("\n") == 1


def test_a_missing_scene_or_unknown_word_exits_2_without_starting_qt(cli, tmp_path,
                                                                    monkeypatch):
    monkeypatch.chdir(tmp_path)
    status, out, err = cli("bogus")
    assert status == 2 and "no scene file 'bogus'" in err and out == ""


def test_a_bad_backend_in_the_environment_exits_2(cli, monkeypatch):
    monkeypatch.setenv("LINSCOPE_BACKEND", "tpu")
    status, _, err = cli("bench", "--quick")
    assert status == 2 and "LINSCOPE_BACKEND" in err and "Traceback" not in err


def test_inspect_table_never_prints_zero_for_a_tiny_nonzero_determinant(cli):
    status, out, _ = cli("inspect", "1e-300 0; 0 1e-300")
    assert status == 0
    det_line = next(line for line in out.splitlines() if line.startswith("det"))
    assert det_line.split()[-1] == "1e-600"


def test_a_closed_pipe_is_not_an_error():
    proc = subprocess.Popen([sys.executable, "-m", "app", "presets"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    proc.stdout.close()  # the reader is gone before linscope writes, like `| head -0`
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=30) == 0 and "Traceback" not in err


def test_version_prints_the_projects_version(cli):
    import tomllib
    from pathlib import Path

    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    expected = tomllib.loads(pyproject.read_text("utf-8"))["project"]["version"]
    status, out, err = cli("--version")
    assert status == 0 and out.strip() == f"linscope {expected}" and err == ""


@pytest.mark.parametrize(("argv", "words"), [
    (["--lab", "nope"], "unknown lab 'nope'; choose from plane, svd"),
    (["--preset", "nope"], "unknown preset 'nope'"),
    (["--theme", "neon"], "unknown theme 'neon'; choose from paper, lecture, dark"),
])
def test_bad_lab_or_preset_names_are_refused_before_a_window_opens(cli, argv, words):
    status, out, err = cli(*argv)
    assert status == 2 and out == "" and words in err and err.count("\n") == 1


def test_lab_and_preset_reach_the_window(cli, monkeypatch):
    import app.gui

    calls = []
    monkeypatch.setattr(app.gui, "run_gui", lambda *a, **kw: calls.append((a, kw)) or 0)
    assert cli("--lab", "space")[0] == 0
    assert cli("--preset", "svd-shear")[0] == 0
    assert calls == [((None,), {"lab": "space", "preset": None}),
                     ((None,), {"lab": None, "preset": "svd-shear"})]


def test_theme_reaches_the_window(cli, monkeypatch, qtbot):
    import app.gui
    from app.gui import make_window
    from views.common import style

    calls = []
    monkeypatch.setattr(app.gui, "run_gui", lambda *a, **kw: calls.append((a, kw)) or 0)
    assert cli("--theme", "dark", "--colorblind")[0] == 0
    assert calls == [((None,), {"lab": None, "preset": None, "theme": "dark",
                                "colorblind": True})]
    w = make_window(theme="dark", colorblind=True, interactive=False)
    qtbot.addWidget(w)
    try:
        assert (style.theme().name, style.theme().colorblind) == ("dark", True)
        assert w.actions["view.theme.dark"].isChecked() and w.actions["view.colorblind"].isChecked()
    finally:
        w.use_theme("paper", colorblind=False)


def test_the_window_starts_in_the_lab_or_preset_asked_for(qtbot):
    from app.gui import make_window

    w = make_window(lab="space", interactive=False)
    qtbot.addWidget(w)
    assert w.spec.id == "space" and w.lab_box.currentData() == "space"
    w2 = make_window(preset="svd-shear", interactive=False)
    qtbot.addWidget(w2)
    assert w2.spec.id == "svd"
    assert np.asarray(w2.model_for(w2.spec).matrix).tolist() == [[1, 1], [0, 1]]
