"""The SVD lab's canvas.

The canvas draws one stage picture (from :func:`models.plane.svd_stages.stage_picture`): the
mapped grid, the image of the unit circle, the input singular vectors v₁, v₂ and their
images, and the probe x. Items are created once and only moved afterwards.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, Signal

from models.linalg.snapping import snap_tip
from models.plane.svd_stages import STAGE_NAMES, RankOne, SvdStages, stage_picture, unit_circle
from views.common.figure import PlaneFigure, ViewFit
from views.common.items import Arrow, corner_note
from views.common.labels import Label, place_labels
from views.common.numbers import num
from views.common.style import GRID_WIDTH, PALETTE, color, pen

__all__ = ["SvdCanvas", "LAYERS", "stage_notes", "facts_html"]

LAYERS = ("grid", "circle", "singular_vectors", "probe")
MIN_HALF = 2.2
_MAX_GRID = 30
_SUB = ("\u2081", "\u2082")
_NOTE_BORDER = "svd"
_WARN = "warn"  # dark orange: readable on white, and on a washed-out projector


def _axis_text(k: int, s: float, sigma: float, rank1: bool) -> str:
    """What the moving image of v_k is called at stage time s (→ while on its way)."""
    sub = _SUB[k]
    names = (f"v{sub}", f"e{sub}", f"σ{sub}e{sub}", f"σ{sub}u{sub}")
    stage = min(3, math.ceil(s - 1e-9))
    on_way = abs(s - round(s)) > 1e-9
    text = ("→ " if on_way else "") + names[stage]
    if stage == 3 and not on_way:
        if k == 0:
            text += f"   ‖A{'₁' if rank1 else ''}‖₂ = σ₁ = {num(sigma)}"
        else:
            text += f"   σ₂ = {num(sigma)}"
    return text


def _x_text(s: float, rank1: bool) -> str:
    """What the moving image of x is called at stage time s."""
    names = ("x", "Vᵀx", "Σ₁Vᵀx", "A₁x") if rank1 else ("x", "Vᵀx", "ΣVᵀx", "Ax")
    on_way = abs(s - round(s)) > 1e-9
    return ("→ " if on_way else "") + names[min(3, math.ceil(s - 1e-9))]


class SvdCanvas(PlaneFigure):
    """Draws the SVD stages of a 2×2 matrix; emits where the person drags x.

    Signals
    -------
    x_dragged(float, float, object)
        The probe x should become (x, y); the merge key is shared by one drag's moves.

    Attributes
    ----------
    items : dict
        Named items (``"ellipse"``, ``"axis_1"``, ``"v_1"``, ``"x_out"``, ``"note"`` …).
    picture : StagePicture or None
        What is drawn now.
    """

    x_dragged = Signal(float, float, object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent=parent, layers=LAYERS)
        self.picture = None
        self._args = None
        self._view_fit = ViewFit(self.vb, self.getPlotItem())
        self._circle = unit_circle()
        self._build()
        self.vb.sigResized.connect(self._layout)
        self.vb.sigRangeChanged.connect(self._on_range_changed)

    # -- construction ----------------------------------------------------------------------
    def _arrow(self, layer, name, col, width, z, head=1.0) -> Arrow:
        self.items[name] = arrow = Arrow(self.vb, col, width, z, head)
        self._layers[layer].append(arrow)
        return arrow

    def _label(self, layer, name, col, bold=False) -> Label:
        self.labels[name] = lab = Label(self.vb, col, bold=bold)
        self._layers[layer].append(lab)
        return lab

    def _build(self) -> None:
        pairs = {"connect": "pairs", "skipFiniteCheck": True}
        # The fixed grid is axis-parallel: no antialiasing needed, and it paints far faster.
        self._add("grid", "grid", pg.PlotDataItem(pen=pen("grid", GRID_WIDTH), antialias=False,
                                                  **pairs), -20)
        self._add("grid", "stage_grid",
                  pg.PlotDataItem(pen=pen("transformed_grid", GRID_WIDTH), **pairs), -15)
        for angle in (0, 90):
            self._add(None, f"axis_{angle}", pg.InfiniteLine(0, angle, pen=pen("axis", 2)), -8)
        dash = Qt.PenStyle.DashLine
        # The unit circle solid (a pale dash vanishes on a projector); the target, where
        # the circle is going, stays dashed to read as "not yet".
        self._add("circle", "unit_circle", pg.PlotDataItem(pen=pen("faint", 2)), -7)
        self._add("circle", "target", pg.PlotDataItem(pen=pen(color("svd", 200), 2, dash)), -6)
        self._add("circle", "ellipse", pg.PlotDataItem(pen=pen("svd", 3)), -5)
        for k in (1, 2):
            self._arrow("singular_vectors", f"v_{k}", "faint", 2, 1, 0.8)
            self._label("singular_vectors", f"v_{k}", "muted", bold=True)
            self._arrow("singular_vectors", f"axis_{k}", "svd", 3, 3)
            self._label("singular_vectors", f"axis_{k}", "svd", bold=True)
        dot = pg.ScatterPlotItem(size=13, pen=pen("background", 1.5), brush=color("svd"))
        self._add("singular_vectors", "norm_dot", dot, 6)
        self._arrow("probe", "x_in", "muted", 2, 2, 0.8)
        self._label("probe", "x", "muted", bold=True)
        self._arrow("probe", "x_full", "ax", 2, 3, 0.7)
        self.items["x_full"].shaft.setPen(pen("ax", 2, Qt.PenStyle.DashLine))
        self._arrow("probe", "x_out", "ax", 2.5, 4)
        self._label("probe", "ax", "ax_text", bold=True)
        handle = self._handle("probe", "handle_x", "x", 50)
        handle.dragged.connect(self._drag_x)
        handle.drag_finished.connect(lambda _serial: self._refresh())
        self.items["note"] = corner_note(self.vb, border=_NOTE_BORDER)
        c = self._circle
        self.items["unit_circle"].setData(c[:, 0], c[:, 1])

    # -- public API ------------------------------------------------------------------------
    def fit_view(self) -> None:
        """Fit the range to every stage of the current picture again."""
        self._view_fit.reset()
        self._refresh()

    def _layers_changed(self, key: str) -> None:
        self._refresh()

    def update_from(self, stages: SvdStages, x, s: float, rank1: bool, x_on_circle: bool,
                    notes: list[str]) -> None:
        """Draw stage time ``s`` of ``stages`` with probe ``x`` (the only update path)."""
        self._args = (stages, np.asarray(x, dtype=float), float(s), bool(rank1),
                      bool(x_on_circle), list(notes))
        self._refresh()

    # -- drawing ---------------------------------------------------------------------------
    def _px(self) -> float:
        w = self.vb.width()
        return self.vb.viewRect().width() / w if w > 1 else 0.0

    def _fit(self, stages: SvdStages, x: np.ndarray) -> None:
        # Every stage matrix has norm ≤ max(1, σ₁), so this range holds the whole animation.
        reach = max(1.0, float(stages.s[0])) * max(1.0, float(np.hypot(*x)))
        self._view_fit.fit(-reach, reach, MIN_HALF)

    def _refresh(self) -> None:
        if self._args is None:
            return
        stages, x, s, rank1, _on_circle, notes = self._args
        if not self.items["handle_x"].dragging:
            self._fit(stages, x)
        view = self.vb.viewRect()
        reach = math.hypot(max(abs(view.left()), abs(view.right())),
                           max(abs(view.top()), abs(view.bottom())))
        pic = stage_picture(stages, s, x, rank=1 if rank1 else None, reach=reach,
                            max_extent=_MAX_GRID, circle=self._circle)
        self.picture = pic
        px = self._px()
        if self._visible["grid"]:
            self._set_segments("grid", pic.base_grid)
            self._set_segments("stage_grid", pic.grid)
        if self._visible["circle"]:
            self.items["ellipse"].setData(pic.circle[:, 0], pic.circle[:, 1])
            ghost = pic.ellipse  # A's own ellipse, the end of the journey
            self.items["target"].setData(ghost[:, 0], ghost[:, 1])
            self.items["target"].setVisible(rank1 or s < 3.0)
        self._draw_vectors(stages, pic, s, rank1, px)
        if self._visible["probe"]:
            self.items["x_in"].set((0, 0), x, px)
            self.items["x_out"].set((0, 0), pic.x, px)
            # With A₁ shown, Ax itself stays as a dashed ghost: the gap is (A − A₁)x.
            self.items["x_full"].set((0, 0), pic.ax, px)
            self.items["x_full"].setVisible(rank1 and s >= 3.0)  # inside the probe layer
            self.items["handle_x"].setPos(float(x[0]), float(x[1]))
            self.labels["x"].set_text("x")
            self.labels["x"].set_point(x[0], x[1])
            self.labels["ax"].set_text(_x_text(s, rank1))
            self.labels["ax"].set_point(pic.x[0], pic.x[1])
            self.labels["ax"].setVisible(s > 0.0)
        note = self.items["note"]
        note.setHtml("<br>".join(notes))
        note.setVisible(bool(notes))
        self._layout()

    def _set_segments(self, name: str, seg: np.ndarray) -> None:
        flat = seg.reshape(-1, 2)
        self.items[name].setData(flat[:, 0], flat[:, 1])

    def _draw_vectors(self, stages, pic, s, rank1, px) -> None:
        on = self._visible["singular_vectors"]
        scale = max(float(stages.s[0]), 1e-300)
        for k in (1, 2):
            v = stages.vt[k - 1]
            self.items[f"v_{k}"].set((0, 0), v, px)
            lab = self.labels[f"v_{k}"]
            lab.set_text(f"v{_SUB[k - 1]}")
            lab.set_point(v[0], v[1])
            tip = pic.axes[k - 1]
            arrow, lab = self.items[f"axis_{k}"], self.labels[f"axis_{k}"]
            arrow.set((0, 0), tip, px)
            sigma = 0.0 if (rank1 and k == 2) else float(stages.s[k - 1])
            lab.set_text(_axis_text(k - 1, s, sigma, rank1))
            lab.set_point(tip[0], tip[1])
            # A zero-length axis (σ₂ = 0) is a point at the origin: nothing to label.
            shown = on and float(np.hypot(*tip)) > 1e-9 * max(scale, 1.0)
            arrow.setVisible(shown)
            lab.setVisible(shown and s > 0.0)
        end = s >= 3.0 and on
        dot = self.items["norm_dot"]
        tip = pic.axes[0]
        dot.setData([float(tip[0])], [float(tip[1])])
        dot.setVisible(end)

    def _layout(self, *_args) -> None:
        px = self._px()
        if px <= 0 or self._args is None:
            return
        for item in self.items.values():
            if isinstance(item, Arrow):
                item.refresh(px)
        note = self.items["note"]
        obstacles = []
        if note.isVisible():
            r = note.boundingRect()
            obstacles.append(QRectF(10, 8, r.width(), r.height()))
        order = ("axis_1", "axis_2", "ax", "x", "v_1", "v_2")
        shafts = [(a.tail, a.tip) for a in self.items.values()
                  if isinstance(a, Arrow) and a.shaft.isVisible()]
        place_labels([self.labels[k] for k in order], self.vb, obstacles, shafts)

    def _on_range_changed(self, *_args) -> None:
        if self._args is not None and self.picture is not None:
            self._layout()

    # -- dragging --------------------------------------------------------------------------
    def _drag_x(self, x: float, y: float, fine: bool, serial: int) -> None:
        on_circle = self._args is not None and self._args[4]
        self.x_dragged.emit(*snap_tip((x, y), fine=fine, on_circle=on_circle),
                            ("svd-drag-x", serial))


def _matrix_html(name: str, m: np.ndarray) -> str:
    cells = "".join(
        "<tr>" + "".join(f"<td align='right' style='padding: 0 5px'>{num(v)}</td>"
                         for v in row) + "</tr>" for row in m)
    return (f"<table cellspacing='0'><tr><td valign='middle'>{name} =&nbsp;</td><td>"
            f"<table cellspacing='0'>{cells}</table></td></tr></table>")


def stage_notes(st: SvdStages, s: float, rank1: bool, r1: RankOne) -> list[str]:
    """The corner note at stage time ``s``: the motion in words, then warnings (HTML lines)."""
    k = min(3, math.ceil(s - 1e-9))
    if k == 0:
        lines = ["<b>s = 0</b>: the unit circle and grid before A acts"]
    elif s >= 3.0 and (rank1 or st.singular):
        a = "A₁ = σ₁u₁v₁ᵀ" if rank1 else "A = UΣVᵀ"
        lines = [f"<b>s = 3: {a}</b> — the unit circle collapses to the segment "
                 "from −σ₁u₁ to σ₁u₁"]
    elif s >= 3.0:
        lines = ["<b>s = 3: A = UΣVᵀ</b> — the unit circle becomes the ellipse with "
                 "semi-axes σ₁u₁, σ₂u₂"]
    else:
        lines = [f"<b>{STAGE_NAMES[k - 1]}</b> — {st.describe(k)}"]
    if st.rank == 0:
        lines.append(f"<span style='color:{PALETTE['collapsed']}'>A = 0: every vector "
                     "goes to the origin</span>")
    elif st.singular:
        lines.append(f"<span style='color:{PALETTE['collapsed']}'>σ₂ = 0: A is singular "
                     "(rank 1); the plane collapses onto the line of u₁</span>")
    elif st.reflects:
        lines.append(f"<span style='color:{PALETTE[_WARN]}'>det A &lt; 0: A reverses orientation; "
                     "U does the flip (Vᵀ is kept a rotation)</span>")
    if rank1:
        lines.append(f"<span style='color:{PALETTE['svd']}'>best rank 1: "
                     f"‖A − A₁‖₂ = σ₂ = {num(r1.error_2, 4)}, "
                     f"‖A − A₁‖<sub>F</sub> = {num(r1.error_fro, 4)}; "
                     "dashed: A's own ellipse</span>")
    return lines


def facts_html(st: SvdStages) -> str:
    """The factors and the three motions in numbers and words, for the side panel."""
    s1, s2 = (num(v, 4) for v in st.s)
    parts = [
        f"<b>A = UΣVᵀ</b>: σ₁ = {s1}, σ₂ = {s2}",
        f"‖A‖₂ = σ₁ = {s1}, the longest semi-axis",
        f"|det A| = σ₁σ₂ = {num(abs(st.det), 4)}, the ellipse's area ÷ π",
        _matrix_html("Vᵀ", st.vt), _matrix_html("Σ", np.diag(st.s)), _matrix_html("U", st.u),
    ]
    parts += [f"{k}. {st.describe(k)}" for k in (1, 2, 3)]
    return "<br>".join(parts)
