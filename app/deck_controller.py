"""The window's open deck: stepping through its slides, live edits, and deck files.

Showing a slide applies its scene to the window the way a preset is applied: checked
completely first (a scene that cannot be shown is reported and nothing changes), then set
as one undoable step of that lab, so the lecturer can Ctrl+Z back and no lab's earlier
work is lost. Before leaving a slide, the window's scene is recorded into the session when
it was edited since the slide was shown.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.deck_files import load_deck, save_deck
from app.scenes import apply_scene, check_scene
from app.undo import push_state
from models.core.evented import SceneError
from models.deck.deck import Deck, Slide, default_title
from models.deck.session import DeckSession

__all__ = ["DeckController"]

_DECK_FILTER = "linscope decks (*.json);;All files (*)"


class DeckController(QObject):
    """The open deck of a :class:`~app.main_window.MainWindow` (at most one).

    Parameters
    ----------
    window : MainWindow
        The window slides are shown in.

    Attributes
    ----------
    session : DeckSession or None
        The open deck and the position in it; None when no deck is open.
    path : Path or None
        The deck's file; None for a new deck not yet saved.
    changed : Signal
        Emitted after a deck opens or closes, a slide is shown, or the deck is edited.
    """

    changed = Signal()

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.session: DeckSession | None = None
        self.path: Path | None = None
        self._shown: dict | None = None  # the window's scene when last recorded
        self._applied: dict | None = None  # the window's scene right after a slide was shown
        self._unsaved = False  # slides added, removed or moved since the last save
        self._deck_states: dict[str, object] = {}  # share key -> model state a slide holds

    # -- state ---------------------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        """Whether a deck is open."""
        return self.session is not None

    @property
    def index(self) -> int:
        """The current slide's index (0 when no deck is open)."""
        return self.session.index if self.session else 0

    def __len__(self) -> int:
        return len(self.session) if self.session else 0

    @property
    def dirty(self) -> bool:
        """Whether the deck's slides were added, removed or moved since it was saved."""
        return self.is_open and self._unsaved

    def current(self) -> Slide | None:
        """The slide shown now, with any live edit (the window's latest edits included)."""
        if not self.session:
            return None
        self._record()
        return self.session.current()

    def slide(self, i: int) -> Slide:
        """Slide ``i`` as it is shown now (with its live edit)."""
        self._record()
        return self.session.slide(i)

    # -- files ---------------------------------------------------------------------------
    def new(self) -> bool:
        """Start an empty deck (after asking about an unsaved one); True when started."""
        if not self.close():
            return False
        self._start(Deck(), None)
        return True

    def open(self, path: str | Path) -> str | None:
        """Open the deck file ``path`` and show its first slide.

        Returns
        -------
        str or None
            The error message (reported; the open deck and every lab untouched), or None.
        """
        try:
            deck = load_deck(path)
        except SceneError as err:
            return self.window.report_error("Cannot open deck", f"{Path(path).name}: {err}")
        if not self.close():
            return None
        self._start(deck, Path(path))
        self.window.statusBar().showMessage(f"Opened deck {Path(path).name} "
                                            f"({len(deck)} slides)", 6000)
        return None

    def open_dialog(self) -> None:
        """Choose a deck file and open it."""
        path, _ = QFileDialog.getOpenFileName(self.window, "Open deck", self._folder(),
                                              _DECK_FILTER)
        if path:
            self.open(path)

    def save(self) -> bool:
        """Save the deck (live edits included) to its file, or ask for one; True when saved."""
        if self.path is None:
            return self.save_as()
        return self.save_as(self.path)

    def save_as(self, path: str | Path | None = None) -> bool:
        """Save the deck to ``path`` (asked for when None and the window is interactive)."""
        if not self.session:
            return False
        if path is None:
            if not self.window.interactive:
                self.window.statusBar().showMessage("The deck has no file yet: use Save deck "
                                                    "as", 8000)
                return False
            path, _ = QFileDialog.getSaveFileName(self.window, "Save deck",
                                                  str(Path(self._folder()) / "deck.json"),
                                                  _DECK_FILTER)
            if not path:
                return False
            if not path.lower().endswith(".json"):
                path += ".json"
        self._record()
        try:
            save_deck(path, self.session.saved_deck())
        except (OSError, ValueError) as err:
            self.window.report_error("Cannot save deck", f"{Path(path).name}: "
                                     f"{getattr(err, 'strerror', '') or err}")
            return False
        self.path = Path(path)
        self._unsaved = False
        self.session.mark_saved()
        self.window.statusBar().showMessage(f"Saved deck {self.path.name}", 6000)
        return True

    def close(self) -> bool:
        """Close the deck; live edits made during the talk are dropped (unless saved).

        An interactive window asks first when slides were added, removed or moved since
        the last save. Returns True when no deck is open afterwards.
        """
        if not self.session:
            return True
        if self.window.interactive and self._unsaved:
            answer = QMessageBox.question(
                self.window, "Unsaved deck", "The deck's slides changed since it was saved. "
                "Save the deck first?", QMessageBox.StandardButton.Save
                | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel)
            if answer == QMessageBox.StandardButton.Cancel:
                return False
            if answer == QMessageBox.StandardButton.Save and not self.save():
                return False
        self.session = None
        self.path = None
        self._shown = None
        self._unsaved = False
        self._deck_states.clear()
        self.changed.emit()
        return True

    # -- stepping ------------------------------------------------------------------------
    def show(self, i: int) -> bool:
        """Show slide ``i`` (clamped); returns whether another slide is shown now."""
        if not self.session or not len(self.session):
            return False
        self._record()
        moved = self.session.go(i)
        if moved:
            self._apply_current()
        return moved

    def next(self) -> bool:
        """Show the next slide; False on the last one (or with no deck)."""
        return self.show(self.index + 1)

    def previous(self) -> bool:
        """Show the previous slide; False on the first one."""
        return self.show(self.index - 1)

    def first(self) -> bool:
        """Show the first slide."""
        return self.show(0)

    def last(self) -> bool:
        """Show the last slide."""
        return self.show(len(self) - 1)

    def revert_slide(self) -> bool:
        """Show the current slide as prepared, dropping its live edit; True when it had one."""
        if not self.session or not len(self.session):
            return False
        self._record()
        had = self.session.revert()
        self._apply_current()
        return had

    def modified(self, i: int) -> bool:
        """Whether slide ``i`` was edited during the talk (the shown one included)."""
        self._record()
        return bool(self.session) and self.session.modified(i)

    # -- editing the deck ----------------------------------------------------------------
    def add_current_scene(self, title: str = "", notes: str = "") -> int:
        """Add what the window shows as a slide after the current one (a new deck is
        started when none is open); returns the new slide's index."""
        if not self.session:
            self._start(Deck(), None, show=False)
        # No recording here: what the window shows becomes the new slide; it is not an edit
        # of the slide shown before.
        scene = self.window.current_scene()
        at = self.session.index + 1 if len(self.session) else 0
        slide = Slide(scene, title or default_title(scene, at + 1), notes)
        try:
            deck = self.session.deck.add(slide, at)
        except SceneError as err:
            self.window.report_error("Cannot add slide", str(err))
            return self.session.index
        order = list(range(at)) + [None] + list(range(at, len(self.session)))
        self._rebuild(deck, order, at)
        self._shown = self._applied = scene
        return at

    def remove(self, i: int) -> None:
        """Remove slide ``i`` (the next one, or the new last one, is shown)."""
        self._record()
        deck = self.session.deck.remove(i)
        order = [k for k in range(len(self.session)) if k != i]
        current = self.session.index
        self._rebuild(deck, order, current - 1 if i < current else min(current, len(deck) - 1))
        if i == current and len(deck):
            self._apply_current()

    def move(self, i: int, j: int) -> None:
        """Move slide ``i`` to position ``j``; the shown slide stays shown."""
        self._record()
        deck = self.session.deck.move(i, j)
        order = list(range(len(self.session)))
        order.insert(j, order.pop(i))
        self._rebuild(deck, order, order.index(self.session.index))

    # -- internals -----------------------------------------------------------------------
    def _start(self, deck: Deck, path: Path | None, show: bool = True) -> None:
        self.session = DeckSession(deck)
        self.session.changed.connect(self.changed.emit)
        self.path = path
        self._unsaved = False
        self._shown = None
        if show and len(deck):
            self._apply_current()
        self.changed.emit()

    def _rebuild(self, deck: Deck, order: list, index: int) -> None:
        """Take ``deck`` whose slide k was slide ``order[k]`` (None: new), live edits kept."""
        live = self.session.live_edits()
        moved = {k: live[old] for k, old in enumerate(order) if old is not None and old in live}
        self.session.set_deck(deck, max(index, 0), moved)
        self._unsaved = True

    def _record(self) -> None:
        """Keep the window's scene as the current slide's live scene if it was edited."""
        if self.session is None or self._shown is None or not len(self.session):
            return
        scene = self.window.current_scene()
        if scene == self._shown:
            return
        if scene == self._applied:
            self.session.revert()  # edited, then undone back to the slide as shown
        else:
            self.session.record(scene)
        self._shown = scene
        doc = self.window.document()
        self._deck_states[doc.key] = doc.model.state  # the deck now holds this state too

    def _apply_current(self) -> None:
        """Show the session's current slide in the window as one undoable step."""
        window = self.window
        n = self.session.index
        slide = self.session.current()
        base = self.path.absolute().parent if self.path else None
        try:
            checked = check_scene(slide.scene, base=base)
        except SceneError as err:  # a deck is checked when opened; this is a last guard
            window.report_error("Cannot show slide", f"slide {n + 1}: {err}")
            return
        window.switch_lab(checked.spec.id)
        doc = window.document(checked.spec)
        # A lab that showed nothing unsaved (or only the deck's own slides) stays clean: a
        # slide is the deck's, not unsaved work of the lab, and closing after a talk must
        # not ask about every lab the deck visited. Unsaved work of the lab is kept dirty,
        # one Ctrl+Z below the slide.
        clean = not doc.dirty or self._deck_states.get(doc.key) is doc.model.state
        apply_scene(checked, doc.model, window.view, set_state=lambda state: push_state(
            doc.stack, doc.model, f"Slide {n + 1}", state))
        window._rebuild_toggles()  # noqa: SLF001 - the toggles follow the applied view state
        if clean:
            doc.path = None  # Save must not write the slide over the lab's earlier file
            doc.saved_state = doc.model.state
        self._deck_states[doc.key] = doc.model.state
        window._edited()  # noqa: SLF001 - the title and the recovery file follow
        self._shown = self._applied = window.current_scene()
        title = slide.title or default_title(slide.scene, n + 1)
        window.statusBar().showMessage(f"Slide {n + 1}/{len(self.session)}: {title}", 6000)

    def _folder(self) -> str:
        if self.path is not None:
            return str(self.path.parent)
        return self.window._folder()  # noqa: SLF001 - the window's last-used folder
