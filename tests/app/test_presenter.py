"""Presenter mode: chrome hidden and restored, everything drawn larger, clicker keys, blanking,
the laser pointer and the presenter's own window; the models and undo stacks untouched."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDockWidget, QGroupBox, QLineEdit, QToolBar

import app.presenter as presenter_module
from views.common import style


@pytest.fixture
def presenting(window):
    """The window presenting the Plane lab; presenter mode is left (scale 1) afterwards."""
    yield window
    window.presenter.leave()
    assert style.scale() == 1.0


def _chrome(window):
    return [window.menuBar(), window.statusBar(), *window.findChildren(QToolBar),
            *window.findChildren(QDockWidget)]


def _drawn(window):
    """Aî's shaft width (px), its label's point size and its arrowhead's length, as drawn."""
    canvas = window.view.canvas()
    arrow = canvas.items["a_i"]
    head = arrow.head.path().boundingRect().width()
    return (arrow.shaft.pen().widthF(), canvas.label("a_i").item.textItem.font().pointSizeF(),
            head)


def _key(window, key, mods=Qt.KeyboardModifier.NoModifier):
    QTest.keyClick(window.focusWidget() or window, key, mods)


def test_entering_hides_the_chrome_and_leaving_restores_it(presenting):
    w = presenting
    before = [c.isVisible() for c in _chrome(w)]
    assert all(c.isVisible() for c in (w.menuBar(), w.statusBar(), w.preset_dock))
    inspector = w.view.inspector.isVisible()  # in a folded tab when the window is narrow
    w.presenter.enter()
    assert w.presenter.active and w.isFullScreen()
    assert not any(c.isVisible() for c in _chrome(w))
    # Of the Plane lab only the figure, the entry grid and the playback row stay.
    view = w.view
    assert view.canvas().isVisible() and view.editor.isVisible()
    assert view.animation.isVisible() and not view.inspector.isVisible()
    w.presenter.leave()
    assert not w.presenter.active and not w.isFullScreen()
    assert [c.isVisible() for c in _chrome(w)] == before
    assert w.view.inspector.isVisible() == inspector
    assert w.view.findChild(QGroupBox).isVisible()  # the "Show" boxes are back


