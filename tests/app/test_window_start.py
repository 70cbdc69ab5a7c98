"""A normal start of the window prints no traceback, in whichever lab it starts.

The window is started in a separate process exactly as ``linscope SCENE.json`` starts it
(see :mod:`tests.harness.start_window`), once per lab, and its standard error is read.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from app.labs import LABS
from app.scenes import preset_scene
from models.core.presets import load_presets

ROOT = Path(__file__).resolve().parents[2]
_ALARMING = ("Traceback", "Error", "Exception")


def _scene_per_lab(folder: Path) -> list[Path]:
    """One scene file per lab, made from the lab's first preset."""
    paths = []
    presets = load_presets()
    for spec in LABS:
        preset = next(p for p in presets if p.lab == spec.id and p.param is None)
        path = folder / f"{spec.id}.json"
        path.write_text(json.dumps(preset_scene(preset)), encoding="utf-8")
        paths.append(path)
    return paths


def test_window_starts_in_every_lab_without_a_traceback(tmp_path):
    scenes = _scene_per_lab(tmp_path)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LINSCOPE_BACKEND="numpy",
               LINSCOPE_NO_SETTINGS="1", LINSCOPE_DATA_DIR=str(tmp_path / "data"))
    proc = subprocess.run([sys.executable, "-m", "tests.harness.start_window",
                           *map(str, scenes)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr[-4000:]
    shown = [line.split() for line in proc.stdout.splitlines() if line.startswith("shown ")]
    # The window really came up in each lab and painted: the check below read a real start.
    assert [s[1] for s in shown] == [spec.id for spec in LABS]
    assert all(int(s[2]) > 0 for s in shown), proc.stdout
    assert "dialog" not in proc.stdout  # a clean start asks nothing
    alarming = [line for line in proc.stderr.splitlines()
                if any(word in line for word in _ALARMING)]
    assert not alarming, proc.stderr[-4000:]
