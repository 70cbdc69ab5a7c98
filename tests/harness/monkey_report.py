"""The monkey's report: the one-line summary, the JSON file (written atomically), and the
note a frozen run leaves behind before the watchdog ends it."""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from pathlib import Path

__all__ = ["FreezeNote", "print_details", "summary_line", "write_report"]


class FreezeNote:
    """Writes the report a moment before the watchdog ends a frozen process, so a freeze
    leaves the same JSON as any other failure (the stacks go to stderr)."""

    def __init__(self, monkey, hard_limit_s: float) -> None:
        self._monkey = monkey
        self._after = max(hard_limit_s - 1.0, hard_limit_s * 0.8)
        self._label: str | None = None
        self._since = 0.0
        self._stop = threading.Event()
        self._written = False
        self._thread = threading.Thread(target=self._watch, name="freeze-note", daemon=True)
        self._thread.start()

    def begin(self, label: str) -> None:
        """A step called ``label`` starts."""
        self._label, self._since = label, time.perf_counter()

    def end(self) -> None:
        """The step returned."""
        self._label = None

    def stop(self) -> None:
        """End the watching thread."""
        self._stop.set()

    def _watch(self) -> None:
        while not self._stop.wait(0.2):
            label = self._label
            if label is None or self._written:
                continue
            took = time.perf_counter() - self._since
            if took > self._after:
                self._written = True
                m = self._monkey
                freeze = {"where": label, "seconds": round(took, 1),
                          "reproduce": m.reproduce(m.index)}
                print(f"monkey: FROZEN in {label!r} for {took:.0f} s; replay with: "
                      f"{freeze['reproduce']}", file=sys.stderr, flush=True)
                write_report(m.args.report, m.report(freeze))


def write_report(path: str | None, report: dict) -> None:
    """Write ``report`` as JSON to ``path`` (nothing when None), replacing it atomically."""
    if not path:
        return
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, target)


def summary_line(report: dict) -> str:
    """The run in one line: actions, exceptions, freezes, checks, the longest step, RSS."""
    growth = report["rss_growth_mb"]
    longest = report["longest_step"] or {"seconds": 0.0, "where": ""}
    cpu = " of GUI-thread CPU" if report.get("slow_by") == "cpu" else ""
    return (f"monkey summary: seed {report['seed']}, {report['actions_done']} actions in "
            f"{report['seconds']:.0f} s: {report['exceptions']} exceptions, "
            f"{len(report['slow_steps'])} freezes/slow steps (> {report['limit_s']:g} s{cpu}), "
            f"{len(report['failed_checks'])} failed checks; longest step "
            f"{longest['seconds']:.2f} s ({longest['where'][:70]}); RSS "
            f"{report['rss_warmup_mb']} MiB after warm-up ({report['warmup_actions']} actions), "
            f"{report['rss_end_mb']} MiB at the end (medians over {report['window_actions']} "
            f"actions), growth "
            f"{'n/a' if growth is None else f'{growth:+.1f} MiB'} — "
            f"{'OK' if report['ok'] else 'FAILED'}")


def print_details(report: dict) -> None:
    """Print what went wrong, one entry per distinct fault, slow step, failed check, and
    the live objects that grew most when memory grew past the limit."""
    for kind in report.get("exception_kinds", []):
        print(f"  {kind['count']}x {kind['cause'] or kind['type']}\n"
              f"     first in {kind['where'][:120]}\n     replay: {kind['reproduce']}")
    for step in report["slow_steps"]:
        print(f"  slow: {step['seconds']:.2f} s ({step['cpu_s']:.2f} s CPU, load "
              f"{step['load']}) in {step['where'][:140]}")
    for check in report["failed_checks"]:
        print(f"  check failed in {check['where'][:100]}: {check['message'][:200]}")
    limit, growth = report["max_growth_mb"], report["rss_growth_mb"]
    if limit is not None and growth is not None and growth > limit:
        grown = ", ".join(f"{g['type']} +{g['growth']}" for g in report["object_growth"][:6])
        print(f"  memory: RSS grew {growth:.0f} MiB after warm-up (limit {limit:g}); "
              f"live objects that grew most: {grown}")
