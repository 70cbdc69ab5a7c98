"""Background tasks: heavy work runs on a worker thread; its results come back on the GUI thread.

A view hands :meth:`TaskRunner.submit` a plain function. The function runs on a
``QThreadPool`` worker and receives two keyword arguments: ``progress(fraction)`` to
report how far it got and ``cancelled()`` to poll whether the person gave up. Its
progress, result or error are delivered to the callbacks on the GUI thread through
queued signals, so callbacks may touch widgets freely. A cancelled task never
delivers a result: its ``on_error`` receives :class:`~models.attention.common.Cancelled`.
A task submitted with an ``owner`` (the view it draws into) is cancelled when the owner is
destroyed, and then none of its callbacks is called at all: they would reach deleted
widgets.
"""

from __future__ import annotations

import gc
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
    Slot,
)

import views.common.style  # noqa: F401 - its import guards against the PySide6 6.12 refcount leak
from models.attention.common import Cancelled

__all__ = ["Cancelled", "TaskHandle", "TaskRunner"]

_PROGRESS_STEP = 0.005  # report at most every half percent…
_PROGRESS_GAP_S = 0.03  # …or every 30 ms, so a fast loop cannot flood the event queue


class TaskHandle(QObject):
    """One submitted task, owned by the GUI thread.

    Signals
    -------
    progressed(float)
        Fraction done, on the GUI thread.
    finished(str)
        ``"done"``, ``"failed"`` or ``"cancelled"``, after the callbacks ran.
    """

    progressed = Signal(float)
    finished = Signal(str)
    # Emitted on the worker, received on the GUI thread (queued connections).
    _relay_progress = Signal(float)
    _relay_result = Signal(bool, object)

    def __init__(self, on_done, on_error, on_progress, parent: QObject | None = None):
        super().__init__(parent)
        self._on_done, self._on_error, self._on_progress = on_done, on_error, on_progress
        self._cancel = threading.Event()
        self._last = (-1.0, 0.0)
        self.state = "pending"
        self.error: BaseException | None = None
        self._abandoned = False
        queued = Qt.ConnectionType.QueuedConnection
        self._relay_progress.connect(self._deliver_progress, queued)
        self._relay_result.connect(self._deliver_result, queued)

    # -- used by the owner (GUI thread) ------------------------------------------------------
    def cancel(self) -> None:
        """Ask the task to stop; its result, if any, will not be delivered."""
        self._cancel.set()

    @Slot()
    def abandon(self) -> None:
        """Cancel and drop every callback: whoever would receive them is gone."""
        self._cancel.set()
        self._on_done = self._on_error = self._on_progress = None
        self._abandoned = True

    @property
    def running(self) -> bool:
        """True until the outcome has been delivered."""
        return self.state in ("pending", "running")

    # -- used by the worker ------------------------------------------------------------------
    def cancelled(self) -> bool:
        """Whether :meth:`cancel` was called (safe from any thread)."""
        return self._cancel.is_set()

    def report(self, fraction: float) -> None:
        """Report progress from the worker; rate-limited."""
        if self._cancel.is_set():
            return
        f = min(1.0, max(0.0, float(fraction)))
        now = time.monotonic()
        last_f, last_t = self._last
        if f >= 1.0 or f - last_f >= _PROGRESS_STEP or now - last_t >= _PROGRESS_GAP_S:
            self._last = (f, now)
            try:
                self._relay_progress.emit(f)
            except RuntimeError:  # the handle went with its view: stop the work
                self._cancel.set()

    # -- delivery (GUI thread) ---------------------------------------------------------------
    @Slot(float)
    def _deliver_progress(self, fraction: float) -> None:
        if self.running and not self._cancel.is_set():
            self.progressed.emit(fraction)
            if self._on_progress is not None:
                self._on_progress(fraction)

    @Slot(bool, object)
    def _deliver_result(self, ok: bool, payload: Any) -> None:
        if self._cancel.is_set() or isinstance(payload, Cancelled):
            self.state = "cancelled"
            self.error = payload if isinstance(payload, Cancelled) else Cancelled(
                "task cancelled")
        elif ok:
            self.state = "done"
        else:
            self.state = "failed"
            self.error = payload
        try:
            if self._abandoned:
                pass  # its owner is gone: nobody to tell
            elif self.state == "done":
                self._on_done(payload)
            elif self._on_error is not None:
                self._on_error(self.error)
            elif self.state == "failed":
                sys.excepthook(type(self.error), self.error, self.error.__traceback__)
        finally:
            self.finished.emit(self.state)


