"""TaskRunner: work on a worker thread, progress/result/error back on the GUI thread, cancel."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication

from app.tasks import Cancelled, TaskRunner
from models.attention.kernels import attention_overview


@pytest.fixture
def runner(qapp):
    r = TaskRunner()
    yield r
    r.shutdown()
    QApplication.processEvents()


def _gui_thread():
    return QApplication.instance().thread()


def test_result_and_progress_arrive_on_gui_thread(qtbot, runner):
    seen = {"threads": set(), "progress": [], "worker": None}

    def work(progress, cancelled):
        seen["worker"] = QThread.currentThread()
        for i in range(5):
            progress((i + 1) / 5)
            time.sleep(0.01)
        return 42

    def done(value):
        seen["threads"].add(QThread.currentThread())
        seen["value"] = value

    def prog(f):
        seen["threads"].add(QThread.currentThread())
        seen["progress"].append(f)

    handle = runner.submit(work, done, on_progress=prog)
    qtbot.waitUntil(lambda: not handle.running, timeout=5000)
    assert seen["value"] == 42
    assert seen["threads"] == {_gui_thread()}
    assert seen["worker"] is not _gui_thread()
    assert seen["progress"] and seen["progress"][-1] == 1.0
    assert seen["progress"] == sorted(seen["progress"])
    assert handle.state == "done"


def test_error_is_delivered(qtbot, runner):
    errors = []

    def work(progress, cancelled):
        raise ValueError("bad input")

    handle = runner.submit(work, lambda v: pytest.fail("no result expected"),
                           on_error=errors.append)
    qtbot.waitUntil(lambda: not handle.running, timeout=5000)
    assert handle.state == "failed"
    assert isinstance(errors[0], ValueError) and str(errors[0]) == "bad input"


def test_cancel_stops_a_real_overview_and_delivers_no_result(qtbot, runner):
    rng = np.random.default_rng(0)
    q = rng.standard_normal((8192, 32), dtype=np.float32)
    k = rng.standard_normal((8192, 32), dtype=np.float32)
    started = threading.Event()
    results, errors = [], []

    def work(progress, cancelled):
        def slow(f):
            started.set()
            time.sleep(0.05)  # slowed, so the test can act while it runs
            progress(f)

        return attention_overview(q, k, causal=True, shape=(256, 256), chunk_rows=128,
                                  progress=slow, cancel=cancelled)

    handle = runner.submit(work, results.append, on_error=errors.append)
    assert started.wait(5)
    # The GUI thread stays free: events are processed while the worker runs.
    ticks = []
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < 0.2:
        QApplication.processEvents()
        ticks.append(time.perf_counter())
    assert len(ticks) > 10 and handle.running
    handle.cancel()
    qtbot.waitUntil(lambda: not handle.running, timeout=5000)
    assert handle.state == "cancelled"
    assert results == []
    assert len(errors) == 1 and isinstance(errors[0], Cancelled)
    assert runner.wait(5000)


def test_result_after_cancel_is_dropped(qtbot, runner):
    gate = threading.Event()
    results, errors = [], []

    def work(progress, cancelled):
        gate.wait(5)
        return "late"  # ignores cancelled(): the runner must still drop it

    handle = runner.submit(work, results.append, on_error=errors.append)
    handle.cancel()
    gate.set()
    qtbot.waitUntil(lambda: not handle.running, timeout=5000)
    assert results == [] and isinstance(errors[0], Cancelled)
    assert runner.active == 0


def test_shutdown_waits_for_workers(qtbot, qapp):
    runner = TaskRunner(max_threads=1)
    handles = [runner.submit(lambda progress, cancelled: time.sleep(0.05), lambda v: None,
                             on_error=lambda e: None) for _ in range(3)]
    assert runner.shutdown(5000)
    qtbot.waitUntil(lambda: all(not h.running for h in handles), timeout=5000)
    assert runner.pool.activeThreadCount() == 0


def test_garbage_collection_pauses_only_while_work_runs(qtbot, runner):
    import gc

    assert gc.isenabled()
    release = threading.Event()
    seen = {}

    def work(progress, cancelled):
        seen["enabled_during"] = gc.isenabled()
        release.wait(5)
        return 1

    done = []
    runner.submit(work, done.append)
    qtbot.waitUntil(lambda: "enabled_during" in seen, timeout=3000)
    assert seen["enabled_during"] is False  # no collection can start on the worker
    release.set()
    qtbot.waitUntil(lambda: done == [1], timeout=3000)
    assert gc.isenabled()


def test_shutdown_with_work_in_flight_gives_the_collector_back(runner):
    import gc

    stop = threading.Event()
    runner.submit(lambda progress, cancelled: stop.wait(0.2), lambda _v: None)
    assert not gc.isenabled()
    runner.shutdown()
    assert gc.isenabled()
    QApplication.processEvents()  # the late result is dropped: its task was given up


def test_a_runner_dropped_right_after_shutdown_does_not_crash(qapp):
    import gc

    r = TaskRunner()
    stop = threading.Event()
    r.submit(lambda progress, cancelled: stop.wait(0.2), lambda _v: None)
    r.shutdown()
    del r
    gc.collect()
    QApplication.processEvents()
    assert gc.isenabled()


def test_work_of_a_destroyed_owner_is_cancelled_and_never_delivered(qtbot, runner):
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QProgressBar

    owner = QProgressBar()  # stands for a view whose widgets the callbacks would touch
    release = threading.Event()
    calls = []

    def work(progress, cancelled):
        release.wait(5)
        progress(0.9)  # the worker does not look at cancelled(): delivery must still stop
        return "late"

    def touch(value):
        calls.append(value)
        owner.setValue(50)  # raises once the widget is deleted

    handle = runner.submit(work, touch, on_error=touch, on_progress=touch, owner=owner)
    qtbot.waitUntil(lambda: handle.state == "running", timeout=5000)
    owner.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert handle.cancelled()
    release.set()
    qtbot.waitUntil(lambda: not handle.running, timeout=5000)
    assert handle.state == "cancelled" and calls == []
    assert runner.active == 0
