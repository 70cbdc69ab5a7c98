"""Every lab fits a projector: at 1280×720 and 1024×768, with the presets dock open, no
widget is clipped or off the window, the window asks for no more than the screen, and the
figure keeps a square-ish shape; side by side fits 1600×900 and folds into tabs below."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QTabBar, QWidget

from app.labs import LABS
from app.main_window import MainWindow


@pytest.fixture
def shown(qtbot):
    """A shown, non-interactive window; ``shown(w, h)`` resizes it and lets the layout
    settle, returning it."""
    w = MainWindow(interactive=False)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)

    def at(width: int, height: int) -> MainWindow:
        w.resize(width, height)
        for _ in range(3):  # a re-flow asks for one more layout pass
            qtbot.wait(1)
        assert (w.width(), w.height()) == (width, height)
        return w

    return at


def _in_scroll_viewport(widget: QWidget, top: QWidget) -> bool:
    """Whether ``widget`` lies in a scroll area's viewport (it may scroll out of sight)."""
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        grand = parent.parentWidget()
        if isinstance(grand, QAbstractScrollArea) and parent is grand.viewport():
            return True
        parent = grand
    return False


def clipped_widgets(window: QWidget) -> list[str]:
    """Every visible widget of ``window`` that sticks out of its parent or of the window."""
    bad = []
    frame = window.rect()
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.isWindow() or _in_scroll_viewport(widget, window):
            continue
        if widget.width() <= 0 or widget.height() <= 0:
            continue
        if isinstance(widget, QTabBar) and widget.parentWidget() is window:
            continue  # the main window's own bar for tabbed docks, parked out of sight
        in_window = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
        parent = widget.parentWidget()
        if not frame.contains(in_window) or not parent.rect().contains(QWidget.geometry(widget)):
            name = widget.objectName() or type(widget).__name__
            bad.append(f"{name} {QWidget.geometry(widget).getRect()} in "
                       f"{type(parent).__name__} {parent.rect().getRect()}")
    return bad


def canvas_shape(window: MainWindow) -> tuple[float, float]:
    """The figure's share of the window's width, and its width : height."""
    canvas = window.view.canvas()
    return canvas.width() / window.width(), canvas.width() / max(canvas.height(), 1)


@pytest.mark.parametrize("size", [(1280, 720), (1024, 768)])
def test_every_lab_fits_a_projector(shown, size):
    window = shown(*size)
    assert window.preset_dock.isVisible()
    for spec in LABS:
        window.switch_lab(spec.id)
        window = shown(*size)
        hint = window.minimumSizeHint()
        assert hint.width() <= size[0] and hint.height() <= size[1], (spec.id, hint)
        assert clipped_widgets(window) == [], spec.id
        share, aspect = canvas_shape(window)
        # the Space lab's 3×3 grid of typed entries keeps its column wide: a third at least
        assert share >= (1 / 3 if spec.id == "space" else 0.4), (spec.id, share)
        assert (0.5 if spec.id == "space" else 0.6) <= aspect <= 1.7, (spec.id, aspect)
        # the preset list keeps room for its descriptions (not one word per line)
        assert window.preset_panel.list.viewport().width() >= 150, spec.id


def test_side_by_side_fits_1600_by_900_and_folds_into_tabs_below(shown):
    window = shown(1600, 900)
    window.toggle_split()
    window = shown(1600, 900)
    second = window.secondary
    assert window.splitter.indexOf(second) >= 0 and second.isVisible()
    hint = window.minimumSizeHint()
    assert hint.width() <= 1600 and hint.height() <= 900
    assert clipped_widgets(window) == []
    window = shown(1280, 720)
    assert window.splitter.indexOf(second) < 0
    assert window.pages.indexOf(second) == 1 and window.pages.tabBar().isVisible()
    assert clipped_widgets(window) == []
    window.pages.setCurrentWidget(second)
    assert second.isVisible() and not window.view.isVisible()
    window = shown(1700, 900)  # wide again: both side by side
    assert window.splitter.indexOf(second) >= 0 and window.pages.count() == 1
    assert second.isVisible() and window.view.isVisible()
    window.toggle_split()
    assert window.secondary is None and window.pages.count() == 1


def test_a_narrow_lab_folds_its_inspector_into_a_tab(shown):
    window = shown(1920, 1080)
    window.switch_lab("plane")
    window = shown(1920, 1080)
    row = window.view.reflow_row
    assert not row.folded and row.details.isVisible()
    window = shown(1024, 768)
    assert row.folded and row.tabs.count() == 2 and row.tabs.tabBar().isVisible()
    row.tabs.setCurrentWidget(row.details)
    assert row.details.isVisible()


def test_the_attention_controls_fold_into_a_drawer_so_every_heatmap_shows(shown, qtbot):
    window = shown(1280, 720)
    window.switch_lab("attention")
    qtbot.wait(1)
    view = window.view
    # The three stage columns fit: nothing scrolls out of sight, and the controls wait in
    # the drawer.
    assert view.figure_area.horizontalScrollBar().maximum() == 0
    assert view.side_panel.isHidden() and view.drawer_button.isVisible()
    qtbot.mouseClick(view.drawer_button, Qt.MouseButton.LeftButton)
    assert view.side_panel.isVisible()
    shown(1920, 1080)
    assert view.side_panel.isVisible()
    assert view.figure_area.horizontalScrollBar().maximum() == 0


def test_at_1024_the_attention_stages_reflow_with_nothing_to_scroll(shown, qtbot):
    window = shown(1024, 768)
    window.switch_lab("attention")
    qtbot.wait(1)
    view = window.view
    assert view.small.columns in (2, 3) and view.left_out() == []
    assert view.figure_area.horizontalScrollBar().maximum() == 0
    assert not clipped_widgets(window)
    shown(1920, 1080)
    assert view.small.columns == 3 and view.left_out() == []
    assert view.figure_area.horizontalScrollBar().maximum() == 0
