"""The monkey (soak) test: a seeded run of random user actions through the real window.

    python -m tests.harness.monkey --actions 10000 --seed 1 [--report out.json]

It drives :class:`app.main_window.MainWindow` (shown, offscreen) through every lab's
gestures (:mod:`tests.harness.monkey_actions`): typed good and bad entries, drags,
sliders, presets, undo/redo, side by side, lab switches, window sizes, save and reopen,
damaged files, export and the attention lab's long-context mode with Cancel. Every step
and every pass of the event loop runs inside the :class:`~tests.harness.watchdog.Watchdog`
(a step over ``--limit`` seconds is a freeze; one that never returns ends the process with
the stacks). Unhandled exceptions, printed tracebacks and failed checks are counted with
the action that caused them; RSS is reported every 500 actions (with the undo steps held),
and the live objects that grew most between warm-up and the end go into the report.

Memory growth is read from RSS sampled every 100 actions: the median over the last
``--window`` actions minus the median over the ``--window`` actions after ``--warmup``.
A single sample swings by a hundred MiB or more with what the last action left in flight
(a 2400-pixel export, a long-context overview); a leak moves the whole run of samples.

``--only NAME,…`` takes a subset of the actions (to narrow down a leak or a fault);
``--slow-by cpu`` applies the limit to the GUI thread's own CPU time instead of the wall
clock, for machines shared with other work.

Exit status: 0 when the run was clean, 1 when some action raised, printed a traceback,
failed a check or took longer than the limit (or memory grew past ``--max-growth-mb``),
2 for bad arguments, and :data:`~tests.harness.watchdog.FREEZE_EXIT` after a freeze. The
same seed and ``--actions`` replay the same actions (what worker threads deliver, and
when, may differ); each failure in the report carries the command that replays the run
up to it.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections import Counter, deque
from pathlib import Path

__all__ = ["main", "Monkey"]

CHECKPOINT = 500  # actions between RSS reports
SAMPLE = 100  # actions between RSS samples (the growth figure is read from these)
_HISTORY = 25  # steps kept as the context of a failure


class Monkey:
    """One seeded run; :meth:`run` returns the report (a dict)."""

    def __init__(self, args: argparse.Namespace, tmp: Path) -> None:
        self.args = args
        self.rng = random.Random(args.seed)
        self.tmp = tmp
        self.serial = 0  # numbers the files an action writes
        self.current = "start-up"
        self.index = -1
        self.done = 0  # actions carried out
        self.history: deque[str] = deque(maxlen=_HISTORY)
        self.labels: list[str] = []
        self.checks: list[dict] = []
        self.slow: list[dict] = []  # every step over the limit, wall clock
        self.objects: list[tuple] = []  # (actions, Counter of live objects by type)
        self.rss: list[dict] = []
        self.samples: list[tuple[int, float]] = []  # (actions, RSS MiB) every SAMPLE actions
        self.counts: Counter = Counter()
        self.skipped: Counter = Counter()
        self.started = time.perf_counter()
        self.window = None
        self.app = None
        self.wd = None
        self.log = None

    # -- hooks for the actions -------------------------------------------------------------
    def fail(self, message: str) -> None:
        """Record a failed check of the current action."""
        self.checks.append({"index": self.index, "where": self.current, "message": message,
                            "reproduce": self.reproduce(self.index)})
        print(f"CHECK FAILED in {self.current}: {message}", file=sys.stderr, flush=True)

    def reproduce(self, index: int) -> str:
        """The command that replays this run up to and including action ``index``."""
        only = f" --only {','.join(sorted(self.args.only))}" if self.args.only else ""
        return (f"python -m tests.harness.monkey --seed {self.args.seed} "
                f"--actions {max(index, 0) + 1}{only}")

    # -- running steps ---------------------------------------------------------------------
    def _step(self, label: str, fn) -> None:
        self.current = label
        self.history.append(label)
        self._freeze_note.begin(label)
        wall, cpu = time.perf_counter(), time.thread_time()
        try:
            with self.wd.step(label):
                fn()
        except Exception:  # an exception that escaped into the caller: the app's bug
            self.log.record("raised", *sys.exc_info())
        finally:
            self._freeze_note.end()
            wall, cpu = time.perf_counter() - wall, time.thread_time() - cpu
            if wall > self.args.limit:
                # The GUI thread's own CPU time tells a busy loop (cpu ≈ wall) from a step
                # that waited for the CPU while other work loaded the machine.
                self.slow.append({"where": label, "seconds": round(wall, 2),
                                  "cpu_s": round(cpu, 2),
                                  "load": round(os.getloadavg()[0], 1)})

    def pump(self, label: str) -> None:
        """Let Qt run (events, paints, queued results, deferred deletes) as one step."""
        from PySide6.QtCore import QCoreApplication, QEvent

        def run():
            self.app.processEvents()
            # Outside app.exec() Qt never deletes deleteLater()'d objects by itself; the
            # real event loop would, right after the slot that asked for it returns.
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            self.app.processEvents()

        self._step(label, run)

    # -- the run ---------------------------------------------------------------------------
    def run(self) -> dict:
        """Open the window, take the actions, close it; returns the report."""
        from PySide6.QtWidgets import QApplication

        from tests.harness.monkey_report import FreezeNote
        from tests.harness.probes import FaultLog
        from tests.harness.watchdog import Watchdog
        from views.common.style import configure_pyqtgraph

        self.app = QApplication.instance() or QApplication(["linscope-monkey"])
        configure_pyqtgraph()
        self.wd = Watchdog(limit_s=self.args.limit, hard_limit_s=self.args.hard_limit)
        self._freeze_note = FreezeNote(self, self.args.hard_limit)
        with FaultLog(lambda: self.current, lambda: list(self.history)) as self.log:
            try:
                self._start()
                self._actions()
                self._finish()
            finally:
                self.wd.stop()
                self._freeze_note.stop()
        return self.report()

    def _start(self) -> None:
        from app.main_window import MainWindow

        def make():
            self.window = MainWindow(interactive=False)
            self.window.resize(1400, 900)
            self.window.show()

        self._step("start: open the window", make)
        self.pump("start: first paint")
        self._checkpoint(0)

    def _actions(self) -> None:
        from tests.harness.monkey_actions import ACTIONS

        chosen = [a for a in ACTIONS if not self.args.only or a[0] in self.args.only]
        names = [a[0] for a in chosen]
        weights = [a[1] for a in chosen]
        planners = {a[0]: a[2] for a in chosen}
        total = self.args.actions
        for i in range(total):
            self.index = i
            steps = None
            for _attempt in range(8):  # an action that does not apply now: draw another
                name = self.rng.choices(names, weights)[0]
                self.current = f"#{i} plan {name}"
                try:
                    steps = planners[name](self)
                except Exception:
                    self.log.record("raised", *sys.exc_info())
                    steps = None
                if steps:
                    break
                self.skipped[name] += 1
            if not steps:
                continue
            self.counts[name] += 1
            self.done = i + 1
            for st in steps:
                label = f"#{i} {st.label}"
                self.labels.append(label)
                self._step(label, st.run)
                self.pump(f"#{i} events after: {st.label[:60]}")
            self._inject(i)
            if (i + 1) % CHECKPOINT == 0 or i + 1 == total:
                self._checkpoint(i + 1)
            elif (i + 1) % SAMPLE == 0:
                self._sample(i + 1)

    def _inject(self, i: int) -> None:
        # Faults planted on purpose, so the harness's own tests can see it catch them.
        if i == self.args.inject_exception:
            from PySide6.QtCore import QTimer

            def boom():
                raise RuntimeError("fault planted by --inject-exception")

            QTimer.singleShot(0, boom)  # raised inside Qt's event loop, as a slot would
            self.pump(f"#{i} planted exception")
        if i == self.args.inject_slow:
            self._step(f"#{i} planted slow step",
                       lambda: time.sleep(self.args.limit + 0.3))
        if i == self.args.inject_freeze:  # the watchdog ends the process inside this step
            self._step(f"#{i} planted freeze", lambda: time.sleep(self.args.hard_limit + 30))

    def _finish(self) -> None:
        self.index = self.args.actions
        self._step("finish: close the window", self.window.close)
        self.pump("finish: events after closing")

    def _sample(self, done: int) -> float:
        from tests.harness.probes import rss_mb

        gc.collect()
        rss = rss_mb(trim=True)
        self.samples.append((done, round(rss, 1)))
        return rss

    def _checkpoint(self, done: int) -> None:
        from tests.harness.probes import object_counts

        rss = self._sample(done)
        self.rss.append({"actions": done, "rss_mb": round(rss, 1),
                         "seconds": round(time.perf_counter() - self.started, 1),
                         "undo_steps": self._undo_steps()})
        warm = self._rss_at(self.args.warmup)
        if (warm is not None and warm["actions"] == done) or done == self.args.actions:
            # What the process holds, by type, at warm-up and at the end: a leak shows as
            # the types whose count keeps growing.
            self.objects.append((done, object_counts()))
        print(f"monkey: {done}/{self.args.actions} actions, RSS {rss:.1f} MiB, "
              f"{self.log.count} exceptions, {len(self._slow())} slow steps, "
              f"{len(self.checks)} failed checks, {time.perf_counter() - self.started:.0f} s",
              flush=True)

    # -- the report ------------------------------------------------------------------------
    def report(self, freeze: dict | None = None) -> dict:
        """Everything the run measured (also written when the run froze)."""
        warm = self._rss_at(self.args.warmup)
        end = self.rss[-1] if self.rss else None
        base_mb, end_mb = self._windowed_rss()
        growth = round(end_mb - base_mb, 1) if base_mb is not None else None
        slow = self._slow()
        summary = self.log.summary() if self.log else {"exceptions": 0}
        for fault in summary.get("exception_list", []) + summary.get("exception_kinds", []):
            index = _index_of(fault["where"])
            fault["reproduce"] = self.reproduce(index) if index is not None else None
        too_big = (self.args.max_growth_mb is not None and growth is not None
                   and growth > self.args.max_growth_mb)
        ok = (summary["exceptions"] == 0 and not slow and not self.checks and freeze is None
              and not too_big)
        return {
            "ok": ok, "seed": self.args.seed, "actions_requested": self.args.actions,
            "actions_done": self.done,
            "seconds": round(time.perf_counter() - self.started, 1),
            "limit_s": self.args.limit, "slow_by": self.args.slow_by, "freeze": freeze,
            "slow_steps": slow, "slow_wall_steps": list(self.slow),
            "longest_step": {"where": self.wd.longest[0],
                             "seconds": round(self.wd.longest[1], 3)} if self.wd else None,
            **summary,
            "failed_checks": self.checks,
            "rss": self.rss, "rss_samples": self.samples,
            "warmup_actions": warm["actions"] if warm else None,
            "window_actions": self.args.window,
            "rss_warmup_mb": base_mb, "rss_end_mb": end_mb, "rss_growth_mb": growth,
            "rss_growth_single_samples_mb": (
                round(end["rss_mb"] - warm["rss_mb"], 1)
                if warm is not None and end is not None and end["actions"] > warm["actions"]
                else None),
            "max_growth_mb": self.args.max_growth_mb,
            "object_growth": self._object_growth(),
            "action_counts": dict(sorted(self.counts.items())),
            "not_applicable": dict(sorted(self.skipped.items())),
            "platform": {"python": platform.python_version(), "system": platform.platform(),
                         "qpa": os.environ.get("QT_QPA_PLATFORM", "")},
            "steps": self.labels,
        }

    def _undo_steps(self) -> int:
        from PySide6.QtGui import QUndoStack

        # Every lab's history: undo steps are kept by design, so growth is read against them.
        return sum(s.count() for s in self.window.findChildren(QUndoStack)) if self.window \
            else 0

    def _object_growth(self, top: int = 15) -> list[dict]:
        if len(self.objects) < 2:
            return []
        (_a, first), (_b, last) = self.objects[0], self.objects[-1]
        grown = {k: last[k] - first.get(k, 0) for k in last}
        return [{"type": k, "warmup": first.get(k, 0), "end": last[k], "growth": g}
                for k, g in sorted(grown.items(), key=lambda kv: -kv[1])[:top] if g > 0]

    def _slow(self) -> list[dict]:
        """The steps that count as freezes: over the limit in wall time, or in the GUI
        thread's CPU time with ``--slow-by cpu``."""
        key = "cpu_s" if self.args.slow_by == "cpu" else "seconds"
        return [s for s in self.slow if s[key] > self.args.limit]

    def _windowed_rss(self) -> tuple[float | None, float | None]:
        """Median RSS over the window after warm-up and over the last window; (None, None)
        when the run is too short for two windows that do not overlap."""
        w, warm, done = self.args.window, self.args.warmup, self.done
        if done < warm + 2 * w:
            return None, None
        first = [mb for a, mb in self.samples if warm <= a <= warm + w]
        last = [mb for a, mb in self.samples if a >= done - w]
        if not first or not last:
            return None, None
        return round(statistics.median(first), 1), round(statistics.median(last), 1)

    def _rss_at(self, actions: int) -> dict | None:
        # The warm-up point: the first checkpoint at or after ``actions``.
        after = [r for r in self.rss if r["actions"] >= actions]
        return after[0] if after else None


