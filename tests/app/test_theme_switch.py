"""View → Theme in the window: a switch rebuilds the lab views in the new colours and keeps
every model, undo stack and view state; the window's own widgets follow a dark theme."""

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from views.common import style
from views.common.themes import theme_for


@pytest.fixture
def themed(window):
    yield window
    window.use_theme("paper", colorblind=False)


def _background(w) -> str:
    return w.view.canvas().backgroundBrush().color().name().upper()


def test_switching_theme_keeps_model_undo_and_view_state(themed):
    w = themed
    w.apply_preset("shear")
    w.view.set_option("grid", False)
    model, stack, old_view = w.model_for(w.spec), w.undo_stack, w.view
    state, steps, at = model.to_dict(), stack.count(), stack.index()
    view_state = w.view.view_state.to_dict()
    w.actions["view.theme.dark"].trigger()
    assert style.theme() is theme_for("dark")
    assert w.view is not old_view and _background(w) == "#1E1E1E"
    assert model.to_dict() == state and (stack.count(), stack.index()) == (steps, at)
    assert w.model_for(w.spec) is model and w.view.view_state.to_dict() == view_state
    assert not w.view.option("grid")
    assert w.actions["view.theme.dark"].isChecked()
    assert not w.actions["view.theme.paper"].isChecked()
    w.undo()  # the history still works on the rebuilt view
    assert stack.index() == at - 1


def test_colorblind_item_switches_the_palette_in_the_same_theme(themed):
    w = themed
    w.actions["view.theme.lecture"].trigger()
    w.actions["view.colorblind"].trigger()
    assert style.theme() is theme_for("lecture", colorblind=True)
    assert w.actions["view.colorblind"].isChecked()
    w.actions["view.colorblind"].trigger()
    assert style.theme() is theme_for("lecture")


def test_dark_theme_darkens_the_window_and_paper_gives_it_back(themed):
    w = themed
    light = QApplication.instance().palette().color(QPalette.ColorRole.Base)
    w.use_theme("dark")
    pal = QApplication.instance().palette()
    base, text = pal.color(QPalette.ColorRole.Base), pal.color(QPalette.ColorRole.Text)
    assert base.lightness() < 80 < 180 < text.lightness()  # no white on white
    w.use_theme("paper")
    assert QApplication.instance().palette().color(QPalette.ColorRole.Base) == light
    assert _background(w) == "#FFFFFF"


def test_an_unknown_theme_is_refused(themed):
    with pytest.raises(ValueError, match="lecture"):
        themed.use_theme("neon")
    assert style.theme() is theme_for("paper")
