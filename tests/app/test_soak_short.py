"""The short soak: 500 seeded random actions through the real window, run in a subprocess
so that a freeze fails this test (the watchdog ends the run with the stacks) instead of
hanging the suite. The full soak (10,000 actions, two seeds) is ``make soak``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from app.labs import LABS

ROOT = Path(__file__).resolve().parents[2]


def _monkey(tmp_path: Path, *args: str, timeout: float = 300):
    report = tmp_path / "monkey.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LINSCOPE_BACKEND="numpy")
    proc = subprocess.run([sys.executable, "-m", "tests.harness.monkey", "--report",
                           str(report), *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout, check=False)
    data = json.loads(report.read_text(encoding="utf-8")) if report.exists() else None
    return proc, data


def _explain(proc, report) -> str:
    lines = [f"exit {proc.returncode}", proc.stdout[-4000:], proc.stderr[-4000:]]
    for kind in (report or {}).get("exception_kinds", []):
        lines.append(f"{kind['count']}x {kind['where']}\n{kind['traceback']}\n"
                     f"replay: {kind['reproduce']}")
    for key in ("slow_steps", "failed_checks", "freeze"):
        lines.append(f"{key}: {(report or {}).get(key)}")
    return "\n".join(lines)


def test_500_random_actions_raise_nothing_and_never_freeze(tmp_path):
    # The suite shares its two cores with the other tests, so a step counts as a freeze when
    # the GUI thread itself spends over 4 s in it: a layout loop burns CPU until the 40 s hard
    # limit, while the heaviest finite steps (a presenter rescale, a lab's first view, now
    # among nine labs) measured 2.2–2.8 s of GUI-thread CPU under the parallel suite and
    # about half that alone. make soak, run alone, holds wall-clock time to 2 s.
    proc, report = _monkey(tmp_path, "--actions", "500", "--seed", "7", "--slow-by", "cpu",
                           "--limit", "4", "--hard-limit", "40")
    assert report is not None, _explain(proc, report)
    assert proc.returncode == 0, _explain(proc, report)
    assert report["ok"] and report["actions_done"] == 500
    assert report["exceptions"] == 0 and report["slow_steps"] == []
    assert report["failed_checks"] == [] and report["freeze"] is None
    # The run went everywhere a person goes: every lab, and the risky gestures.
    labels = " ".join(report["steps"])
    assert all(f"lab {lab.id}" in labels for lab in LABS)
    ran = report["action_counts"]
    for name in ("type_entry", "drag", "slider", "preset", "undo", "split", "resize",
                 "save_reopen", "export", "large_cancel"):
        assert ran.get(name, 0) > 0, (name, ran)
    assert [r["actions"] for r in report["rss"]] == [0, 500]


def test_the_monkey_reports_a_fault_and_a_slow_step_with_their_actions(tmp_path):
    # Planted faults: the harness must count them, name their actions and fail the run.
    proc, report = _monkey(tmp_path, "--actions", "12", "--seed", "3", "--limit", "1",
                           "--inject-exception", "4", "--inject-slow", "8")
    assert proc.returncode == 1, _explain(proc, report)
    assert report["ok"] is False and report["exceptions"] == 1
    fault = report["exception_list"][0]
    assert fault["where"] == "#4 planted exception" and "planted" in fault["message"]
    assert fault["reproduce"].endswith("--seed 3 --actions 5")
    assert [s["where"] for s in report["slow_steps"]] == ["#8 planted slow step"]
    assert "1 exceptions" in proc.stdout and "1 freezes/slow steps" in proc.stdout


def test_a_frozen_step_ends_the_run_with_its_stacks_and_a_report(tmp_path):
    from tests.harness.watchdog import FREEZE_EXIT

    proc, report = _monkey(tmp_path, "--actions", "6", "--seed", "3", "--hard-limit", "3",
                           "--inject-freeze", "2", timeout=120)
    assert proc.returncode == FREEZE_EXIT, _explain(proc, report)
    assert "#2 planted freeze" in proc.stderr and "Thread" in proc.stderr  # the stacks
    assert report["ok"] is False and report["freeze"]["where"] == "#2 planted freeze"
    assert report["freeze"]["reproduce"].endswith("--seed 3 --actions 3")


def _monkey_with_samples(samples, warmup=2000, window=1000):
    import argparse

    from tests.harness.monkey import Monkey

    args = argparse.Namespace(seed=1, warmup=warmup, window=window, only=None)
    monkey = Monkey(args, ROOT)
    monkey.samples = samples
    monkey.done = samples[-1][0]
    return monkey


def test_memory_growth_is_read_from_medians_not_single_samples():
    # Transient peaks (one action's export or overview) do not count as growth...
    flat = [(a, 300.0 + (150.0 if a % 700 == 0 else 0.0)) for a in range(0, 10001, 100)]
    monkey = _monkey_with_samples(flat)
    assert monkey._windowed_rss() == (300.0, 300.0)
    # ...a steady leak does: 10 MiB per 1000 actions, from 2000 to 10000 actions.
    leak = [(a, 300.0 + 0.01 * max(a - 2000, 0)) for a in range(0, 10001, 100)]
    base, end = _monkey_with_samples(leak)._windowed_rss()
    assert (base, end) == (305.0, 375.0)
    # Too short a run for two windows gives no figure rather than a wrong one.
    assert _monkey_with_samples(leak[:35])._windowed_rss() == (None, None)
