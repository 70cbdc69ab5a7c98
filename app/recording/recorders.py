"""The window's recorders: frames drawn on the GUI thread, encoded on a worker.

Qt widgets may only be painted on the GUI thread, and encoding (H.264, GIF palettes,
PNG compression) is the slow part; so the two run at once. A sweep (:class:`SweepRecorder`)
draws its frames from a zero-interval timer, as many as fit in a few milliseconds per
turn of the event loop, and hands each to the encoder on a worker (the window's
:class:`~app.tasks.TaskRunner`) through a short queue. Streaming keeps memory bounded for
MP4 and never blocks the window: when the queue is full the timer simply tries again on
its next turn. A live recording (:class:`LiveRecorder`) draws the window's canvas at the
frame rate until Stop, into the same kind of worker.
"""

from __future__ import annotations

import queue
import time

from PySide6.QtCore import QObject, QTimer, Signal

from app.recording.encoders import FrameSink
from app.recording.record import MAX_SECONDS
from app.tasks import Cancelled

__all__ = ["SweepRecorder", "LiveRecorder"]

_BUDGET_S = 0.012  # drawing per turn of the event loop: the window stays smooth
_POLL_S = 0.05  # how often a waiting encoder looks for a cancel


class _Recorder(QObject):
    """Frames in a queue, encoded by a worker task into a sink.

    Signals
    -------
    progressed(float)
        Fraction encoded (sweeps) or seconds recorded (live), on the GUI thread.
    ended(str, object)
        ``"done"`` with ``(path, frames)``, ``"failed"`` with the error, or ``"cancelled"``.
    """

    progressed = Signal(float)
    ended = Signal(str, object)
    live = False

    def __init__(self, runner, sink: FrameSink, total: int | None, maxsize: int,
                 parent=None) -> None:
        super().__init__(parent)
        self.sink, self.total = sink, total
        self.frames_drawn = 0
        self._queue: queue.Queue = queue.Queue(maxsize)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self.handle = runner.submit(self._encode, self._done, self._failed,
                                    self._encoded, owner=self)

    @property
    def running(self) -> bool:
        return self.handle.running

    # -- worker ------------------------------------------------------------------------------
    def _encode(self, progress, cancelled):
        sink = self.sink
        try:
            while True:
                if cancelled():
                    raise Cancelled("recording cancelled")
                try:
                    frame = self._queue.get(timeout=_POLL_S)
                except queue.Empty:
                    continue
                if frame is None:
                    break
                sink.add(frame)
                if self.total:
                    progress(sink.frames / self.total)
            if cancelled():
                raise Cancelled("recording cancelled")
            return sink.finish(), sink.frames
        except BaseException:
            sink.abort()
            raise

    # -- GUI thread ----------------------------------------------------------------------------
    def _encoded(self, fraction: float) -> None:
        if not self.live:
            self.progressed.emit(fraction)

    def _done(self, result) -> None:
        self._release()
        self.ended.emit("done", result)

    def _failed(self, error: BaseException) -> None:
        self._release()
        if isinstance(error, Cancelled):
            self.ended.emit("cancelled", error)
        else:
            self.ended.emit("failed", error)

    def cancel(self) -> None:
        """Stop drawing and encoding; the partial file is removed."""
        self._release()
        self.handle.cancel()

    def _release(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        raise NotImplementedError


class SweepRecorder(_Recorder):
    """Record a :class:`~app.recording.frames.FrameSource` to a sink, frame by frame."""

    def __init__(self, runner, source, sink: FrameSink, parent=None) -> None:
        super().__init__(runner, sink, len(source), maxsize=8, parent=parent)
        self.source = source
        # The window closing mid-recording takes the recorder with it: close the figure too.
        self.destroyed.connect(source.close)
        self._timer.setInterval(0)
        self._timer.start()

    def _tick(self) -> None:
        start = time.monotonic()
        while self.frames_drawn < len(self.source):
            if self._queue.full():
                # The encoder is behind (or waits for a free worker): look again shortly,
                # without spinning the event loop.
                self._timer.setInterval(10)
                return
            self._timer.setInterval(0)
            self._queue.put_nowait(self.source.frame(self.frames_drawn))
            self.frames_drawn += 1
            if time.monotonic() - start > _BUDGET_S:
                return
        self._queue.put(None)  # room is certain: the loop only ends with a free slot
        self._release()

    def _release(self) -> None:
        super()._release()
        self.source.close()


class LiveRecorder(_Recorder):
    """Record what a canvas shows, at ``fps``, until :meth:`stop` (or ten minutes)."""

    live = True

    def __init__(self, runner, grab, sink: FrameSink, parent=None) -> None:
        super().__init__(runner, sink, None, maxsize=0, parent=parent)
        self._grab = grab
        self._timer.setInterval(max(1, round(1000.0 / sink.fps)))
        self._timer.start()
        self._tick()  # the first frame now: what the person sees when they press Record

    @property
    def seconds(self) -> float:
        return self.frames_drawn / self.sink.fps

    def _tick(self) -> None:
        self._queue.put(self._grab())
        self.frames_drawn += 1
        self.progressed.emit(self.seconds)
        if self.seconds >= MAX_SECONDS:
            self.stop()

    def stop(self) -> None:
        """Stop drawing and let the encoder finish the file."""
        if self._timer.isActive():
            self._timer.stop()
            self._queue.put(None)
