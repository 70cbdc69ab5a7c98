"""Large mode of the Attention lab: thousands of tokens, computed off the GUI thread.

The whole matrix is shown max-pooled to the widget's pixels; zooming (wheel or a
dragged box) asks for the visible window, which is computed exactly when it has at
most 2048 × 2048 cells and pooled otherwise. This module draws and turns gestures into
requests; the app runs them off the GUI thread (see ``app.attention_jobs``) with progress
and Cancel, and the old picture stays in place until the new one arrives.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QFontMetricsF
from PySide6.QtWidgets import QGraphicsRectItem, QWidget

from models.attention.large import shapes_differ
from models.attention.request import LargeRequest
from views.attention.large_frame import PositionAxis, apply_layout, measure_rooms
from views.attention.large_layout import LargeLayout, plan_layout, title_variants
from views.common.heatmap import HATCH
from views.common.style import color, colormap, label_font, pt

__all__ = ["LargeCanvas", "LargeMode"]

_DEBOUNCE_MS = 250
_MARGIN = 4
_SPACING = 4


def _hatch(plot, z: float) -> QGraphicsRectItem:
    item = QGraphicsRectItem(0, 0, 1, 1)
    item.setBrush(QBrush(color(HATCH), Qt.BrushStyle.BDiagPattern))
    item.setPen(pg.mkPen(None))
    item.setZValue(z)
    plot.addItem(item)
    return item


class LargeCanvas(pg.GraphicsLayoutWidget):
    """The exported figure of large mode: the pooled overview with the window on top.

    Signals
    -------
    window_moved(object)
        The person zoomed or panned; the new (r0, r1, c0, c1), or None for everything.
    info(str)
        What is under the pointer.
    """

    window_moved = Signal(object)
    info = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ci.setContentsMargins(_MARGIN, _MARGIN, _MARGIN, _MARGIN)
        self.ci.setSpacing(_SPACING)
        self._fonts = {"title": label_font(13), "note": label_font(10),
                       "tick": label_font(11), "bar": label_font(10)}
        self.title = self.ci.addLabel("", row=0, col=0, size=pt(13))
        axes = {"top": PositionAxis("top"), "left": PositionAxis("left")}
        self.plot = self.ci.addPlot(row=1, col=0, axisItems=axes)
        self.note_label = self.ci.addLabel("", row=2, col=0, size=pt(10))
        self.plot.setMenuEnabled(False)
        self.plot.invertY(True)
        self.plot.showAxis("top")
        self.plot.hideAxis("bottom")
        self.plot.setLabel("top", "key position j", **{"font-size": pt(12)})
        self.plot.setLabel("left", "query position i", **{"font-size": pt(12)})
        for name in ("top", "left"):
            self.plot.getAxis(name).setStyle(tickFont=self._fonts["tick"])
        self.vb = self.plot.vb
        self.vb.setMouseMode(pg.ViewBox.RectMode)  # drag a box to zoom; the wheel zooms too
        cmap = colormap("magnitude")
        # Blocks the causal mask hides entirely (the model says which) are drawn
        # transparent over a hatch; a weight that merely underflowed to 0 is coloured at
        # the bottom of the scale. The window has its own white-backed hatch so the
        # coarse overview never shows through its hidden cells.
        self.hatch = _hatch(self.plot, -1)
        self.window_back = QGraphicsRectItem(0, 0, 1, 1)
        self.window_back.setBrush(QBrush(color("background")))
        self.window_back.setPen(pg.mkPen(None))
        self.window_back.setZValue(0.4)
        self.plot.addItem(self.window_back)
        self.window_hatch = _hatch(self.plot, 0.5)
        self.overview = pg.ImageItem(axisOrder="row-major")
        self.window = pg.ImageItem(axisOrder="row-major")
        for z, img in enumerate((self.overview, self.window)):
            img.setColorMap(cmap)
            img.setZValue(z)
            self.plot.addItem(img)
        self._show_window(False)
        self.bar = pg.ColorBarItem(values=(0, 1), width=14, interactive=False, colorMap=cmap)
        self.bar.setImageItem([self.overview, self.window], insert_in=self.plot)
        self.bar.getAxis("right").setStyle(tickFont=self._fonts["bar"])
        self.bar.axis.setLabel("log₁₀ weight", **{"font-size": pt(10)})
        self.log_scale = True
        self.extent = (1, 1)
        self.results = {"overview": None, "window": None}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(_DEBOUNCE_MS)
        self._timer.timeout.connect(self._settled)
        self.vb.sigRangeChanged.connect(lambda *_: self._timer.start())
        self.plot.scene().sigMouseMoved.connect(self._moved)
        self._model_window = None
        self._title_parts = (0, 1, 1, 1.0, False)
        self._bar_shown = True
        self._applied = None
        self.layout_plan: LargeLayout | None = None

    # -- layout (once per model or size change) ----------------------------------------------
    def resizeEvent(self, ev) -> None:  # noqa: N802 - Qt API
        # Before the base class fits the layout to the new size, so it fits this plan (never
        # in a paint or a range handler).
        if getattr(self, "layout_plan", False) is not False and not self.closed:
            self.relayout(ev.size().width(), ev.size().height())
        super().resizeEvent(ev)

    def set_title_parts(self, head: int, heads: int, d: int, temperature: float,
                        causal: bool) -> None:
        """What the title says besides the sizes (it wraps and shortens to the width)."""
        self._title_parts = (head, heads, d, temperature, causal)
        self.relayout()

    def relayout(self, width: int | None = None, height: int | None = None) -> None:
        """Fit title, axes, note and colour bar to the canvas (``width`` × ``height``)."""
        width = self.width() if width is None else width
        height = self.height() if height is None else height
        n, m = self.extent
        win = self._model_window or (0, n, 0, m)
        spans = (float(win[3] - win[2]), float(win[1] - win[0]))
        key = (width, height, self.extent, spans, self._title_parts, self.log_scale)
        if key == self._applied:
            return
        self._applied = key
        rooms = measure_rooms(self, (m, n), _MARGIN, _SPACING)
        titles = title_variants(n, m, *self._title_parts)
        title_fm, note_fm = (QFontMetricsF(self._fonts[k]) for k in ("title", "note"))
        plan = plan_layout(width, height, spans, titles, rooms,
                           lambda t: title_fm.horizontalAdvance(t) + 10,
                           lambda t: note_fm.horizontalAdvance(t) + 4)
        self.layout_plan = plan
        apply_layout(self, plan, rooms, spans, (m, n))

    def left_out(self) -> list[str]:
        """What the figure leaves out at its size, as phrases ([] when all is shown)."""
        return list(self.layout_plan.left_out) if self.layout_plan is not None else []

    def note(self) -> str:
        """The note under the overview saying which positions are labelled ("" if all)."""
        return " ".join(self.layout_plan.note) if self.layout_plan is not None else ""

    # -- geometry ---------------------------------------------------------------------------
    def pixels(self) -> tuple[int, int]:
        """The heatmap area in device pixels: (rows, cols)."""
        r = self.devicePixelRatioF()
        return int(self.vb.height() * r), int(self.vb.width() * r)

    def set_extent(self, n: int, m: int, window) -> None:
        """Queries × keys, and the window the model holds (None: all)."""
        if (n, m) != self.extent:
            self.extent = (n, m)
            self.vb.setLimits(xMin=0, xMax=m, yMin=0, yMax=n, minXRange=min(m, 8),
                              minYRange=min(n, 8))
            self.hatch.setRect(QRectF(0, 0, m, n))
            self.results = {"overview": None, "window": None}
            self._show_window(False)
        self._model_window = window
        self.relayout()
        r0, r1, c0, c1 = window if window is not None else (0, n, 0, m)
        if self._current_window() != window:
            self.vb.setRange(xRange=(c0, c1), yRange=(r0, r1), padding=0)
        self._timer.stop()  # the model's own window is no gesture

    def _current_window(self):
        (x0, x1), (y0, y1) = self.vb.viewRange()
        n, m = self.extent
        r0, r1 = max(0, math.floor(y0 + 1e-6)), min(n, math.ceil(y1 - 1e-6))
        c0, c1 = max(0, math.floor(x0 + 1e-6)), min(m, math.ceil(x1 - 1e-6))
        r1, c1 = max(r1, r0 + 1), max(c1, c0 + 1)
        return None if (r0, r1, c0, c1) == (0, n, 0, m) else (r0, r1, c0, c1)

    def _settled(self) -> None:
        w = self._current_window()
        if w != self._model_window:
            self.window_moved.emit(w)

    def stop(self) -> None:
        """Stop the pending zoom timer (closing, tests)."""
        self._timer.stop()

    # -- pictures ---------------------------------------------------------------------------
    def _levels(self):
        return (math.log10(1.0 / (100.0 * max(self.extent[1], 1))), 0.0) if self.log_scale \
            else (0.0, 1.0)

    def _shown(self, result) -> np.ndarray:
        """The image to draw: hidden blocks NaN (transparent), zeros at the lowest level."""
        image = result.image
        if self.log_scale:
            lowest = self._levels()[0]
            positive = image > 0
            shown = np.where(positive, np.log10(np.where(positive, image, 1.0)), lowest)
            shown = np.maximum(shown, lowest)  # below the scale: the lowest colour
        else:
            shown = image
        return np.where(result.hidden, np.nan, shown).astype(np.float32)

    def show_result(self, result) -> None:
        """Place a finished :class:`~models.attention.large.LargeResult`."""
        j = result.job
        key = "overview" if j.kind == "overview" else "window"
        self.results[key] = result
        img = self.overview if key == "overview" else self.window
        img.setImage(self._shown(result), autoLevels=False, levels=self._levels())
        rect = QRectF(j.cols[0], j.rows[0], j.cols[1] - j.cols[0], j.rows[1] - j.rows[0])
        img.setRect(rect)
        if key == "window":
            self.window_back.setRect(rect)
            self.window_hatch.setRect(rect)
            self._show_window(True)
        else:
            img.show()
        self.bar.setLevels(self._levels())

    def _show_window(self, on: bool) -> None:
        for item in (self.window, self.window_back, self.window_hatch):
            item.setVisible(on)

    def drop_window(self) -> None:
        """Hide the window picture (the model shows everything)."""
        self.results["window"] = None
        self._show_window(False)

    def set_log_scale(self, on: bool) -> None:
        """Colour by log₁₀ weight (on) or by weight in [0, 1]."""
        self.log_scale = on
        self.bar.axis.setLabel("log₁₀ weight" if on else "weight", **{"font-size": pt(10)})
        for res in self.results.values():
            if res is not None:
                self.show_result(res)
        self.bar.setLevels(self._levels())

    # -- hover ------------------------------------------------------------------------------
    def describe(self, row: int, col: int) -> str:
        """The weight shown at query ``row``, key ``col`` (window first, then overview)."""
        for key in ("window", "overview"):
            res = self.results[key]
            if res is None:
                continue
            rb, cb = res.row_bounds, res.col_bounds
            if not (rb[0] <= row < rb[-1] and cb[0] <= col < cb[-1]):
                continue
            a = int(np.searchsorted(rb, row, side="right")) - 1
            b = int(np.searchsorted(cb, col, side="right")) - 1
            w = float(res.image[a, b])
            hidden = bool(res.hidden[a, b])
            value = "hidden by the causal mask" if hidden else f"weight {w:.3g}"
            if rb[a + 1] - rb[a] == 1 and cb[b + 1] - cb[b] == 1:
                return f"query {row}, key {col}: {value}" + ("" if hidden else " (exact)")
            return (f"queries {rb[a]}–{rb[a + 1] - 1}, keys {cb[b]}–{cb[b + 1] - 1}: "
                    + (value if hidden else f"largest weight {w:.3g}"))
        return ""

    def _moved(self, pos) -> None:
        if not self.plot.sceneBoundingRect().contains(pos):
            return
        p = self.vb.mapSceneToView(pos)
        self.info.emit(self.describe(int(math.floor(p.y())), int(math.floor(p.x()))))


class LargeMode(QObject):
    """Large mode's figure and controls: shows what it is given, asks for what it lacks.

    The computations run elsewhere (the app connects a controller to these signals); this
    object only says what the screen needs, at which pixel size, and draws what comes back.

    Parameters
    ----------
    view : LabView
        The view it belongs to (and dies with); its ``status`` signal carries reports.
    controls : LargeControls
        Shows progress and the last report; its Cancel button asks to stop.

    Signals
    -------
    requested(object)
        A :class:`~models.attention.request.LargeRequest`: compute what the screen lacks.
    cancel_requested(bool)
        Stop the running computation; True (quiet) when its end need not be reported
        (the view closes).
    """

    requested = Signal(object)
    cancel_requested = Signal(bool)

    def __init__(self, view, controls) -> None:
        super().__init__(view)
        self.view = view
        self.canvas = LargeCanvas()
        self.controls = controls
        self.active = False
        self._pending = False
        self._planned = None
        self._model = None
        self.controls.cancel_clicked.connect(self.cancel)
        self.canvas.vb.sigResized.connect(self._resized)

    def show_model(self, model, active: bool) -> None:
        """Show the model's parameters; ask for what is missing when large mode is shown."""
        self._model = model
        s, p = model.state, model.large
        self.active = active
        self.controls.show_state(s)
        self.canvas.set_extent(p.n, p.m, s.window)
        if s.window is None:
            self.canvas.drop_window()
        self.canvas.set_title_parts(p.head, p.h, p.d, p.temperature, p.causal)
        if active:
            if self._laid_out():
                self.request()
            else:
                self._pending = True  # asked for at the size the canvas gets (see _resized)

    def _laid_out(self) -> bool:
        return self.canvas.isVisible() and self._vb_ok()

    def _vb_ok(self) -> bool:
        """Whether the heatmap area has a real size yet."""
        return self.canvas.vb.width() >= 16 and self.canvas.vb.height() >= 16

    def _shape(self) -> tuple[int, int]:
        rows, cols = self.canvas.pixels()
        return max(256, min(1024, rows)), max(256, min(1024, cols))

    def request(self) -> None:
        """Ask for the overview (and window) at the canvas's present size."""
        self._pending = False
        self._planned = self._shape()
        m = self._model
        shown = tuple(r.job for r in self.canvas.results.values() if r is not None)
        self.requested.emit(LargeRequest(m.large, m.state.window, self._planned, shown))

    def cancel(self, quiet: bool = False) -> None:
        """Ask to stop the running computation (its result will not be shown)."""
        self.cancel_requested.emit(quiet)

    def refit(self) -> None:
        """Ask again for the canvas's present size now (headless export)."""
        self.canvas.stop()
        if self.active and self._model is not None:
            self.request()

    def _resized(self, *_args) -> None:
        if not self.active or self._model is None or not self._laid_out():
            return
        if self._pending or self._planned is None or shapes_differ(self._planned, self._shape()):
            self.request()

    # -- what the computations hand back ------------------------------------------------------
    def show_backend(self, text: str) -> None:
        """Name the backend in the report, until a computation reports something."""
        if not self.controls.report.text():
            self.controls.report.setText(text)

    def show_busy(self, busy: bool) -> None:
        """Show that a computation runs (progress from 0, Cancel enabled) or ended."""
        self.controls.set_busy(busy)

    def show_progress(self, fraction: float) -> None:
        """How far the running computation got, in [0, 1]."""
        self.controls.progress.setValue(int(round(fraction * 1000)))

    def show_results(self, results) -> None:
        """Place finished :class:`~models.attention.large.LargeResult` pictures."""
        for res in results:
            self.canvas.show_result(res)

    def show_report(self, text: str) -> None:
        """Say how the last computation ended, beside the controls and in the status bar."""
        self.controls.report.setText(text)
        self.show_status(text)

    def show_status(self, text: str) -> None:
        """A message for the status bar only."""
        self.view.status.emit(text)
