"""The layout sweep: render every preset of every lab in the real window at many window
sizes, side by side on and off, with extreme values, and fail when any event-loop step
takes longer than a second or never returns (a layout feedback loop freezes the GUI).

Run it as its own process, offscreen::

    python -m tests.harness.layout_sweep           # every preset, every size (make soak)
    python -m tests.harness.layout_sweep --quick   # the sample the test suite runs

It prints one line per slow step and a summary, and exits 0 when every step was quick, 1
when some step was slow or raised, and :data:`~tests.harness.watchdog.FREEZE_EXIT` (with
the stacks) when a step never returned.

A step is judged by the time the GUI thread itself spent in it (its CPU time), so the
limit holds on a machine busy with other work; ``--clock wall`` judges wall-clock time
instead (an idle machine). A freeze is always caught by the wall clock: a step still
running after ``--hard-limit`` seconds ends the process.
"""

from __future__ import annotations

import argparse
import faulthandler
import os
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field

from tests.harness.watchdog import FREEZE_EXIT, Watchdog

__all__ = ["Case", "EXTREMES", "SIZES", "QUICK_SIZES", "full_plan", "quick_plan", "main",
           "run_plan"]

#: Window sizes of the full sweep: common screens, odd sizes and the ones that froze.
SIZES: tuple[tuple[int, int], ...] = (
    (600, 400), (601, 401), (800, 600), (1024, 768), (1280, 720), (1366, 768), (1400, 900),
    (1401, 899), (1600, 900), (1818, 864), (1920, 1080), (2048, 1151), (2559, 1439),
    (2560, 1440),
)
#: The sizes of the quick sample (odd ones first: they are where layouts break).
QUICK_SIZES: tuple[tuple[int, int], ...] = ((601, 401), (1401, 899), (1818, 864), (2559, 1439))

_LONG_TOKEN = "supercalifragilisticexpialidocious"

#: Per lab: edits with extreme values, as ``(label, changes)`` intents of the lab's view.
EXTREMES: dict[str, tuple[tuple[str, dict], ...]] = {
    "plane": (
        ("A huge", {"texts": ["1e8", "1", "1", "1e8"]}),
        ("A tiny", {"texts": ["1e-5", "0", "0", "1e-5"]}),
        ("x at the largest size", {"x": [-1e6, 1e6]}),
        ("x near the float limit (refused)", {"x": [-1e308, 2.0**64]}),
        ("A badly scaled", {"texts": ["1", "1000", "1e-4", "1"]}),
        ("A near-singular", {"texts": ["1", "1", "1", "1.00000001"]}),
        ("A mixed 1e5", {"texts": ["1e5", "0", "0", "1e-5"]}),
    ),
    "projection": (
        ("b2 = 1e5", {"entry": ("b", 1, "1e5")}),
        ("a tiny", {"a_texts": ["1e-5", "0"]}),
        ("a huge", {"a_texts": ["1e8", "1"]}),
        ("b tiny", {"b_texts": ["1e-5", "1e-5"]}),
        ("nearly parallel", {"a_texts": ["1", "1e-8"], "b_texts": ["1e5", "0"]}),
        ("b near the float limit", {"b": [1e300, -1e300]}),
    ),
    "product": (
        ("a11 = 1e8", {"a_entry": (0, 0, "1e8")}),
        ("b11 = 1e-5", {"b_entry": (0, 0, "1e-5")}),
        ("a12 long", {"a_entry": (0, 1, "-123456.789")}),
        ("b12 huge", {"b_entry": (0, 1, "-1e8")}),
    ),
    "space": (
        ("a11 = 1e5", {"entry": (0, 0, "1e5")}),
        ("a22 = 1e-5", {"entry": (1, 1, "1e-5")}),
        ("a12 = 1e8", {"entry": (0, 1, "1e8")}),
        ("x huge", {"x_entry": (0, "1e5")}),
    ),
    "attention": (
        ("sentence a xxxxxxxxxxx b c d e f", {"sentence": "a xxxxxxxxxxx b c d e f"}),
        ("long token", {"sentence": f"the {_LONG_TOKEN} cat sat"}),
        ("many tokens", {"sentence": " ".join(f"w{k}" for k in range(64))}),
        ("logits huge", {"logits_text": "1e5, -1e5, 0"}),
        ("logits tiny", {"logits_text": "1e-5, 2e-5, 0"}),
    ),
    "embeddings": (
        ("64 similarity words", {"similarity_words": " ".join(
            "the of and to in a is that for it as was with be by on not he i this are or "
            "his from at which but have an they you were her she there had been one all "
            "we their has would when if can so no more who what out its up about into "
            "them some than".split()[:64])}),
        ("long query", {"query": " + ".join(["king"] * 20) + " - 19*queen"}),
        ("stretch 100", {"source": "stretched", "stretch": 100.0, "angle_deg": -360.0}),
        ("clusters in 100-D", {"source": "clusters", "clusters": 10, "dim": 100,
                               "spread": 10.0}),
        ("plane noise 5", {"source": "plane", "noise": 5.0}),
        ("k 100, kept query", {"source": "glove", "selected": "cat", "k": 100,
                               "keep_query": True}),
    ),
}
EXTREMES["svd"] = EXTREMES["norms"] = EXTREMES["plane"]


