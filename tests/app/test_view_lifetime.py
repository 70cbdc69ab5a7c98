"""A closed view is freed: opening and closing side by side must not accumulate views,
canvases or plots (a soak run once grew 3.3 MiB per closed Attention view)."""

from __future__ import annotations

import gc

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QCoreApplication, QEvent

from app.labs import LABS
from app.main_window import MainWindow
from views.common.heatmap import Heatmap


def _settle(qapp) -> None:
    # processEvents alone never runs deleteLater; the window's event loop does.
    qapp.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    qapp.processEvents()
    gc.collect()


def _alive(kind) -> int:
    return sum(1 for o in gc.get_objects() if isinstance(o, kind))


@pytest.mark.parametrize("lab", [spec.id for spec in LABS])
def test_side_by_side_on_and_off_leaves_nothing_behind(qtbot, qapp, lab):
    window = MainWindow(interactive=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.switch_lab(lab)
    window.toggle_split()
    window.toggle_split()
    _settle(qapp)
    before = (_alive(pg.PlotItem), _alive(pg.ViewBox), _alive(Heatmap))
    for _ in range(5):
        window.toggle_split()
        qapp.processEvents()
        window.toggle_split()
        _settle(qapp)
    after = (_alive(pg.PlotItem), _alive(pg.ViewBox), _alive(Heatmap))
    assert after == before
