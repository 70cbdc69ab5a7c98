"""Fixtures shared by the app tests: the main window, shown, and the command line run in
this process."""

from __future__ import annotations

import pytest


@pytest.fixture
def window(qtbot):
    """A shown, non-interactive MainWindow (no dialogs), closed after the test."""
    from app.main_window import MainWindow

    w = MainWindow(interactive=False)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def cli(capsys):
    """A function ``cli(*argv)`` that runs ``linscope ARGV…`` in this process and returns
    ``(status, stdout, stderr)``; a ``SystemExit`` (argparse's refusals) is its status."""
    from app.cli import main

    def run(*argv: str) -> tuple[int, str, str]:
        try:
            status = main(list(argv))
        except SystemExit as exit_:
            status = exit_.code
        out, err = capsys.readouterr()
        return status, out, err

    return run


# Above any pid the system hands out (Linux caps them at 2**22): a process that is gone.
DEAD_PID = 999_999_999


@pytest.fixture
def crash():
    """A function ``crash(window)`` that leaves the window's unsaved work as a killed linscope
    leaves it: written to its recovery file, which then belongs to a process that is gone.
    Returns that file."""

    def leave(window):
        window.autosaver.save_now()  # what the timer does a moment after an edit
        path = window.autosaver.path
        assert path.exists()
        return path.rename(path.with_name(f"recovery-{DEAD_PID}.json"))

    return leave


@pytest.fixture
def left_by_a_crash(qtbot, tmp_path, monkeypatch, crash):
    """Unsaved work in two labs that a killed linscope left in the recovery folder
    ``tmp_path``: a₁₂ = sqrt(2) typed in the Plane lab, then a = (2, 1) in the Projection
    lab, the lab it showed last. Returns the recovery file."""
    from app.main_window import MainWindow

    monkeypatch.setenv("LINSCOPE_DATA_DIR", str(tmp_path))
    first = MainWindow(interactive=False)
    qtbot.addWidget(first)
    first.view.intent.emit("Edit", {"entry": (0, 1, "sqrt(2)")}, None)
    first.switch_lab("projection")
    first.view.intent.emit("Move a", {"a": [2.0, 1.0]}, None)
    return crash(first)
