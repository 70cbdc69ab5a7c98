"""The window's Record command: the dialog, the recorders, and the status-bar indicator
("● Recording 37 %" with a Stop button). Each handler ends in a scriptable method
(:meth:`RecordingMixin.start_recording`, :meth:`~RecordingMixin.start_live_recording`)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QWidget

from app.recording.encoders import check_format, frame_size, open_sink
from app.recording.errors import RecordingError
from app.recording.quantities import quantities_of
from app.recording.record import check_timing, plan_recording

__all__ = ["RecordingMixin"]


class RecordingMixin:
    """Record handlers of the main window; at most one recording at a time."""

    recorder = None  # the running recorder, if any

    # -- handlers ----------------------------------------------------------------------------
    def record_dialog(self) -> None:
        """Ask what to record and start; while a recording runs, stop it instead."""
        from app.recording.dialog import LIVE, RecordDialog
        from models.core.evented import SceneError

        if self.recorder is not None:
            self.stop_recording()
            return
        try:
            quantities = quantities_of(self.recording_scene())
        except SceneError as err:
            self.report_error("Cannot record", str(err))
            return
        stem = self.path.stem if self.path else self.spec.id
        dialog = RecordDialog(quantities, str(Path(self._folder()) / f"{stem}.mp4"), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        c = dialog.choice()
        if c["what"] == LIVE:
            self.start_live_recording(c["path"], c["fps"], c["size"])
        else:
            self.start_recording(c["path"], c["what"], c["seconds"], c["fps"], c["size"])

    # -- scriptable --------------------------------------------------------------------------
    def recording_scene(self):
        """The lab on screen as a checked scene; it names the parameterised preset it still
        is, if any, so that preset's parameter can be animated."""
        from app.scenes import check_scene, preset_scene, scene_of

        doc = self.document()
        scene = scene_of(self.spec, doc.model, self.view)
        base = doc.path.parent if doc.path else None
        current = self.preset_panel.current()
        if current is not None and current[0].param is not None \
                and current[0].lab == self.spec.id:
            fresh = preset_scene(*current)
            if type(doc.model)(check_scene(fresh).state).to_dict() == doc.model.to_dict():
                scene["preset"] = fresh["preset"]
        return check_scene(scene, base=base)

    def start_recording(self, path, animate: str, seconds: float = 4.0, fps: int = 30,
                        size: tuple[int, int] = (1280, 720)) -> str | None:
        """Record the lab on screen with ``animate`` moving, in the background; returns the
        error message, or None once the recording runs (it ends in :attr:`recorder`'s
        ``ended`` signal)."""
        from app.figure_spec import FigureSpec, Length, SpecError
        from app.recording.frames import FrameSource
        from app.recording.recorders import SweepRecorder
        from models.core.evented import SceneError

        if self.recorder is not None:
            return self.report_error("Cannot record", "a recording is running; stop it first")
        sink = None
        try:
            spec = FigureSpec(Length(size[0], "px"), Length(size[1], "px"))
            plan = plan_recording(self.recording_scene(), path, spec, animate, seconds, fps)
            sink = open_sink(plan.out, plan.size, plan.fps)
            source = FrameSource(self.recording_scene(), spec, plan.sweep, plan.size)
        except (RecordingError, SceneError, SpecError) as err:
            if sink is not None:
                sink.abort()
            return self.report_error("Cannot record", str(err))
        self._begin_recording(SweepRecorder(self.task_runner, source, sink, self), plan.notes,
                              plan.sweep.text)
        return None

    def start_live_recording(self, path, fps: int = 30,
                             size: tuple[int, int] = (1280, 720)) -> str | None:
        """Record what the lab on screen shows, ``fps`` times a second, until
        :meth:`stop_recording`; returns the error message or None."""
        from app.recording.frames import live_frame
        from app.recording.recorders import LiveRecorder

        if self.recorder is not None:
            return self.report_error("Cannot record", "a recording is running; stop it first")
        try:
            path = Path(path)
            check_format(path)
            check_timing(1.0, fps)
            if not path.parent.is_dir():
                raise RecordingError(f"folder {str(path.parent)!r} does not exist")
            (w, h), note = frame_size(path, *size)
            sink = open_sink(path, (w, h), fps)
        except RecordingError as err:
            return self.report_error("Cannot record", str(err))
        # The lab on screen at each frame: switching labs while recording is recorded too.
        recorder = LiveRecorder(self.task_runner, lambda: live_frame(self.view.canvas(), w, h),
                                sink, self)
        self._begin_recording(recorder, (note,) if note else (), "what you do")
        return None

    def stop_recording(self) -> None:
        """Stop: a live recording is finished and saved; a sweep is cancelled."""
        rec = self.recorder
        if rec is None:
            return
        if rec.live:
            rec.stop()
            self._recording_text("● Saving…")
        else:
            rec.cancel()

    def cancel_recording(self) -> None:
        """Cancel the recording; its partial file is removed."""
        if self.recorder is not None:
            self.recorder.cancel()

    # -- indicator ---------------------------------------------------------------------------
    def _begin_recording(self, recorder, notes, what: str) -> None:
        self.recorder = recorder
        recorder.progressed.connect(self._recording_progress)
        recorder.ended.connect(self._recording_ended)
        box = self._recording_box()
        self._rec_stop.setText("Stop" if recorder.live else "Cancel")
        self._rec_stop.setToolTip("Stop and save" if recorder.live
                                  else "Stop and write nothing")
        self._recording_progress(0.0)
        box.show()
        message = f"Recording {what} to {recorder.sink.path.name}"
        self.statusBar().showMessage("; ".join((message, *notes)), 8000)

    def _recording_box(self) -> QWidget:
        if getattr(self, "_rec_box", None) is None:
            box = QWidget()
            row = QHBoxLayout(box)
            row.setContentsMargins(0, 0, 0, 0)
            self._rec_label = QLabel()
            self._rec_label.setStyleSheet("color: #c62828; font-weight: bold")
            self._rec_stop = QPushButton("Stop")
            self._rec_stop.clicked.connect(self.stop_recording)
            row.addWidget(self._rec_label)
            row.addWidget(self._rec_stop)
            self.statusBar().addPermanentWidget(box)
            self._rec_box = box
        return self._rec_box

    def _recording_text(self, text: str) -> None:
        self._rec_label.setText(text)

    def _recording_progress(self, value: float) -> None:
        rec = self.recorder
        if rec is None:
            return
        if rec.live:
            self._recording_text(f"● Recording {value:.1f} s")
        else:
            self._recording_text(f"● Recording {round(100 * value)} %")

    def _recording_ended(self, state: str, payload) -> None:
        rec, self.recorder = self.recorder, None
        self._rec_box.hide()
        if rec is not None:
            rec.deleteLater()
        if state == "done":
            path, frames = payload
            self.statusBar().showMessage(f"Recorded {Path(path).name}: {frames} frames", 10000)
        elif state == "cancelled":
            self.statusBar().showMessage("Recording cancelled; nothing was written", 8000)
        else:
            self.report_error("Recording failed", str(payload))
