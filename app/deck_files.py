"""Deck files: read one and check every slide's scene against its lab before anything is
shown; write one atomically."""

from __future__ import annotations

from pathlib import Path

from app.scenes import CheckedScene, check_scene
from models.core.evented import SceneError
from models.core.safe_write import remove_stale_temporaries, write_text_atomic
from models.core.scene import MAX_BYTES, read_limited
from models.deck.deck import Deck, deck_from_text, deck_to_text

__all__ = ["MAX_DECK_BYTES", "check_slides", "load_deck", "save_deck"]

#: A deck holds many scenes: room for a long course, not for a runaway file.
MAX_DECK_BYTES = 8 * MAX_BYTES


def load_deck(path: str | Path) -> Deck:
    """Read a deck file and check it completely, every slide's scene included.

    Relative file paths in a slide's scene are read from the deck file's folder.

    Raises
    ------
    SceneError
        The file cannot be read, is not a deck, or a slide cannot be shown; the message
        names the slide. Nothing anywhere is changed.
    """
    path = Path(path)
    remove_stale_temporaries(path)  # left by a save of this file that was killed
    data = read_limited(path, MAX_DECK_BYTES, "decks")
    base = path.absolute().parent
    deck = deck_from_text(data, str(base))
    check_slides(deck, base)
    return deck


def check_slides(deck: Deck, base: str | Path | None = None) -> list[CheckedScene]:
    """Check every slide's scene against its lab (the scene file check); returns them.

    Raises
    ------
    SceneError
        ``slide N ("title"): what is wrong`` for the first slide that cannot be shown.
    """
    checked = []
    for n, slide in enumerate(deck.slides, start=1):
        try:
            checked.append(check_scene(slide.scene, base=base))
        except SceneError as err:
            named = f' ("{slide.title[:40]}")' if slide.title else ""
            raise SceneError(f"slide {n}{named}: {err}") from None
    return checked


def save_deck(path: str | Path, deck: Deck) -> Path:
    """Write ``deck`` to ``path`` atomically (the old file stays whole on any failure).

    Raises
    ------
    OSError
        The folder is not writable or the disk is full.
    ValueError
        A slide holds NaN or infinity (nothing is written).
    """
    return write_text_atomic(path, deck_to_text(deck))
