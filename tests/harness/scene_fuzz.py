"""The scene fuzzer: damaged scene files must be opened or refused with a message, never a
traceback, and a refusal must leave the open scene exactly as it was.

    python -m tests.harness.scene_fuzz --full [--report out.json]     # every mutation
    python -m tests.harness.scene_fuzz --sample 150 --renders 4        # what make test runs

Each file of :func:`tests.harness.scene_mutations.mutations` is opened with
``MainWindow.open_scene`` in a window that holds a known scene with one unsaved edit (a
different lab's now and then, so a bad file cannot switch labs unnoticed). After a
refusal the lab on screen, ``current_scene()``, every model's state object, the file path
and the undo history must be unchanged, and nothing may have reached ``sys.excepthook``.
A sample of the files is also rendered headless with ``python -m app render`` in a fresh
process: it must exit 0 with the figure written, or 2 with one line on stderr.

Exit status: 0 when every file passed, 1 otherwise, 2 for bad arguments,
:data:`~tests.harness.watchdog.FREEZE_EXIT` when opening a file froze the GUI thread.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

__all__ = ["main", "render_check", "pick"]

_BASE_EVERY = 20  # files opened against one base scene before the next lab's is opened
_RENDER_FIRST = ("bad_path", "bad_unicode", "bad_entry", "non_finite", "header", "wrong_type")


def pick(all_mutations: list, sample: int | None, seed: int) -> list[tuple[int, object]]:
    """``(index, mutation)`` pairs: all of them, or a sample of about ``sample``: the pinned
    ones (cases that once broke), then a seeded share of every kind."""
    indexed = list(enumerate(all_mutations))
    if sample is None or sample >= len(indexed):
        return indexed
    rng = random.Random(seed)
    chosen = [p for p in indexed if p[1].pinned]
    by_kind: dict[str, list] = {}
    for pair in indexed:
        if not pair[1].pinned:
            by_kind.setdefault(pair[1].kind, []).append(pair)
    share = max(1, (sample - len(chosen)) // len(by_kind))
    for pairs in by_kind.values():
        chosen += rng.sample(pairs, min(share, len(pairs)))
    taken = {p[0] for p in chosen}
    rest = [p for p in indexed if p[0] not in taken]
    chosen += rng.sample(rest, max(0, min(len(rest), sample - len(chosen))))
    return sorted(chosen, key=lambda p: p[0])


class _Fuzz:
    """Opens mutated scenes in one window and checks each outcome."""

    def __init__(self, folder: Path, wd, log) -> None:
        from PySide6.QtWidgets import QApplication

        from app.main_window import MainWindow

        self.folder = folder
        self.wd, self.log = wd, log
        self.app = QApplication.instance()
        self.window = MainWindow(interactive=False)
        self.failures: list[dict] = []
        self.outcomes: Counter = Counter()
        self.current = "start-up"
        self.index: int | None = None  # the mutation being tried
        self._bases = self._write_bases()
        self._held = None

    # -- the known scenes ------------------------------------------------------------------
    def _write_bases(self) -> list[tuple[Path, str]]:
        from app.scenes import preset_scene
        from models.core.scene import write_scene

        bases, seen = [], {}
        for p in self.window.presets:
            seen.setdefault(p.lab, []).append(p)
        for lab, presets in seen.items():
            path = self.folder / f"base-{lab}.json"
            write_scene(path, preset_scene(presets[-1]))
            bases.append((path, presets[0].name))  # opened, then edited with another preset
        return bases

    def hold_base(self, k: int) -> None:
        """Make the window hold base scene ``k`` with one unsaved edit."""
        path, edit = self._bases[k % len(self._bases)]
        if self._held == k % len(self._bases):
            return
        self.current, self.index = f"open base scene {path.name}", None
        err = self._timed(f"open base {path.name}", lambda: self.window.open_scene(path))
        if err is not None:
            self._fail("base", path.name, f"the known scene was refused: {err}")
        self._timed(f"preset {edit}", lambda: self.window.preset_panel.choose(edit))
        self._held = k % len(self._bases)

    def _timed(self, label: str, fn):
        out = {}

        def run():
            out["value"] = fn()

        with self.wd.step(label):
            try:
                run()
            except Exception:
                self.log.record("raised", *sys.exc_info())
        with self.wd.step(f"events after {label}"):
            self.app.processEvents()
        return out.get("value")

    # -- one file --------------------------------------------------------------------------
    def snapshot(self) -> dict:
        """What a refused file must leave exactly as it was."""
        w = self.window
        return {"lab": w.spec.id, "scene": w.current_scene(),
                "states": {k: m.state for k, m in w.models.items()},
                "path": getattr(w, "path", None), "undo": w.undo_stack.count()}

    def check(self, index: int, mutation) -> None:
        """Open one damaged file and judge what happened."""
        path = self.folder / f"fuzz-{index:05d}.json"
        data = mutation.data
        path.write_bytes(data)
        where = f"{mutation.kind} #{index}: {mutation.name}"
        self.current, self.index = where, index
        before = self.snapshot()
        faults = self.log.count
        result = self._timed(f"open {where}", lambda: self.window.open_scene(path))
        path.unlink()
        if self.log.count > faults:
            fault = self.log.faults[-1]
            self._fail(mutation.kind, where, f"traceback: {fault.cause or fault.type}",
                       fault.traceback)
            self._held = None
            return
        if result is None:
            self.outcomes["opened"] += 1
            self._held = None  # the window now holds the opened file
            lab = _lab_named(data)
            if lab is not None and self.window.spec.id != lab:
                self._fail(mutation.kind, where, f"opened a {lab} scene, but the window "
                                                 f"shows {self.window.spec.id}")
            return
        if not isinstance(result, str) or not result.strip() or "Traceback" in result:
            self._fail(mutation.kind, where, f"refused without a clear message: {result!r}")
            return
        self.outcomes["refused"] += 1
        if mutation.expect == "open":
            self._fail(mutation.kind, where, f"a good file was refused: {result}")
        self._compare(mutation.kind, where, before, self.snapshot())

    def _compare(self, kind: str, where: str, before: dict, after: dict) -> None:
        changed = [k for k in ("lab", "scene", "path", "undo") if before[k] != after[k]]
        changed += [f"state of {k}" for k, s in before["states"].items()
                    if after["states"].get(k) is not s]
        if changed:
            self._fail(kind, where, "refused, but the open scene changed: " + ", ".join(changed))
            self._held = None

    def _fail(self, kind: str, where: str, message: str, tb: str = "") -> None:
        self.failures.append({"kind": kind, "index": self.index, "file": where[:300],
                              "message": message[:1000], "traceback": tb})
        print(f"FUZZ FAILURE [{where[:150]}]: {message[:300]}", file=sys.stderr, flush=True)

    def close(self) -> None:
        """Close the window (timed like every other step)."""
        self._timed("close the window", self.window.close)


def _lab_named(data: bytes) -> str | None:
    """The lab a scene file names, when it reads as JSON at all."""
    try:
        doc = json.loads(data)
    except (ValueError, RecursionError):
        return None
    return doc.get("lab") if isinstance(doc, dict) and isinstance(doc.get("lab"), str) else None


def render_check(scene: Path, out_dir: Path, expect: str | None = None,
                 timeout_s: float = 120.0) -> str | None:
    """Render ``scene`` headless in a fresh process; None when it behaved, else what broke.

    Behaving means: exit 0 with the figure written, or exit 2 with exactly one line from
    linscope on stderr; never a traceback, never another status. ``expect`` ("open" or
    "refuse") also fixes which of the two it must be.
    """
    out = out_dir / (scene.stem + ".png")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LINSCOPE_BACKEND="numpy",
               LINSCOPE_NO_SETTINGS="1")
    try:
        proc = subprocess.run([sys.executable, "-m", "app", "render", str(scene), "-o", str(out),
                               "--width", "480", "--height", "360"], cwd=out_dir, env=env,
                              capture_output=True, text=True, timeout=timeout_s, check=False)
    except subprocess.TimeoutExpired:
        return f"render did not finish within {timeout_s:g} s"
    err = proc.stderr
    ours = [ln for ln in err.splitlines() if ln.startswith("linscope")]
    if "Traceback" in err:
        return f"render printed a traceback (exit {proc.returncode}): {err.strip()[-1500:]}"
    if proc.returncode == 0:
        if expect == "refuse":
            return "exit 0, but this scene must be refused (exit 2)"
        return None if out.exists() and out.stat().st_size > 0 else "exit 0 but no figure"
    if proc.returncode == 2 and len(ours) == 1:
        return f"refused a good scene: {ours[0]}" if expect == "open" else None
    return f"render exit {proc.returncode} with stderr {err.strip()[-600:]!r}"


def _run(args, folder: Path) -> dict:
    from PySide6.QtWidgets import QApplication

    from tests.harness.probes import FaultLog
    from tests.harness.scene_mutations import mutations, write_fixtures
    from tests.harness.watchdog import Watchdog
    from views.common.style import configure_pyqtgraph

    started = time.perf_counter()
    write_fixtures(folder)
    everything = mutations(folder, args.seed)
    chosen = pick(everything, None if args.full else args.sample, args.seed)
    _app = QApplication.instance() or QApplication(["linscope-fuzz"])  # kept alive
    configure_pyqtgraph()
    wd = Watchdog(limit_s=args.limit, hard_limit_s=args.hard_limit)
    fuzz = None
    with FaultLog(lambda: fuzz.current if fuzz else "start-up", echo=False) as log:
        fuzz = _Fuzz(folder, wd, log)
        if args.show:
            fuzz.window.resize(1400, 900)
            fuzz.window.show()
        kinds: Counter = Counter()
        for n, (index, m) in enumerate(chosen):
            fuzz.hold_base(n // _BASE_EVERY)
            fuzz.check(index, m)
            kinds[m.kind] += 1
            if (n + 1) % 500 == 0:
                print(f"scene fuzz: {n + 1}/{len(chosen)} files, {len(fuzz.failures)} "
                      f"failures, {time.perf_counter() - started:.0f} s", flush=True)
        fuzz.close()
        wd.stop()
    failed = {f["index"] for f in fuzz.failures if "index" in f}
    renders = _renders(args, chosen, folder, failed)
    slow = [{"where": label, "seconds": round(s, 2)} for label, s in wd.slow]
    failures = fuzz.failures + renders["failures"]
    return {"ok": not failures and not slow, "seed": args.seed, "full": args.full,
            "files": len(chosen), "of": len(everything), "kinds": dict(kinds),
            "opened": fuzz.outcomes["opened"], "refused": fuzz.outcomes["refused"],
            "failures": failures, "slow_steps": slow,
            "renders": {k: v for k, v in renders.items() if k != "failures"},
            "qt_critical": log.qt_critical, "seconds": round(time.perf_counter() - started, 1)}


def _render_picks(args, chosen, failed: set[int]) -> list:
    """Which files to render: ones that failed in the window first (up to half), then ones
    with an expected outcome, then one per kind, then a seeded sample of the rest."""
    rng = random.Random(args.seed + 1)
    budget = args.renders
    picked = [p for p in chosen if p[0] in failed][:budget // 2]
    picked += [p for p in chosen if p[1].expect and p not in picked][:budget - len(picked)]
    by_kind: dict[str, list] = {}
    for pair in chosen:
        by_kind.setdefault(pair[1].kind, []).append(pair)
    # The kinds that once crashed the renderer come first, so even a short run tries them.
    order = sorted(by_kind, key=lambda k: _RENDER_FIRST.index(k) if k in _RENDER_FIRST else 99)
    picked += [rng.choice(by_kind[k]) for k in order][:max(0, budget - len(picked))]
    rest = [p for p in chosen if p not in picked]
    picked += rng.sample(rest, max(0, min(len(rest), budget - len(picked))))
    return picked


def _renders(args, chosen, folder: Path, failed: set[int]) -> dict:
    """Render the picked files in fresh processes (see :func:`_render_picks`)."""
    picked = _render_picks(args, chosen, failed)
    out = {"rendered": 0, "figures": 0, "refused": 0, "failures": []}
    out_dir = folder / "renders"
    out_dir.mkdir(exist_ok=True)
    for index, m in picked:
        scene = folder / f"render-{index:05d}.json"
        scene.write_bytes(m.data)
        problem = render_check(scene, out_dir, m.expect)
        out["rendered"] += 1
        if problem is None:
            figure = out_dir / (scene.stem + ".png")
            out["figures" if figure.exists() else "refused"] += 1
            figure.unlink(missing_ok=True)
        else:
            out["failures"].append({"kind": m.kind, "file": f"{m.kind} #{index}: {m.name}",
                                    "message": f"linscope render: {problem}", "traceback": ""})
            print(f"FUZZ FAILURE [render {m.kind} #{index}: {m.name}]: {problem[:300]}",
                  file=sys.stderr, flush=True)
        scene.unlink()
    return out


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m tests.harness.scene_fuzz",
                                description="Open damaged scene files; none may crash.")
    p.add_argument("--full", action="store_true", help="every mutation (a few thousand files)")
    p.add_argument("--sample", type=int, default=150, help="files to try without --full")
    p.add_argument("--renders", type=int, default=None,
                   help="files also rendered headless (default: 4, or 60 with --full)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--report", help="write the JSON report here")
    p.add_argument("--show", action="store_true", help="show the window while opening")
    p.add_argument("--limit", type=float, default=2.0, help="seconds an open may take")
    p.add_argument("--hard-limit", type=float, default=60.0)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the fuzzer; returns the exit status (see the module docstring)."""
    args = _parser().parse_args(argv)
    if args.renders is None:
        args.renders = 60 if args.full else 4
    if args.sample < 1 or args.renders < 0:
        print("scene fuzz: --sample must be >= 1 and --renders >= 0", file=sys.stderr)
        return 2
    folder = Path(tempfile.mkdtemp(prefix="linscope-fuzz-"))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("LINSCOPE_BACKEND", "numpy")
    os.environ["LINSCOPE_NO_SETTINGS"] = "1"
    os.environ["LINSCOPE_DATA_DIR"] = str(folder / "data")
    report = _run(args, folder)
    if args.report:
        Path(args.report).parent.mkdir(parents=True, exist_ok=True)
        Path(args.report).write_text(json.dumps(report, indent=1, ensure_ascii=True),
                                     encoding="utf-8")
    kinds = Counter(f["kind"] for f in report["failures"])
    r = report["renders"]
    print(f"scene fuzz summary: {report['files']} files of {report['of']} in "
          f"{report['seconds']:.0f} s: {report['opened']} opened, {report['refused']} refused, "
          f"{len(report['failures'])} failures {dict(kinds)}, {len(report['slow_steps'])} slow "
          f"opens; rendered {r['rendered']} ({r['figures']} figures, {r['refused']} refused) — "
          f"{'OK' if report['ok'] else 'FAILED'}", flush=True)
    import shutil

    shutil.rmtree(folder, ignore_errors=True)
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
