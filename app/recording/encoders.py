"""Encoders: frames (RGBA arrays) to MP4, GIF or APNG, written beside the output and renamed
over it at the end, so a reader never sees half a recording and a cancel leaves nothing.

- MP4: H.264 in yuv420p (what PowerPoint, Keynote and every browser play), through the
  ffmpeg that ``imageio-ffmpeg`` ships; frames stream into ffmpeg as they come. yuv420p
  needs an even width and height: :func:`frame_size` rounds the frame down to even sizes,
  so the picture is laid out at that size rather than padded or scaled.
- GIF: Pillow, a palette of its own for each frame (figures are few flat colours, so no
  dithering), looping forever; GIF counts time in hundredths of a second, so frame
  durations alternate to keep the total length exact.
- APNG: Pillow's animated PNG (lossless, and the only one that keeps a transparent
  background), looping forever.

Pillow stores identical consecutive frames of a GIF or APNG once, for their summed
duration: the animation plays the same and the file is smaller (an MP4 keeps every frame).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from app.recording.errors import RecordingError, require

__all__ = ["FORMATS", "FrameSink", "open_sink", "frame_size", "check_format"]

FORMATS = {".mp4": "MP4 video (H.264)", ".gif": "GIF animation", ".apng": "animated PNG"}


def check_format(path: Path) -> str:
    """The suffix of ``path`` if it is a recording format; :class:`RecordingError` if not."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise RecordingError(f"unknown recording format {Path(path).suffix or '(none)'!r}; "
                             "use .mp4, .gif or .apng")
    return suffix


def frame_size(path: Path, width: int, height: int) -> tuple[tuple[int, int], str | None]:
    """The frame size to record for ``path`` at ``width``×``height`` and, when it differs,
    a note saying why (MP4's yuv420p needs even sides)."""
    if check_format(path) != ".mp4" or (width % 2 == 0 and height % 2 == 0):
        return (width, height), None
    even = (max(2, width - width % 2), max(2, height - height % 2))
    return even, (f"MP4 (yuv420p) needs an even width and height: recording "
                  f"{even[0]}×{even[1]} instead of {width}×{height}")


def _durations(frames: int, fps: float, tick_ms: int) -> list[int]:
    """Per-frame durations in whole ``tick_ms`` that add up to the exact length."""
    ends = [round((k + 1) * 1000.0 / fps / tick_ms) * tick_ms for k in range(frames)]
    starts = [0] + ends[:-1]
    return [max(tick_ms, e - s) for s, e in zip(starts, ends, strict=True)]


class FrameSink:
    """Where a recording's frames go; made by :func:`open_sink`.

    ``add(frame)`` takes an RGBA ``uint8`` array of the sink's size; ``finish()`` writes the
    file and returns its path; ``abort()`` removes every trace. Frames may be added from a
    worker thread (no Qt here).
    """

    def __init__(self, path: Path, size: tuple[int, int], fps: float) -> None:
        self.path, self.size, self.fps = Path(path), size, float(fps)
        self.tmp = self.path.with_name(f".{self.path.name}.part")
        self.frames = 0

    def add(self, frame: np.ndarray) -> None:
        h, w = frame.shape[:2]
        if (w, h) != self.size:
            raise RecordingError(f"a frame of {w}×{h} in a recording of "
                                 f"{self.size[0]}×{self.size[1]}")
        self._add(frame)
        self.frames += 1

    def finish(self) -> Path:
        """Write the file (through a temporary one beside it) and return its path."""
        from app.export import ExportError, publish

        if self.frames == 0:
            self.abort()
            raise RecordingError("nothing was recorded")
        try:
            self._write()
        except (OSError, ValueError) as err:
            self.abort()
            raise RecordingError(f"could not write {self.path.name}: "
                                 f"{getattr(err, 'strerror', None) or err}") from None
        try:
            return publish(self.tmp, self.path, True)
        except ExportError as err:
            raise RecordingError(str(err)) from None

    def abort(self) -> None:
        """Stop and remove the partial file."""
        self._close()
        self.tmp.unlink(missing_ok=True)

    def _add(self, frame: np.ndarray) -> None:
        raise NotImplementedError

    def _write(self) -> None:
        raise NotImplementedError

    def _close(self) -> None:
        """Release what the sink holds (frames, an ffmpeg process)."""


