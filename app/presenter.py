"""Presenter mode (View → Present, F5; Esc leaves): the figure full screen, drawn larger,
stepped with a clicker.

Entering hides the window's chrome (menus, toolbar, docks, status bar) and the lab's side
panels except the figure, the entry grid and the playback row, shows the window full
screen, and redraws every lab view with text, lines, arrowheads and handles scaled by
:attr:`Presenter.scale`. The views are rebuilt from the same models and the same view
states, so the models and their undo stacks are untouched: every edit stays live.
Leaving rebuilds them at the window's own scale and puts the chrome back as it was.
"""

from __future__ import annotations

import os

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QCursor, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDockWidget,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QToolBar,
    QWidget,
)

from app.presenter_view import PresenterView, slide_info
from app.presenter_views import rebuild_views, trim_views
from views.common.laser import LaserPointer
from views.common.style import set_scale

__all__ = ["Presenter", "SCALES", "screen_count"]

#: The presenter factors Ctrl+= and Ctrl+− step through.
SCALES = (1.25, 1.5, 1.75, 2.0, 2.5, 3.0)
_DEFAULT_SCALE = 2.0
_SETTING = "presenter/scale"

K = Qt.Key
_NEXT = {K.Key_Right, K.Key_Space, K.Key_PageDown}
_PREVIOUS = {K.Key_Left, K.Key_PageUp}
_BLANK = {K.Key_B, K.Key_Period}
_POINTER_EVENTS = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
                   QEvent.Type.MouseMove, QEvent.Type.ContextMenu)
_FILTERED_EVENTS = frozenset((*_POINTER_EVENTS, QEvent.Type.KeyPress, QEvent.Type.KeyRelease,
                              QEvent.Type.Close))
# Keys a text field needs for itself: with a field focused they are typing, not clicking.
_TYPING = {K.Key_Left, K.Key_Right, K.Key_Space, K.Key_Home, K.Key_End, K.Key_B,
           K.Key_Period, K.Key_L}
_FIELDS = (QLineEdit, QAbstractSpinBox, QTextEdit, QPlainTextEdit)


def screen_count() -> int:
    """How many screens there are (a presenter view opens when there is a second)."""
    return len(QGuiApplication.screens())


def _settings():
    # Tests and scripted runs set LINSCOPE_NO_SETTINGS: nothing read from or left on disk.
    if os.environ.get("LINSCOPE_NO_SETTINGS"):
        return None
    from PySide6.QtCore import QSettings

    return QSettings("linscope", "linscope")


def _stored_scale() -> float:
    s = _settings()
    try:
        value = float(s.value(_SETTING, _DEFAULT_SCALE)) if s is not None else _DEFAULT_SCALE
    except (TypeError, ValueError):
        value = _DEFAULT_SCALE
    return min(SCALES, key=lambda f: abs(f - value))  # a stray value snaps to a step


def _is_field(widget) -> bool:
    if isinstance(widget, QComboBox):
        return widget.isEditable()
    return isinstance(widget, _FIELDS)


