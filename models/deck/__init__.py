"""Decks: a lecture as a sequence of live scenes (pure; no Qt)."""

from models.deck.deck import DECK_FORMAT, DECK_VERSION, Deck, Slide
from models.deck.session import DeckSession

__all__ = ["DECK_FORMAT", "DECK_VERSION", "Deck", "DeckSession", "Slide"]
