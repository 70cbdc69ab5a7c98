"""Start the real window the way ``linscope [SCENE.json]`` does, let it show and paint for a
moment, then close it; once per scene given (and once with no scene for ``-``).

    python -m tests.harness.start_window SCENE.json [SCENE.json ...]

For each start it prints ``shown LAB PAINTS`` on standard output (the lab the window shows
and how many widget paints it made), so a caller can tell the window really came up; a
dialog that opens on its own (none should) is printed as ``dialog TITLE`` and dismissed.
Whatever the app prints on standard error is left for the caller to read: a normal start
prints no traceback.
"""

from __future__ import annotations

import os
import sys
import tempfile

__all__ = ["main"]

_SETTLE_TICKS = 6  # 100 ms ticks the window stays up after it is first exposed


def main(argv: list[str] | None = None) -> int:
    """Start and close the window once per scene in ``argv``; returns the exit status."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("LINSCOPE_BACKEND", "numpy")
    os.environ.setdefault("LINSCOPE_NO_SETTINGS", "1")
    os.environ.setdefault("LINSCOPE_DATA_DIR", tempfile.mkdtemp(prefix="linscope-start-"))
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from app.gui import run_gui
    from app.main_window import MainWindow

    app = QApplication.instance() or QApplication(["linscope"])

    class PaintCounter(QObject):
        paints = 0

        def eventFilter(self, _obj, event) -> bool:  # noqa: N802 - Qt API
            if event.type() == QEvent.Type.Paint:
                PaintCounter.paints += 1
            return False

    counter = PaintCounter()
    app.installEventFilter(counter)
    scenes = list(sys.argv[1:] if argv is None else argv) or ["-"]
    for scene in scenes:
        ticks = {"n": 0}
        PaintCounter.paints = 0
        timer = QTimer()

        def tick(ticks=ticks, timer=timer) -> None:
            dialog = app.activeModalWidget()
            if dialog is not None:
                print(f"dialog {dialog.windowTitle()}", flush=True)
                dialog.reject()
                return
            windows = [w for w in app.topLevelWidgets()
                       if isinstance(w, MainWindow) and w.isVisible()]
            handle = windows[0].windowHandle() if windows else None
            if handle is None or not handle.isExposed():
                return
            ticks["n"] += 1
            if ticks["n"] >= _SETTLE_TICKS:
                timer.stop()
                window = windows[0]
                print(f"shown {window.spec.id} {PaintCounter.paints}", flush=True)
                window.interactive = False  # the start is what is tested: close quietly
                window.close()

        timer.timeout.connect(tick)
        timer.start(100)
        status = run_gui(None if scene == "-" else scene)
        timer.stop()
        if status != 0:
            return status
    return 0


if __name__ == "__main__":
    sys.exit(main())
