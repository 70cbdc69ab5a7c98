"""The deck commands in the window's menus: File → New deck … Close deck, and a Deck menu
for stepping and arranging slides. Each entry is also a window action (command palette)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget

from views.common.deck_panel import DeckPanel

__all__ = ["DECK_ACTIONS", "add_deck_menu"]

# (id, text, menu, controller method, shortcut, needs an open deck, needs a slide)
DECK_ACTIONS = (
    ("deck.new", "New &deck", "file", "new", "", False, False),
    ("deck.open", "Open dec&k…", "file", "open_dialog", "", False, False),
    ("deck.save", "Save d&eck", "file", "save", "", True, False),
    ("deck.save_as", "Save deck as…", "file", "save_as", "", True, False),
    ("deck.add", "Add current scene to deck", "file", "add_current_scene", "Ctrl+Shift+D",
     False, False),
    ("deck.close", "Close deck", "file", "close", "", True, False),
    ("deck.next", "&Next slide", "deck", "next", "Alt+PgDown", True, True),
    ("deck.previous", "&Previous slide", "deck", "previous", "Alt+PgUp", True, True),
    ("deck.first", "&First slide", "deck", "first", "Alt+Home", True, True),
    ("deck.last", "&Last slide", "deck", "last", "Alt+End", True, True),
    ("deck.revert", "&Revert slide", "deck", "revert_slide", "", True, True),
    ("deck.remove", "Re&move slide", "deck", "_remove_current", "", True, True),
    ("deck.up", "Move slide &up", "deck", "_move_current_up", "", True, True),
    ("deck.down", "Move slide do&wn", "deck", "_move_current_down", "", True, True),
)


def add_deck_menu(window) -> None:
    """Add the deck commands to ``window``'s File menu and a Deck menu before Help."""
    deck = window.deck
    bar = window.menuBar()
    menus = {a.text(): a.menu() for a in bar.actions() if a.menu() is not None}
    file_menu = menus["&File"]
    quit_action = window.actions.get("file.quit")
    if quit_action is not None:
        file_menu.insertSeparator(quit_action)
    else:
        file_menu.addSeparator()
    deck_menu = window.menuBar().addMenu("&Deck")
    help_menu = menus.get("&Help")
    if help_menu is not None:  # keep Help last, where people look for it
        bar.insertMenu(help_menu.menuAction(), deck_menu)
    handlers = {"_remove_current": lambda: deck.remove(deck.index),
                "_move_current_up": lambda: _move_by(deck, -1),
                "_move_current_down": lambda: _move_by(deck, +1)}
    needs: list[tuple[QAction, bool, bool]] = []
    for aid, text, where, method, shortcut, need_deck, need_slide in DECK_ACTIONS:
        act = QAction(text, window)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
        handler = handlers.get(method) or getattr(deck, method)
        # triggered passes a "checked" flag; the controller's methods take no such argument
        act.triggered.connect(lambda _=False, h=handler: h())
        if where == "file":
            if quit_action is not None:
                file_menu.insertAction(quit_action, act)
            else:
                file_menu.addAction(act)
        else:
            deck_menu.addAction(act)
        window.addAction(act)
        window.actions[aid] = act
        needs.append((act, need_deck, need_slide))
    if quit_action is not None:
        file_menu.insertSeparator(quit_action)

    def enable() -> None:
        has_slide = len(deck) > 0
        for act, need_deck, need_slide in needs:
            act.setEnabled((deck.is_open or not need_deck) and (has_slide or not need_slide))

    deck.changed.connect(enable)
    enable()
    _add_slide_list(window)


def _add_slide_list(window) -> None:
    """A "Slides" dock, tabbed with the presets (no room taken from the figure), shown
    while a deck is open."""
    deck = window.deck
    panel = DeckPanel()
    panel.slide_chosen.connect(deck.show)
    panel.move_requested.connect(deck.move)
    panel.remove_requested.connect(deck.remove)
    dock = QDockWidget("Slides", window)
    dock.setObjectName("deck")
    dock.setWidget(panel)
    dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                     | QDockWidget.DockWidgetFeature.DockWidgetClosable)
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
    presets = getattr(window, "preset_dock", None)
    if presets is not None:
        window.tabifyDockWidget(presets, dock)
    dock.hide()
    window.deck_panel = panel
    window.deck_dock = dock
    was_open = [False]

    def refresh() -> None:
        session = deck.session
        if session is None:
            dock.hide()
            was_open[0] = False
            return
        rows = [(session.deck[i].title, session.deck[i].lab, session.modified(i))
                for i in range(len(session))]
        panel.set_slides(rows, session.index)
        if not was_open[0]:  # a deck just opened: show its slides in front of the presets
            was_open[0] = True
            dock.show()
            dock.raise_()

    deck.changed.connect(refresh)


def _move_by(deck, step: int) -> None:
    i = deck.index
    j = i + step
    if deck.is_open and 0 <= j < len(deck):
        deck.move(i, j)
