"""Decks in the window and on the command line: files, stepping, live edits, the handout PDF,
and the example deck's numbers."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from app.deck_files import load_deck, save_deck
from models.core.evented import SceneError
from models.deck import Deck, Slide

ROOT = Path(__file__).resolve().parents[2]
COURSE = ROOT / "assets" / "decks" / "course.json"


def _plane(a, b="0", view=None):
    return {"format": "linscope-scene", "version": 1, "lab": "plane",
            "model": {"entries": [[a, b], ["0", "1"]]}, "view": view or {}}


def _product():
    return {"format": "linscope-scene", "version": 1, "lab": "product",
            "model": {"a": [["1", "2", "3"], ["4", "5", "6"]],
                      "b": [["7", "8"], ["9", "10"], ["11", "12"]], "selected": [0, 0]},
            "view": {}}


def _three(tmp_path) -> Path:
    deck = Deck((Slide(_plane("2"), "two", "first notes"), Slide(_product(), "product"),
                 Slide(_plane("3", "1", {"grid": False}), "three")))
    path = tmp_path / "three.json"
    save_deck(path, deck)
    return path


def _entries(window):
    return np.array(window.model_for(window.spec).matrix)


def test_a_deck_round_trips_through_a_file(tmp_path):
    path = _three(tmp_path)
    data = json.loads(path.read_text("utf-8"))
    assert data["format"] == "linscope-deck" and data["version"] == 1
    assert [s["title"] for s in data["slides"]] == ["two", "product", "three"]
    back = load_deck(path)
    assert back.to_dict() == data
    save_deck(tmp_path / "again.json", back)
    assert json.loads((tmp_path / "again.json").read_text("utf-8")) == data
    assert not list(tmp_path.glob(".*.tmp"))  # the atomic write left no temporary


_BAD = {
    "wrong format": ('{"format": "linscope-scene", "version": 1, "slides": []}',
                     "not a linscope deck"),
    "bad JSON": ('{"format": "linscope-deck", "version": 1, "slides": [', "not valid JSON"),
    "not an object": ("[1, 2, 3]", "not a linscope deck"),
    "slide with a bad scene": (json.dumps({"format": "linscope-deck", "version": 1, "slides": [
        {"title": "fine", "scene": _plane("1")},
        {"title": "broken", "scene": _plane("abc")}]}), 'slide 2 ("broken")'),
    "slide of an unknown lab": (json.dumps({"format": "linscope-deck", "version": 1, "slides": [
        {"scene": dict(_plane("1"), lab="nope")}]}), "slide 1: unknown lab"),
}


@pytest.mark.parametrize("case", sorted(_BAD))
def test_a_bad_deck_file_is_refused_and_the_open_deck_untouched(window, tmp_path, case):
    text, words = _BAD[case]
    good = _three(tmp_path)
    assert window.deck.open(good) is None
    window.deck.next()
    before = (window.deck.session, window.deck.path, window.deck.index, window.spec.id)
    bad = tmp_path / "bad.json"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(SceneError, match=re.escape(words)):
        load_deck(bad)
    message = window.deck.open(bad)
    assert message is not None and words in message and message.startswith("bad.json")
    assert window.last_error == message
    after = (window.deck.session, window.deck.path, window.deck.index, window.spec.id)
    assert after == before
    assert window.model_for(window.spec).product.tolist() == [[58, 64], [139, 154]]


def test_stepping_shows_each_slides_lab_and_matrix(window, tmp_path):
    window.deck.open(_three(tmp_path))
    seen = []

    def look():
        if window.spec.id == "plane":
            seen.append(("plane", _entries(window).tolist()))
        else:
            seen.append((window.spec.id, window.model_for(window.spec).product.tolist()))

    look()
    assert window.deck.next()
    look()
    assert window.deck.next()
    look()
    assert window.view.option("grid") is False  # the slide's view state is applied too
    assert window.deck.next() is False  # the last slide: nowhere to go
    assert window.deck.previous()
    look()
    assert window.deck.first()
    look()
    assert window.deck.last()
    look()
    assert seen == [("plane", [[2, 0], [0, 1]]), ("product", [[58, 64], [139, 154]]),
                    ("plane", [[3, 1], [0, 1]]), ("product", [[58, 64], [139, 154]]),
                    ("plane", [[2, 0], [0, 1]]), ("plane", [[3, 1], [0, 1]])]


def test_a_slide_is_one_undoable_step(window, tmp_path):
    window.deck.open(_three(tmp_path))
    window.deck.last()
    assert _entries(window)[0].tolist() == [3, 1]
    window.undo()
    assert _entries(window)[0].tolist() == [2, 0]  # back to what the lab showed before


def test_a_live_edit_is_kept_while_the_deck_is_open_and_revert_restores_it(window, tmp_path):
    path = _three(tmp_path)
    window.deck.open(path)
    window.view.intent.emit("Edit", {"entry": (0, 1, "5")}, None)  # drag mid-talk
    assert _entries(window)[0].tolist() == [2, 5]
    window.deck.next()
    window.deck.previous()
    assert _entries(window)[0].tolist() == [2, 5]  # kept while the deck is open
    assert window.deck.modified(0) and not window.deck.modified(1)
    assert window.deck.revert_slide()
    assert _entries(window)[0].tolist() == [2, 0]
    assert not window.deck.modified(0)
    # Only until the deck is closed: the file still holds the prepared slide.
    window.view.intent.emit("Edit", {"entry": (0, 1, "7")}, None)
    window.deck.next()
    window.deck.close()
    assert load_deck(path)[0].scene["model"]["entries"][0] == ["2", "0"]


def test_saving_the_deck_keeps_the_live_edit(window, tmp_path):
    path = _three(tmp_path)
    window.deck.open(path)
    window.view.intent.emit("Edit", {"entry": (0, 1, "5")}, None)
    assert window.deck.save()
    assert load_deck(path)[0].scene["model"]["entries"][0] == ["2", "5"]
    assert not window.deck.modified(0)


def test_building_a_deck_in_the_window(window, tmp_path):
    assert not window.deck.is_open
    window.apply_preset("symmetric")
    window.actions["deck.add"].trigger()  # the menu entry; starts a deck
    window.apply_preset("product-2x3-3x2")
    window.deck.add_current_scene("product", "notes")
    window.apply_preset("shear")
    window.deck.add_current_scene()
    assert [s.lab for s in window.deck.session.deck.slides] == ["plane", "product", "plane"]
    assert window.deck.dirty
    window.deck.move(2, 0)
    window.deck.remove(1)
    assert [s.lab for s in window.deck.session.deck.slides] == ["plane", "product"]
    out = tmp_path / "built.json"
    assert window.deck.save_as(out) and not window.deck.dirty
    slides = load_deck(out).slides
    assert slides[0].scene["model"]["entries"] == [["1", "1"], ["0", "1"]]  # the shear
    assert slides[0].title == "Slide 3 (plane)" and slides[1].notes == "notes"
    window.deck.close()
    assert not window.deck.is_open and not window.actions["deck.next"].isEnabled()


def test_the_example_deck_holds_the_courses_numbers(window):
    deck = load_deck(COURSE)
    assert len(deck) >= 8 and all(s.title and s.notes for s in deck.slides)
    window.deck.open(COURSE)
    found = {}
    for i in range(len(deck)):
        window.deck.show(i)
        model = window.model_for(window.spec)
        found[deck[i].title] = (window.spec.id, model)
        if window.spec.id == "product":
            assert model.product.tolist() == [[58, 64], [139, 154]]
        elif window.spec.id in ("plane", "svd"):
            found[deck[i].title] = (window.spec.id, np.array(model.matrix))
        elif window.spec.id == "projection":
            assert model.state.a.tolist() == [3, 4] and model.state.b.tolist() == [1, 0]
            assert float(np.dot(model.state.a, model.state.b)) == 3.0
        elif window.spec.id == "attention":
            found[deck[i].title] = (window.spec.id, np.array(model.softmax_probs),
                                    model.small)
    mats = [v[1] for v in found.values() if v[0] == "plane"]
    dets = sorted(round(float(np.linalg.det(m)), 12) for m in mats)
    assert dets == [1.0, 1.0, 3.0]  # a rotation, a shear, then [[2, 1], [1, 2]]
    sym = next(m for m in mats if np.allclose(m, [[2, 1], [1, 2]]))
    assert sorted(np.linalg.eigvalsh(sym)) == pytest.approx([1, 3])
    (svd,) = [v[1] for v in found.values() if v[0] == "svd"]
    assert np.linalg.svd(svd, compute_uv=False) == pytest.approx([1.618034, 0.618034])
    probs = [v[1] for v in found.values() if v[0] == "attention"][0]
    expected = np.exp([2.0, 1.0, 0.1]) / np.exp([2.0, 1.0, 0.1]).sum()
    assert probs == pytest.approx(expected) and np.round(probs, 2).tolist() == [0.66, 0.24, 0.10]
    tokens = [v for v in found.values() if v[0] == "attention"][-1][2]
    assert np.asarray(tokens.weights).shape[-2:] == (5, 5)


def _pages(pdf: Path) -> int:
    # Each page object of the PDF is "/Type /Page" (the tree of them is "/Type /Pages").
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))


def test_render_writes_a_pdf_page_per_slide(cli, tmp_path):
    out = tmp_path / "slides.pdf"
    status, stdout, err = cli("render", str(_three(tmp_path)), "-o", str(out),
                              "--width", "400", "--height", "300")
    assert status == 0 and err == "" and "3 pages" in stdout
    assert out.read_bytes().startswith(b"%PDF") and _pages(out) == 3


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_render_refuses_a_deck_to_an_image(cli, tmp_path, suffix):
    status, _out, err = cli("render", str(_three(tmp_path)), "-o", str(tmp_path / f"x{suffix}"))
    assert status == 2 and err.count("\n") == 1 and "one PDF" in err
    assert not (tmp_path / f"x{suffix}").exists()


def test_render_and_present_refuse_a_bad_deck(cli, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(_BAD["slide with a bad scene"][0], encoding="utf-8")
    status, _out, err = cli("render", str(bad), "-o", str(tmp_path / "x.pdf"))
    assert status == 2 and 'slide 2 ("broken")' in err and err.count("\n") == 1
    assert not (tmp_path / "x.pdf").exists()
    status, _out, err = cli("present", str(bad))
    assert status == 2 and 'slide 2 ("broken")' in err


def test_present_opens_the_deck(cli, tmp_path, monkeypatch):
    import app.gui

    calls = []
    monkeypatch.setattr(app.gui, "run_gui", lambda **kw: calls.append(kw) or 0)
    path = _three(tmp_path)
    assert cli("present", str(path))[0] == 0
    assert calls == [{"deck": str(path), "present": True}]


def test_the_window_opens_the_deck_and_enters_presenter_mode(qtbot, tmp_path, monkeypatch):
    from app.gui import make_window
    from app.main_window import MainWindow

    entered = []
    try:  # presenter mode, where the window has one; a stand-in where it has none
        from app.presenter import Presenter

        monkeypatch.setattr(Presenter, "enter", lambda self: entered.append(1))
    except ImportError:
        monkeypatch.setattr(MainWindow, "presenter",
                            type("P", (), {"enter": lambda self: entered.append(1)})(),
                            raising=False)
    window = make_window(deck=str(_three(tmp_path)), present=True, interactive=False)
    qtbot.addWidget(window)
    assert window.deck.is_open and len(window.deck) == 3 and entered == [1]
    assert _entries(window).tolist() == [[2, 0], [0, 1]]


def test_the_slide_list_follows_the_deck(window, tmp_path, qtbot):
    panel, dock = window.deck_panel, window.deck_dock
    assert dock.isHidden()
    window.deck.open(_three(tmp_path))
    assert not dock.isHidden()
    assert panel.rows() == ["1. two", "2. product", "3. three"]
    assert panel.list.currentRow() == 0 and not panel.up.isEnabled()
    window.view.intent.emit("Edit", {"entry": (0, 1, "5")}, None)
    panel.slide_chosen.emit(2)  # a click on the third row
    assert window.deck.index == 2 and _entries(window)[0].tolist() == [3, 1]
    assert panel.rows()[0] == "1. two •" and panel.list.currentRow() == 2
    panel.up.click()
    assert panel.rows() == ["1. two •", "2. three", "3. product"]
    assert window.deck.index == 1 and _entries(window)[0].tolist() == [3, 1]
    panel.remove.click()
    assert panel.rows() == ["1. two •", "2. product"]
    assert window.spec.id == "product"  # the next slide is shown in the removed one's place
    window.deck.close()
    assert dock.isHidden()


def test_slides_are_not_unsaved_work_but_a_labs_own_work_stays_unsaved(window, tmp_path):
    window.switch_lab("product")
    window.view.intent.emit("Select", {"selected": (1, 1)}, None)  # the person's own work
    assert window.is_dirty() and window.dirty_keys() == [window.document().key]
    product_key = window.document().key
    window.deck.open(_three(tmp_path))
    for _ in range(3):
        window.deck.next()
    window.deck.first()
    # The plane lab only ever showed slides: clean. The product lab had unsaved work
    # before the deck came: it stays unsaved (one Ctrl+Z below the slide).
    assert window.dirty_keys() == [product_key]
    window.view.intent.emit("Edit", {"entry": (0, 1, "5")}, None)  # a live edit
    assert window.document().dirty


def test_closing_the_window_asks_about_an_unsaved_deck(window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    asked = []
    answer = QMessageBox.StandardButton.Cancel
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args, **kwargs: asked.append(args[1]) or answer)
    window.interactive = True
    window.apply_preset("symmetric")
    window.deck.add_current_scene()  # a new deck with one slide, never saved
    assert window.deck.dirty
    window.show()
    window.close()  # Cancel: the window and the deck stay
    assert asked == ["Unsaved deck"] and window.isVisible() and window.deck.is_open
    answer = QMessageBox.StandardButton.Discard
    window.deck.close()
    assert not window.deck.is_open
    window.interactive = False


def test_an_oversized_deck_is_refused_by_its_size(tmp_path):
    from app.deck_files import MAX_DECK_BYTES

    big = tmp_path / "big.json"
    with big.open("wb") as f:
        f.truncate(MAX_DECK_BYTES + 1)  # sparse: nothing is written
    with pytest.raises(SceneError, match=r"big\.json is .* MB; decks are at most \d+ MiB"):
        load_deck(big)
