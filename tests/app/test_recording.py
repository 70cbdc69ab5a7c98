"""Recordings: every quantity to MP4, GIF and APNG read back (frame count, size, motion,
codec), the refusals, the command line, and the window's Record (background encoding,
cancel, live capture)."""

from __future__ import annotations

import re
import subprocess
from types import SimpleNamespace

import numpy as np
import pytest

pytest.importorskip("imageio_ffmpeg")
pytest.importorskip("PIL")

from app.figure_spec import FigureSpec, Length  # noqa: E402
from app.recording import RecordingError, quantities_of, record_checked  # noqa: E402
from app.scenes import check_scene, find_preset, preset_scene  # noqa: E402

W, H, SECONDS, FPS = 160, 120, 1.0, 8
FRAMES = round(SECONDS * FPS)
# (preset, quantity, size): the attention figure needs a little more room to show a change.
CASES = [("symmetric", "t", (W, H)), ("svd-symmetric", "stage", (W, H)),
         ("attention-temperature", "temperature", (320, 240)), ("rotation", "theta", (W, H))]


def _scene(name: str):
    return check_scene(preset_scene(find_preset(name)))


def _spec(size) -> FigureSpec:
    return FigureSpec(Length(size[0], "px"), Length(size[1], "px"))


def read_frames(path) -> list[np.ndarray]:
    """Every frame of a recording as an RGB array."""
    if path.suffix == ".mp4":
        import imageio.v2 as imageio

        with imageio.get_reader(path) as reader:
            return [np.asarray(f)[:, :, :3] for f in reader]
    from PIL import Image

    out = []
    with Image.open(path) as im:
        for k in range(im.n_frames):
            im.seek(k)
            out.append(np.asarray(im.convert("RGB")))
    return out


def total_ms(path) -> float:
    """The playing time of a GIF or APNG, in milliseconds, and that it loops forever."""
    from PIL import Image

    total = 0.0
    with Image.open(path) as im:
        assert im.info.get("loop") == 0
        for k in range(im.n_frames):
            im.seek(k)
            total += im.info["duration"]
    return total


def mp4_stream(path) -> str:
    """ffmpeg's description of the video stream (codec, pixel format, size)."""
    import imageio_ffmpeg

    run = subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-i", str(path)],
                         capture_output=True, text=True, check=False)
    return next(line for line in run.stderr.splitlines() if "Video:" in line)