def test_the_scale_changes_drawn_widths_fonts_and_heads(presenting):
    w = presenting
    width, size, head = _drawn(w)
    assert w.presenter.scale == 2.0
    w.presenter.enter()
    assert _drawn(w) == pytest.approx((2 * width, 2 * size, 2 * head))
    _key(w, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert w.presenter.scale == 2.5
    assert _drawn(w) == pytest.approx((2.5 * width, 2.5 * size, 2.5 * head))
    _key(w, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    _key(w, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert w.presenter.scale == 1.75
    assert _drawn(w)[0] == pytest.approx(1.75 * width)
    w.presenter.leave()
    assert _drawn(w) == pytest.approx((width, size, head))


def test_entering_and_leaving_keep_the_model_the_view_state_and_the_undo_stack(presenting):
    w = presenting
    w.apply_preset("shear")
    w.view.set_option("grid", False)
    model, stack = w.model_for(w.spec), w.undo_stack
    state, steps, at = model.to_dict(), stack.count(), stack.index()
    w.presenter.enter()
    assert not w.view.option("grid")  # the rebuilt view shows what the old one showed
    assert w.view.canvas().layer_visible("grid") is False
    w.presenter.leave()
    assert model.to_dict() == state and (stack.count(), stack.index()) == (steps, at)
    assert w.model_for(w.spec) is model and not w.view.option("grid")
    # Edits stay live while presenting, and undo works there.
    w.presenter.enter()
    w.apply_preset("identity")
    assert stack.count() == steps + 1
    _key(w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert model.to_dict() == state


def test_clicker_keys_step_the_labs_presets(presenting):
    w = presenting
    names = [p for p in w.presets if p.lab == "plane"]
    model = w.model_for(w.spec)
    w.presenter.enter()

    def entries():
        return model.to_dict()["entries"]

    _key(w, Qt.Key.Key_Right)
    assert entries() == names[0].model_for()["entries"]
    _key(w, Qt.Key.Key_Space)
    _key(w, Qt.Key.Key_PageDown)
    assert entries() == names[2].model_for()["entries"]
    _key(w, Qt.Key.Key_Left)
    assert entries() == names[1].model_for()["entries"]
    _key(w, Qt.Key.Key_End)
    assert entries() == names[-1].model_for()["entries"]
    _key(w, Qt.Key.Key_Home)
    _key(w, Qt.Key.Key_PageUp)  # already first: nothing more happens
    assert entries() == names[0].model_for()["entries"]


class _StubDeck:
    is_open = True

    def __init__(self):
        self.calls = []

    def __getattr__(self, name):
        if name in ("next", "previous", "first", "last"):
            return lambda: self.calls.append(name)
        raise AttributeError(name)


def test_clicker_keys_step_an_open_deck(presenting, monkeypatch):
    w = presenting
    deck = _StubDeck()
    monkeypatch.setattr(w, "deck", deck)
    state = w.model_for(w.spec).to_dict()
    w.presenter.enter()
    for key in (Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_Left, Qt.Key.Key_PageUp,
                Qt.Key.Key_Home, Qt.Key.Key_End):
        _key(w, key)
    assert deck.calls == ["next", "next", "previous", "previous", "first", "last"]
    assert w.model_for(w.spec).to_dict() == state  # the deck steps, not the presets


def test_clicker_keys_step_the_course_deck_through_its_labs(presenting):
    w = presenting
    path = Path(__file__).resolve().parents[2] / "assets" / "decks" / "course.json"
    assert w.deck.open(path) is None
    w.presenter.enter()
    assert w.spec.id == "product"
    assert np.allclose(w.model_for(w.spec).product, [[58, 64], [139, 154]])
    seen = [w.spec.id]
    for _ in range(len(w.deck.session) - 1):
        _key(w, Qt.Key.Key_Right)
        seen.append(w.spec.id)
    assert w.deck.session.index == len(w.deck.session) - 1
    assert seen == [slide.scene["lab"] for slide in w.deck.session.deck.slides]
    _key(w, Qt.Key.Key_Home)
    assert (w.deck.session.index, w.spec.id) == (0, "product")
    _key(w, Qt.Key.Key_Space)
    assert w.deck.session.index == 1
    a = np.asarray(w.model_for(w.spec).matrix)
    assert np.allclose(a, [[np.cos(np.pi / 6), -np.sin(np.pi / 6)],
                           [np.sin(np.pi / 6), np.cos(np.pi / 6)]])


def test_keys_typed_into_a_cell_stay_there(presenting):
    w = presenting
    w.presenter.enter()
    w.activateWindow()
    table = w.view.editor.table
    table.editItem(table.item(0, 0))  # typing into a₁₁
    field = QApplication.focusWidget()
    assert isinstance(field, QLineEdit)
    state = w.model_for(w.spec).to_dict()
    QTest.keyClick(field, Qt.Key.Key_End)
    QTest.keyClick(field, Qt.Key.Key_Space)
    QTest.keyClick(field, Qt.Key.Key_B)
    assert field.text().endswith(" b") and not w.presenter.blanked
    assert w.model_for(w.spec).to_dict() == state  # no preset applied either
    QTest.keyClick(field, Qt.Key.Key_Escape)  # first Esc leaves the cell, not the mode
    assert w.presenter.active


def test_b_blanks_and_any_key_or_click_unblanks(presenting):
    w = presenting
    w.presenter.enter()
    state = w.model_for(w.spec).to_dict()
    _key(w, Qt.Key.Key_B)
    assert w.presenter.blanked and w.presenter._blank.isVisible()
    assert w.presenter._blank.geometry() == w.rect()
    _key(w, Qt.Key.Key_Right)  # un-blanks only: the slide does not move
    assert not w.presenter.blanked and not w.presenter._blank.isVisible()
    assert w.model_for(w.spec).to_dict() == state
    _key(w, Qt.Key.Key_Period)
    assert w.presenter.blanked
    QTest.mouseClick(w.presenter._blank, Qt.MouseButton.LeftButton)
    assert not w.presenter.blanked


def test_escape_and_f5_leave(presenting):
    w = presenting
    _key(w, Qt.Key.Key_F5)
    assert w.presenter.active and w.presenter.action.isChecked()
    _key(w, Qt.Key.Key_Escape)
    assert not w.presenter.active and style.scale() == 1.0
    assert w.menuBar().isVisible()


def test_the_laser_follows_the_pointer_while_l_is_held(presenting):
    w = presenting
    w.presenter.enter()
    canvas = w.view.canvas()
    centre = canvas.mapToGlobal(canvas.rect().center())
    laser = w.presenter.laser
    laser.point_at(canvas, centre)
    assert laser.isVisible()
    assert laser.mapToGlobal(laser.spot) == centre
    assert laser.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    assert not canvas.isAncestorOf(laser)  # never part of what export draws
    laser.point_at(canvas, canvas.mapToGlobal(QPoint(-20, -20)))  # off the figure
    assert not laser.isVisible()
    QTest.keyPress(w, Qt.Key.Key_L)
    assert w.presenter._laser_key
    QTest.keyRelease(w, Qt.Key.Key_L)
    assert not w.presenter._laser_key and not laser.isVisible()


@pytest.mark.parametrize("screens", [1, 2])
def test_a_presenter_view_opens_only_with_a_second_screen(presenting, monkeypatch, screens):
    monkeypatch.setattr(presenter_module, "screen_count", lambda: screens)
    w = presenting
    w.presenter.enter()
    view = w.presenter.presenter_view
    if screens == 1:
        assert view is None
        return
    assert view.isVisible()
    first = [p for p in w.presets if p.lab == "plane"]
    assert view.next_title.text() == f"Next: {first[0].name}"
    _key(w, Qt.Key.Key_Right)
    assert view.next_title.text() == f"Next: {first[1].name}"
    assert view.clock.text() == "0:00"
    w.presenter.leave()
    assert w.presenter.presenter_view is None


def test_elapsed_text():
    from app.presenter_view import elapsed_text

    assert elapsed_text(0) == "0:00"
    assert elapsed_text(61_500) == "1:01"
    assert elapsed_text(3_600_000 + 62_000) == "1:01:02"


def test_pressing_on_the_long_context_canvas_while_presenting(presenting, qtbot):
    # The long-context canvas has an attribute named ``window``: the presenter's filter once
    # called it instead of QWidget.window, and the exception inside Qt's filter crashed.
    w = presenting
    w.switch_lab("attention")
    w.view.intent.emit("Switch mode", {"mode": "large"}, None)
    w.presenter.enter()
    canvas = w.view.canvas()
    assert type(canvas).__name__ == "LargeCanvas" and not callable(canvas.window)
    QTest.mousePress(canvas.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, QPoint(200, 200))
    QTest.mouseRelease(canvas.viewport(), Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier, QPoint(150, 150))
    qtbot.wait(50)
    assert w.presenter.active
