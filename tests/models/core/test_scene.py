"""Scene files: versioned, checked before use, saved atomically."""

import json
import os

import pytest

from models.core.evented import SceneError
from models.core.scene import MAX_BYTES, make_scene, parse_scene, read_scene, write_scene


def _doc():
    return make_scene("plane", {"entries": [["1", "2"], ["3", "4"]]}, {"grid": True})


def test_round_trip(tmp_path):
    path = tmp_path / "a.json"
    write_scene(path, _doc())
    assert read_scene(path) == _doc()


@pytest.mark.parametrize(("text", "words"), [
    ("", "empty"),
    ("{", "truncated"),
    ('{"format": "linscope-scene", "version": 1, "lab": "plane", "model": {', "not valid JSON"),
    ("[1, 2]", "not a linscope scene"),
    ('{"format": "other"}', "not a linscope scene"),
    ('{"format": "linscope-scene", "version": 99, "lab": "plane", "model": {}}', "newer"),
    ('{"format": "linscope-scene", "version": "1", "lab": "plane", "model": {}}', "version"),
    ('{"format": "linscope-scene", "version": 1, "model": {}}', "lab"),
    ('{"format": "linscope-scene", "version": 1, "lab": "plane", "model": []}', "model"),
    ('{"format": "linscope-scene", "version": 1, "lab": "plane", "model": {"x": NaN}}', "NaN"),
    ('{"format": "linscope-scene", "version": 1, "lab": "plane", "model": {}, "view": 3}', "view"),
    ("[" * 100_000, "nested|JSON"),
])
def test_bad_documents_are_refused(text, words):
    with pytest.raises(SceneError, match=words):
        parse_scene(text)


def test_oversized_and_missing_and_binary(tmp_path):
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (MAX_BYTES + 1))
    with pytest.raises(SceneError, match="MB"):
        read_scene(big)
    with pytest.raises(SceneError, match="cannot read"):
        read_scene(tmp_path / "nope.json")
    binary = tmp_path / "bin.json"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(SceneError, match="UTF-8"):
        read_scene(binary)


def test_save_is_atomic_when_writing_fails(tmp_path, monkeypatch):
    path = tmp_path / "keep.json"
    write_scene(path, _doc())
    before = path.read_bytes()

    def boom(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(OSError):
        write_scene(path, make_scene("plane", {"entries": [["9", "9"], ["9", "9"]]}))
    assert path.read_bytes() == before  # the old file is intact
    assert [p.name for p in tmp_path.iterdir()] == ["keep.json"]  # no temp file left


def test_saved_file_is_plain_json(tmp_path):
    path = tmp_path / "s.json"
    write_scene(path, _doc())
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "linscope-scene" and data["version"] == 1


def test_save_keeps_the_file_mode_or_uses_the_umask(tmp_path):
    fresh = tmp_path / "new.json"
    write_scene(fresh, _doc())
    umask = os.umask(0)
    os.umask(umask)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~umask
    shared = tmp_path / "shared.json"
    shared.write_text("{}")
    shared.chmod(0o644)
    write_scene(shared, _doc())
    assert shared.stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize(("model", "where"), [
    ('{"sentence": "\\ud800 cat"}', "model.sentence"),
    ('{"a": [["1", "\\udfff"]]}', r"model.a\[0\]\[1\]"),
    ('{"\\udc80": 1}', "model"),
    ('{"large": {"q_path": "q\\ud83d.npy"}}', "model.large.q_path"),
])
def test_text_holding_a_lone_surrogate_is_refused(model, where):
    text = ('{"format": "linscope-scene", "version": 1, "lab": "attention", "model": '
            + model + "}")
    with pytest.raises(SceneError, match=where + r" holds \\ud[89a-f]"):
        parse_scene(text)


def test_a_proper_surrogate_pair_is_a_character():
    doc = parse_scene('{"format": "linscope-scene", "version": 1, "lab": "attention", '
                      '"model": {"sentence": "\\ud83d\\ude00 cat"}}')
    assert doc["model"]["sentence"] == "😀 cat"


@pytest.mark.parametrize("name", ["a\0b.json", "\ud800.json", "n" * 300 + ".json"])
def test_a_file_name_no_file_can_have_is_a_scene_error(tmp_path, name):
    with pytest.raises(SceneError, match="cannot read"):
        read_scene(tmp_path / name)
