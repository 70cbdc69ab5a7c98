"""Each lab's model is a document: its own file, its own undo history, its own saved state.
An action in one lab never writes another lab's file or changes another lab's history."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.main_window import MainWindow
from models.core.scene import make_scene, read_scene, write_scene


@pytest.fixture
def plane_file(tmp_path):
    path = tmp_path / "plane.json"
    write_scene(path, make_scene("plane", {"entries": [["2", "1"], ["1", "2"]]}))
    return path


def _move_a(window, a):
    window.view.intent.emit("Move a", {"a": list(a)}, None)


# -- one file per lab ---------------------------------------------------------------------
def test_save_in_a_lab_without_its_own_file_asks_for_a_name(window, plane_file):
    assert window.open_scene(plane_file) is None
    window.switch_lab("projection")
    _move_a(window, (1.0, 2.0))
    before = plane_file.read_bytes()
    saved = window.save_scene_action()  # Ctrl+S: the projection has no file yet
    assert plane_file.read_bytes() == before and read_scene(plane_file)["lab"] == "plane"
    assert saved is False and window.name_requests == ["projection"]
    assert window.dirty_titles() == ["Projection and the dot product"]


def test_save_in_a_lab_writes_its_own_file(window, plane_file, tmp_path):
    assert window.open_scene(plane_file) is None
    window.view.intent.emit("Edit", {"entry": (0, 0, "5")}, None)
    window.switch_lab("projection")
    _move_a(window, (1.0, 2.0))
    assert window.save_scene(tmp_path / "proj.json") is None
    window.switch_lab("plane")
    saved = window.save_scene_action()
    assert read_scene(plane_file)["model"]["entries"][0][0] == "5"
    assert read_scene(tmp_path / "proj.json")["lab"] == "projection"
    window.switch_lab("svd")  # shares the plane's matrix, so its document and file
    window.view.intent.emit("Edit", {"entry": (1, 1, "7")}, None)
    assert window.save_scene_action() is saved is True
    assert read_scene(plane_file)["model"]["entries"][1][1] == "7"
    assert not window.is_dirty() and window.name_requests == []


def test_the_title_names_the_current_lab_s_file(window, plane_file, tmp_path):
    assert window.open_scene(plane_file) is None
    assert window.windowTitle().startswith("plane.json —")
    window.switch_lab("projection")
    assert window.windowTitle().startswith("untitled —")
    _move_a(window, (1.0, 2.0))
    assert window.save_scene(tmp_path / "proj.json") is None
    assert window.windowTitle().startswith("proj.json —")
    window.switch_lab("norms")
    assert window.windowTitle().startswith("plane.json —")
    assert "•" not in window.windowTitle()


def test_a_lab_whose_file_another_lab_overwrote_counts_as_unsaved(window, plane_file):
    assert window.open_scene(plane_file) is None
    window.switch_lab("projection")
    _move_a(window, (1.0, 2.0))
    # Save as… onto the plane's file: the plane's work is no longer in any file
    assert window.save_scene(plane_file) is None
    assert read_scene(plane_file)["lab"] == "projection"
    assert window.dirty_titles() == ["Plane (2×2 maps)"]
    window.switch_lab("plane")
    assert window.windowTitle().startswith("untitled •")


def test_closing_warns_while_any_lab_is_unsaved(qtbot, plane_file, monkeypatch):
    w = MainWindow(interactive=True)
    qtbot.addWidget(w)
    asked = []
    monkeypatch.setattr(w, "confirm_discard", lambda *a, **k: asked.append(1) or False)
    assert w.open_scene(plane_file) is None
    w.switch_lab("projection")
    _move_a(w, (1.0, 2.0))
    assert w.save_scene(plane_file) is None  # the projection is saved, the plane is not
    assert not w.close()
    assert asked == [1]
    w.switch_lab("plane")
    assert w.save_scene(plane_file.with_name("again.json")) is None
    assert w.close() and asked == [1]  # everything saved: no question


# -- one undo history per lab ---------------------------------------------------------------
def test_undo_in_one_lab_never_undoes_another_lab_s_edit(window, qtbot):
    window.view.intent.emit("Edit", {"entry": (0, 0, "3")}, None)
    window.switch_lab("projection")
    a = tuple(window.view.model.state.a)
    window.undo()
    assert window.models["plane-A"].matrix[0, 0] == 3.0
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(50)
    assert window.models["plane-A"].matrix[0, 0] == 3.0
    assert tuple(window.view.model.state.a) == a
    assert not window.actions["edit.undo"].isEnabled()
    window.switch_lab("norms")  # the plane's matrix, so the plane's history
    assert window.actions["edit.undo"].isEnabled()
    window.undo()
    assert window.models["plane-A"].matrix[0, 0] == 1.0


def test_opening_a_scene_clears_only_its_own_lab_s_history(window, plane_file):
    window.switch_lab("projection")
    _move_a(window, (1.0, 2.0))
    window.switch_lab("plane")
    window.view.intent.emit("Edit", {"entry": (0, 0, "3")}, None)
    assert window.open_scene(plane_file) is None
    assert window.undo_stack.count() == 0
    window.switch_lab("projection")
    assert window.undo_stack.count() == 1
    window.undo()
    assert tuple(window.view.model.state.a) != (1.0, 2.0)


def test_the_undo_and_redo_actions_name_the_step(window):
    undo, redo = window.actions["edit.undo"], window.actions["edit.redo"]
    window.view.intent.emit("Edit a12", {"entry": (0, 1, "2")}, None)
    assert undo.text() == "&Undo Edit a12" and undo.isEnabled()
    assert undo.iconText() == "Undo"  # the toolbar's label stays short and steady
    window.undo()
    assert redo.text() == "&Redo Edit a12" and undo.text() == "&Undo"
    window.switch_lab("projection")
    assert redo.text() == "&Redo" and not redo.isEnabled()
    window.switch_lab("plane")
    assert redo.text() == "&Redo Edit a12"


def test_a_side_by_side_partner_edits_the_shared_history(window):
    window.toggle_split()
    window.secondary.intent.emit("Edit a21", {"entry": (1, 0, "1/2")}, None)
    assert window.undo_stack.count() == 1
    assert window.actions["edit.undo"].text() == "&Undo Edit a21"
    window.undo()
    assert window.models["plane-A"].matrix[1, 0] == 0.0


def test_presets_and_new_scene_go_to_their_own_lab_s_history(window):
    window.switch_lab("projection")
    _move_a(window, (1.0, 2.0))
    window.apply_preset("rotation")  # a plane preset: shown in the plane lab
    assert window.spec.id == "plane" and window.undo_stack.count() == 1
    window.new_scene()
    assert window.undo_stack.count() == 2
    window.switch_lab("projection")
    assert window.undo_stack.count() == 1
    assert window.actions["edit.undo"].text() == "&Undo Move a"


def test_recovered_work_starts_each_lab_with_an_empty_history(qtbot, left_by_a_crash):
    second = MainWindow(interactive=False)
    qtbot.addWidget(second)
    second.view.intent.emit("Edit", {"entry": (1, 1, "4")}, None)  # before recovery
    assert second.offer_recovery()
    assert second.spec.id == "projection" and second.undo_stack.count() == 0
    second.switch_lab("plane")
    assert second.undo_stack.count() == 0  # the edit before recovery is not undone onto it
    assert second.models["plane-A"].state.texts[1] == "sqrt(2)"
    assert second.dirty_titles() == ["Plane (2×2 maps)", "Projection and the dot product"]


def test_an_interactive_save_asks_for_the_lab_s_own_name(qtbot, plane_file, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    w = MainWindow(interactive=True)
    qtbot.addWidget(w)
    asked = []
    chosen = plane_file.with_name("proj")

    def ask(*args, **kwargs):
        asked.append(args[1])
        return str(chosen), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(ask))
    assert w.open_scene(plane_file) is None
    w.switch_lab("projection")
    _move_a(w, (1.0, 2.0))
    w.actions["file.save"].trigger()
    assert asked == ["Save scene"]
    assert read_scene(chosen.with_suffix(".json"))["lab"] == "projection"
    assert read_scene(plane_file)["lab"] == "plane"
    w.actions["file.save"].trigger()  # now it has its own file: no question
    assert len(asked) == 1 and not w.is_dirty()


def test_opening_a_file_removes_temporaries_its_killed_writers_left(window, plane_file):
    stale = plane_file.with_name(f".{plane_file.name}.999999999.abcd1234.tmp")
    stale.write_text('{"format": "linscope-sc')
    assert window.open_scene(plane_file) is None
    assert not stale.exists()


def test_opening_asks_only_about_the_lab_it_would_replace(qtbot, plane_file, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    w = MainWindow(interactive=True)
    qtbot.addWidget(w)
    asked = []
    monkeypatch.setattr(w, "confirm_discard", lambda docs=None: asked.append(
        [d.key for d in docs or w.dirty_documents()]) or False)
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(plane_file), "")))
    w.switch_lab("projection")
    _move_a(w, (1.0, 2.0))
    w.actions["file.open"].trigger()  # the projection's work is not at stake: no question
    assert asked == [] and w.spec.id == "plane" and w.path == plane_file
    w.view.intent.emit("Edit", {"entry": (0, 0, "9")}, None)
    w.actions["file.open"].trigger()  # it would replace the plane's edit: ask; keep it
    assert asked == [["plane-A"]] and w.models["plane-A"].matrix[0, 0] == 9.0
    w.close()  # interactive: asks about both labs, and is refused by the stub
    assert asked[-1] == ["plane-A", "projection"]
    monkeypatch.setattr(w, "confirm_discard", lambda docs=None: True)  # Discard
    assert w.close()