class _Mp4Sink(FrameSink):
    def __init__(self, path, size, fps) -> None:
        super().__init__(path, size, fps)
        self._ffmpeg = require("imageio_ffmpeg", "recording MP4")
        self._writer = None

    def _add(self, frame: np.ndarray) -> None:
        if self._writer is None:
            # The output is named .part, so the container is given; faststart puts the index
            # first (a slide deck or a browser starts playing at once).
            self._writer = self._ffmpeg.write_frames(
                str(self.tmp), self.size, pix_fmt_in="rgb24", pix_fmt_out="yuv420p",
                fps=self.fps, codec="libx264", quality=None, macro_block_size=1,
                output_params=["-crf", "18", "-preset", "medium", "-movflags", "+faststart",
                               "-f", "mp4"])
            self._writer.send(None)  # start ffmpeg
        rgb = np.ascontiguousarray(frame[:, :, :3])
        try:
            self._writer.send(rgb.tobytes())
        except (OSError, RuntimeError) as err:
            raise RecordingError(f"ffmpeg stopped: {err}") from None

    def _write(self) -> None:
        try:
            self._writer.close()  # waits for ffmpeg to finish the file
        except RuntimeError as err:
            raise OSError(str(err)) from None
        self._writer = None

    def _close(self) -> None:
        if self._writer is not None:
            writer, self._writer = self._writer, None
            try:
                writer.close()
            except (OSError, RuntimeError):
                pass  # it is being thrown away


class _PillowSink(FrameSink):
    """GIF and APNG: Pillow writes every frame at once, so frames are kept until then (a
    GIF's as palette images, a quarter of the memory)."""

    def __init__(self, path, size, fps, apng: bool, transparent: bool) -> None:
        super().__init__(path, size, fps)
        self._image = require("PIL.Image", "recording GIF or APNG")
        self._apng, self._alpha = apng, transparent and apng
        self._images: list = []

    def _add(self, frame: np.ndarray) -> None:
        image_mod = self._image
        if self._alpha:
            self._images.append(image_mod.fromarray(np.ascontiguousarray(frame), "RGBA"))
        elif self._apng:
            self._images.append(image_mod.fromarray(np.ascontiguousarray(frame[:, :, :3])))
        else:
            rgb = image_mod.fromarray(np.ascontiguousarray(frame[:, :, :3]))
            self._images.append(rgb.quantize(256, method=image_mod.Quantize.MEDIANCUT,
                                             dither=image_mod.Dither.NONE))

    def _write(self) -> None:
        first, *rest = self._images
        if self._apng:
            first.save(self.tmp, format="PNG", save_all=True, append_images=rest, loop=0,
                       duration=_durations(len(self._images), self.fps, 1), disposal=0,
                       blend=0)
        else:
            first.save(self.tmp, format="GIF", save_all=True, append_images=rest, loop=0,
                       duration=_durations(len(self._images), self.fps, 10), disposal=1,
                       optimize=False)
        self._images = []

    def _close(self) -> None:
        self._images = []


def open_sink(path: str | Path, size: tuple[int, int], fps: float,
              transparent: bool = False) -> FrameSink:
    """A sink writing ``path`` (.mp4, .gif, .apng) of ``size`` (width, height) at ``fps``.

    Raises
    ------
    RecordingError
        An unknown format, an odd size for MP4, or the optional package it needs is
        missing (the message names the extra to install).
    """
    path = Path(path)
    suffix = check_format(path)
    if suffix == ".mp4":
        if size[0] % 2 or size[1] % 2:
            raise RecordingError("MP4 needs an even width and height (see frame_size)")
        return _Mp4Sink(path, size, fps)
    return _PillowSink(path, size, fps, apng=suffix == ".apng", transparent=transparent)
