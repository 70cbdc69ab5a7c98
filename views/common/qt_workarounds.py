"""A guard against a Qt-binding bug that would abort the interpreter.

pyproject.toml already keeps the affected release (PySide6 6.12.0 on Python 3.11) out of
new installs; this guard covers an environment where it was installed anyway.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QPointF

__all__ = ["protect_singletons"]


def protect_singletons() -> bool:
    """Work around a binding bug that aborts the interpreter after a few thousand Qt calls.

    PySide6 6.12.0 on CPython 3.11 returns ``None`` from void methods (``setPos``,
    ``update``…) and ``True`` from ``Signal.emit`` without taking a reference, so every
    call drops one reference to the singleton. Before Python 3.12 these objects are not
    immortal: their counts reach zero within a minute of dragging and CPython aborts
    ("deallocating None"). When a quick probe shows the leak, ``None``, ``True`` and
    ``False`` get reference counts they cannot exhaust (they are never freed anyway,
    so this costs nothing). Bindings without the bug (PySide6 < 6.12, or Python ≥ 3.12,
    where these objects are immortal) are left alone.

    Returns
    -------
    bool
        True if the counts were raised.
    """
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if hasattr(sys, "getobjects"):
        return False  # a trace-refs build lays objects out differently
    probe = QPointF()
    before = sys.getrefcount(None)
    for _ in range(256):
        probe.setX(1.0)  # a void method: returns None
    if before - sys.getrefcount(None) < 200:
        return False
    for obj in (None, True, False):
        refcnt = ctypes.c_ssize_t.from_address(id(obj))  # ob_refcnt: PyObject's first field
        if refcnt.value != sys.getrefcount(obj) - 1:
            return False  # not the layout we expect: touch nothing
        refcnt.value += 1 << 40
    return True



# At import, before any canvas makes thousands of calls into Qt.
protect_singletons()
