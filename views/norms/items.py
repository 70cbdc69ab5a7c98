"""The Norms lab's canvas: unit balls of L1, L2, L∞ and Lp, their images under A with the
farthest image point (the induced norm), and the draggable vector x.

Items are created once; :meth:`NormsCanvas.update_from` only moves them.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, Signal

from models.linalg.snapping import snap_tip
from models.plane.geometry import grid_segments
from models.plane.norm_balls import NormsPicture, diagonal_point
from views.common.figure import PlaneFigure, ViewFit
from views.common.items import Arrow, corner_note
from views.common.labels import Label, place_labels
from views.common.numbers import num
from views.common.style import GRID_WIDTH, color, named, pen

__all__ = ["NormsCanvas", "NORM_COLORS", "FAMILIES", "LAYERS", "sub_p"]

#: One hue per norm (Okabe–Ito: distinguishable with colour-vision deficiencies).
NORM_COLORS = named({"l1": "i_hat", "l2": "j_hat", "inf": "eigen", "p": "svd"})
#: Norm key → the toggle that shows it.
FAMILIES = {"l1": "l1", "l2": "l2", "inf": "linf", "p": "lp"}
LAYERS = ("grid", "l1", "l2", "linf", "lp", "probe", "images", "reach")
MIN_HALF = 1.6
_SUBS = str.maketrans("0123456789.", "₀₁₂₃₄₅₆₇₈₉.")
# Where each ball's name sits: a diagonal point in its own quadrant, text pushed outward.
_BALL_SPOTS = {"l1": (-1, -1), "l2": (-1, 1), "inf": (1, -1), "p": (1, 1)}


def sub_p(p: float) -> str:
    """The subscript of an Lp norm as text: ``₁``, ``₂``, ``∞``, ``₃.₅``."""
    return num(p, 4).translate(_SUBS)


def _name(key: str, p: float) -> str:
    return {"l1": "₁", "l2": "₂", "inf": "∞"}.get(key) or sub_p(p)


class NormsCanvas(PlaneFigure):
    """Draws a :class:`models.plane.norm_balls.NormsPicture`; reports where x is dragged.

    Signals
    -------
    x_dragged(float, float, object)
        x should become (x, y); the merge key is shared by the moves of one drag.

    Attributes
    ----------
    items, labels : dict
        Named items (``"ball_l1"``, ``"image_p"``, ``"reach_inf"``, ``"far_l2"``, ``"x"`` …).
    """

    x_dragged = Signal(float, float, object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent=parent, layers=LAYERS)
        self._pic: NormsPicture | None = None
        self._x = np.zeros(2)
        self._on_circle = False
        self._view_fit = ViewFit(self.vb, self.getPlotItem())
        self._curves_key = None  # what the curves show now: skip re-setting them for x moves
        self._build()
        self.vb.sigResized.connect(self._layout)
        self.vb.sigRangeChanged.connect(self._layout)

    def _label(self, name, col, bold=True) -> Label:
        self.labels[name] = lab = Label(self.vb, col, bold=bold)
        return lab

    def _build(self) -> None:
        # Axis-parallel hairlines look the same without antialiasing, and paint far faster.
        grid = pg.PlotDataItem(pen=pen("grid", GRID_WIDTH), connect="pairs", skipFiniteCheck=True,
                               antialias=False)
        self._add("grid", "grid", grid, -20)
        for angle in (0, 90):
            self._add(None, f"axis_{angle}", pg.InfiniteLine(0, angle, pen=pen("axis", 2)), -8)
        for k, col in NORM_COLORS.items():
            width = 3.0 if k == "p" else 2.2
            # Thin and a little translucent rather than dotted: dot patterns are slow to
            # paint; opaque enough to keep 3:1 on white.
            self._add(None, f"reach_{k}", pg.PlotDataItem(pen=pen(color(col, 200), 2)), -4)
            dashed = pen(col, 2.4, Qt.PenStyle.DashLine)
            self._add(None, f"image_{k}", pg.PlotDataItem(pen=dashed), -3)
            self._add(None, f"ball_{k}", pg.PlotDataItem(pen=pen(col, width)),
                      -2 if k == "p" else -1)
            dot = pg.ScatterPlotItem(size=12, pen=pen("background", 1.5), brush=color(col))
            self._add(None, f"far_{k}", dot, 5)
            self._label(f"ball_{k}", col)
            self._label(f"far_{k}", col)
        self.items["ax"] = Arrow(self.vb, "ax", 2.5, 3)
        self._label("ax", "ax_text")
        self.items["x"] = Arrow(self.vb, "x", 2.8, 4)
        self._label("x", "x")
        handle = self._handle(None, "handle_x", "x", 50)
        handle.dragged.connect(self._drag_x)
        handle.drag_finished.connect(lambda _serial: self._refresh())
        self.items["note"] = corner_note(self.vb)

    # -- public API ------------------------------------------------------------------------
    def fit_view(self) -> None:
        """Fit the range to what is drawn again."""
        self._view_fit.reset()
        self._refresh()

    def _layers_changed(self, key: str) -> None:
        self._curves_key = None  # the curves shown depend on the layers
        self._refresh()

    def update_from(self, pic: NormsPicture, x, x_on_circle: bool, notes: list[str]) -> None:
        """Draw ``pic`` with the vector ``x`` (the only update path)."""
        self._pic, self._x, self._on_circle = pic, np.asarray(x, dtype=float), x_on_circle
        self._notes = list(notes)
        self._refresh()

    # -- drawing ---------------------------------------------------------------------------
    def _px(self) -> float:
        w = self.vb.width()
        return self.vb.viewRect().width() / w if w > 1 else 0.0

    def _fit(self, curves) -> None:
        reach = max([1.0, float(np.max(np.abs(self._x)))]
                    + [float(np.max(np.abs(c))) for c in curves])
        if self._view_fit.fit(-reach, reach, MIN_HALF):
            half = self._view_fit.box[0][1]
            step = 0.5 if half < 4 else 10.0 ** math.floor(math.log10(half / 4))
            n = math.ceil(2 * half / step) + 1
            seg = grid_segments(np.eye(2) * step, n).reshape(-1, 2)
            self.items["grid"].setData(seg[:, 0], seg[:, 1])

    def _refresh(self) -> None:
        pic = self._pic
        if pic is None:
            return
        shown = [k for k in NORM_COLORS if self._visible[FAMILIES[k]]]
        images, reach = self._visible["images"], self._visible["reach"]
        if not self.items["handle_x"].dragging:
            curves = [pic.balls[k] for k in shown]
            curves += [pic.induced[k].image for k in shown if images]
            curves += [pic.reach[k] for k in shown if images and reach]
            self._fit(curves)
        key = (pic.balls, tuple(shown), images, reach)
        old = self._curves_key
        # x alone moved (same balls object, same layers): the curves stay as they are.
        if old is None or old[0] is not pic.balls or old[1:] != key[1:]:
            self._curves_key = key
            self._draw_curves(pic, shown, images, reach)
        self._draw_x(pic, images)
        note = self.items["note"]
        note.setHtml("<br>".join(self._notes))
        note.setVisible(bool(self._notes))
        self._layout()

    def _draw_curves(self, pic: NormsPicture, shown, images: bool, reach: bool) -> None:
        for k in NORM_COLORS:
            on = k in shown
            self._set_curve(f"ball_{k}", pic.balls[k], on)
            self._set_curve(f"image_{k}", pic.induced[k].image, on and images)
            self._set_curve(f"reach_{k}", pic.reach[k], on and images and reach)
            far = pic.induced[k]
            dot = self.items[f"far_{k}"]
            dot.setData([float(far.point[0])], [float(far.point[1])])
            dot.setVisible(on and images)
            lab = self.labels[f"far_{k}"]
            name = _name(k, pic.p)
            lab.set_text(f"‖A‖{name} = {num(far.norm)}" if pic.convex or k != "p"
                         else f"max ‖Ax‖{name} = {num(far.norm)}")
            lab.set_point(float(far.point[0]), float(far.point[1]))
            lab.setVisible(on and images)
            lab = self.labels[f"ball_{k}"]
            lab.set_text(f"‖x‖{name} = 1" if k != "p" else f"‖x‖{name} = 1  (p = {num(pic.p)})")
            spot = diagonal_point(pic.balls_p[k], _BALL_SPOTS[k])
            lab.set_point(spot[0], spot[1], direction=_BALL_SPOTS[k])
            lab.setVisible(on)

    def _set_curve(self, name: str, pts: np.ndarray, on: bool) -> None:
        item = self.items[name]
        if on:
            item.setData(pts[:, 0], pts[:, 1])
        item.setVisible(on)

    def _draw_x(self, pic: NormsPicture, images: bool) -> None:
        on = self._visible["probe"]
        x, px = self._x, self._px()
        self.items["x"].set((0, 0), x, px)
        self.items["x"].setVisible(on)
        self.items["handle_x"].setPos(float(x[0]), float(x[1]))
        self.items["handle_x"].setVisible(on)
        lab = self.labels["x"]
        lab.set_text("x")
        lab.set_point(float(x[0]), float(x[1]))
        lab.setVisible(on)
        ax = pic.ax
        self.items["ax"].set((0, 0), ax, px)
        self.items["ax"].setVisible(on and images)
        self.labels["ax"].set_text("Ax")
        self.labels["ax"].set_point(float(ax[0]), float(ax[1]))
        self.labels["ax"].setVisible(on and images)

    def _layout(self, *_args) -> None:
        px = self._px()
        if px <= 0 or self._pic is None:
            return
        for name in ("x", "ax"):
            self.items[name].refresh(px)
        note = self.items["note"]
        obstacles = []
        if note.isVisible():
            r = note.boundingRect()
            obstacles.append(QRectF(10, 8, r.width(), r.height()))
        order = ["x", "ax"] + [f"far_{k}" for k in ("l2", "l1", "inf", "p")]
        order += [f"ball_{k}" for k in ("l1", "l2", "inf", "p")]
        shafts = [(self.items[n].tail, self.items[n].tip) for n in ("x", "ax")
                  if self.items[n].shaft.isVisible()]
        place_labels([self.labels[k] for k in order], self.vb, obstacles, shafts)

    # -- dragging --------------------------------------------------------------------------
    def _drag_x(self, x: float, y: float, fine: bool, serial: int) -> None:
        self.x_dragged.emit(*snap_tip((x, y), fine=fine, on_circle=self._on_circle),
                            ("norms-drag-x", serial))

