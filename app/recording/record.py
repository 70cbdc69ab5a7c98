"""Record a checked scene headless: what moves, swept over a number of frames, to MP4, GIF or
APNG (``linscope render --animate``). The window's Record runs the same plan, frame source
and encoders, spread over its event loop (:mod:`app.recording.recorders`)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.figure_spec import FigureSpec
from app.recording.encoders import check_format, frame_size, open_sink
from app.recording.errors import RecordingError
from app.recording.quantities import Sweep, make_sweep

__all__ = ["Plan", "plan_recording", "check_timing", "record_checked", "MAX_SECONDS",
           "MAX_FPS"]

MAX_SECONDS = 600.0
MAX_FPS = 120


@dataclass(frozen=True)
class Plan:
    """A recording checked completely before anything is built: its file, frames and size."""

    out: Path
    sweep: Sweep
    fps: float
    size: tuple[int, int]
    notes: tuple[str, ...]

    @property
    def frames(self) -> int:
        return len(self.sweep.values)


def check_timing(seconds: float, fps: float) -> int:
    """The number of frames of ``seconds`` at ``fps``; :class:`RecordingError` when out of
    range."""
    if not (isinstance(fps, (int, float)) and math.isfinite(fps) and 1 <= fps <= MAX_FPS):
        raise RecordingError(f"fps must be from 1 to {MAX_FPS}, not {fps}")
    if not (isinstance(seconds, (int, float)) and math.isfinite(seconds)
            and 0 < seconds <= MAX_SECONDS):
        raise RecordingError(f"seconds must be more than 0 and at most {MAX_SECONDS:g}, "
                             f"not {seconds}")
    frames = round(seconds * fps)
    if frames < 2:
        raise RecordingError(f"{seconds:g} s at {fps:g} fps is {frames} frame; a recording "
                             "needs at least 2")
    return frames


def plan_recording(checked, out: str | Path, spec: FigureSpec | None, animate: str,
                   seconds: float, fps: float) -> Plan:
    """Check everything about a recording (format, timing, quantity, folder) and plan it.

    Raises
    ------
    RecordingError
        With one line saying what is wrong; nothing has been built or written.
    """
    out = Path(out)
    suffix = check_format(out)
    frames = check_timing(seconds, fps)
    sweep = make_sweep(checked, animate, frames)
    spec = spec or FigureSpec()
    if not out.parent.is_dir():
        raise RecordingError(f"folder {str(out.parent)!r} does not exist")
    size, note = frame_size(out, *spec.raster_px())
    notes = [note] if note else []
    if spec.transparent and suffix != ".apng":
        notes.append(f"a transparent background needs APNG; the {suffix[1:].upper()} is "
                     "drawn on the figure's background")
    return Plan(out, sweep, float(fps), size, tuple(notes))


def record_checked(checked, out: str | Path, spec: FigureSpec | None = None,
                   animate: str = "t", seconds: float = 4.0, fps: float = 30,
                   notice: Callable[[str], None] | None = None) -> tuple[Path, int]:
    """Record a checked scene with ``animate`` moving over ``seconds`` at ``fps`` to ``out``.

    Parameters
    ----------
    checked : CheckedScene
    out : path-like
        ``.mp4`` (H.264, yuv420p), ``.gif`` or ``.apng``.
    spec : FigureSpec, optional
        Size (the frames are ``spec.raster_px()``; MP4 rounds it down to even sides), font
        size, theme, transparency (APNG only).
    animate : str
        ``"t"``, ``"stage"``, ``"temperature"`` or ``"theta"`` (see
        :mod:`app.recording.quantities`).
    notice : callable, optional
        Receives a line for each adjustment made (an odd size for MP4…).

    Returns
    -------
    (Path, int)
        The file written and its number of frames, ``round(seconds * fps)``.

    Raises
    ------
    RecordingError
        A quantity the lab does not have, a bad format, timing or folder, a missing
        optional package, inputs no picture can show, or a file that cannot be written.
    """
    spec = spec or FigureSpec()
    plan = plan_recording(checked, out, spec, animate, seconds, fps)
    sink = open_sink(plan.out, plan.size, plan.fps, spec.transparent)
    for note in plan.notes:
        if notice is not None:
            notice(note)
    from app.recording.frames import FrameSource

    source = None
    try:
        source = FrameSource(checked, spec, plan.sweep, plan.size)
        for k in range(plan.frames):
            sink.add(source.frame(k))
        path = sink.finish()
    except BaseException:
        sink.abort()
        raise
    finally:
        if source is not None:
            source.close()
    return path, sink.frames
