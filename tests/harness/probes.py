"""What a harness watches besides time: unhandled exceptions, printed tracebacks, Qt's
messages, Python warnings and the process's memory.

:class:`FaultLog` installs itself as ``sys.excepthook`` (PySide routes an exception raised
in a slot there), ``threading.excepthook`` and ``sys.unraisablehook``, as Qt's message
handler, as ``warnings.showwarning``, and wraps ``sys.stderr`` to count tracebacks that
some code prints by itself. Each record names the step the harness was taking, so a
failure reads as "action 312 (type 'nan' into a₁₂ of the plane) raised …".
"""

from __future__ import annotations

import os
import sys
import threading
import traceback
import warnings
from collections import Counter
from dataclasses import dataclass, field

__all__ = ["Fault", "FaultLog", "object_counts", "root_cause", "rss_mb"]

_TRACEBACK = "Traceback (most recent call last)"


def rss_mb(trim: bool = False) -> float:
    """Resident memory of this process in MiB (``/proc/self/statm``; ``resource`` elsewhere).

    ``trim`` first hands freed heap pages back to the system (glibc's ``malloc_trim``), so
    the figure follows live memory rather than what the allocator kept after large arrays.
    """
    if trim:
        _malloc_trim()
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            pages = int(fh.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        import resource

        # ru_maxrss is the peak, in KiB on Linux: the best stand-in where statm is missing.
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def object_counts() -> Counter:
    """Live objects tracked by the garbage collector, by type (``module.qualname``).

    Containers only: NumPy arrays and strings are not tracked, but whatever holds them is.
    """
    import gc

    counts: Counter = Counter()
    for o in gc.get_objects():
        t = type(o)
        counts[f"{t.__module__}.{t.__qualname__}"] += 1
    return counts


def _malloc_trim() -> None:
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    if not name:
        return
    try:
        ctypes.CDLL(name).malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc: the figure includes what the allocator keeps


@dataclass
class Fault:
    """One unhandled exception or printed traceback."""

    kind: str  # "excepthook", "thread", "unraisable", "printed", "raised"
    where: str  # the harness step it happened in
    type: str
    message: str
    traceback: str
    context: list = field(default_factory=list)  # the steps before it, oldest first
    #: The innermost exception (the one a wrapper such as psygnal's EmitLoopError hides)
    #: and the line that raised it: what a person fixing the bug looks at first.
    cause: str = ""

    def as_dict(self) -> dict:
        """A plain dict for the JSON report."""
        return {"kind": self.kind, "where": self.where, "type": self.type,
                "message": self.message, "cause": self.cause, "traceback": self.traceback,
                "context": list(self.context)}


def root_cause(exc: BaseException | None) -> str:
    """``"Type: message (file:line in function)"`` of the innermost exception in a chain."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        inner = exc.__cause__ or exc.__context__
        if inner is None:
            break
        exc = inner
    if exc is None:
        return ""
    frames = traceback.extract_tb(exc.__traceback__)
    at = f" ({os.path.relpath(frames[-1].filename)}:{frames[-1].lineno} in {frames[-1].name})" \
        if frames else ""
    first = str(exc).strip().splitlines()[:1]
    return f"{type(exc).__name__}: {first[0] if first else ''}{at}"


class _StderrTee:
    """Forwards writes to the real stderr and counts tracebacks written outside the hooks."""

    def __init__(self, log: FaultLog, real) -> None:
        self._log, self._real = log, real

    def write(self, text: str) -> int:
        if _TRACEBACK in text and not self._log._in_hook:
            self._log._printed(text)
        return self._real.write(text)

    def flush(self) -> None:
        self._real.flush()

    def __getattr__(self, name):
        return getattr(self._real, name)


class FaultLog:
    """Collects faults while installed (a context manager).

    Parameters
    ----------
    where : callable
        Returns a description of the current harness step (called when a fault happens).
    context : callable, optional
        Returns the recent steps, for the report.
    echo : bool
        Also print each fault's traceback on the real stderr (on by default: a person
        watching the run sees it as it happens).
    """

    def __init__(self, where, context=None, echo: bool = True) -> None:
        self._where = where
        self._context = context or (lambda: [])
        self.echo = echo
        self.faults: list[Fault] = []
        self.qt_messages: Counter = Counter()
        self.qt_critical: list[str] = []
        self.warnings: Counter = Counter()
        self._in_hook = False
        self._saved: tuple = ()

    # -- installing ------------------------------------------------------------------------
    def __enter__(self) -> FaultLog:
        from PySide6.QtCore import qInstallMessageHandler

        self._saved = (sys.excepthook, threading.excepthook, sys.unraisablehook,
                       warnings.showwarning, sys.stderr)
        sys.excepthook = self._excepthook
        threading.excepthook = self._thread_hook
        sys.unraisablehook = self._unraisable
        warnings.showwarning = self._warning
        sys.stderr = _StderrTee(self, sys.stderr)
        self._old_qt = qInstallMessageHandler(self._qt_message)
        return self

    def __exit__(self, *exc) -> None:
        from PySide6.QtCore import qInstallMessageHandler

        qInstallMessageHandler(self._old_qt)
        (sys.excepthook, threading.excepthook, sys.unraisablehook, warnings.showwarning,
         sys.stderr) = self._saved

    # -- counts ----------------------------------------------------------------------------
    @property
    def count(self) -> int:
        """Unhandled exceptions and printed tracebacks so far."""
        return len(self.faults)

    def record(self, kind: str, exc_type, exc, tb) -> Fault:
        """Record an exception (also used for one that escaped a harness call)."""
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        fault = Fault(kind, self._safe(self._where), getattr(exc_type, "__name__", "?"),
                      str(exc)[:2000], text, self._safe(self._context, []),
                      self._safe(lambda: root_cause(exc), ""))
        self.faults.append(fault)
        if self.echo:
            self._echo(f"[{kind} in {fault.where}]\n{text}")
        return fault

    # -- hooks -----------------------------------------------------------------------------
    def _excepthook(self, exc_type, exc, tb) -> None:
        self.record("excepthook", exc_type, exc, tb)

    def _thread_hook(self, args) -> None:
        self.record("thread", args.exc_type, args.exc_value, args.exc_traceback)

    def _unraisable(self, unraisable) -> None:
        exc = unraisable.exc_value
        self.record("unraisable", unraisable.exc_type, exc,
                    exc.__traceback__ if exc is not None else None)

    def _printed(self, text: str) -> None:
        fault = Fault("printed", self._safe(self._where), "Traceback", text.strip()[-300:],
                      text, self._safe(self._context, []))
        self.faults.append(fault)

    def _warning(self, message, category, filename, lineno, file=None, line=None) -> None:
        key = f"{category.__name__}: {message} ({os.path.basename(filename)}:{lineno})"
        if key not in self.warnings and self.echo:
            self._echo(f"[warning in {self._safe(self._where)}] {key}")
        self.warnings[key] += 1

    def _qt_message(self, mode, _context, message: str) -> None:
        from PySide6.QtCore import QtMsgType

        self.qt_messages[message] += 1
        if mode in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            self.qt_critical.append(f"{self._safe(self._where)}: {message}")
        if _TRACEBACK in message:
            self._printed(message)

    # -- helpers ---------------------------------------------------------------------------
    def _echo(self, text: str) -> None:
        self._in_hook = True
        try:
            real = self._saved[-1] if self._saved else sys.__stderr__
            real.write(text if text.endswith("\n") else text + "\n")
            real.flush()
        finally:
            self._in_hook = False

    @staticmethod
    def _safe(fn, default="?"):
        # A hook must never raise: it would hide the fault it is recording.
        try:
            return fn()
        except Exception:  # noqa: BLE001
            return default

    def kinds(self) -> list[dict]:
        """The distinct faults (same type, message and innermost line), most frequent first,
        each with its first occurrence in full."""
        groups: dict[tuple, dict] = {}
        for f in self.faults:
            last = f.traceback.strip().splitlines()[-3:-1]
            key = (f.kind, f.type, f.cause or f.message[:200],
                   tuple(line.strip() for line in last))
            if key not in groups:
                groups[key] = dict(f.as_dict(), count=0)
            groups[key]["count"] += 1
        return sorted(groups.values(), key=lambda g: -g["count"])

    def summary(self, keep: int = 200) -> dict:
        """Counts and details for the JSON report (the first ``keep`` faults in full)."""
        return {
            "exceptions": self.count,
            "exception_kinds": self.kinds(),
            "exception_list": [f.as_dict() for f in self.faults[:keep]],
            "qt_critical": list(self.qt_critical),
            "qt_messages": dict(self.qt_messages.most_common(30)),
            "warnings": dict(self.warnings.most_common(30)),
        }
