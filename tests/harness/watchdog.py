"""A watchdog for the GUI thread: time every step a harness takes, report slow ones, and
end the process with the frozen thread's stack when one never returns.

A step is one call that lets Qt run (``processEvents``, a resize, an action handler).
The watchdog thread wakes a few times a second; when the current step has run past
``hard_limit_s`` it prints every thread's Python stack and exits with :data:`FREEZE_EXIT`
(the GUI thread cannot be interrupted from outside while it loops inside Qt).
"""

from __future__ import annotations

import faulthandler
import os
import sys
import threading
import time
from contextlib import contextmanager

__all__ = ["FREEZE_EXIT", "Watchdog"]

#: Exit status of a process the watchdog ended because its GUI thread froze.
FREEZE_EXIT = 86


class Watchdog:
    """Times harness steps on the GUI thread.

    Parameters
    ----------
    limit_s : float
        A step longer than this is recorded in :attr:`slow` (a freeze in the harness's
        report).
    hard_limit_s : float
        A step still running after this long ends the process (status
        :data:`FREEZE_EXIT`) after printing the stacks and the step's label.
    """

    def __init__(self, limit_s: float = 2.0, hard_limit_s: float = 20.0) -> None:
        self.limit_s = limit_s
        self.hard_limit_s = max(hard_limit_s, limit_s)
        self.slow: list[tuple[str, float]] = []
        self.longest: tuple[str, float] = ("", 0.0)
        self._label: str | None = None
        self._started = 0.0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="watchdog", daemon=True)
        self._thread.start()

    @contextmanager
    def step(self, label: str):
        """Time the block as one step called ``label``."""
        with self._lock:
            self._label, self._started = label, time.perf_counter()
        try:
            yield
        finally:
            with self._lock:
                took = time.perf_counter() - self._started
                self._label = None
            if took > self.longest[1]:
                self.longest = (label, took)
            if took > self.limit_s:
                self.slow.append((label, took))

    def stop(self) -> None:
        """End the watching thread."""
        self._stop.set()
        self._thread.join(timeout=2)

    def _watch(self) -> None:
        while not self._stop.wait(0.2):
            with self._lock:
                label, started = self._label, self._started
            if label is not None and time.perf_counter() - started > self.hard_limit_s:
                print(f"FREEZE: the GUI thread has been inside {label!r} for more than "
                      f"{self.hard_limit_s:g} s; stacks follow", file=sys.stderr, flush=True)
                faulthandler.dump_traceback(file=sys.stderr, all_threads=True)
                sys.stderr.flush()
                os._exit(FREEZE_EXIT)
