"""Edit-to-paint latency of the Plane lab: how long from a new matrix to pixels on screen.

The quality bar is one frame (16.7 ms) on a 2-core laptop with every overlay on. This
measures it the way a person meets it: a full PlaneView laid out at 1200×800, a new
matrix set through the model, and the clock stopped when the canvas has finished its
next paint (Qt's own event loop schedules that paint, exactly as in the window).

Absolute times do not travel between machines, so the same run also times a bare
repaint of the same canvas at the same size (nothing changed, the whole viewport
painted again) and reports edit→paint as a ratio to it: the ratio says how much the
update work adds to the paint that any frame costs anyway.
"""

from __future__ import annotations

import math
import os
import statistics
import time

import numpy as np

__all__ = ["measure_plane_latency", "MATRICES"]

#: Edits cycle through these: every eigen case, a flip, a collapse and a near-collapse.
MATRICES = (
    [[2.0, 1.0], [1.0, 2.0]],  # distinct, symmetric
    [[1.0, 1.0], [0.0, 1.0]],  # defective shear
    [[0.96, -0.72], [0.72, 0.96]],  # complex: rotation and scale
    [[1.0, 2.0], [2.0, 4.0]],  # singular
    [[0.0, 1.0], [1.0, 0.0]],  # reflection, det < 0
    [[2.0, 0.0], [0.0, 2.0]],  # repeated, every direction
    [[1.5, -0.3], [0.7, 0.9]],  # general
    [[1.0, -1.0], [0.2, -0.25]],  # nearly singular, dense transformed grid
)


def _percentile(values, q: float) -> float:
    return float(np.percentile(np.asarray(values, dtype=float), q))


def _ratio(a: float, b: float) -> float:
    """``a / b``, NaN when ``b`` is not positive (a paint too quick for the clock)."""
    return a / b if b > 0 else math.nan


def _limit_cpus(n: int):
    """Pin the process to ``n`` CPUs where the OS allows it; returns the old set (or None)."""
    if not hasattr(os, "sched_getaffinity"):
        return None
    old = os.sched_getaffinity(0)
    if len(old) > n:
        os.sched_setaffinity(0, sorted(old)[:n])
    return old


