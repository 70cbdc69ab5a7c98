"""Frames: a lab built offscreen in figure style and moved through a sweep, one frame at a
time, each painted with :func:`app.export.render_image` at the recording's size (never
grabbed from a screen, so a recording is the same on every machine); and frames of a live
canvas for "record what I do".

:class:`FrameSource` builds the lab as :func:`app.render.open_figure` does, but does not
hold that block open between frames: the window's recorder draws a frame at a time from a
timer, and while the figure style were switched on, any view the window built or redrew
in between (a lab switched to, an edit) would be drawn in figure style. So the style is
switched on only while the figure is built and while each frame is drawn.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter

from app.recording.errors import RecordingError
from app.recording.quantities import Sweep

__all__ = ["FrameSource", "to_array", "live_frame"]


def to_array(image: QImage) -> np.ndarray:
    """A QImage as an ``(height, width, 4)`` RGBA ``uint8`` array of its own."""
    rgba = image.convertToFormat(QImage.Format.Format_RGBA8888)
    w, h = rgba.width(), rgba.height()
    rows = np.frombuffer(rgba.constBits(), np.uint8, count=rgba.bytesPerLine() * h)
    return rows.reshape(h, rgba.bytesPerLine())[:, :w * 4].reshape(h, w, 4).copy()


class FrameSource:
    """A checked scene's lab, offscreen, at the frames of a sweep.

    Parameters
    ----------
    checked : CheckedScene
    spec : FigureSpec
        Layout size, font size and theme of the figure.
    sweep : Sweep
        What moves, one value per frame.
    size : (int, int)
        The frames' pixel size (the spec's raster size, made even for MP4).

    Raises
    ------
    RecordingError
        The scene's inputs cannot be drawn.
    """

    def __init__(self, checked, spec, sweep: Sweep, size: tuple[int, int]) -> None:
        from app.render import ensure_qapp

        try:
            checked.spec.model_class()(checked.state).check_inputs()
        except ValueError as err:
            raise RecordingError(str(err)) from None
        self.spec, self.sweep, self.size = spec, sweep, size
        self._app = ensure_qapp(headless=True)
        with self._style():
            self._build(checked)

    def _style(self):
        from views.common.style import figure_output

        s = self.spec
        return figure_output(font_pt=s.effective_font_pt(), theme=s.theme,
                             colorblind=s.colorblind)

    def _build(self, checked) -> None:
        from app.scenes import build_lab

        # As app.render.open_figure: no task runner (heavy work is computed at once and is
        # in the frame), laid out alone at the layout size as if shown, never on a screen.
        self.model, self.view = build_lab(checked)
        canvas = self.canvas = self.view.canvas()
        canvas.setParent(None)
        canvas.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        canvas.resize(*self.spec.layout_px())
        canvas.show()
        self._app.processEvents()
        self.view.refit()
        self._app.processEvents()

    def __len__(self) -> int:
        return len(self.sweep.values)

    def frame(self, index: int) -> np.ndarray:
        """Frame ``index`` as an RGBA array of :attr:`size`."""
        from app.export import render_image

        with self._style():
            self.sweep.show(self.model, self.view, self.sweep.values[index])
            image = render_image(self.canvas, *self.size, transparent=self.spec.transparent)
        return to_array(image)

    def close(self) -> None:
        """Close the lab (safe to call twice)."""
        view, self.view = getattr(self, "view", None), None
        if view is None:
            return
        self.canvas.close()
        view.close()
        self.canvas.deleteLater()
        view.deleteLater()
        self.canvas = self.model = None


def live_frame(canvas, width: int, height: int) -> np.ndarray:
    """What a live canvas shows now, fitted (aspect kept) into a ``width``×``height`` frame
    on its own background."""
    from app.export import paint_canvas

    port = canvas.viewport().rect()
    scale = min(width / max(1, port.width()), height / max(1, port.height()))
    w, h = port.width() * scale, port.height() * scale
    target = QRectF((width - w) / 2, (height - h) / 2, w, h)
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    brush = canvas.backgroundBrush()
    image.fill(brush.color() if brush.style() != Qt.BrushStyle.NoBrush
               else Qt.GlobalColor.white)
    canvas.scene().update()
    painter = QPainter(image)
    try:
        paint_canvas(canvas, painter, target)
    finally:
        painter.end()
    return to_array(image)
