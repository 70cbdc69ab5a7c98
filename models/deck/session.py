"""A deck being shown: which slide is current, and the live edits made during the talk.

An edit made while a slide is shown changes that slide only while the deck is open:
:meth:`DeckSession.record` keeps the live scene beside the prepared one, Revert restores
the prepared one, and :meth:`DeckSession.saved_deck` (what a save writes) folds the live
edits in.
"""

from __future__ import annotations

from psygnal import Signal

from models.deck.deck import Deck, Slide

__all__ = ["DeckSession"]


class DeckSession:
    """An open deck and the position in it.

    Parameters
    ----------
    deck : Deck
        The prepared deck.

    Attributes
    ----------
    changed : Signal
        Emitted after the current slide, the deck or a live edit changes.
    """

    changed = Signal()

    def __init__(self, deck: Deck | None = None) -> None:
        self._deck = deck if deck is not None else Deck()
        self._live: dict[int, dict] = {}  # slide index -> scene edited during the talk
        self._index = 0

    # -- what is shown -------------------------------------------------------------------
    @property
    def deck(self) -> Deck:
        """The prepared deck (without live edits)."""
        return self._deck

    @property
    def index(self) -> int:
        """The current slide's index (0 for an empty deck)."""
        return self._index

    def __len__(self) -> int:
        return len(self._deck)

    def slide(self, i: int) -> Slide:
        """Slide ``i`` as it is shown now: with its live edit, if any."""
        prepared = self._deck[i]
        live = self._live.get(i)
        return prepared if live is None else prepared.with_scene(live)

    def current(self) -> Slide | None:
        """The slide shown now, with any live edits; None for an empty deck."""
        return self.slide(self._index) if len(self._deck) else None

    def modified(self, i: int) -> bool:
        """Whether slide ``i`` has a live edit that differs from the prepared slide."""
        return i in self._live

    # -- stepping ------------------------------------------------------------------------
    def go(self, i: int) -> bool:
        """Make slide ``i`` current (clamped to the deck); returns whether it moved."""
        if not len(self._deck):
            return False
        i = max(0, min(int(i), len(self._deck) - 1))
        if i == self._index:
            return False
        self._index = i
        self.changed.emit()
        return True

    def next(self) -> bool:
        """Step to the next slide; False on the last one."""
        return self.go(self._index + 1)

    def previous(self) -> bool:
        """Step to the previous slide; False on the first one."""
        return self.go(self._index - 1)

    def first(self) -> bool:
        """Go to the first slide."""
        return self.go(0)

    def last(self) -> bool:
        """Go to the last slide."""
        return self.go(len(self._deck) - 1)

    # -- live edits ----------------------------------------------------------------------
    def record(self, scene: dict) -> bool:
        """Keep ``scene`` as the current slide's live scene (an edit during the talk).

        A scene equal to the prepared one clears the live edit. Returns whether anything
        changed.
        """
        if not len(self._deck):
            return False
        i = self._index
        prepared = self._deck[i].scene
        before = self._live.get(i)
        if scene == prepared:
            if before is None:
                return False
            del self._live[i]
        else:
            if before == scene:
                return False
            self._live[i] = self._deck[i].with_scene(scene).scene
        self.changed.emit()
        return True

    def revert(self) -> bool:
        """Drop the current slide's live edit; returns whether there was one."""
        if self._live.pop(self._index, None) is None:
            return False
        self.changed.emit()
        return True

    # -- editing the deck ----------------------------------------------------------------
    def set_deck(self, deck: Deck, index: int | None = None, live: dict | None = None) -> None:
        """Replace the deck (after an add, remove or move), with the live edits re-keyed."""
        self._deck = deck
        self._live = dict(live or {})
        top = max(len(deck) - 1, 0)
        self._index = max(0, min(self._index if index is None else index, top))
        self.changed.emit()

    def live_edits(self) -> dict[int, dict]:
        """The live scenes by slide index (a copy)."""
        return dict(self._live)

    def saved_deck(self) -> Deck:
        """The deck with every live edit written into its slide (what a save writes)."""
        deck = self._deck
        for i, scene in self._live.items():
            deck = deck.replace(i, deck[i].with_scene(scene))
        return deck

    def mark_saved(self) -> None:
        """After a save: the live edits are now the prepared slides."""
        self._deck = self.saved_deck()
        self._live.clear()
        self.changed.emit()