def measure_plane_latency(edits: int = 200, size: tuple[int, int] = (1200, 800),
                          cpus: int | None = 2, timeout_s: float = 2.0) -> dict:
    """Time ``edits`` matrix edits from ``model.update`` to the end of the canvas's paint,
    and as many bare repaints of the same canvas, interleaved with them.

    Parameters
    ----------
    edits : int
        Number of timed edits (after a few untimed warm-up edits), and of bare repaints.
    size : (int, int)
        Size of the PlaneView in pixels.
    cpus : int or None
        Pin the process to this many CPUs while measuring (the target is a 2-core
        laptop); None leaves the affinity alone.
    timeout_s : float
        Longest wait for one paint.

    Returns
    -------
    dict
        ``median_ms``, ``p95_ms``, ``max_ms``, ``edits`` (wall clock); ``cpu_median_ms``
        and ``cpu_p95_ms`` (CPU time of the GUI thread over the same span: what the
        figures would be on an idle machine, robust to other processes sharing the
        CPUs); ``update_median_ms`` (the model and every view updating, synchronously)
        and ``paint_median_ms`` (the rest, until the paint finished); each timed action
        starts after the work the one before it queued has run;
        ``repaint_median_ms``, ``repaint_p95_ms``, ``repaint_cpu_median_ms`` and
        ``repaint_cpu_p95_ms`` (a bare repaint: the whole viewport painted again with
        nothing changed, timed the same way); ``p95_ratio`` and ``median_ratio``
        (edit→paint over bare repaint, wall clock) and ``cpu_p95_ratio`` (the same from
        CPU times); ``size``, ``platform`` and ``cpus``.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from models.plane.model import PlaneModel
    from views.plane.view import PlaneView

    app = QApplication.instance() or QApplication(["linscope-bench"])
    old_cpus = _limit_cpus(cpus) if cpus else None
    model = PlaneModel()
    view = PlaneView(model)  # every toggle defaults to on: all overlays drawn
    view.resize(*size)
    view.show()
    canvas = view.canvas()
    painted_at: list[tuple[float, float]] = []
    canvas.painted.connect(lambda: painted_at.append((time.perf_counter(),
                                                      time.thread_time())))

    def timed(action) -> tuple[float, float, float]:
        """Run ``action`` and wait for the next paint: (action, until painted, CPU) in s."""
        # First let the previous action's queued work run (the inspector updates just after
        # a paint): it belongs to that action, and would otherwise land in this one's time.
        for _ in range(2):
            app.processEvents()
        painted_at.clear()
        t0, c0 = time.perf_counter(), time.thread_time()
        action()
        t1 = time.perf_counter()
        deadline = t0 + timeout_s
        while not painted_at and time.perf_counter() < deadline:
            app.processEvents()
        if not painted_at:  # no paint scheduled (e.g. no backing store): force one
            canvas.viewport().repaint()
        end, cpu_end = painted_at[0] if painted_at else (time.perf_counter(), time.thread_time())
        return t1 - t0, end - t0, cpu_end - c0

    def one_edit(k: int) -> tuple[float, float, float]:
        return timed(lambda: model.update(matrix=MATRICES[k % len(MATRICES)],
                                          x=[0.8, 0.6 - 0.001 * (k % 7)]))

    def bare_repaint() -> tuple[float, float, float]:
        # The whole viewport, as an edit that moves the view range repaints it; update()
        # (not repaint()) so that Qt's event loop schedules it exactly as it does an edit's.
        return timed(canvas.viewport().update)

    try:
        for _ in range(5):
            app.processEvents()
        for k in range(len(MATRICES)):  # warm-up: first paints build caches and fonts
            one_edit(k)
            bare_repaint()
        updates, totals, cpu, bare, bare_cpu = [], [], [], [], []
        for k in range(edits):
            # Interleaved, so that both see the same load from whatever else is running.
            u, t, c = one_edit(k)
            updates.append(u * 1e3)
            totals.append(t * 1e3)
            cpu.append(c * 1e3)
            _, t, c = bare_repaint()
            bare.append(t * 1e3)
            bare_cpu.append(c * 1e3)
    finally:
        view.close()
        view.deleteLater()
        app.processEvents()
        if old_cpus is not None:
            os.sched_setaffinity(0, old_cpus)
    p95, bare_p95 = _percentile(totals, 95), _percentile(bare, 95)
    median, bare_median = statistics.median(totals), statistics.median(bare)
    cpu_p95, bare_cpu_p95 = _percentile(cpu, 95), _percentile(bare_cpu, 95)
    return {
        "median_ms": median,
        "p95_ms": p95,
        "max_ms": max(totals),
        "edits": edits,
        "cpu_median_ms": statistics.median(cpu),
        "cpu_p95_ms": cpu_p95,
        "update_median_ms": statistics.median(updates),
        "paint_median_ms": statistics.median(t - u for t, u in zip(totals, updates,
                                                                      strict=True)),
        "repaint_median_ms": bare_median,
        "repaint_p95_ms": bare_p95,
        "repaint_cpu_median_ms": statistics.median(bare_cpu),
        "repaint_cpu_p95_ms": bare_cpu_p95,
        "p95_ratio": _ratio(p95, bare_p95),
        "median_ratio": _ratio(median, bare_median),
        "cpu_p95_ratio": _ratio(cpu_p95, bare_cpu_p95),
        "size": list(size),
        "platform": QGuiApplication.platformName(),
        "cpus": len(os.sched_getaffinity(0)) if cpus is None or not hasattr(
            os, "sched_getaffinity") else min(cpus, os.cpu_count() or cpus),
    }
