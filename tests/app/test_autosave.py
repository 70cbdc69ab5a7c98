"""Crash recovery during continuous work: the recovery file is written while edits go on,
so a killed linscope loses at most the last few seconds, and a kill during a write leaves
no temporary behind for long."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from app.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]

# A window that edits a₁₁ to 1, 2, 3, … every 0.2 s and prints each value once it is made.
_EDITING_WINDOW = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

app = QApplication([])
from app.main_window import MainWindow

window = MainWindow(interactive=False)
window.show()
count = 0

def edit():
    global count
    count += 1
    window.view.intent.emit("Edit", {"entry": (0, 0, str(count))}, None)
    print(count, flush=True)

timer = QTimer()
timer.timeout.connect(edit)
timer.start(200)
app.exec()
"""


def _edits_until_killed(folder: Path, edits: int) -> int:
    """Run the editing window until it made ``edits`` edits, SIGKILL it, and return the
    last edit it made."""
    env = dict(os.environ, LINSCOPE_DATA_DIR=str(folder), QT_QPA_PLATFORM="offscreen",
               LINSCOPE_BACKEND="numpy", LINSCOPE_NO_SETTINGS="1")
    child = subprocess.Popen([sys.executable, "-c", _EDITING_WINDOW], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    last = 0
    try:
        deadline = time.monotonic() + 120
        while last < edits and time.monotonic() < deadline:
            line = child.stdout.readline()
            if not line:
                break
            last = int(line)
    finally:
        child.send_signal(signal.SIGKILL)
        out, err = child.communicate(timeout=30)
    assert last >= edits, f"the editing window stopped early: {err[-2000:]}"
    return max([last] + [int(v) for v in out.split()])


def test_a_window_killed_during_continuous_edits_offers_its_recent_work_back(
        qtbot, tmp_path, monkeypatch):
    last = _edits_until_killed(tmp_path, edits=30)  # 6 s of an edit every 0.2 s
    monkeypatch.setenv("LINSCOPE_DATA_DIR", str(tmp_path))
    window = MainWindow(interactive=False)
    qtbot.addWidget(window)
    assert window.offer_recovery(), "nothing was offered back"
    recovered = float(window.models["plane-A"].state.texts[0])
    # At most the last few seconds are lost: 15 edits are 3 s of work.
    assert last - 15 <= recovered <= last
    assert window.dirty_titles() == ["Plane (2×2 maps)"]


def test_the_recovery_file_is_written_while_edits_go_on(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("LINSCOPE_DATA_DIR", str(tmp_path))
    window = MainWindow(interactive=False)
    qtbot.addWidget(window)
    path = window.autosaver.path
    start = time.monotonic()
    k = 0
    # edits every 0.1 s, never a quiet spell, for up to 5 s (a drag, a slider, fast typing)
    while not path.exists() and time.monotonic() - start < 5:
        k += 1
        window.view.intent.emit("Edit", {"entry": (0, 1, str(k))}, None)
        qtbot.wait(100)
    assert path.exists(), "continuous work was never written"
    written = json.loads(path.read_text(encoding="utf-8"))
    assert written["current"] == "plane"
    assert 1 <= int(written["scenes"][0]["model"]["entries"][0][1]) <= k
    window.autosaver.discard()


def test_saving_or_undoing_back_to_clean_removes_the_recovery_file(qtbot, tmp_path,
                                                                  monkeypatch):
    monkeypatch.setenv("LINSCOPE_DATA_DIR", str(tmp_path))
    window = MainWindow(interactive=False)
    qtbot.addWidget(window)
    window.view.intent.emit("Edit", {"entry": (0, 1, "2")}, None)
    window.autosaver.save_now()
    assert window.autosaver.path.exists()
    window.undo()  # back to the state last saved: nothing to recover
    assert not window.autosaver.path.exists() and not window.autosaver.waiting


def test_temporaries_of_killed_recovery_writes_go_at_the_next_start(qtbot, tmp_path,
                                                                    monkeypatch):
    monkeypatch.setenv("LINSCOPE_DATA_DIR", str(tmp_path))
    dead = 999_999_999  # above any pid the system hands out
    stale = [tmp_path / f".recovery-{dead}.json.{dead}.x1y2z3w4.tmp",
             tmp_path / ".recovery-123.json.abcdefgh.tmp"]  # an old unnumbered one
    for p in stale:
        p.write_text('{"format": "linscope-recov')
    day_ago = time.time() - 86400
    os.utime(stale[1], (day_ago, day_ago))
    live = tmp_path / f".recovery-{os.getpid()}.json.{os.getpid()}.q1w2e3r4.tmp"
    live.write_text("{")  # this process is still writing it
    unrelated = tmp_path / "notes.txt"
    unrelated.write_text("mine")
    window = MainWindow(interactive=False)
    qtbot.addWidget(window)
    assert not window.offer_recovery()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, "notes.txt"])


def test_recovery_writes_run_off_the_gui_thread_and_none_follows_a_discard(
        qtbot, tmp_path, monkeypatch):
    import threading

    import app.autosave as autosave

    monkeypatch.setenv("LINSCOPE_DATA_DIR", str(tmp_path))
    gate = threading.Event()
    on_gui_thread = []
    real = autosave.write_text_atomic

    def slow_write(*args, **kwargs):
        on_gui_thread.append(threading.current_thread() is threading.main_thread())
        gate.wait(5)  # a disk that takes its time
        return real(*args, **kwargs)

    monkeypatch.setattr(autosave, "write_text_atomic", slow_write)
    window = MainWindow(interactive=False)
    qtbot.addWidget(window)
    saver = window.autosaver
    window.view.intent.emit("Edit", {"entry": (0, 1, "2")}, None)
    saver.save_soon()  # what the timers call
    qtbot.waitUntil(lambda: on_gui_thread == [False], timeout=5000)
    window.view.intent.emit("Edit", {"entry": (0, 1, "3")}, None)
    saver.save_soon()  # waits for the write in flight
    threading.Timer(0.3, gate.set).start()
    saver.discard()  # the work was saved: neither the slow write nor the waiting one stays
    qtbot.wait(300)
    assert not saver.path.exists() and on_gui_thread == [False]
