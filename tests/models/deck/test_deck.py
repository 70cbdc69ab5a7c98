"""Deck documents: the envelope, each slide's fields and scene envelope, and editing."""

import json

import pytest

from models.core.evented import SceneError
from models.deck import DECK_FORMAT, DECK_VERSION, Deck, Slide
from models.deck.deck import deck_from_text, deck_to_text


def _scene(a="1"):
    return {"format": "linscope-scene", "version": 1, "lab": "plane",
            "model": {"entries": [[a, "0"], ["0", "1"]]}, "view": {"grid": False}}


def _deck(*names):
    return Deck(tuple(Slide(_scene(n), f"slide {n}", f"notes {n}") for n in names))


def test_a_deck_round_trips_through_its_text():
    deck = _deck("1", "2", "3")
    text = deck_to_text(deck)
    data = json.loads(text)
    assert data["format"] == DECK_FORMAT == "linscope-deck" and data["version"] == DECK_VERSION
    assert [s["title"] for s in data["slides"]] == ["slide 1", "slide 2", "slide 3"]
    back = deck_from_text(text)
    assert back == deck
    assert back[1].scene["model"]["entries"][0][0] == "2" and back[2].notes == "notes 3"


def test_a_slide_never_shares_its_scene_with_the_caller():
    scene = _scene("5")
    deck = Deck((Slide(scene),))
    data = deck.to_dict()
    data["slides"][0]["scene"]["model"]["entries"][0][0] = "9"
    assert deck[0].scene["model"]["entries"][0][0] == "5"


@pytest.mark.parametrize(("data", "words"), [
    ([], "not a linscope deck"),
    ({"format": "linscope-scene", "version": 1, "slides": []}, "not a linscope deck"),
    ({"format": "linscope-deck", "slides": []}, "integer \"version\""),
    ({"format": "linscope-deck", "version": 2, "slides": []}, "newer"),
    ({"format": "linscope-deck", "version": 0, "slides": []}, "not supported"),
    ({"format": "linscope-deck", "version": 1, "slides": {}}, "must be a list"),
    ({"format": "linscope-deck", "version": 1, "slides": [3]}, "slide 1: must be an object"),
    ({"format": "linscope-deck", "version": 1, "slides": [{"title": "x"}]},
     "slide 1: \"scene\""),
    ({"format": "linscope-deck", "version": 1,
      "slides": [{"scene": _scene(), "title": 4}]}, "slide 1: \"title\" must be text"),
    ({"format": "linscope-deck", "version": 1,
      "slides": [{"scene": _scene()}, {"scene": {"format": "linscope-scene", "version": 1,
                                                  "lab": "plane", "model": []}}]},
     "slide 2: scene \"model\" must be an object"),
    ({"format": "linscope-deck", "version": 1,
      "slides": [{"scene": {"format": "nope"}}]}, "slide 1: not a linscope scene"),
])
def test_a_bad_deck_is_refused_with_a_message(data, words):
    with pytest.raises(SceneError, match=words.replace("(", r"\(")):
        Deck.from_dict(data)


@pytest.mark.parametrize(("text", "words"), [
    ("", "empty"), ("{\"format\": ", "not valid JSON"), (b"\xff\xfe", "UTF-8"),
    ('{"format": "linscope-deck", "version": 1, "slides": [NaN]}', "NaN"),
])
def test_bad_text_is_refused(text, words):
    with pytest.raises(SceneError, match=words):
        deck_from_text(text)


def test_editing_returns_new_decks():
    deck = _deck("1", "2", "3")
    added = deck.add(Slide(_scene("4"), "four"), at=1)
    assert [s.title for s in added.slides] == ["slide 1", "four", "slide 2", "slide 3"]
    assert [s.title for s in deck.add(Slide(_scene("4"), "four")).slides][-1] == "four"
    assert [s.title for s in deck.remove(0).slides] == ["slide 2", "slide 3"]
    assert [s.title for s in deck.move(0, 2).slides] == ["slide 2", "slide 3", "slide 1"]
    assert [s.title for s in deck.move(2, 0).slides] == ["slide 3", "slide 1", "slide 2"]
    assert len(deck) == 3  # the original is unchanged
    with pytest.raises(IndexError, match="no slide 4"):
        deck.remove(3)
    with pytest.raises(IndexError):
        deck.move(0, 5)
