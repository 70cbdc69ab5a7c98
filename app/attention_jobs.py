"""The Attention lab's long-context work: requests from a view, computed off the GUI thread.

A view's large mode emits a frozen :class:`~models.attention.request.LargeRequest` for
what its screen lacks; :class:`AttentionJobs` runs the pure functions of
:mod:`models.attention.large` for it on a :class:`~app.tasks.TaskRunner` (or at once, when
there is none: headless rendering), numbers each submission so a result that a newer
request overtook is dropped, cancels on request, and hands progress, pictures and reports
back to the view. It lives and dies with its view: a closed view's work is cancelled and
never delivered into deleted widgets.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject

from models.attention.kernels import Cancelled
from models.attention.large import describe_results, run_jobs
from models.core.backend import last_message, numpy_backend, select_backend

__all__ = ["AttentionJobs", "jobs_of"]


class AttentionJobs(QObject):
    """Runs a view's long-context requests and shows their outcome in it.

    Parameters
    ----------
    view : AttentionView
        Its ``large`` part emits ``requested(LargeRequest)`` and ``cancel_requested(bool)``
        and draws what it is handed. The controller becomes the view's child.
    runner : TaskRunner, optional
        Where the work runs; None computes synchronously (headless rendering, tests).

    Attributes
    ----------
    handle : TaskHandle or None
        The running computation, if any.
    serial : int
        Number of the latest submission; only its outcome is shown.
    """

    def __init__(self, view, runner=None) -> None:
        super().__init__(view)  # dies with the view, and its work with it (see submit)
        self.large = view.large
        self.runner = runner
        self.handle = None
        self.serial = 0
        self._inflight: tuple = ()
        self._backend = None
        self.large.requested.connect(self.submit)
        self.large.cancel_requested.connect(self.cancel)
        # A real model's forward pass: its own controller, a child of the view too.
        from app.model_jobs import RealModelJobs

        real = RealModelJobs(view, runner)
        view.open_model_requested.connect(real.open_dialog)

    def backend(self):
        """The array backend (chosen once; a bad LINSCOPE_BACKEND falls back to NumPy)."""
        if self._backend is None:
            try:
                self._backend = select_backend()
            except ValueError as err:
                self._backend = numpy_backend()
                self.large.show_status(f"{err}; using NumPy")
        return self._backend

    def backend_line(self) -> str:
        """The backend and device, with the note of a fallback, for the report."""
        b = self.backend()
        note = last_message()
        return f"backend: {b.name} — {b.device}" + (f" ({note})" if note else "")

    def submit(self, request) -> None:
        """Compute what ``request`` lacks, replacing a computation that no longer fits.

        A computation already delivering everything the request lacks goes on; otherwise
        it is cancelled unheard and one computation of every missing picture starts.
        """
        self.large.show_backend(self.backend_line())
        jobs = request.jobs()
        if not jobs:
            if self.handle is not None:  # it computes what the screen no longer wants
                self.cancel(quiet=True)
                self.large.show_busy(False)
            return
        if self.handle is not None and not request.jobs(self._inflight):
            return
        self.cancel(quiet=True)
        self.serial += 1
        serial = self.serial
        self._inflight = tuple(jobs)
        fn = partial(_work, jobs, self.backend())
        done, failed = partial(self._done, serial), partial(self._failed, serial)
        progress = partial(self._progress, serial)
        self.large.show_busy(True)
        if self.runner is None:
            try:
                results = fn(progress=lambda f: None, cancelled=lambda: False)
            except Exception as err:  # shown to the person, like a worker's error
                failed(err)
            else:
                done(results)
            return
        # Owned by this object, which dies with the view: a closed view's work is cancelled
        # and never delivered into its deleted widgets.
        self.handle = self.runner.submit(fn, done, failed, progress, owner=self)

    def cancel(self, quiet: bool = False) -> None:
        """Stop the running computation; its result will not be shown.

        Parameters
        ----------
        quiet : bool
            Drop it unheard (no "Cancelled" report): the view closes, or newer work
            replaces it.
        """
        if self.handle is None:
            return
        self.handle.cancel()
        if quiet:
            self.serial += 1  # nothing from it will be delivered
            self._forget()

    def _forget(self) -> None:
        self.handle = None
        self._inflight = ()

    def _progress(self, serial: int, fraction: float) -> None:
        if serial == self.serial:
            self.large.show_progress(fraction)

    def _done(self, serial: int, results) -> None:
        if serial != self.serial:
            return  # an older computation finished after a newer one started
        self._forget()
        self.large.show_results(results)
        self.large.show_busy(False)
        self.large.show_report(describe_results(results))

    def _failed(self, serial: int, err: BaseException) -> None:
        if serial != self.serial:
            return
        self._forget()
        self.large.show_busy(False)
        if isinstance(err, Cancelled):
            text = "Cancelled; the picture shows the last finished computation"
        else:
            text = f"Could not compute attention: {err}"
        self.large.show_report(text)


def jobs_of(view) -> AttentionJobs | None:
    """The controller wired to ``view``, or None."""
    return view.findChild(AttentionJobs)


def _work(jobs, backend, progress, cancelled):
    """Runs on the worker thread: the jobs, in order."""
    return run_jobs(jobs, backend, progress, cancelled)
