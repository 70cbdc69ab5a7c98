"""Closing side by side while the second view computes: its work is cancelled and never
delivered into deleted widgets."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent

from app.attention_jobs import jobs_of


def test_closing_the_side_view_while_it_computes_cancels_its_work(window, qtbot, capfd):
    window.resize(1400, 900)
    window.switch_lab("attention")
    window.toggle_split()
    side = window.secondary
    qtbot.waitExposed(side)
    # a long context computed in both views; the side view's work is still running when
    # side by side closes (n = 65536 takes far longer than this test waits for it)
    side.intent.emit("Long context", {"mode": "large", "n": 65536, "d": 64}, None)
    jobs = jobs_of(side)
    qtbot.waitUntil(lambda: jobs.handle is not None, timeout=5000)
    handle = jobs.handle
    qtbot.waitUntil(lambda: handle.state == "running", timeout=5000)
    window.toggle_split()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert handle.cancelled()
    window.view.large.cancel()  # the main view's own work is not what this test is about
    qtbot.waitUntil(lambda: window.task_runner.active == 0, timeout=60000)
    qtbot.wait(100)
    err = capfd.readouterr().err
    assert "Traceback" not in err and "already deleted" not in err
