"""Decks: a lecture as an ordered list of live scenes, each with a title and speaker notes.

Format (version 1)::

    {"format": "linscope-deck", "version": 1,
     "slides": [{"title": "...", "notes": "...", "scene": {<a linscope scene>}}, ...]}

This module checks the envelope and each slide's shape and scene envelope; whether a
slide's scene can be shown by its lab is checked where the labs are known (the app), so
that a bad deck is refused before anything is applied.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from models.core.evented import SceneError
from models.core.scene import parse_scene

__all__ = ["DECK_FORMAT", "DECK_VERSION", "MAX_SLIDES", "Deck", "Slide", "deck_from_text",
           "deck_to_text", "default_title"]

DECK_FORMAT = "linscope-deck"
DECK_VERSION = 1
MAX_SLIDES = 500  # a whole course fits; a runaway generator's file does not
_MAX_TEXT = 20_000  # characters of a title or of notes


@dataclass(frozen=True)
class Slide:
    """One slide: a scene document, with an optional title and speaker notes.

    Parameters
    ----------
    scene : dict
        A scene document (see :mod:`models.core.scene`).
    title : str
        Shown in the slide list and to the presenter.
    notes : str
        Speaker notes.
    """

    scene: dict = field(hash=False, compare=True)
    title: str = ""
    notes: str = ""

    @property
    def lab(self) -> str:
        """The lab the slide's scene shows."""
        return str(self.scene.get("lab", ""))

    def with_scene(self, scene: dict) -> Slide:
        """This slide showing ``scene`` (title and notes kept)."""
        return Slide(_copy(scene), self.title, self.notes)

    def to_dict(self) -> dict:
        """The slide as written in a deck file."""
        return {"title": self.title, "notes": self.notes, "scene": _copy(self.scene)}


@dataclass(frozen=True)
class Deck:
    """An ordered, immutable list of slides; editing helpers return new decks.

    Parameters
    ----------
    slides : tuple of Slide
        The slides, in the order they are shown.
    """

    slides: tuple[Slide, ...] = ()

    def __len__(self) -> int:
        return len(self.slides)

    def __getitem__(self, i: int) -> Slide:
        return self.slides[i]

    def add(self, slide: Slide, at: int | None = None) -> Deck:
        """A deck with ``slide`` inserted before index ``at`` (default: at the end)."""
        if len(self.slides) >= MAX_SLIDES:
            raise SceneError(f"a deck holds at most {MAX_SLIDES} slides")
        at = len(self.slides) if at is None else max(0, min(at, len(self.slides)))
        return Deck(self.slides[:at] + (slide,) + self.slides[at:])

    def remove(self, i: int) -> Deck:
        """A deck without slide ``i``; ``IndexError`` when there is no such slide."""
        self._check_index(i)
        return Deck(self.slides[:i] + self.slides[i + 1:])

    def move(self, i: int, j: int) -> Deck:
        """A deck with slide ``i`` moved to index ``j`` (the others keep their order)."""
        self._check_index(i)
        self._check_index(j)
        rest = list(self.slides)
        slide = rest.pop(i)
        rest.insert(j, slide)
        return Deck(tuple(rest))

    def replace(self, i: int, slide: Slide) -> Deck:
        """A deck with slide ``i`` replaced by ``slide``."""
        self._check_index(i)
        return Deck(self.slides[:i] + (slide,) + self.slides[i + 1:])

    def _check_index(self, i: int) -> None:
        if not 0 <= i < len(self.slides):
            raise IndexError(f"no slide {i + 1}: the deck has {len(self.slides)}")

    def to_dict(self) -> dict:
        """The deck document (JSON-ready)."""
        return {"format": DECK_FORMAT, "version": DECK_VERSION,
                "slides": [s.to_dict() for s in self.slides]}

    @classmethod
    def from_dict(cls, data, base: str | None = None) -> Deck:
        """Check a deck document's envelope, every slide's fields and scene envelope.

        Parameters
        ----------
        data : object
            The parsed JSON of a deck file.
        base : str, optional
            The deck file's folder; kept for symmetry with scenes (relative file paths in
            a slide's scene are resolved from it where the scene is checked).

        Raises
        ------
        SceneError
            With a message naming the slide (1-based) and what is wrong.
        """
        del base  # resolved where scenes are checked against their labs
        if not isinstance(data, dict) or data.get("format") != DECK_FORMAT:
            raise SceneError(f"not a linscope deck (missing \"format\": \"{DECK_FORMAT}\")")
        version = data.get("version")
        if not isinstance(version, int) or isinstance(version, bool):
            raise SceneError("deck has no integer \"version\"")
        if version > DECK_VERSION:
            raise SceneError(f"deck version {version} is newer than this linscope "
                             f"understands (up to {DECK_VERSION}); please update linscope")
        if version < 1:
            raise SceneError(f"deck version {version} is not supported")
        slides = data.get("slides")
        if not isinstance(slides, list):
            raise SceneError("deck \"slides\" must be a list")
        if len(slides) > MAX_SLIDES:
            raise SceneError(f"deck has {len(slides)} slides; at most {MAX_SLIDES}")
        return cls(tuple(_slide(item, n) for n, item in enumerate(slides, start=1)))


def _slide(item, n: int) -> Slide:
    if not isinstance(item, dict):
        raise SceneError(f"slide {n}: must be an object with a \"scene\"")
    texts = {}
    for key in ("title", "notes"):
        value = item.get(key, "")
        if not isinstance(value, str):
            raise SceneError(f"slide {n}: \"{key}\" must be text")
        if len(value) > _MAX_TEXT:
            raise SceneError(f"slide {n}: \"{key}\" is longer than {_MAX_TEXT} characters")
        texts[key] = value
    scene = item.get("scene")
    if not isinstance(scene, dict):
        raise SceneError(f"slide {n}: \"scene\" must be a scene object")
    try:
        # The same envelope check as a scene file: format, version, lab, model, view, text.
        scene = parse_scene(json.dumps(scene, allow_nan=False))
    except (SceneError, ValueError) as err:
        raise SceneError(f"slide {n}: {err}") from None
    return Slide(scene, texts["title"], texts["notes"])


def _copy(doc: dict) -> dict:
    # A deep copy through JSON: a slide's scene never shares lists with a caller's.
    return json.loads(json.dumps(doc))


def deck_to_text(deck: Deck) -> str:
    """The deck file's text (UTF-8 JSON, indented)."""
    return json.dumps(deck.to_dict(), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def deck_from_text(text: str | bytes, base: str | None = None) -> Deck:
    """Parse a deck file's text and check it (see :meth:`Deck.from_dict`).

    Raises
    ------
    SceneError
        Not UTF-8, not JSON, or not a valid deck; the message says why.
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise SceneError("file is not UTF-8 text; not a linscope deck") from None
    if not text.strip():
        raise SceneError("file is empty")
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as err:
        raise SceneError(f"not valid JSON at line {err.lineno}, column {err.colno}: "
                         f"{err.msg}") from None
    except RecursionError:
        raise SceneError("JSON nested too deeply") from None
    return Deck.from_dict(data, base)


def _refuse_constant(name: str):
    raise SceneError(f"{name} is not allowed in a deck: numbers must be finite")


def default_title(scene: dict, n: int) -> str:
    """A title for an untitled slide ``n`` (1-based): its number and lab."""
    return f"Slide {n} ({scene.get('lab', '?')})"