@dataclass(frozen=True)
class Case:
    """One preset, side by side or not, rendered at ``sizes``; then at each of ``values`` of
    its parameter (its slider's ends); then with each of ``extremes`` applied in turn, each
    at every size of ``extreme_sizes``."""

    preset: str
    split: bool
    sizes: tuple[tuple[int, int], ...]
    extremes: tuple[tuple[str, dict], ...] = ()
    extreme_sizes: tuple[tuple[int, int], ...] = field(default=())
    values: tuple[float, ...] = ()


def full_plan() -> list[Case]:
    """Every preset of every lab, alone and side by side, at every size of :data:`SIZES`,
    then with every extreme value of its lab at every size."""
    from models.core.presets import load_presets

    plan = []
    for preset in load_presets():
        ends = () if preset.param is None else (preset.param.min, preset.param.max)
        for split in (False, True):
            plan.append(Case(preset.name, split, SIZES, EXTREMES.get(preset.lab, ()), SIZES,
                             ends))
    return plan


def quick_plan() -> list[Case]:
    """A sample for the test suite (well under a minute on two cores): the two reported
    freezes exactly as reported, then a preset of every lab at a few odd sizes with some
    extreme values, side by side on and off."""
    projection_freeze = Case("projection-course-example", True, ((1400, 900),),
                             (EXTREMES["projection"][0],), ((1400, 900), (1401, 899)))
    attention_freeze = Case("attention-geometry", False, ((1818, 864),),
                            (EXTREMES["attention"][0],), ((1818, 864), (1401, 899)))
    sample = [projection_freeze, attention_freeze,
              Case("shear", False, QUICK_SIZES[:1], values=(-2.0, 2.0))]
    for preset, split in (("shear", True), ("svd-shear", True), ("norms-stretch", False),
                          ("projection-obtuse", False), ("product-2x2", True),
                          ("space-shear", False), ("attention-small", True),
                          ("singular", False), ("svd-nearly-rank-one", False),
                          ("norms-unit-balls", True), ("projection-right-angle", True),
                          ("product-mismatch", False), ("space-3x2-plane", True),
                          ("attention-geometry", True), ("defective", True),
                          ("svd-singular", False), ("norms-p-half", True),
                          ("projection-angle-sweep", False), ("product-layer", True),
                          ("space-2x3-press", False), ("space-least-squares", True),
                          ("attention-causal", False), ("attention-temperature", True),
                          ("embeddings-similarity", True)):
        extremes = EXTREMES[_lab_of(preset)]
        sample.append(Case(preset, split, QUICK_SIZES, extremes[:3], QUICK_SIZES))
    sample.append(Case("attention-large-4096", False, QUICK_SIZES[1:3]))
    return sample


def _lab_of(preset_name: str) -> str:
    from models.core.presets import load_presets

    return next(p.lab for p in load_presets() if p.name == preset_name)