class _GuiThreadCollection:
    """Keep Python's cyclic garbage collector on the GUI thread while workers run.

    A collection runs in whichever thread happens to allocate. If it started on a worker
    and freed a cycle holding a Qt widget, the widget would be destroyed off the GUI
    thread, corrupting Qt's bookkeeping. So automatic collection is paused from the first
    submitted task until the last one is delivered; meanwhile a GUI-thread timer collects
    every few seconds, so a long computation does not let garbage pile up.
    """

    _PERIOD_MS = 3000

    def __init__(self) -> None:
        self._running = 0
        self._paused = False
        self._timer = None

    def enter(self) -> None:
        if self._running == 0 and gc.isenabled():
            gc.disable()
            self._paused = True
            if self._timer is None:
                self._timer = QTimer()
                self._timer.setInterval(self._PERIOD_MS)
                self._timer.timeout.connect(gc.collect)
            self._timer.start()
        self._running += 1

    def leave(self) -> None:
        self._running = max(0, self._running - 1)
        if self._running == 0 and self._paused:
            self._paused = False
            self._timer.stop()
            gc.enable()
            gc.collect()


_COLLECTION = _GuiThreadCollection()


class _Worker(QRunnable):
    def __init__(self, fn: Callable[..., Any], handle: TaskHandle) -> None:
        super().__init__()
        self._fn, self._handle = fn, handle

    def run(self) -> None:
        h = self._handle
        h.state = "running"
        try:
            result = self._fn(progress=h.report, cancelled=h.cancelled)
        except BaseException as exc:  # everything goes back to the GUI thread
            outcome = (False, exc)
        else:
            outcome = (True, result)
        try:
            h._relay_result.emit(*outcome)
        except RuntimeError:
            # The handle was deleted with the view that asked (closed, or rebuilt for
            # presenting) after its work was cancelled: nobody waits for this result.
            pass


class TaskRunner(QObject):
    """Runs functions on worker threads and reports back on the GUI thread.

    Parameters
    ----------
    parent : QObject, optional
    max_threads : int
        Workers running at once; more submissions wait their turn.
    """

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self._active: set[TaskHandle] = set()

    def submit(self, fn: Callable[..., Any], on_done: Callable[[Any], Any],
               on_error: Callable[[BaseException], Any] | None = None,
               on_progress: Callable[[float], Any] | None = None,
               owner: QObject | None = None) -> TaskHandle:
        """Run ``fn(progress=..., cancelled=...)`` on a worker.

        Parameters
        ----------
        fn : callable
            Called with keyword arguments ``progress(fraction)`` and ``cancelled() -> bool``.
        on_done : callable
            Receives the return value, on the GUI thread (never after a cancel).
        on_error : callable, optional
            Receives the exception (``Cancelled`` after a cancel); without it a failure
            goes to ``sys.excepthook``.
        on_progress : callable, optional
            Receives fractions in [0, 1], on the GUI thread.
        owner : QObject, optional
            What the callbacks draw into (a view, or an object that lives and dies with
            it). Its destruction cancels the task and drops every callback unheard.

        Returns
        -------
        TaskHandle
            ``cancel()`` stops delivery and lets ``fn`` stop at its next check.
        """
        # No Qt parent: the runner must never delete a handle directly while a queued
        # relay from its worker may still be on its way (deleteLater after delivery).
        handle = TaskHandle(on_done, on_error, on_progress)
        _COLLECTION.enter()
        self._active.add(handle)
        handle.finished.connect(lambda _state, h=handle: self._forget(h))
        if owner is not None:
            # The connection ends with the handle, so a later owner's death is harmless.
            owner.destroyed.connect(handle.abandon)
        self.pool.start(_Worker(fn, handle))
        return handle

    def _forget(self, handle: TaskHandle) -> None:
        if handle in self._active:
            self._active.discard(handle)
            _COLLECTION.leave()
        handle.deleteLater()

    @property
    def active(self) -> int:
        """Tasks submitted whose outcome has not been delivered yet."""
        return len(self._active)

    def cancel_all(self) -> None:
        """Cancel every task not yet delivered."""
        for h in list(self._active):
            h.cancel()

    def wait(self, msecs: int = -1) -> bool:
        """Block until the workers are idle (tests, shutdown); False on timeout."""
        return self.pool.waitForDone(msecs)

    def shutdown(self, msecs: int = 10000) -> bool:
        """Cancel everything, wait for the workers to stop, and give back the collector."""
        self.cancel_all()
        done = self.wait(msecs)
        for handle in list(self._active):
            # Deliver what the finished workers queued (a cancelled task drops its result)
            # now, before the handles can be destroyed with a relay still in flight.
            QCoreApplication.sendPostedEvents(handle)
            if handle in self._active:
                self._active.discard(handle)
                _COLLECTION.leave()
        return done
