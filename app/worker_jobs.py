"""What every lab's work controller does the same way: one job at a time on the
:class:`~app.tasks.TaskRunner`, numbered so that only the newest answer is shown, progress
and a Cancel in the view, and a failure a person can act on said in the status bar.

A subclass (the Embeddings lab's files, the Low-rank lab's matrices, a real model's
attention) says what to compute and what to do with the result: :meth:`start` runs it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QObject

from models.attention.common import Cancelled

__all__ = ["WorkerJobs"]


class WorkerJobs(QObject):
    """A view's heavy work, off the GUI thread.

    Parameters
    ----------
    view : LabView
        The controller becomes its child and dies with it (its work is then dropped).
    runner : TaskRunner, optional
        Where the work runs; None computes at once (headless use, tests).

    Attributes
    ----------
    handle : TaskHandle or None
        The job in progress.
    message : str
        What the last job ended with, as the status bar shows it.
    """

    #: Failures said to the person; anything else is a bug and is raised again.
    SAID: tuple[type[BaseException], ...] = (ValueError, OSError, MemoryError)
    #: What ends a job quietly (a cancel), how a failure is introduced, what a cancel says.
    CANCELS: tuple[type[BaseException], ...] = (Cancelled,)
    FAILED = "Could not finish"
    CANCELLED = "Cancelled; nothing changed"

    def __init__(self, view, runner=None) -> None:
        super().__init__(view)
        self.view = view
        self.runner = runner
        self.handle = None
        self.message = ""
        self._serial = 0

    def show_load(self, fraction: float | None) -> None:
        """Show progress in the view (None: nothing in progress); subclasses say where."""

    def start(self, fn: Callable[..., Any], done: Callable[[Any], None], what: str) -> None:
        """Run ``fn(progress=…, cancelled=…)`` off the GUI thread, then ``done(result)`` on
        it — unless a newer job started since, or this one failed (said) or was cancelled.

        Parameters
        ----------
        fn : callable
        done : callable
        what : str
            Said in the status bar while it runs.
        """
        self.cancel()
        self._serial += 1
        serial = self._serial

        def finish(result) -> None:
            if serial == self._serial:
                self.handle = None
                self.show_load(None)
                done(result)

        failed = partial(self._failed, serial)
        if self.runner is None:
            try:
                result = fn(progress=lambda f: None, cancelled=lambda: False)
            except Exception as err:  # shown to the person, as a worker's error is
                failed(err)
            else:
                finish(result)
            return
        self._say(what)
        self.show_load(0.0)
        self.handle = self.runner.submit(fn, finish, failed, partial(self._progress, serial),
                                         owner=self)

    def cancel(self) -> None:
        """Stop the job in progress: what is shown stays."""
        if self.handle is not None:
            self.handle.cancel()

    def _progress(self, serial: int, fraction: float) -> None:
        if serial == self._serial:
            self.show_load(fraction)

    def _failed(self, serial: int, err: BaseException) -> None:
        if serial != self._serial:
            return
        self.handle = None
        self.show_load(None)
        if isinstance(err, self.CANCELS):
            self._say(self.CANCELLED)
        elif isinstance(err, self.SAID):
            self._say(f"{self.FAILED}: {err}")
        else:
            raise err

    def _say(self, text: str) -> None:
        self.message = text
        self.view.status.emit(text)
