"""Test set-up shared by the whole suite: headless Qt, and no leaked windows or timers."""

from __future__ import annotations

import gc
import os
import tempfile

# Set before anything imports Qt, so every test runs headless.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LINSCOPE_BACKEND", "numpy")
os.environ.setdefault("LINSCOPE_NO_SETTINGS", "1")
# Recovery files of the tests go to a private folder, never the person's own.
os.environ["LINSCOPE_DATA_DIR"] = tempfile.mkdtemp(prefix="linscope-test-data-")

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

# Property tests draw the same examples on every run ("repeatable", the default), so a run of
# `make test` says the same thing twice; HYPOTHESIS_PROFILE=explore draws fresh ones, to hunt
# for new edge cases (each one found becomes an @example where it failed).
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


@pytest.fixture(autouse=True)
def _no_leaked_windows(request):
    """Fail a Qt test that leaves a visible top-level window or a repeating QTimer behind.

    The objects are found among the Python wrappers the tests made (shiboken's list of
    valid wrappers, else ``gc``) rather than through ``QApplication.allWidgets()``: that
    call wraps every C++ widget, Qt's private ones included, and once crashed inside PySide
    while wrapping one of Qt's own. Shiboken's list holds only Qt objects: scanning every
    Python object after each test cost the suite about two minutes.
    """
    yield
    if "qtbot" not in request.fixturenames and "qapp" not in request.fixturenames:
        return
    import shiboken6
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QStatusBar, QWidget

    app = QApplication.instance()
    if app is None:
        return
    app.processEvents()
    wrappers = getattr(shiboken6, "getAllValidWrappers", gc.get_objects)
    objects = [o for o in wrappers() if isinstance(o, (QWidget, QTimer))]
    alive = [o for o in objects if shiboken6.isValid(o)]
    leaked = [w for w in alive if isinstance(w, QWidget) and w.isWindow() and w.isVisible()]
    for w in leaked:
        w.close()
    # Repeating timers are the ones that keep firing forever (an animation left playing);
    # single-shot ones and a status bar's message timeout end by themselves.
    running = [t for t in alive if isinstance(t, QTimer) and t.isActive()
               and not t.isSingleShot() and not isinstance(t.parent(), QStatusBar)]
    for t in running:
        t.stop()
    assert not leaked, f"test left windows open: {leaked}"
    assert not running, f"test left timers running: {running}"
