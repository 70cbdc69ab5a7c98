"""The SVD lab's view: A = UΣVᵀ played as three motions of the plane.

Left: the entries of A (shared with the Plane and Norms labs), the view's options with the
rank-1 approximation and its errors, and the factors in numbers. Centre: the canvas and
the stage bar. The stage time is presentation state, kept in the view's own view state
(not undoable); every edit of A or x is an intent.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from models.plane.svd_stages import STAGE_NAMES, rank_one, svd_stages
from models.plane.view_state import SvdViewState
from views.common.lab_view import Toggle
from views.common.matrix_editor import MatrixEditor
from views.common.matrix_lab import MatrixLabView
from views.common.numbers import num
from views.common.playback_bar import PlaybackBar
from views.common.style import PALETTE, ui_font
from views.svd.items import SvdCanvas, facts_html, stage_notes

__all__ = ["SvdView", "StageBar", "STEPS_PER_STAGE"]

STEPS_PER_STAGE = 1000
SECONDS_PER_STAGE = 1.6


class StageBar(PlaybackBar):
    """Play/pause, a 0…3 stage scrubber and one button per stage (plays just that stage).

    Signals
    -------
    stage_changed(float)
        The person (or playback) moved the stage time to s ∈ [0, 3].
    """

    stage_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(3.0, STEPS_PER_STAGE, "Play I → Vᵀ → ΣVᵀ → UΣVᵀ = A",
                         "Scrub the stages: 0 = I, 1 = Vᵀ, 2 = ΣVᵀ, 3 = A",
                         "s = 0.00 · Vᵀ: rotate/reflect", parent)
        self.stage_buttons = []
        stages_row = QHBoxLayout()
        stages_row.setContentsMargins(0, 0, 0, 0)
        for k, name in enumerate(STAGE_NAMES, start=1):
            b = QPushButton(f"{k}. {name}", self)
            b.setFont(ui_font(12))
            b.setToolTip(f"Play stage {k}, {name}, only")
            # A narrow bar names the stage by its matrix alone (see resizeEvent).
            b.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            b.setMinimumWidth(b.fontMetrics().horizontalAdvance(f"{k}. {name[:2]}") + 24)
            b.clicked.connect(lambda _=False, k=k: self.play_stage(k))
            stages_row.addWidget(b)
            self.stage_buttons.append(b)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        self._add_controls(top)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addLayout(top)
        layout.addLayout(stages_row)
        self._show_label(self.s)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        # Once per size change: full stage names when the three fit in a row, else short.
        room = event.size().width() // len(self.stage_buttons) - 12
        for k, (b, name) in enumerate(zip(self.stage_buttons, STAGE_NAMES, strict=True), 1):
            full = f"{k}. {name}"
            fits = b.fontMetrics().horizontalAdvance(full) + 24 <= room
            b.setText(full if fits else f"{k}. {name.split(':')[0]}")
        super().resizeEvent(event)

    @property
    def s(self) -> float:
        """The stage time shown by the scrubber."""
        return self._value

    def set_stage(self, s: float) -> None:
        """Show stage time ``s`` without emitting (view state → widget)."""
        self._set_value(s)

    def play(self, start: float | None = None, stop: float = 3.0) -> None:
        """Play from ``start`` (the current time; 0 when at the end) to ``stop``."""
        super().play(start, stop)

    def play_stage(self, k: int) -> None:
        """Play stage ``k`` (1, 2 or 3) alone, from its start to its end."""
        self.play(k - 1.0, float(k))

    def _emit_value(self, s: float) -> None:
        self.stage_changed.emit(s)

    def _seconds_per_unit(self) -> float:
        return SECONDS_PER_STAGE  # read at each tick, so a test may shorten it

    def _show_label(self, s: float) -> None:
        k = min(3, max(1, math.ceil(s - 1e-9)))
        self.label.setText(f"s = {s:.2f} · {STAGE_NAMES[k - 1]}")
        for i, b in enumerate(self.stage_buttons, start=1):
            b.setStyleSheet("font-weight: bold;" if i == k and s > 0 else "")


class SvdView(MatrixLabView):
    """View of a :class:`models.plane.model.PlaneModel` as its SVD, stage by stage.

    Signals (from :class:`LabView`)
    -------------------------------
    intent(str, dict, object)
        ``("Edit a12", {"entry": (0, 1, "3/4")}, None)``, ``("Move x", {"x": [x, y]}, key)``.

    Attributes
    ----------
    editor : MatrixEditor
    stage_bar : StageBar
    stages : SvdStages
        The decomposition drawn (from :func:`models.plane.svd_stages.svd_stages`).
    rank1 : RankOne
        A₁ and its errors.
    view_state : SvdViewState
        The toggles and the stage time.
    """

    VIEW_STATE = SvdViewState

    TOGGLES = (
        Toggle("grid", "Grid"),
        Toggle("circle", "Unit circle → ellipse"),
        Toggle("singular_vectors", "Singular vectors v₁, v₂ → σ₁u₁, σ₂u₂"),
        Toggle("probe", "Vector x"),
        Toggle("rank1", "Rank-1 approximation A₁", default=False),
    )

    def __init__(self, model, parent: QWidget | None = None) -> None:
        super().__init__(model, parent)
        self._state = None
        self._matrix_key = None
        self.editor = MatrixEditor(2, 2, "a", "A =", self)
        self._canvas = SvdCanvas(self)
        self.stage_bar = StageBar(self)
        self.rank1_label = QLabel(self)
        self.facts_label = QLabel(self)
        self._build_layout()
        self.stage_bar.stage_changed.connect(self.set_stage)
        self._wire_matrix_lab()

    def _build_layout(self) -> None:
        left = self._side_column()
        left.addWidget(self.editor)
        show = self._build_toggle_box()
        self.rank1_label.setParent(show)
        self.rank1_label.setFont(ui_font(12))
        self.rank1_label.setWordWrap(True)
        self.rank1_label.setStyleSheet(f"color: {PALETTE['svd']}; margin-left: 22px;")
        show.layout().addWidget(self.rank1_label)
        left.addWidget(show)
        self.facts_label.setFont(ui_font(12))
        self.facts_label.setWordWrap(True)
        self.facts_label.setMaximumWidth(300)
        left.addWidget(self.facts_label)
        left.addWidget(self._hint("Drag x. Hold Shift for no snapping.\n"
                                  "The buttons play one stage."))
        left.addStretch(1)
        self._lay_out_row(left, self._canvas, under=self.stage_bar)

    # -- LabView API -------------------------------------------------------------------------
    def canvas(self) -> SvdCanvas:
        """The figure (a pyqtgraph PlotWidget)."""
        return self._canvas

    def refit(self) -> None:
        """Fit the view range to every stage of the picture again."""
        self._canvas.fit_view()

    def _apply_options(self) -> None:
        self._sync_toggle_boxes()
        self._sync_layers(self._canvas, [t.key for t in self.TOGGLES if t.key != "rank1"])
        if self._state is not None:
            self._draw()

    # -- stage time (presentation state) -----------------------------------------------------
    @property
    def stage(self) -> float:
        """Stage time s ∈ [0, 3]: 0 = I, 1 = Vᵀ, 2 = ΣVᵀ, 3 = A (the view state's)."""
        return self.view_state.stage

    def set_stage(self, s: float) -> None:
        """Show stage time ``s`` (clamped to [0, 3]); not an edit, so no intent."""
        self.view_state.set_stage(s)

    def _show_presentation(self, old) -> None:
        # A stage frame moves the picture only: it is not counted as a redraw of the model.
        s = self.view_state.stage
        if abs(self.stage_bar.s - s) > 0.5 / 1000:
            self.stage_bar.set_stage(s)
        if self._state is not None:
            self._draw()

    # -- model → view ------------------------------------------------------------------------
    def _on_model_changed(self, model) -> None:
        if model.state is self._state:
            return  # e.g. the Plane lab's animation clock: A itself did not change
        self.redraw_count += 1
        self._show(model)

    def _show(self, model) -> None:
        st = self._state = model.state
        if list(st.texts) != self.editor.texts():
            self.editor.set_texts(st.texts)
        key = st.matrix.tobytes()
        if key != self._matrix_key:  # a drag of x leaves A, its SVD and the side panel alone
            self._matrix_key = key
            self.stages = svd_stages(st.matrix)
            self.rank1 = r = rank_one(st.matrix)
            self.rank1_label.setText(
                f"A₁ = σ₁u₁v₁ᵀ:  ‖A − A₁‖₂ = σ₂ = {num(r.error_2, 4)},  "
                f"‖A − A₁‖<sub>F</sub> = {num(r.error_fro, 4)}")
            self.facts_label.setText(facts_html(self.stages))
        self._draw()

    def _draw(self) -> None:
        st = self._state
        stage = self.view_state.stage
        self._canvas.update_from(self.stages, st.x, stage, self.option("rank1"),
                                 st.x_on_circle,
                                 stage_notes(self.stages, stage, self.option("rank1"),
                                             self.rank1))

    def closeEvent(self, ev) -> None:  # noqa: N802 - Qt API
        self.stage_bar.pause()
        super().closeEvent(ev)
