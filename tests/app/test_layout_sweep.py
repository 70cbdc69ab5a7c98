"""Guard against layout feedback loops: the layout sweep's sample renders presets of every
lab at odd window sizes, side by side and with extreme values, in its own process, and no
event-loop step may take a second (a freeze ends that process, not the test run)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from models.core.presets import load_presets
from tests.harness.layout_sweep import EXTREMES, SIZES, full_plan, quick_plan
from tests.harness.watchdog import FREEZE_EXIT

ROOT = Path(__file__).resolve().parents[2]

# The two reported freezes, as the sweep labels their steps.
_PROJECTION_FREEZE = "projection-course-example | split: b2 = 1e5"
_ATTENTION_FREEZE = "attention-geometry: sentence a xxxxxxxxxxx b c d e f"


def test_quick_sweep_holds_both_reported_freezes_as_reported():
    plan = {(c.preset, c.split): c for c in quick_plan()}
    projection = plan[("projection-course-example", True)]
    assert projection.sizes == ((1400, 900),)
    assert projection.extremes[0][1] == {"entry": ("b", 1, "1e5")}
    attention = plan[("attention-geometry", False)]
    assert attention.sizes == ((1818, 864),)
    assert attention.extremes[0][1] == {"sentence": "a xxxxxxxxxxx b c d e f"}
    labs = {p.name: p.lab for p in load_presets()}
    assert {labs[c.preset] for c in quick_plan()} == set(EXTREMES)


def test_full_sweep_covers_every_preset_alone_and_side_by_side():
    plan = full_plan()
    names = {p.name for p in load_presets()}
    assert {(c.preset, c.split) for c in plan} == {(n, s) for n in names for s in (False, True)}
    for size in ((600, 400), (601, 401), (1401, 899), (1818, 864), (2559, 1439), (2560, 1440)):
        assert size in SIZES


def test_quick_layout_sweep_has_no_slow_or_frozen_step(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LINSCOPE_BACKEND="numpy",
               LINSCOPE_NO_SETTINGS="1", LINSCOPE_DATA_DIR=str(tmp_path))
    proc = subprocess.run([sys.executable, "-m", "tests.harness.layout_sweep", "--quick", "-v"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=400)
    # The summary and the slow steps, then what went to stderr (without the offscreen
    # platform's notices), rather than every step.
    summary = [line for line in proc.stdout.splitlines() if not line.startswith(" ")]
    errors = [line for line in proc.stderr.splitlines() if "propagateSizeHints" not in line]
    report = "\n".join(summary[-40:] + errors[-80:])
    assert proc.returncode != FREEZE_EXIT, "a step never returned:\n" + report
    assert proc.returncode == 0, report
    # The sample really ran through both reported freezes.
    assert _PROJECTION_FREEZE in proc.stdout and _ATTENTION_FREEZE in proc.stdout, report
    assert "layout sweep:" in proc.stdout
