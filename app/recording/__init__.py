"""Recordings: a lab's animation (I → A, the SVD stages, the softmax temperature, a preset's
parameter) or what a person does live, to MP4 (H.264), GIF or APNG.

Frames are drawn offscreen at the requested size in figure style; encoding needs the
optional packages of the ``record`` extra (``pip install 'linscope[record]'``).
"""

from app.recording.encoders import FORMATS, FrameSink, frame_size, open_sink
from app.recording.errors import EXTRA_HINT, RecordingError
from app.recording.quantities import QUANTITIES, labs_with, make_sweep, quantities_of
from app.recording.record import Plan, check_timing, plan_recording, record_checked

__all__ = ["EXTRA_HINT", "FORMATS", "FrameSink", "Plan", "QUANTITIES", "RecordingError",
           "check_timing", "frame_size", "labs_with", "make_sweep", "open_sink",
           "plan_recording", "quantities_of", "record_checked"]
