"""AttentionJobs: a view's long-context requests computed on a worker and drawn back into it;
older requests dropped, Cancel, progress, errors, and a closed view never called back."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

import app.attention_jobs as attention_jobs
from app.attention_jobs import AttentionJobs, jobs_of
from app.tasks import Cancelled, TaskRunner
from models.attention.large import LargeParams, load_head
from models.attention.model import AttentionModel
from models.attention.request import LargeRequest
from views.attention.large import LargeMode
from views.attention.view import AttentionView

N, D = 48, 8


def _params(seed=1, causal=True, **kw) -> LargeParams:
    return LargeParams(n=N, m=N, h=1, d=D, seed=seed, head=0, causal=causal,
                       temperature=1.0, **kw)


def _request(params, window=None, shown=()) -> LargeRequest:
    # One pixel per cell: the pooled overview is the exact matrix of weights.
    return LargeRequest(params, window, (params.n, params.m), tuple(shown))


def _weights(p: LargeParams) -> np.ndarray:
    """softmax(QKᵀ/√d) of the request's head, in float64 by NumPy alone."""
    q, k = (a.astype(np.float64) for a in load_head(p))
    s = q @ k.T / np.sqrt(p.d) / p.temperature
    if p.causal:
        s[np.arange(p.m)[None, :] > np.arange(p.n)[:, None] + (p.m - p.n)] = -np.inf
    e = np.exp(s - s.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


@pytest.fixture
def lab(qtbot):
    """An Attention view (not shown: it asks for nothing itself), its statuses and a runner."""
    view = AttentionView(AttentionModel())
    qtbot.addWidget(view)
    statuses = []
    view.status.connect(statuses.append)
    runner = TaskRunner()
    yield view, statuses, runner
    runner.shutdown()
    QApplication.processEvents()


@pytest.fixture
def gate(monkeypatch):
    """Work for seed 1 waits for ``gate.set()`` and ignores cancel, like a slow GPU call."""
    event = threading.Event()
    real = attention_jobs.run_jobs

    def gated(jobs, backend, progress, cancel):
        if jobs[0].params.seed == 1:
            assert event.wait(10)
            cancel = None
        return real(jobs, backend, progress, cancel)

    monkeypatch.setattr(attention_jobs, "run_jobs", gated)
    return event


def test_a_request_is_computed_on_the_worker_and_drawn_as_numpy_computes_it(lab, qtbot):
    view, statuses, runner = lab
    jobs = AttentionJobs(view, runner)
    assert jobs_of(view) is jobs
    p = _params()
    view.large.requested.emit(_request(p, window=(8, 24, 4, 40)))
    assert jobs.handle is not None and view.large.controls.cancel.isEnabled()
    qtbot.waitUntil(lambda: jobs.handle is None, timeout=10000)
    w = _weights(p)
    results = view.large.canvas.results
    np.testing.assert_allclose(results["overview"].image, w, atol=1e-6)
    assert results["window"].job.kind == "tile"
    np.testing.assert_allclose(results["window"].image, w[8:24, 4:40], atol=1e-6)
    report = view.large.controls.report.text()
    assert report.startswith("backend: numpy") and f"overview {N}×{N}" in report
    assert "exact window 16×36" in report and statuses[-1] == report
    assert not view.large.controls.cancel.isEnabled()
    assert view.large.controls.progress.value() == view.large.controls.progress.maximum()


def test_without_a_runner_the_request_is_computed_at_once(lab):
    view, statuses, _ = lab
    jobs = AttentionJobs(view)  # headless rendering
    p = _params(causal=False)
    view.large.requested.emit(_request(p))
    assert jobs.handle is None
    np.testing.assert_allclose(view.large.canvas.results["overview"].image, _weights(p),
                               atol=1e-6)
    assert f"overview {N}×{N}" in statuses[-1]


def test_what_is_on_screen_or_being_computed_is_not_computed_again(lab, qtbot, gate):
    view, _, runner = lab
    jobs = AttentionJobs(view, runner)
    p = _params()
    view.large.requested.emit(_request(p))
    first = jobs.handle
    view.large.requested.emit(_request(p))  # the same picture, still on its way
    assert jobs.handle is first and not first.cancelled()
    view.large.requested.emit(_request(p, window=(0, 16, 0, 16)))  # more is needed now
    assert first.cancelled() and jobs.handle is not first
    assert [j.kind for j in jobs._inflight] == ["overview", "tile"]  # none of it is lost
    gate.set()
    qtbot.waitUntil(lambda: jobs.handle is None, timeout=10000)
    shown = [r.job for r in view.large.canvas.results.values()]
    view.large.requested.emit(_request(p, window=(0, 16, 0, 16), shown=shown))
    assert jobs.handle is None  # everything is on screen: nothing to compute


def test_an_overtaken_request_is_dropped_even_when_it_finishes_last(lab, qtbot, gate):
    view, statuses, runner = lab
    jobs = AttentionJobs(view, runner)
    old, new = _params(seed=1), _params(seed=2)
    view.large.requested.emit(_request(old))
    stale = jobs.handle
    qtbot.waitUntil(lambda: stale.state == "running", timeout=5000)
    view.large.requested.emit(_request(new))
    qtbot.waitUntil(lambda: view.large.canvas.results["overview"] is not None, timeout=10000)
    gate.set()  # the old computation now finishes, after the new one
    qtbot.waitUntil(lambda: not stale.running, timeout=10000)
    QApplication.processEvents()
    assert stale.state == "cancelled"
    shown = view.large.canvas.results["overview"]
    assert shown.job.params == new
    np.testing.assert_allclose(shown.image, _weights(new), atol=1e-6)
    assert [s for s in statuses if "overview" in s or "Cancelled" in s] == [statuses[-1]]


class _Handle:
    def __init__(self, fn, on_done, on_error, on_progress):
        self.fn, self.on_done, self.on_error, self.on_progress = fn, on_done, on_error, on_progress
        self.cancels = 0

    def cancel(self):
        self.cancels += 1


class _HeldRunner:
    """Keeps every submission until the test delivers it, in whatever order it likes."""

    def __init__(self):
        self.handles = []

    def submit(self, fn, on_done, on_error=None, on_progress=None, owner=None):
        self.handles.append(_Handle(fn, on_done, on_error, on_progress))
        return self.handles[-1]


def test_a_late_delivery_of_an_overtaken_request_is_ignored(lab):
    view, statuses, _ = lab
    runner = _HeldRunner()
    jobs = AttentionJobs(view, runner)
    old, new = _params(seed=1), _params(seed=2)
    view.large.requested.emit(_request(old))
    view.large.requested.emit(_request(new))
    stale, fresh = runner.handles
    assert stale.cancels == 1 and fresh.cancels == 0 and jobs.handle is fresh
    stale.on_progress(0.5)  # whatever the old work still says is not shown
    assert view.large.controls.progress.value() == 0
    fresh.on_progress(0.25)
    assert view.large.controls.progress.value() == 250
    fresh.on_done(fresh.fn(progress=lambda f: None, cancelled=lambda: False))
    stale.on_done(stale.fn(progress=lambda f: None, cancelled=lambda: False))
    stale.on_error(RuntimeError("late"))
    shown = view.large.canvas.results["overview"]
    assert shown.job.params == new
    np.testing.assert_allclose(shown.image, _weights(new), atol=1e-6)
    assert len(statuses) == 1 and f"overview {N}×{N}" in statuses[0]


def test_closing_the_view_drops_its_work_unheard(lab):
    view, statuses, _ = lab
    runner = _HeldRunner()
    jobs = AttentionJobs(view, runner)
    view.large.requested.emit(_request(_params()))
    view.close()
    (held,) = runner.handles
    assert held.cancels == 1 and jobs.handle is None
    held.on_error(Cancelled("task cancelled"))  # what a runner reports for cancelled work
    held.on_done(held.fn(progress=lambda f: None, cancelled=lambda: False))
    assert statuses == [] and view.large.canvas.results["overview"] is None


def test_cancel_keeps_the_last_picture_and_says_so(lab, qtbot, gate):
    view, statuses, runner = lab
    jobs = AttentionJobs(view, runner)
    done = _params(seed=2)
    view.large.requested.emit(_request(done))
    qtbot.waitUntil(lambda: jobs.handle is None, timeout=10000)
    view.large.requested.emit(_request(_params(seed=1)))
    handle = jobs.handle
    qtbot.waitUntil(lambda: handle.state == "running", timeout=5000)
    view.large.controls.cancel.click()  # the view's Cancel button
    gate.set()
    qtbot.waitUntil(lambda: not handle.running, timeout=10000)
    assert handle.state == "cancelled" and jobs.handle is None
    text = "Cancelled; the picture shows the last finished computation"
    assert view.large.controls.report.text() == text and statuses[-1] == text
    assert not view.large.controls.cancel.isEnabled()
    np.testing.assert_allclose(view.large.canvas.results["overview"].image, _weights(done),
                               atol=1e-6)


def test_progress_rises_to_the_end(lab, qtbot):
    view, _, runner = lab
    jobs = AttentionJobs(view, runner)
    seen = []
    view.large.controls.progress.valueChanged.connect(seen.append)
    big = LargeParams(n=4096, m=4096, h=1, d=8, seed=3, head=0, causal=False,
                      temperature=1.0)
    view.large.requested.emit(LargeRequest(big, None, (256, 256)))
    qtbot.waitUntil(lambda: jobs.handle is None, timeout=30000)
    steps = [v for v in seen if 0 < v < 1000]
    assert len(steps) >= 3 and steps == sorted(steps)  # 16 chunks of rows, in order
    assert seen[-1] == 1000


def test_a_failure_is_reported_with_its_message(lab, qtbot, tmp_path):
    view, statuses, runner = lab
    jobs = AttentionJobs(view, runner)
    q = np.ones((N, D), np.float32)
    q[3, 2] = np.nan
    np.save(tmp_path / "q.npy", q)
    view.large.requested.emit(_request(_params(q_path=str(tmp_path / "q.npy"))))
    qtbot.waitUntil(lambda: jobs.handle is None, timeout=10000)
    text = "Could not compute attention: Q q.npy contains NaN or infinite values"
    assert view.large.controls.report.text() == text and statuses[-1] == text
    assert view.large.canvas.results["overview"] is None
    assert not view.large.controls.cancel.isEnabled()


def test_a_closed_view_is_never_called_back(lab, qtbot, gate, monkeypatch, capfd):
    _, _, runner = lab
    view = AttentionView(AttentionModel())  # deleted below, so not left to qtbot
    calls = []
    for name in ("show_busy", "show_progress", "show_results", "show_report"):
        monkeypatch.setattr(LargeMode, name, lambda self, *a, _n=name: calls.append(_n))
    jobs = AttentionJobs(view, runner)
    view.large.requested.emit(_request(_params()))
    handle = jobs.handle
    qtbot.waitUntil(lambda: handle.state == "running", timeout=5000)
    calls.clear()
    view.close()  # closing stops the work unheard...
    assert handle.cancelled() and jobs.handle is None
    view.deleteLater()  # ...and deleting the view drops every callback
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gate.set()
    qtbot.waitUntil(lambda: runner.active == 0, timeout=10000)
    QApplication.processEvents()
    assert handle.state == "cancelled" and calls == []
    assert "Traceback" not in capfd.readouterr().err
