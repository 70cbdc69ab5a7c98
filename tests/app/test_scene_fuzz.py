"""The scene fuzzer on a fixed sample: damaged scene files (every preset truncated, with
wrong types, non-finite numbers, huge and deep values, bad paths and bad Unicode) are
opened or refused with a message, never a traceback, and a refusal leaves the open scene
untouched; a few are also rendered headless. ``make soak`` runs every mutation."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from app.labs import LABS
from app.scenes import preset_scene
from models.core.presets import load_presets
from tests.harness.scene_fuzz import pick, render_check
from tests.harness.scene_mutations import KINDS, PINNED, base_documents, mutations

ROOT = Path(__file__).resolve().parents[2]


def test_a_sample_of_damaged_scenes_is_opened_or_refused_cleanly(tmp_path):
    report_path = tmp_path / "fuzz.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LINSCOPE_BACKEND="numpy")
    proc = subprocess.run([sys.executable, "-m", "tests.harness.scene_fuzz", "--sample", "150",
                           "--renders", "4", "--seed", "0", "--limit", "4", "--report",
                           str(report_path)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300, check=False)
    assert report_path.exists(), proc.stderr[-4000:]
    report = json.loads(report_path.read_text(encoding="utf-8"))
    failures = "\n".join(f"{f['file']}: {f['message']}\n{f['traceback'][-1500:]}"
                         for f in report["failures"])
    assert proc.returncode == 0, f"{proc.stdout[-2000:]}\n{failures}\n{report['slow_steps']}"
    assert report["ok"] and report["failures"] == [] and report["slow_steps"] == []
    assert set(report["kinds"]) == set(KINDS)
    assert report["files"] >= 150 and report["opened"] + report["refused"] == report["files"]
    assert report["refused"] > report["opened"] > 0
    assert report["renders"]["rendered"] == 4


def test_mutations_reach_every_preset_and_kind_and_change_the_file(tmp_path):
    everything = mutations(tmp_path)
    assert 3000 <= len(everything) <= 20000
    assert {m.kind for m in everything} == set(KINDS)
    names = {p.name for p in load_presets()}
    assert {m.name.split(" ", 1)[0] for m in everything} == names
    # A mutation of a full scene must change it (one that changes nothing tests nothing);
    # it may well equal the preset's own shorter scene ("view": {} on a preset without
    # view options), which is a different document.
    bases = {json.dumps(full, indent=1).encode() for _name, _doc, full in base_documents()}
    for m in everything[::7]:
        assert m.data not in bases, m.name
    pinned = [m for m in everything if m.pinned]
    assert all(any(m.name.startswith(p) for m in pinned) for p in PINNED)


def test_a_sample_holds_every_pinned_case_and_every_kind(tmp_path):
    everything = mutations(tmp_path)
    chosen = pick(everything, 60, seed=5)
    assert len(chosen) == 60 or len(chosen) == sum(m.pinned for m in everything)
    assert {i for i, m in enumerate(everything) if m.pinned} <= {i for i, _m in chosen}
    assert {m.kind for _i, m in chosen} == set(KINDS)
    assert pick(everything, 60, seed=5) == chosen  # the same seed, the same files


def test_render_check_tells_a_figure_a_refusal_and_a_wrong_outcome_apart(tmp_path):
    good = tmp_path / "good.json"
    preset = next(p for p in load_presets() if p.lab == LABS[0].id)
    good.write_text(json.dumps(preset_scene(preset)), encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "linscope-scene", "version": 1, "lab": "pla', encoding="utf-8")
    assert render_check(good, tmp_path) is None
    assert render_check(bad, tmp_path) is None  # refused with one line: what it should do
    assert "refused a good scene" in render_check(bad, tmp_path, expect="open")
    assert "must be refused" in render_check(good, tmp_path, expect="refuse")