def _index_of(where: str) -> int | None:
    if where.startswith("#"):
        head = where[1:].split(" ", 1)[0]
        if head.isdigit():
            return int(head)
    return None


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m tests.harness.monkey",
                                description="Seeded random user actions through the window.")
    p.add_argument("--actions", type=int, default=1000, help="how many actions (default 1000)")
    p.add_argument("--seed", type=int, default=1, help="seed of the action sequence")
    p.add_argument("--report", help="write the JSON report here")
    p.add_argument("--limit", type=float, default=2.0,
                   help="seconds a step may take before it counts as a freeze (default 2)")
    p.add_argument("--slow-by", choices=("wall", "cpu"), default="wall",
                   help="what the limit applies to: wall-clock time (default) or the GUI "
                        "thread's CPU time (for machines shared with other work)")
    p.add_argument("--hard-limit", type=float, default=60.0,
                   help="seconds after which a step that never returns ends the run")
    p.add_argument("--warmup", type=int, default=2000,
                   help="actions before the RSS baseline is taken (default 2000: by then "
                        "every lab, mode and export has been used several times)")
    p.add_argument("--window", type=int, default=1000,
                   help="actions whose RSS samples give each median of the growth figure "
                        "(default 1000)")
    p.add_argument("--max-growth-mb", type=float, default=None,
                   help="fail when RSS grows more than this after warm-up")
    p.add_argument("--only", type=lambda text: set(text.split(",")), default=None,
                   metavar="NAME[,NAME…]",
                   help="take only these actions (to narrow down a leak or a fault); "
                        "names as in tests/harness/monkey_actions.py")
    p.add_argument("--inject-exception", type=int, default=-1, help=argparse.SUPPRESS)
    p.add_argument("--inject-slow", type=int, default=-1, help=argparse.SUPPRESS)
    p.add_argument("--inject-freeze", type=int, default=-1, help=argparse.SUPPRESS)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the monkey; returns the exit status (see the module docstring)."""
    from tests.harness.monkey_report import print_details, summary_line, write_report

    args = _parser().parse_args(argv)
    if args.actions < 0 or args.limit <= 0:
        print("monkey: --actions must be >= 0 and --limit > 0", file=sys.stderr)
        return 2
    args.warmup = min(args.warmup, args.actions)
    tmp = Path(tempfile.mkdtemp(prefix="linscope-monkey-"))
    # Before Qt loads: headless, NumPy, no stored settings, and recovery files kept in the
    # run's own folder (never the person's).
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("LINSCOPE_BACKEND", "numpy")
    os.environ["LINSCOPE_NO_SETTINGS"] = "1"
    os.environ["LINSCOPE_DATA_DIR"] = str(tmp / "data")
    if args.only:
        from tests.harness.monkey_actions import ACTIONS

        unknown = args.only - {a[0] for a in ACTIONS}
        if unknown:
            print(f"monkey: unknown action(s) {', '.join(sorted(unknown))}; known: "
                  f"{', '.join(a[0] for a in ACTIONS)}", file=sys.stderr)
            _remove_tree(tmp)
            return 2
    monkey = Monkey(args, tmp)
    report = monkey.run()
    write_report(args.report, report)
    print_details(report)
    print(summary_line(report), flush=True)
    _remove_tree(tmp)
    return 0 if report["ok"] else 1


def _remove_tree(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
