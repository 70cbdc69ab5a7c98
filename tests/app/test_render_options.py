"""``linscope render`` options: physical sizes, font size and ``--set`` (read back from files)."""

from __future__ import annotations

import re

import numpy as np
import pytest
from PySide6.QtGui import QImage

from app.scene_set import SetError, apply_sets
from app.scenes import find_preset, preset_scene


def test_set_a_preset_parameter_in_degrees():
    preset = find_preset("rotation")
    doc = apply_sets(preset_scene(preset), [("theta", "30deg")], preset)
    assert doc["preset"]["value"] == pytest.approx(np.pi / 6)
    assert doc["model"]["entries"] == preset_scene(preset, np.pi / 6)["model"]["entries"]


def test_set_model_fields_keep_typed_text():
    doc = preset_scene(find_preset("symmetric"))
    out = apply_sets(doc, [("entries", "[[1, 3/4], [sqrt(2), 30deg]]"), ("x", "[0.5, -1]")])
    assert out["model"]["entries"] == [["1", "3/4"], ["sqrt(2)", "deg(30)"]]
    assert out["model"]["x"] == [0.5, -1.0]
    assert doc["model"]["entries"] != out["model"]["entries"]  # the original is untouched


@pytest.mark.parametrize(("sets", "words"), [
    ([("phi", "1")], "phi: unknown name"),
    ([("theta", "400deg")], "outside"),
    ([("theta", "__import__('os')")], "theta"),
    ([("entries", "[[1, 2], [3]]")], "entries"),
    ([("x", "[[1, 2], [3, 4]]")], "vector"),
])
def test_bad_sets_are_refused_naming_the_name(sets, words):
    preset = find_preset("rotation")
    with pytest.raises(SetError, match=re.escape(words)):
        apply_sets(preset_scene(preset), sets, preset)


def _red_pixels(path):
    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB32)
    ptr = image.constBits()
    rgb = np.frombuffer(ptr, np.uint8).reshape(image.height(), image.bytesPerLine())
    return rgb[:, : image.width() * 4].reshape(image.height(), image.width(), 4)


def test_set_changes_what_is_drawn(cli, tmp_path):
    a, b = tmp_path / "a.png", tmp_path / "b.png"
    assert cli("render", "--preset", "rotation", "-o", str(a), "--width", "320",
               "--height", "240")[0] == 0
    assert cli("render", "--preset", "rotation", "--set", "theta=90deg", "-o", str(b),
               "--width", "320", "--height", "240")[0] == 0
    diff = np.abs(_red_pixels(a).astype(int) - _red_pixels(b).astype(int)).mean()
    assert diff > 1.0


@pytest.mark.parametrize("argv", [
    ["--set", "nope=1"], ["--set", "theta=abc"], ["--set", "theta"], ["--set", "=3"],
    ["--set", "entries=[[1,2],[3,4]]x"], ["--width", "85furlongs"], ["--dpi", "1"],
    ["--width", "85mm", "--height", "300"], ["--font-size", "0"], ["--theme", "neon"],
])
def test_bad_render_options_exit_2_with_one_line_and_write_nothing(cli, tmp_path, argv):
    out = tmp_path / "x.png"
    status, _out, err = cli("render", "--preset", "rotation", "-o", str(out), *argv)
    assert status == 2
    assert len(err.strip().splitlines()) == 1
    assert not out.exists() and not list(tmp_path.iterdir())


def test_a_physical_png_has_its_dpi_size(cli, tmp_path):
    out = tmp_path / "col.png"
    status, _o, err = cli("render", "--preset", "symmetric", "--width", "85mm", "--height",
                          "60mm", "--dpi", "150", "-o", str(out))
    assert status == 0, err
    image = QImage(str(out))
    assert (image.width(), image.height()) == (round(85 / 25.4 * 150), round(60 / 25.4 * 150))


def test_render_says_on_stderr_what_a_small_figure_left_out(cli, tmp_path):
    out = tmp_path / "tiny.png"
    status, _o, err = cli("render", "--preset", "attention-small", "--width", "200",
                          "--height", "150", "-o", str(out))
    assert status == 0 and out.exists()
    assert "left out" in err and "the Q Kᵀ heatmap" in err
    status, _o, err = cli("render", "--preset", "attention-small", "--width", "1600",
                          "--height", "1200", "-o", str(out))
    assert status == 0 and "left out" not in err