class Presenter(QObject):
    """Presenter mode of a :class:`app.main_window.MainWindow` (``window.presenter``).

    Parameters
    ----------
    window : MainWindow
        The window; View → Present (F5) is added to its View menu.

    Attributes
    ----------
    active : bool
        Whether the window is presenting.
    scale : float
        The factor on text, lines, arrowheads and handles while presenting (one of
        :data:`SCALES`; remembered between runs).
    blanked : bool
        Whether the screen is blanked (B or ".").
    laser : LaserPointer
        The pointer (hold L, or the right mouse button, over the figure).
    presenter_view : PresenterView or None
        The notes window on a second screen, while presenting with one.
    """

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.active = False
        self.blanked = False
        self.scale = _stored_scale()
        self.presenter_view: PresenterView | None = None
        self.laser = LaserPointer(window)
        self._blank = QWidget(window)
        self._blank.setStyleSheet("background: black;")
        self._blank.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._blank.hide()
        self._saved = None
        self._trimmed: list = []
        self._preset_at: dict[str, int] = {}
        self._laser_key = False
        self.action = QAction("&Present", window, checkable=True)
        self.action.setShortcut(QKeySequence("F5"))
        self.action.setStatusTip("Present: full screen, larger text and lines, clicker keys "
                                 "(Esc leaves)")
        self.action.triggered.connect(lambda on: self.enter() if on else self.leave())
        window.addAction(self.action)  # F5 works with the menu bar hidden too
        for act in window.menuBar().actions():
            if act.menu() is not None and act.text() == "&View":
                act.menu().addAction(self.action)
        window.installEventFilter(self)  # a window that closes while presenting leaves

    # -- entering and leaving ---------------------------------------------------------------
    def enter(self) -> None:
        """Present: hide the chrome, go full screen, redraw the views at :attr:`scale`."""
        if self.active:
            return
        w = self.window
        chrome = [w.menuBar(), w.statusBar(), *w.findChildren(QToolBar),
                  *w.findChildren(QDockWidget)]
        self._saved = (w.saveGeometry(), w.isFullScreen(), w.isMaximized(),
                       [(c, c.isVisible()) for c in chrome if c.parentWidget() is w])
        for c, _ in self._saved[3]:
            c.hide()
        self.active = True
        set_scale(self.scale)
        self._rebuild_views()
        screen = w.screen()
        if screen is not None:  # without a window manager full screen is only a wish
            w.setGeometry(screen.geometry())
        w.showFullScreen()
        self._sync_fullscreen_action()
        QApplication.instance().installEventFilter(self)
        self.action.setChecked(True)
        if screen_count() > 1:
            self._open_presenter_view()
        self._show_info()
        w.activateWindow()
        w.setFocus()

    def leave(self, rebuild: bool = True) -> None:
        """Stop presenting: views at the window's scale, chrome and geometry as they were.

        ``rebuild=False`` (the window is closing) only resets the scale.
        """
        if not self.active:
            return
        w = self.window
        QApplication.instance().removeEventFilter(self)
        self.active = False
        self._unblank()
        self.laser.stop()
        self._laser_key = False
        set_scale(1.0)
        if self.presenter_view is not None:
            self.presenter_view.close()
            self.presenter_view.deleteLater()
            self.presenter_view = None
        self.action.setChecked(False)
        if not rebuild:
            return
        self._rebuild_views()
        geometry, full, maximized, chrome = self._saved
        for c, visible in chrome:
            if shiboken6.isValid(c):
                c.setVisible(visible)
        if full:
            w.showFullScreen()
        else:
            w.showMaximized() if maximized else w.showNormal()
            w.restoreGeometry(geometry)
        self._sync_fullscreen_action()

    def set_scale(self, factor: float) -> None:
        """Present at ``factor`` from now on (remembered); redraws now when presenting."""
        factor = min(SCALES, key=lambda f: abs(f - float(factor)))
        if factor == self.scale:
            return
        self.scale = factor
        s = _settings()
        if s is not None:
            s.setValue(_SETTING, factor)
        if self.active:
            set_scale(factor)
            self._rebuild_views()
            self.window.statusBar().showMessage(f"Presenter scale {factor:g}×", 3000)

    def step_scale(self, steps: int) -> None:
        """Move the scale ``steps`` places along :data:`SCALES` (Ctrl+= is +1, Ctrl+− −1)."""
        i = min(range(len(SCALES)), key=lambda k: abs(SCALES[k] - self.scale))
        self.set_scale(SCALES[max(0, min(len(SCALES) - 1, i + steps))])

    def _sync_fullscreen_action(self) -> None:
        act = self.window.actions.get("view.fullscreen")
        if act is not None:
            act.setChecked(self.window.isFullScreen())

    # -- the views ----------------------------------------------------------------------------
    def _rebuild_views(self) -> None:
        """Build the views again at the style's scale (trimmed while presenting)."""
        self._trimmed = []
        rebuild_views(self.window)
        if self.active:
            self._trim_views()

    def _trim_views(self) -> None:
        trim_views(self.window, self._trimmed)

    def trim_new_views(self) -> None:
        """Trim a lab view built while presenting (a lab shown for the first time since the
        last rescale), as the others are."""
        self._trim_views()

    # -- clicker ----------------------------------------------------------------------------
    def next(self) -> None:
        """The next slide of the open deck, or the lab's next preset."""
        self._step("next", +1)

    def previous(self) -> None:
        """The previous slide, or the lab's previous preset."""
        self._step("previous", -1)

    def first(self) -> None:
        """The first slide, or the lab's first preset."""
        self._step("first", None, 0)

    def last(self) -> None:
        """The last slide, or the lab's last preset."""
        self._step("last", None, -1)

    def _step(self, name: str, delta: int | None, to: int = 0) -> None:
        deck = getattr(self.window, "deck", None)
        if deck is not None and getattr(deck, "is_open", False):
            getattr(deck, name)()
        else:
            lab = self.window.spec.id
            names = [p.name for p in self.window.presets if p.lab == lab]
            if not names:
                return
            at = self._preset_at.get(lab)
            if delta is None:
                i = to % len(names)
            elif at is None:
                i = 0
            else:
                i = max(0, min(len(names) - 1, at + delta))
            if i == at:
                return
            self._preset_at[lab] = i
            self.window.apply_preset(names[i])
        if self.active:
            self._trim_views()  # a slide of another lab may have built its view just now
            self._show_info()

    def _next_preset_title(self) -> str:
        lab = self.window.spec.id
        presets = [p for p in self.window.presets if p.lab == lab]
        i = self._preset_at.get(lab, -1) + 1
        return getattr(presets[i], "title", presets[i].name) if i < len(presets) else ""

    def _show_info(self) -> None:
        if self.presenter_view is None:
            return
        notes, title = slide_info(self.window)
        deck = getattr(self.window, "deck", None)
        if deck is None or not getattr(deck, "is_open", False):
            title = self._next_preset_title()
        self.presenter_view.show_info(notes, title)

    def _open_presenter_view(self) -> None:
        view = PresenterView()
        screens = QGuiApplication.screens()
        others = [s for s in screens if s is not self.window.screen()]
        if others:
            view.setScreen(others[0])
            view.move(others[0].availableGeometry().topLeft())
        view.resize(640, 480)
        view.show()
        self.presenter_view = view

    # -- blanking ------------------------------------------------------------------------------
    def blank(self) -> None:
        """Black out the window (B or "."); any key or click brings the figure back."""
        self.blanked = True
        self._blank.setGeometry(self.window.rect())
        self._blank.show()
        self._blank.raise_()

    def _unblank(self) -> None:
        self.blanked = False
        self._blank.hide()

    # -- keys and the pointer ------------------------------------------------------------------
    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        kind = event.type()
        # Sees every event of the application: anything but keys, the pointer and a close
        # goes straight on, without touching ``obj`` (it may be a widget still being built,
        # whose wrapper must not be asked anything yet).
        if kind not in _FILTERED_EVENTS:
            return False
        if obj is self.window and kind == QEvent.Type.Close:
            self.leave(rebuild=False)
            return False
        if not self.active or not obj.isWidgetType():
            return False
        # QWidget.window, not obj.window: a widget may have an attribute of that name (the
        # long-context canvas's zoom window)
        top = QWidget.window(obj)
        if top is not self.window and (self.presenter_view is None
                                       or top is not self.presenter_view):
            return False
        if kind == QEvent.Type.KeyPress:
            return self._key(event)
        if kind == QEvent.Type.KeyRelease:
            if event.key() == K.Key_L and not event.isAutoRepeat() and self._laser_key:
                self._laser_key = False
                self.laser.stop()
                return True
            return False
        return self._mouse(obj, event, kind)

    def _key(self, event) -> bool:
        key, mods = event.key(), event.modifiers()
        if self.blanked:
            self._unblank()
            return True
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        if ctrl and key in (K.Key_Equal, K.Key_Plus):
            self.step_scale(+1)
            return True
        if ctrl and key in (K.Key_Minus, K.Key_Underscore):
            self.step_scale(-1)
            return True
        if mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            return False  # the window's own shortcuts (Ctrl+Z: undo) still work
        typing = _is_field(QApplication.focusWidget())
        if key == K.Key_Escape:
            if typing:  # first leave the field, then the mode
                self.window.setFocus()
            else:
                self.leave()
            return True
        if typing and key in _TYPING:
            return False
        if key in _NEXT:
            self.next()
        elif key in _PREVIOUS:
            self.previous()
        elif key == K.Key_Home:
            self.first()
        elif key == K.Key_End:
            self.last()
        elif key in _BLANK:
            self.blank()
        elif key == K.Key_L:
            if not event.isAutoRepeat():
                self._laser_key = True
                self._point(QCursor.pos())
        else:
            return False
        return True

    def _mouse(self, obj, event, kind) -> bool:
        if kind not in _POINTER_EVENTS:
            return False
        if kind == QEvent.Type.MouseButtonPress and self.blanked:
            self._unblank()
            return True
        right = (kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease)
                 and event.button() == Qt.MouseButton.RightButton)
        # The view already built: an event delivered while the window builds a lab's view
        # (a slide switching labs) must not start building the same view a second time.
        view = self.window.views.get(self.window.spec.id)
        if view is None:
            return False
        canvas = view.canvas()
        on_canvas = obj is canvas or canvas.isAncestorOf(obj)
        if right and on_canvas:
            if kind == QEvent.Type.MouseButtonPress:
                self._point(event.globalPosition().toPoint())
            elif not self._laser_key:
                self.laser.stop()
            return True  # the right button points: no context menu while presenting
        if kind == QEvent.Type.ContextMenu and on_canvas:
            return True
        if kind == QEvent.Type.MouseMove and self.laser.isVisible() or (
                kind == QEvent.Type.MouseMove and self._laser_key):
            self._point(event.globalPosition().toPoint())
        return False

    def _point(self, global_pos) -> None:
        self.laser.point_at(self.window.view.canvas(), global_pos)
