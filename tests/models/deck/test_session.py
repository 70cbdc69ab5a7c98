"""A deck being shown: stepping (clamped), live edits kept until saved, Revert."""

from models.deck import Deck, DeckSession, Slide


def _scene(a):
    return {"format": "linscope-scene", "version": 1, "lab": "plane",
            "model": {"entries": [[a, "0"], ["0", "1"]]}, "view": {}}


def _session(n=3):
    return DeckSession(Deck(tuple(Slide(_scene(str(i)), f"t{i}") for i in range(n))))


def test_stepping_is_clamped_and_says_whether_it_moved():
    s = _session()
    seen = []
    s.changed.connect(lambda: seen.append(s.index))
    assert s.index == 0 and s.previous() is False and s.first() is False
    assert s.next() and s.next() and s.index == 2
    assert s.next() is False and s.last() is False
    assert s.first() and s.index == 0
    assert s.last() and s.index == 2
    assert s.go(-5) and s.index == 0 and s.go(99) and s.index == 2
    assert seen == [1, 2, 0, 2, 0, 2]
    assert s.current().title == "t2"


def test_an_empty_session_goes_nowhere():
    s = DeckSession(Deck())
    assert s.current() is None and not s.next() and not s.last() and not s.record(_scene("1"))


def test_a_live_edit_is_kept_per_slide_and_revert_restores_the_prepared_one():
    s = _session()
    s.next()
    assert s.record(_scene("7"))
    assert s.modified(1) and not s.modified(0)
    assert s.current().scene["model"]["entries"][0][0] == "7"
    assert s.current().title == "t1"  # title and notes stay
    s.first()
    s.next()
    assert s.current().scene["model"]["entries"][0][0] == "7"  # kept while open
    assert s.deck[1].scene["model"]["entries"][0][0] == "1"  # the prepared slide untouched
    assert s.revert() and not s.modified(1)
    assert s.current().scene["model"]["entries"][0][0] == "1"
    assert s.revert() is False


def test_recording_the_prepared_scene_clears_the_edit():
    s = _session()
    s.record(_scene("7"))
    assert s.record(_scene("0")) and not s.modified(0)
    assert s.record(_scene("0")) is False


def test_saving_writes_the_live_edits_into_the_deck():
    s = _session()
    s.go(2)
    s.record(_scene("9"))
    saved = s.saved_deck()
    assert [sl.scene["model"]["entries"][0][0] for sl in saved.slides] == ["0", "1", "9"]
    assert s.deck[2].scene["model"]["entries"][0][0] == "2"  # not until marked saved
    s.mark_saved()
    assert s.deck == saved and not s.modified(2)
