"""The Space lab's view: edit a 3×3, 3×2 or 2×3 matrix and watch it act on space.

Layout: shape, entries, vectors and options on the left; the canvas in the centre with the
animation bar under it; the inspector on the right. Entry edits and shape switches are
intents (undo steps); the camera and the animation time are presentation and go straight
to the view's own view state.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QTextBrowser,
    QWidget,
)

from models.core.expr import format_value
from models.space.camera import Camera
from models.space.geometry import SHAPES
from models.space.view_state import SpaceViewState, shown_geometry
from views.common.animation_bar import AnimationBar
from views.common.lab_view import LabView, Toggle
from views.common.matrix_editor import MatrixEditor
from views.common.numbers import num
from views.common.style import PALETTE, ui_font
from views.space.canvas import LAYERS, SpaceCanvas

__all__ = ["SpaceView", "inspector_rows"]

_SHAPE_TEXT = {(3, 3): "3×3: space → space", (3, 2): "3×2: plane → space",
               (2, 3): "2×3: space → plane"}


def _z(z: complex) -> str:
    a, b = float(np.real(z)), float(np.imag(z))
    if abs(b) <= 1e-12 * max(1.0, abs(a)):
        return num(a, 4)
    return f"{num(a, 4)} {'−' if b < 0 else '+'} {num(abs(b), 4)}i"


def inspector_rows(model, t: float = 1.0) -> list[tuple[str, str]]:
    """The facts the inspector lists, as (name, value) text pairs, for A itself (least
    squares only while the picture shows A, at time ``t`` = 1)."""
    f = model.facts
    rows, cols = f.shape
    out = [("shape", f"{rows}×{cols}: R{'³' if cols == 3 else '²'} → "
                     f"R{'³' if rows == 3 else '²'}")]
    if f.det is not None:
        out.append(("det", f"{num(f.det, 4)} (signed volume)"))
    out.append(("rank", str(f.rank)))
    if f.eigenvalues is not None:
        out.append(("eigenvalues", ", ".join(_z(z) for z in f.eigenvalues)))
    out.append(("singular values", ", ".join(num(s, 4) for s in f.singular_values)))
    out.append(("column space", f"dimension {f.rank} (in R{'³' if rows == 3 else '²'})"))
    out.append(("null space", f"dimension {cols - f.rank} (in R{'³' if cols == 3 else '²'})"))
    g = model.geometry
    if g.lsq is not None and t >= 1.0:
        fit = g.lsq
        out.append(("least squares", "best x = (" + ", ".join(num(v, 4) for v in fit.xhat) + ")"))
        out.append(("projection", "p = A·(best x) = (" + ", ".join(num(v, 4) for v in fit.p) + ")"))
        out.append(("residual", f"|b − p| = {num(fit.residual_norm, 4)}"))
    return out


class SpaceView(LabView):
    """View of a :class:`models.space.model.SpaceModel`.

    Signals (from :class:`LabView`)
    -------------------------------
    intent(str, dict, object)
        ``("Edit a12", {"entry": (0, 1, "3/4")}, None)``, ``("Shape 3×2", {"shape": (3, 2)},
        None)``, ``("Edit x2", {"x_entry": (1, "1/2")}, None)``,
        ``("Edit b3", {"b_entry": (2, "4")}, None)``.
    status(str), options_changed()

    Attributes
    ----------
    view_state : SpaceViewState
        The toggles, the animation time t and the camera.
    """

    VIEW_STATE = SpaceViewState
    TOGGLES = (
        Toggle("lattice", "Transformed lattice"),
        Toggle("basis", "Basis vectors and their images"),
        Toggle("solid", "Unit cube → parallelepiped (det)"),
        Toggle("ellipsoid", "Unit sphere → ellipsoid (SVD axes)"),
        Toggle("eigen", "Eigenvectors (3×3)"),
        Toggle("subspaces", "Column space and null space"),
        Toggle("probe", "Vector x and Ax", False),
        Toggle("least_squares", "Least squares b, p, b − p (3×2)", False),
        Toggle("axes", "Axes and triad"),
        Toggle("perspective", "Mild perspective", False),
    )

    def __init__(self, model, parent: QWidget | None = None) -> None:
        super().__init__(model, parent)
        self._canvas = SpaceCanvas(self)
        self._canvas.view_state = self.view_state  # the canvas draws its time and camera
        self.shape_box = QComboBox(self)
        for shape in SHAPES:
            self.shape_box.addItem(_SHAPE_TEXT[shape], shape)
        self.editor = MatrixEditor(*model.shape, "a", "A =", self)
        self.x_editor = MatrixEditor(model.shape[1], 1, "x", "x =", self)
        self.b_editor = MatrixEditor(3, 1, "b", "b =", self)
        self.animation = AnimationBar(self)
        self.inspector = QTextBrowser(self)
        self.inspector.setFont(ui_font(13))
        self.inspector.setMinimumWidth(260)
        self.inspector.setMaximumWidth(330)
        self.reset_button = QPushButton("Reset view", self)
        self._shown = None  # (state, t) last drawn in the panels: camera moves skip them
        self._build_layout()

        self.shape_box.currentIndexChanged.connect(self._on_shape_chosen)
        self.editor.entry_edited.connect(self._on_entry_edited)
        self.x_editor.entry_edited.connect(
            lambda i, _j, text: self.intent.emit(f"Edit x{i + 1}", {"x_entry": (i, text)}, None))
        self.b_editor.entry_edited.connect(
            lambda i, _j, text: self.intent.emit(f"Edit b{i + 1}", {"b_entry": (i, text)}, None))
        self.animation.time_changed.connect(self._on_time_changed)
        self._canvas.camera_requested.connect(self._on_camera_requested)
        self.reset_button.clicked.connect(lambda: self._on_camera_requested(Camera()))
        # The one connection to the view state is LabView's: a new time or camera redraws
        # as a model change does (see LabView._show_presentation).
        # The one connection to the model; dropped with the view so a model that outlives
        # it never calls into a deleted widget.
        self._connect_model(self._on_model_changed)
        self._apply_options()
        self._show(model)

    def _build_layout(self) -> None:
        left = self._side_column()
        self.shape_box.setFont(ui_font(12))
        left.addWidget(self.shape_box)
        left.addWidget(self.editor)
        vectors = QHBoxLayout()
        vectors.addWidget(self.x_editor)
        vectors.addWidget(self.b_editor)
        left.addLayout(vectors)
        left.addWidget(self._build_toggle_box())
        left.addWidget(self.reset_button)
        left.addWidget(self._hint("Drag the picture to turn it,\nthe wheel to zoom."))
        left.addStretch(1)
        self._lay_out_row(left, self._canvas, under=self.animation, right=self.inspector)

    # -- LabView API -------------------------------------------------------------------------
    def canvas(self) -> SpaceCanvas:
        """The figure (a pyqtgraph PlotWidget)."""
        return self._canvas

    def refit(self) -> None:
        """Fit the canvas's view range to the scene again (after a resize)."""
        self._canvas.fit_view()

    def refuse(self, changes: dict, message: str) -> None:
        """Show a model refusal next to the entries it concerns; the old values stay."""
        st = self.model.state
        for key, editor, values in (("x_entry", self.x_editor, st.x),
                                    ("b_entry", self.b_editor, st.b)):
            if key in changes and "entry" not in changes:
                editor.set_texts([format_value(v, 6) for v in values])
                editor.show_error(message)
                return
        super().refuse(changes, message)

    def _apply_options(self) -> None:
        self._sync_layers(self._canvas,
                          [key for key in self.view_state.state.toggles if key in LAYERS])
        on = self.option("perspective")
        if self._canvas.perspective != on:
            self._canvas.set_perspective(on)
        self._sync_toggle_boxes()

    # -- model → view ------------------------------------------------------------------------
    def _on_model_changed(self, model) -> None:
        self.redraw_count += 1
        self._show(model)

    def _show(self, model) -> None:
        st, t = model.state, self.view_state.t
        # A camera move changes nothing in the panels: only the canvas is redrawn.
        if self._shown is None or self._shown[0] is not st or self._shown[1] != t:
            self._shown = (st, t)
            self._show_panels(model)
        self._canvas.update_from(model)

    def _show_panels(self, model) -> None:
        st = model.state
        rows, cols = st.shape
        index = SHAPES.index((rows, cols))
        if self.shape_box.currentIndex() != index:
            blocked = self.shape_box.blockSignals(True)
            self.shape_box.setCurrentIndex(index)
            self.shape_box.blockSignals(blocked)
        reshaped = self.editor.shape() != (rows, cols)
        if reshaped:
            self.editor.set_shape(rows, cols)
        if list(st.texts) != self.editor.texts():
            self.editor.set_texts(st.texts)
        if self.x_editor.shape() != (cols, 1):
            self.x_editor.set_shape(cols, 1)
        self.x_editor.set_texts([format_value(v, 6) for v in st.x])
        self.b_editor.set_texts([format_value(v, 6) for v in st.b])
        self.b_editor.setVisible((rows, cols) == (3, 2))
        if reshaped:
            # The grids changed size: lay the panel out now, not one event later, so the
            # rows never overlap the widgets below them.
            for grid in (self.editor, self.x_editor):
                grid.layout().activate()
                grid.updateGeometry()
            self.layout().activate()
        t = self.view_state.t
        if abs(self.animation.t - t) > 0.5 / 1000:
            self.animation.set_time(t)
        self.inspector.setHtml(self._inspector_html(model, t))

    @staticmethod
    def _inspector_html(model, t: float) -> str:
        head = f"style='color:{PALETTE['j_hat']}; margin-top:10px; margin-bottom:2px'"
        rows = "".join(f"<tr><td style='padding-right:8px'><i>{k}</i></td><td>{v}</td></tr>"
                       for k, v in inspector_rows(model, t))
        notes = "".join(f"<p style='color:{PALETTE['eigen']}; margin:4px 0'>{n}</p>"
                        for n in shown_geometry(model, t).notes)
        return f"<h3 {head}>Matrix A</h3><table>{rows}</table>{notes}"

    # -- gestures → intents ------------------------------------------------------------------
    def _on_shape_chosen(self, index: int) -> None:
        shape = self.shape_box.itemData(index)
        blocked = self.shape_box.blockSignals(True)
        self.shape_box.setCurrentIndex(SHAPES.index(self.model.shape))  # the model decides
        self.shape_box.blockSignals(blocked)
        self.intent.emit(f"Shape {shape[0]}×{shape[1]}", {"shape": tuple(shape)}, None)

    def _on_time_changed(self, t: float) -> None:
        # Presentation state, like scrolling: straight to the view state, no undo step.
        self.view_state.set_time(t)

    def _on_camera_requested(self, camera) -> None:
        self.view_state.set_camera(camera)

    def closeEvent(self, ev) -> None:  # noqa: N802 - Qt API
        self.animation.pause()
        super().closeEvent(ev)