class _Sweep:
    """Drives one window through a plan, every step under the watchdog."""

    def __init__(self, app, window, watchdog: Watchdog, limit_s: float, clock: str,
                 verbose: bool) -> None:
        self.app, self.window, self.wd, self.verbose = app, window, watchdog, verbose
        self.limit_s, self.clock = limit_s, clock
        self.steps = 0
        self.slow: list[tuple[str, float, float]] = []  # (label, wall s, GUI-thread CPU s)
        self.longest: tuple[str, float, float] = ("", 0.0, 0.0)
        self.errors: list[tuple[str, str]] = []
        self._label = ""

    def step(self, label: str, action) -> None:
        """Run ``action`` and let Qt lay out and paint what it changed, as one timed step."""
        self._label = label
        wall, cpu = time.perf_counter(), time.thread_time()
        with self.wd.step(label):
            action()
            for _ in range(4):  # layout requests post further events: drain a few rounds
                self.app.processEvents()
        wall, cpu = time.perf_counter() - wall, time.thread_time() - cpu
        self.steps += 1
        judged = cpu if self.clock == "cpu" else wall
        if judged > self.limit_s:
            self.slow.append((label, wall, cpu))
        if judged > (self.longest[2] if self.clock == "cpu" else self.longest[1]):
            self.longest = (label, wall, cpu)
        if self.verbose:
            print(f"{wall:7.3f} s {cpu:7.3f} s  {label}", flush=True)

    def excepthook(self, kind, value, tb) -> None:
        """Record an exception raised inside a Qt slot (and print it, as Qt would)."""
        self.errors.append((self._label, f"{kind.__name__}: {value}"))
        traceback.print_exception(kind, value, tb)

    def run_case(self, case: Case) -> None:
        w = self.window
        name = f"{case.preset}{' | split' if case.split else ''}"
        self.step(f"{name}: apply", lambda: w.apply_preset(case.preset))
        if case.split:
            self.step(f"{name}: side by side", w.toggle_split)
        for size in case.sizes:
            self.step(f"{name} @ {size[0]}x{size[1]}", lambda s=size: w.resize(*s))
        for value in case.values:
            self.step(f"{name}: parameter {value:g}",
                      lambda v=value: w.apply_preset(case.preset, v))
        for label, changes in case.extremes:
            self.step(f"{name}: {label}", lambda c=changes, t=label: w.view.intent.emit(
                t, dict(c), None))
            for size in case.extreme_sizes:
                self.step(f"{name}: {label} @ {size[0]}x{size[1]}",
                          lambda s=size: w.resize(*s))
        if case.split and w.secondary is not None:
            self.step(f"{name}: side by side off", w.toggle_split)


def run_plan(plan: list[Case], limit_s: float = 1.0, hard_limit_s: float = 20.0,
             clock: str = "cpu", verbose: bool = False) -> int:
    """Run ``plan`` in a fresh window and print the report; returns the exit status."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("LINSCOPE_BACKEND", "numpy")
    os.environ.setdefault("LINSCOPE_NO_SETTINGS", "1")
    os.environ.setdefault("LINSCOPE_DATA_DIR", tempfile.mkdtemp(prefix="linscope-sweep-"))
    from PySide6.QtWidgets import QApplication

    from app.main_window import MainWindow
    from views.common.style import configure_pyqtgraph

    faulthandler.enable()  # a crash inside Qt prints the Python stacks too
    app = QApplication.instance() or QApplication(["layout-sweep"])
    configure_pyqtgraph()
    wd = Watchdog(limit_s=limit_s, hard_limit_s=hard_limit_s)
    window = MainWindow(interactive=False)
    sweep = _Sweep(app, window, wd, limit_s, clock, verbose)
    sys.excepthook = sweep.excepthook
    started = time.perf_counter()
    sweep.step("start", lambda: (window.resize(*SIZES[0]), window.show()))
    for case in plan:
        sweep.run_case(case)
    sweep.step("close", window.close)
    wd.stop()
    took = time.perf_counter() - started
    label, wall, cpu = sweep.longest
    print(f"layout sweep: {len(plan)} cases, {sweep.steps} steps in {took:.1f} s; longest "
          f"step {wall:.3f} s wall, {cpu:.3f} s GUI thread ({label}); limit {limit_s:g} s "
          f"of {'GUI-thread' if clock == 'cpu' else 'wall'} time")
    for label, secs in wd.slow:
        print(f"wall time over the limit: {secs:.3f} s: {label}")
    for label, wall, cpu in sweep.slow:
        print(f"SLOW {wall:.3f} s wall, {cpu:.3f} s GUI thread: {label}")
    for label, message in sweep.errors:
        print(f"ERROR in {label}: {message}")
    return 1 if sweep.slow or sweep.errors else 0


def main(argv: list[str] | None = None) -> int:
    """The command line: ``[--quick] [--limit S] [--hard-limit S] [--clock cpu|wall]
    [--preset NAME] [-v]``."""
    parser = argparse.ArgumentParser(prog="python -m tests.harness.layout_sweep",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="the test suite's sample only")
    parser.add_argument("--limit", type=float, default=1.0,
                        help="seconds a step may take (default 1)")
    parser.add_argument("--hard-limit", type=float, default=20.0,
                        help=f"wall-clock seconds after which a step counts as frozen: the "
                             f"process exits with status {FREEZE_EXIT} (default 20)")
    parser.add_argument("--clock", choices=("cpu", "wall"), default="cpu",
                        help="judge steps by the GUI thread's CPU time (default) or by "
                             "wall-clock time")
    parser.add_argument("--preset", action="append", default=[],
                        help="sweep only this preset (repeatable)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every step")
    args = parser.parse_args(argv)
    plan = quick_plan() if args.quick else full_plan()
    if args.preset:
        plan = [c for c in plan if c.preset in args.preset]
    return run_plan(plan, args.limit, args.hard_limit, args.clock, args.verbose)


if __name__ == "__main__":
    sys.exit(main())
