"""The monkey's lecture gestures: presenter mode on and off, its clicker keys and scale, and
decks (the course deck opened, stepped, edited, reverted, grown and closed).

A deck's own dialogs (Open deck…, Save deck as…) wait for a person, so the monkey opens the
shipped course deck directly and saves nothing; closing a deck whose slides changed would
ask, so it closes only a deck with no unsaved change to its slides.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.harness.monkey_gestures import Step

__all__ = ["plan_deck", "plan_present", "plan_present_key"]

COURSE = Path(__file__).resolve().parents[2] / "assets" / "decks" / "course.json"
_KEYS = (("Right", Qt.Key.Key_Right), ("Left", Qt.Key.Key_Left), ("Space", Qt.Key.Key_Space),
         ("PageDown", Qt.Key.Key_PageDown), ("PageUp", Qt.Key.Key_PageUp),
         ("Home", Qt.Key.Key_Home), ("End", Qt.Key.Key_End), ("B", Qt.Key.Key_B),
         ("period", Qt.Key.Key_Period))


def plan_present(ctx) -> list[Step] | None:
    """View > Present (F5), on or off."""
    presenter = getattr(ctx.window, "presenter", None)
    if presenter is None:
        return None
    if presenter.active:
        return [Step("leave presenter mode", presenter.leave)]
    return [Step("enter presenter mode", presenter.enter)]


def plan_present_key(ctx) -> list[Step] | None:
    """A clicker key, or Ctrl+= / Ctrl+− for the presenter's scale, while presenting."""
    presenter = getattr(ctx.window, "presenter", None)
    if presenter is None or not presenter.active:
        return None
    if ctx.rng.random() < 0.2:
        up = ctx.rng.random() < 0.5
        return [Step(f"presenter scale {'up' if up else 'down'}",
                     lambda: presenter.step_scale(+1 if up else -1))]
    name, key = ctx.rng.choice(_KEYS)
    window = ctx.window
    return [Step(f"clicker key {name}",
                 lambda: QTest.keyClick(window.focusWidget() or window, key))]


def plan_deck(ctx) -> list[Step] | None:
    """Open the course deck, step it, revert a slide, add the current scene, or close it."""
    deck = getattr(ctx.window, "deck", None)
    if deck is None:
        return None
    if not deck.is_open:
        return [Step("open the course deck", lambda: deck.open(COURSE))]
    choices = [("next slide", deck.next), ("previous slide", deck.previous),
               ("first slide", deck.first), ("revert slide", deck.revert_slide),
               ("add the current scene to the deck", deck.add_current_scene)]
    if not deck.dirty:
        choices.append(("close the deck", deck.close))
    label, run = ctx.rng.choice(choices)
    return [Step(label, run)]
