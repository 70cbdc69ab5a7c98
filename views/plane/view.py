"""The Plane lab's view: edit a 2×2 matrix A and watch it act on the plane.

Layout: the entry grid and options on the left, the canvas in the centre with the
animation bar under it, and the inspector on the right. Every gesture becomes an
intent; the animation time is presentation, kept in the view's own view state.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QCheckBox, QWidget

from models.plane.view_state import PlaneViewState
from views.common.animation_bar import AnimationBar
from views.common.lab_view import Toggle
from views.common.matrix_editor import MatrixEditor
from views.common.matrix_lab import MatrixLabView
from views.common.style import ui_font
from views.plane.canvas import PlaneCanvas
from views.plane.inspector import PlaneInspector

__all__ = ["PlaneView"]

_COLUMN_TEXT = ("Drag Aî", "Drag Aĵ")


class PlaneView(MatrixLabView):
    """View of a :class:`models.plane.model.PlaneModel`.

    Signals (from :class:`LabView`)
    -------------------------------
    intent(str, dict, object)
        ``("Edit a12", {"entry": (0, 1, "3/4")}, None)``,
        ``("Drag Aî", {"column": (0, [x, y])}, merge_key)``,
        ``("Move x", {"x": [x, y]}, merge_key)``,
        ``("x on unit circle", {"x_on_circle": True}, None)``.
    status(str), options_changed()

    Attributes
    ----------
    editor : MatrixEditor
    inspector : PlaneInspector
    animation : AnimationBar
    circle_box : QCheckBox
        "x on unit circle" (model state: toggling it is an undoable intent).
    view_state : PlaneViewState
        The toggles and the animation time t.
    """

    VIEW_STATE = PlaneViewState

    TOGGLES = (
        Toggle("grid", "Grid"),
        Toggle("transformed_grid", "Transformed grid"),
        Toggle("basis", "Basis vectors î, ĵ"),
        Toggle("square", "Unit square → parallelogram"),
        Toggle("ellipse", "Unit circle → ellipse (SVD axes)"),
        Toggle("eigen", "Eigen-directions"),
        Toggle("probe", "Vector x and Ax"),
    )

    def __init__(self, model, parent: QWidget | None = None) -> None:
        super().__init__(model, parent)
        self.editor = MatrixEditor(2, 2, "a", "A =", self)
        self._canvas = PlaneCanvas(self)
        self._canvas.view_state = self.view_state  # the canvas draws the time it holds
        self.inspector = PlaneInspector(self)
        self.inspector.setMinimumWidth(260)
        self.inspector.setMaximumWidth(340)
        self.animation = AnimationBar(self)
        self.circle_box = QCheckBox("x on unit circle", self)
        self.circle_box.setFont(ui_font(12))
        self.circle_box.setToolTip("Hold x on the unit circle and sweep it round (eigshow)")
        self._inspector_due = False
        self._flush_queued = False
        self._build_layout()

        self._canvas.column_dragged.connect(self._on_column_dragged)
        self.circle_box.toggled.connect(self._on_circle_toggled)
        self.animation.time_changed.connect(self._on_time_changed)
        self._canvas.painted.connect(self._after_paint)
        self._wire_matrix_lab()

    def _build_layout(self) -> None:
        left = self._side_column()
        left.addWidget(self.editor)
        left.addSpacing(6)
        left.addWidget(self.circle_box)
        # The app's menu has these too: a smaller font keeps the column narrow.
        left.addWidget(self._build_toggle_box(font_size=11))
        left.addWidget(self._hint("Drag the tips of Aî, Aĵ and x.\nHold Shift for no snapping.",
                                  font_size=10))
        left.addStretch(1)
        self._lay_out_row(left, self._canvas, under=self.animation, right=self.inspector)

    # -- LabView API -------------------------------------------------------------------------
    def canvas(self) -> PlaneCanvas:
        """The figure (a pyqtgraph PlotWidget)."""
        return self._canvas

    def refit(self) -> None:
        """Fit the canvas's view range to the content again (after pan/zoom)."""
        self._canvas.fit_view()

    def _apply_options(self) -> None:
        self._sync_layers(self._canvas)
        self._sync_toggle_boxes()

    def _after_paint(self) -> None:
        if self._inspector_due and not self._flush_queued:
            # Queued, not called here: inside the paint the frame has not reached the
            # screen yet, and the inspector's text layout would hold it back.
            self._flush_queued = True
            QTimer.singleShot(0, self, self._queued_flush)

    def _queued_flush(self) -> None:
        self._flush_queued = False
        self.flush()

    def flush(self) -> None:
        """Bring every part of the view up to date now (the inspector may lag one frame)."""
        if self._inspector_due:
            self._inspector_due = False
            self.inspector.update_from(self.model)

    # -- model → view ------------------------------------------------------------------------
    def _show(self, model) -> None:
        st = model.state
        if list(st.texts) != self.editor.texts():
            self.editor.set_texts(st.texts)
        if self.circle_box.isChecked() != st.x_on_circle:
            blocked = self.circle_box.blockSignals(True)
            self.circle_box.setChecked(st.x_on_circle)
            self.circle_box.blockSignals(blocked)
        t = self.view_state.t
        if abs(self.animation.t - t) > 0.5 / 1000:
            self.animation.set_time(t)
        self._canvas.update_from(model)
        # The picture comes first: the inspector's text layout waits until the canvas has
        # painted this change (its ``painted`` signal queues ``flush``), which keeps an
        # edit inside one frame. A canvas that is not on screen never paints: update now.
        self._inspector_due = True
        if self._canvas.isVisible():
            self._canvas.viewport().update()
        else:
            self.flush()

    # -- gestures → intents ------------------------------------------------------------------
    def _on_column_dragged(self, j: int, x: float, y: float, merge_key) -> None:
        if self.view_state.t < 1.0:
            # Grabbing a column mid-animation means "edit A": show A itself first.
            self.animation.pause()
            self.view_state.set_time(1.0)
        self.intent.emit(_COLUMN_TEXT[j], {"column": (j, [x, y])}, merge_key)

    def _on_circle_toggled(self, on: bool) -> None:
        blocked = self.circle_box.blockSignals(True)
        self.circle_box.setChecked(self.model.state.x_on_circle)  # the model decides
        self.circle_box.blockSignals(blocked)
        self.intent.emit("x on unit circle" if on else "x free",
                         {"x_on_circle": bool(on)}, None)

    def _on_time_changed(self, t: float) -> None:
        # Animation time is presentation state, not an edit of A: it goes straight to the
        # view state (no intent, no undo step), like scrolling a document.
        self.view_state.set_time(t)

    def closeEvent(self, ev) -> None:  # noqa: N802 - Qt API
        self.animation.pause()
        super().closeEvent(ev)
