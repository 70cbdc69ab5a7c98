"""What the plane canvas draws, layer by layer: the items are built once here and moved
by one ``_update_*`` method per layer. Mixed into :class:`views.plane.canvas.PlaneCanvas`,
which owns the view range, the interaction and the label placement.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QPolygonF
from PySide6.QtWidgets import QGraphicsPolygonItem

from views.common.items import Arrow, CurveItem, TextItem, corner_note
from views.common.labels import Label
from views.common.numbers import num
from views.common.style import GRID_WIDTH, color, label_font, pen

__all__ = ["PlaneLayers", "LAYERS"]

#: Layer keys, the same as the Plane view's toggles.
LAYERS = ("grid", "transformed_grid", "basis", "square", "ellipse", "eigen", "probe")


#: The square's outline and fill by the sign of det: collapsed (0), kept (1), flipped (−1).
_SQUARE_PENS = {0: lambda: pen("collapsed", 3, cap=Qt.PenCapStyle.RoundCap),
                1: lambda: pen("j_hat", 2), -1: lambda: pen("ax_text", 2)}
_SQUARE_BRUSHES = {
    0: lambda: QBrush(Qt.BrushStyle.NoBrush), 1: lambda: QBrush(color("square", 70)),
    -1: lambda: QBrush(color("square_flipped", 150), Qt.BrushStyle.BDiagPattern)}


class PlaneLayers:
    """Item construction and per-layer updates of the plane canvas (a mixin).

    Expects ``self._add`` and ``self._handle`` (from
    :class:`views.common.figure.LayeredItems`), ``self.vb`` (the ViewBox), ``self.items``,
    ``self._layers``, ``self._labels`` and ``self._eigen_dirs`` to exist, and
    ``self._drag_column``, ``self._drag_x`` and ``self._drag_finished`` to handle the
    handles' signals.
    """

    # -- construction ----------------------------------------------------------------------
    def _arrow(self, layer, name, col, width, z, head_scale=1.0) -> Arrow:
        arrow = Arrow(self.vb, col, width, z, head_scale)
        self.items[name] = arrow
        self._layers[layer].append(arrow)
        return arrow

    def _label(self, layer, name, col, centred=False, size=13, bold=False,
                optional=False) -> Label:
        lab = Label(self.vb, col, centred, size, bold, optional)
        self._labels[name] = lab
        self._layers[layer].append(lab)
        return lab

    def _build_items(self) -> None:
        # Bare curves, not PlotDataItems: a PlotDataItem (with its curve and scatter
        # children) re-runs its data pipeline on every change of the view range, which
        # costs about as much as drawing the curve. The curves here need none of it, nor
        # a new scan of their data after a zoom (CurveItem keeps their extent).
        pairs = {"connect": "pairs", "skipFiniteCheck": True}
        # Grid lines of GRID_WIDTH px: thinner ones vanish on a projector.
        self._add("grid", "grid", CurveItem(pen=pen("grid", GRID_WIDTH), **pairs), -20)
        self._add("transformed_grid", "transformed_grid",
                  CurveItem(pen=pen("transformed_grid", GRID_WIDTH), **pairs), -15)
        for angle in (0, 90):
            self._add(None, f"axis_{angle}",
                      pg.InfiniteLine(pos=0, angle=angle, pen=pen("axis", 2)), -8)
        square = QGraphicsPolygonItem()
        self._square_side = None  # sign of det the square's pen and brush were set for
        self._add("square", "square", square, -10)
        self._label("square", "det", "text", centred=True)
        # "finite": joined like a PlotDataItem joins them (all points, unless some are not
        # finite).
        self._add("ellipse", "unit_circle", CurveItem(
            pen=pen("faint", 2), connect="finite"), -6)  # solid: a dash fades on a projector
        self._add("ellipse", "ellipse", CurveItem(pen=pen("svd", 2), connect="finite"),
                  -5)
        for k in (1, 2):
            self._arrow("ellipse", f"semi_axis_{k}", "svd", 2, 0, head_scale=0.8)
            self._label("ellipse", f"semi_axis_{k}", "svd", optional=True)
        for k in (1, 2):
            self._add("eigen", f"eigenline_{k}",
                      pg.InfiniteLine(pos=(0, 0), angle=0, pen=pen(color("eigen", 220), 3)), -4)
            self._label("eigen", f"eigenline_{k}", "eigen", bold=True, optional=True)
        step_note = TextItem("", color=color("axis"), anchor=(0, 1),
                             fill=color("background", 200))
        step_note.setFont(label_font(11))
        step_note.setParentItem(self.vb)  # a corner of the view, like a map's scale
        self.items["grid_step"] = step_note
        self._layers["grid"].append(step_note)
        note = corner_note(self.vb, border="eigen", width=1, alpha=225)
        self.items["eigen_note"] = note
        self._layers["eigen"].append(note)
        self._arrow("basis", "i", "faint", 1.5, 1, head_scale=0.7)
        self._arrow("basis", "j", "faint", 1.5, 1, head_scale=0.7)
        for j, (name, col) in enumerate((("a_i", "i_hat"), ("a_j", "j_hat"))):
            self._arrow("basis", name, col, 3, 2)
            self._label("basis", name, col, bold=True, size=14)
            handle = self._handle("basis", f"handle_{j}", col, 50)
            handle.dragged.connect(lambda x, y, fine, serial, j=j: self._drag_column(
                j, x, y, fine, serial))
            handle.drag_finished.connect(self._drag_finished)
        self._arrow("probe", "x", "x", 2, 4)
        self._arrow("probe", "ax", "ax", 2, 4)
        self._label("probe", "x", "x", bold=True)
        self._label("probe", "ax", "ax", bold=True)
        hx = self._handle("probe", "handle_x", "x", 51)
        hx.dragged.connect(self._drag_x)
        hx.drag_finished.connect(self._drag_finished)
        circle = np.linspace(0, 2 * np.pi, 181)
        self.items["unit_circle"].setData(np.cos(circle), np.sin(circle))
        self.items["i"].set((0, 0), (1, 0))
        self.items["j"].set((0, 0), (0, 1))

    def _update_square(self, g) -> None:
        sq = g.square
        self.square_polygon = sq
        item = self.items["square"]
        item.setPolygon(QPolygonF([QPointF(float(x), float(y)) for x, y in sq]))
        o = g.orientation
        lab = self._labels["det"]
        # Collapsed, the shape is a thick segment: lift it above the eigenlines it lies on.
        item.setZValue(-3 if o == 0 else -10)
        side = (o > 0) - (o < 0)
        if side != self._square_side:  # a new pen and brush only when the look changes
            self._square_side = side
            item.setPen(_SQUARE_PENS[side]())
            item.setBrush(_SQUARE_BRUSHES[side]())
        if o == 0:
            lab.set_text("det = 0 (area collapses)", "collapsed")
        elif o > 0:
            lab.set_text(f"det = {num(g.det)}", "text")
        else:
            lab.set_text(f"det = {num(g.det)} (orientation flipped)", "warn")
        c = sq[:4].mean(axis=0)
        lab.set_point(c[0], c[1])
        # Other places inside the parallelogram, for when the centre is crowded.
        lab.alternatives = [tuple(c + f * (corner - c)) for f in (0.45,) for corner in sq[1:4]]

    def _update_ellipse(self, g) -> None:
        e = g.ellipse
        self.items["ellipse"].setData(e[:, 0], e[:, 1])
        s = g.singular_values
        for k in (1, 2):
            tip = g.semi_axes[k - 1]
            arrow, lab = self.items[f"semi_axis_{k}"], self._labels[f"semi_axis_{k}"]
            arrow.set((0, 0), tip, self._px())
            sub = "\u2081" if k == 1 else "\u2082"
            lab.set_text(f"σ{sub}u{sub} (σ{sub}={num(s[k - 1])})")
            lab.set_point(tip[0], tip[1])
            # σ₂ = 0: the axis is a point at the origin; a label there would cover it.
            on = bool(s[k - 1] > 1e-9 * max(s[0], 1e-300))
            arrow.setVisible(on)
            lab.setVisible(on)

    def _update_eigen(self, g) -> None:
        lines = g.eigenlines
        self._eigen_dirs.clear()  # only the lines of this geometry get labels placed
        for k in (1, 2):
            line, lab = self.items[f"eigenline_{k}"], self._labels[f"eigenline_{k}"]
            on = k <= len(lines)
            line.setVisible(on)
            lab.setVisible(on)
            if on:
                lam, v = lines[k - 1]
                line.setAngle(math.degrees(math.atan2(v[1], v[0])))
                text = f"λ={num(lam)}" + (" (defective)" if g.eigen_case == "defective" else "")
                lab.set_text(text)
                self._eigen_dirs[k] = (float(v[0]), float(v[1]))
        note = self.items["eigen_note"]
        if g.eigen_case == "repeated":
            lam = float(g.eigenvalues[0].real)
            note.setText(f"every direction is an eigenvector, λ={num(lam)}")
        elif g.eigen_case == "complex":
            theta = math.degrees(g.rotation_angle)
            note.setText(f"complex λ = r e^(±iθ): rotation by θ={theta:.1f}°,"
                         f" scale r={num(g.rotation_scale)}")
        note.setVisible(g.eigen_case in ("repeated", "complex"))

    def _update_basis(self, g) -> None:
        m = g.matrix
        for j, name in enumerate(("a_i", "a_j")):
            col = m[:, j]
            self.items[name].set((0, 0), col, self._px())
            self.items[f"handle_{j}"].setPos(float(col[0]), float(col[1]))
            self._labels[name].set_text("Aî" if j == 0 else "Aĵ")
            self._labels[name].set_point(col[0], col[1])

    def _update_probe(self, g, x) -> None:
        ax, parallel, ratio = g.probe(x)
        self.parallel = parallel
        col_x, col_ax, width = ("parallel", "parallel", 3) if parallel else ("x", "ax", 2)
        self.items["x"].set_style(col_x, width)
        self.items["ax"].set_style(col_ax, width)
        self.items["x"].set((0, 0), x, self._px())
        self.items["ax"].set((0, 0), ax, self._px())
        self.items["handle_x"].setPos(float(x[0]), float(x[1]))
        self.items["handle_x"].set_color(col_x)
        self._labels["x"].set_text("x", col_x)
        self._labels["x"].set_point(x[0], x[1])
        text = f"Ax = λx, λ={num(ratio)}" if parallel and ratio is not None else "Ax"
        self._labels["ax"].set_text(text, "parallel" if parallel else "ax_text")
        self._labels["ax"].set_point(ax[0], ax[1])
