"""Test set-up shared by the whole suite: headless Qt, and no leaked windows or timers."""

from __future__ import annotations

import os
import tempfile

# Set before anything imports Qt, so every test runs headless.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LINSCOPE_BACKEND", "numpy")
os.environ.setdefault("LINSCOPE_NO_SETTINGS", "1")
# Recovery files of the tests go to a private folder, never the person's own.
os.environ["LINSCOPE_DATA_DIR"] = tempfile.mkdtemp(prefix="linscope-test-data-")

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _no_leaked_windows(request):
    """Fail a Qt test that leaves a visible top-level window or a repeating QTimer behind."""
    yield
    if "qtbot" not in request.fixturenames and "qapp" not in request.fixturenames:
        return
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QStatusBar

    app = QApplication.instance()
    if app is None:
        return
    app.processEvents()
    leaked = [w for w in app.topLevelWidgets() if w.isVisible()]
    for w in leaked:
        w.close()
    # Repeating timers are the ones that keep firing forever (an animation left playing);
    # single-shot ones and a status bar's message timeout end by themselves.
    running = {id(t): t for w in app.allWidgets() for t in w.findChildren(QTimer)
               if t.isActive() and not t.isSingleShot()
               and not isinstance(t.parent(), QStatusBar)}
    running = list(running.values())
    for t in running:
        t.stop()
    assert not leaked, f"test left windows open: {leaked}"
    assert not running, f"test left timers running: {running}"