@pytest.mark.parametrize("suffix", [".mp4", ".gif", ".apng"])
@pytest.mark.parametrize(("preset", "quantity", "size"), CASES)
def test_each_quantity_records_to_each_format(qapp, tmp_path, preset, quantity, size, suffix):
    out = tmp_path / f"rec{suffix}"
    path, frames = record_checked(_scene(preset), out, _spec(size), quantity, SECONDS, FPS)
    assert path == out and frames == FRAMES
    shots = read_frames(out)
    assert len(shots) == FRAMES
    assert all(s.shape == (size[1], size[0], 3) for s in shots)
    # It moves. A rotation swept over −π…π ends where it starts: compare the middle.
    other = shots[FRAMES // 2] if quantity == "theta" else shots[-1]
    assert np.abs(shots[0].astype(int) - other.astype(int)).max() > 64
    if suffix == ".mp4":
        stream = mp4_stream(out)
        assert "h264" in stream and "yuv420p" in stream
    else:
        assert total_ms(out) == pytest.approx(1000 * SECONDS, abs=10)
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left


def test_t_goes_from_the_identity_to_a(qapp, tmp_path):
    """The first frame of I → A is the figure of the scene at t = 0 (the identity's grid),
    the last at t = 1 (A's), and the frame between is neither. (Labels keep their places
    while the picture moves, so a crowded small frame may place one differently from a
    figure drawn afresh: the size leaves them room.)"""
    from app.render import render_checked

    out, size = tmp_path / "t.apng", (320, 240)
    record_checked(_scene("symmetric"), out, _spec(size), "t", SECONDS, FPS)
    shots = read_frames(out)
    for t, frame in ((0.0, shots[0]), (1.0, shots[-1])):
        doc = preset_scene(find_preset("symmetric"))
        doc["view"] = {**doc.get("view", {}), "t": t}
        render_checked(check_scene(doc), tmp_path / f"t{t}.png", _spec(size))
        still = read_frames(tmp_path / f"t{t}.png")[0]
        assert np.abs(still.astype(int) - frame.astype(int)).mean() < 0.5
    assert np.abs(shots[0].astype(int) - shots[FRAMES // 2].astype(int)).max() > 64


def test_odd_sizes_become_even_for_mp4_and_say_so(qapp, tmp_path):
    notes = []
    out = tmp_path / "odd.mp4"
    record_checked(_scene("symmetric"), out, _spec((161, 121)), "t", SECONDS, FPS,
                   notice=notes.append)
    assert read_frames(out)[0].shape == (120, 160, 3)
    assert len(notes) == 1 and "160×120" in notes[0]


def test_a_quantity_the_lab_lacks_is_refused_naming_the_labs_that_have_it(qapp, tmp_path):
    out = tmp_path / "x.gif"
    with pytest.raises(RecordingError, match=r"no temperature.*attention"):
        record_checked(_scene("symmetric"), out, _spec((W, H)), "temperature", 1, 8)
    with pytest.raises(RecordingError, match=r"t .*plane, space"):
        record_checked(_scene("svd-symmetric"), out, _spec((W, H)), "t", 1, 8)
    with pytest.raises(RecordingError, match="parameterised preset"):
        record_checked(_scene("symmetric"), out, _spec((W, H)), "theta", 1, 8)
    with pytest.raises(RecordingError, match="fps"):
        record_checked(_scene("symmetric"), out, _spec((W, H)), "t", 1, 0)
    with pytest.raises(RecordingError, match="format"):
        record_checked(_scene("symmetric"), tmp_path / "x.avi", _spec((W, H)), "t", 1, 8)
    assert list(tmp_path.iterdir()) == []


def test_quantities_follow_the_lab():
    assert quantities_of(_scene("symmetric")) == ["t"]
    assert quantities_of(_scene("rotation")) == ["t", "theta"]
    assert quantities_of(_scene("svd-symmetric")) == ["stage"]
    assert quantities_of(_scene("attention-small")) == ["temperature"]
    assert quantities_of(_scene("space-shear")) == ["t", "theta"]


def test_missing_packages_name_the_extra(qapp, tmp_path, monkeypatch):
    import app.recording.errors as errors

    real = errors.importlib.import_module

    def no_pillow(name, *args):
        if name.startswith(("PIL", "imageio")):
            raise ImportError(name)
        return real(name, *args)

    monkeypatch.setattr(errors, "importlib", SimpleNamespace(import_module=no_pillow))
    for suffix in (".gif", ".mp4"):
        with pytest.raises(RecordingError, match=re.escape("pip install 'linscope[record]'")):
            record_checked(_scene("symmetric"), tmp_path / f"x{suffix}", _spec((W, H)), "t",
                           1, 8)
    assert list(tmp_path.iterdir()) == []


# -- command line ---------------------------------------------------------------------------
def test_cli_records_a_gif(cli, tmp_path):
    out = tmp_path / "x.gif"
    status, stdout, _ = cli("render", "--preset", "symmetric", "--animate", "t", "--seconds",
                            "1", "--fps", "8", "--width", "160", "--height", "120", "-o",
                            str(out))
    assert status == 0 and "8 frames" in stdout
    assert len(read_frames(out)) == 8


def test_cli_refuses_a_quantity_the_lab_lacks_in_one_line(cli, tmp_path):
    out = tmp_path / "x.gif"
    status, _, err = cli("render", "--preset", "symmetric", "--animate", "temperature",
                         "--seconds", "1", "--fps", "8", "-o", str(out))
    assert status == 2
    assert len(err.strip().splitlines()) == 1 and "attention" in err
    assert not out.exists()


# -- the window -----------------------------------------------------------------------------
def _wait_done(qtbot, window, timeout=15000):
    qtbot.waitUntil(lambda: window.recorder is None, timeout=timeout)


def test_window_records_in_the_background(window, qtbot, tmp_path):
    from PySide6.QtCore import QTimer

    assert "file.record" in window.actions
    window.apply_preset("symmetric")
    ticks, progress = [], []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    out = tmp_path / "w.gif"
    assert window.start_recording(out, "t", 2.0, 12, (320, 240)) is None
    window.recorder.progressed.connect(progress.append)
    assert window._rec_label.text().startswith("● Recording")
    assert window._rec_box.isVisible()
    _wait_done(qtbot, window)
    timer.stop()
    assert len(ticks) > 5  # the event loop kept turning while frames were drawn and encoded
    assert progress and progress[-1] == 1.0
    assert len(read_frames(out)) == 24
    assert "Recorded w.gif" in window.statusBar().currentMessage()
    assert not window._rec_box.isVisible()


def test_window_cancel_leaves_no_file(window, qtbot, tmp_path):
    window.apply_preset("symmetric")
    out = tmp_path / "c.mp4"
    assert window.start_recording(out, "t", 20.0, 30, (320, 240)) is None
    qtbot.waitUntil(lambda: window.recorder.frames_drawn >= 10, timeout=10000)
    window._rec_stop.click()  # a sweep's button cancels
    _wait_done(qtbot, window)
    assert list(tmp_path.iterdir()) == []
    assert "cancelled" in window.statusBar().currentMessage()


def test_window_offers_the_presets_parameter_while_the_lab_shows_it(window):
    window.preset_panel.choose("rotation")  # as a click on it does
    assert "theta" in quantities_of(window.recording_scene())
    window.view.intent.emit("Edit", {"entry": (0, 1, "2")}, None)
    assert "theta" not in quantities_of(window.recording_scene())
    assert window.start_recording("/nonexistent-folder/x.gif", "theta", 1, 8) is not None
    assert "theta" in window.last_error and window.recorder is None


def test_window_records_what_i_do(window, qtbot, tmp_path):
    out = tmp_path / "live.mp4"
    assert window.start_live_recording(out, 20, (160, 120)) is None
    qtbot.wait(150)
    window.apply_preset("symmetric")  # a manipulation while recording
    qtbot.waitUntil(lambda: window.recorder.frames_drawn >= 8, timeout=10000)
    drawn_before_stop = window.recorder.frames_drawn
    window.stop_recording()
    _wait_done(qtbot, window)
    shots = read_frames(out)
    assert len(shots) >= drawn_before_stop and shots[0].shape == (120, 160, 3)
    assert np.abs(shots[0].astype(int) - shots[-1].astype(int)).max() > 64


def test_window_says_which_extra_is_missing(window, monkeypatch, tmp_path):
    import app.recording.errors as errors

    def missing(name, *args):
        raise ImportError(name)

    monkeypatch.setattr(errors, "importlib", SimpleNamespace(import_module=missing))
    window.apply_preset("symmetric")
    message = window.start_recording(tmp_path / "x.mp4", "t", 1, 8, (160, 120))
    assert message and "linscope[record]" in message and window.recorder is None
    assert list(tmp_path.iterdir()) == []
