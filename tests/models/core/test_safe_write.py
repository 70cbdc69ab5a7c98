"""Atomic writes: through symlinks to their targets, and no temporaries left behind by a
writer that was killed mid-save."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from models.core.safe_write import remove_stale_temporaries, write_text_atomic
from models.core.scene import make_scene, read_scene, write_scene


def _doc(value="2"):
    return make_scene("plane", {"entries": [[value, "0"], ["0", "1"]]})


def _dead_pid() -> int:
    # A child that has exited and been reaped: its pid runs nothing now.
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_saving_through_a_symlink_writes_the_target_and_keeps_the_link(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    target = real / "scene.json"
    write_scene(target, _doc("1"))
    target.chmod(0o600)
    link = tmp_path / "link.json"
    link.symlink_to(target)
    write_scene(link, _doc("7"))
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert read_scene(target)["model"]["entries"][0][0] == "7"
    assert target.stat().st_mode & 0o777 == 0o600  # the target's permissions are kept
    assert sorted(p.name for p in real.iterdir()) == ["scene.json"]


def test_a_chain_of_links_and_a_dangling_link_reach_the_final_file(tmp_path):
    final = tmp_path / "final.json"
    middle = tmp_path / "middle.json"
    middle.symlink_to(final)  # dangling until the first save creates final.json
    top = tmp_path / "top.json"
    top.symlink_to(middle)
    assert write_text_atomic(top, "one\n") == final
    write_text_atomic(top, "two\n")
    assert top.is_symlink() and middle.is_symlink()
    assert final.read_text() == "two\n"


def test_a_dead_writer_s_temporary_goes_at_the_next_save(tmp_path):
    path = tmp_path / "scene.json"
    write_scene(path, _doc())
    dead = tmp_path / f".scene.json.{_dead_pid()}.k3j_x9q2.tmp"
    dead.write_text('{"half a')
    legacy_old = tmp_path / ".scene.json.abcd1234.tmp"  # unnumbered, a day old
    legacy_old.write_text("{")
    day_ago = time.time() - 86400
    os.utime(legacy_old, (day_ago, day_ago))
    alive = tmp_path / f".scene.json.{os.getppid()}.zzzz0000.tmp"  # its writer still runs
    alive.write_text("{")
    other = tmp_path / f".other.json.{_dead_pid()}.aaaa1111.tmp"  # another file's
    other.write_text("{")
    write_scene(path, _doc("3"))
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(["scene.json", alive.name, other.name])
    assert read_scene(path)["model"]["entries"][0][0] == "3"


def test_old_temporaries_go_whoever_wrote_them(tmp_path):
    path = tmp_path / "s.json"
    mine = tmp_path / f".s.json.{os.getpid()}.abcdefgh.tmp"
    mine.write_text("{")
    assert remove_stale_temporaries(path) == []  # fresh, and its writer (us) runs
    assert remove_stale_temporaries(path, now=time.time() + 7200) == [mine]
    assert not mine.exists()


def test_a_writer_killed_mid_save_leaves_a_temporary_that_the_next_save_removes(tmp_path):
    path = tmp_path / "scene.json"
    write_scene(path, _doc("1"))
    # A writer stopped between creating its temporary and renaming it (as SIGKILL would).
    script = (
        "import os, signal, sys\n"
        "import models.core.safe_write as sw\n"
        "def stop(*_a):\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "sw.os.replace = stop\n"
        f"sw.write_text_atomic({str(path)!r}, 'new')\n"
    )
    child = subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE)
    _out, err = child.communicate(timeout=60)
    assert child.returncode == -9, err
    left = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert len(left) == 1 and left[0].startswith(f".scene.json.{child.pid}.")
    assert read_scene(path)["model"]["entries"][0][0] == "1"  # the old file is whole
    write_scene(path, _doc("5"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scene.json"]


def test_text_that_cannot_be_encoded_writes_nothing(tmp_path):
    path = tmp_path / "s.json"
    path.write_text("old")
    with pytest.raises(UnicodeEncodeError):
        write_text_atomic(path, "\ud800 cat")
    assert path.read_text() == "old" and sorted(p.name for p in tmp_path.iterdir()) == ["s.json"]


def test_without_durability_no_fsync_happens(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(os, "fsync", lambda fd: calls.append(fd))
    write_text_atomic(tmp_path / "r.json", "{}", durable=False)
    assert calls == [] and (tmp_path / "r.json").read_text() == "{}"
    write_text_atomic(tmp_path / "r.json", "[]")
    assert len(calls) == 2  # the file, then its folder
