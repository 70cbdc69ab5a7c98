"""How the Space canvas draws each layer: lattice, lines through the origin, the solid,
the ellipsoid and the arrows, all projected with the model's camera.

A mixin of :class:`views.space.canvas.SpaceCanvas`, which owns the items; every method here
only moves existing items and records which are shown (``self._on``) and which arrows and
faces take part in the painter's order (``sortables``: (depth, items) pairs).
"""

from __future__ import annotations

import numpy as np

from models.space.camera import facing, mesh_sides
from views.common.numbers import num
from views.common.style import color
from views.space.items import SPACE_COLORS, shade

__all__ = ["SpaceLayers"]

_SUB = ("₁", "₂", "₃")
_HATS = ("î", "ĵ", "k̂")


class SpaceLayers:
    """Per-layer drawing for the Space canvas (see the module docstring)."""

    def _set_line(self, name: str, points, on: bool = True) -> None:
        self._on[name] = on
        if on:
            xy = self._xy(np.asarray(points, dtype=float).reshape(-1, 3))
            self.items[name].setData(xy[:, 0], xy[:, 1])

    def _place(self, name: str, text: str, point3, on: bool = True, col=None) -> None:
        self._on["label:" + name] = on
        if on:
            lab = self._labels[name]
            lab.set_text(text, col)
            x, y = self._xy(np.asarray(point3, dtype=float))
            lab.set_point(x, y)

    def _set_arrow(self, name, tail3, tip3, sortables, on=True, avoid=True) -> int | None:
        """Move arrow ``name``; returns its slot in ``sortables`` (None when hidden).

        ``avoid``: labels keep off its shaft (the faint input basis arrows need not).
        """
        self._on[name] = on
        if not on:
            return None
        (t2, d0), (p2, d1) = self.project(tail3), self.project(tip3)
        self.items[name].set(t2, p2, self._px())
        if avoid:
            self._segments.append((tuple(t2), tuple(p2)))
        sortables.append((0.5 * (d0 + d1), self.items[name].items()))
        return len(sortables) - 1

    # -- layers ----------------------------------------------------------------------------
    def _draw_lines(self, g) -> None:
        reach = self._reach
        self._set_line("lattice", g.lattice)
        self._set_line("axes", np.repeat(np.eye(3), 2, axis=0) * np.tile([-reach, reach], 3)
                       [:, None])
        square = g.shape == (3, 3)
        # All eigen-lines in one item, all null lines in another: one path each to paint.
        ends = [(-reach * e.direction, reach * e.direction) for e in g.eigen]
        self._set_line("eigen_lines", ends, bool(ends))
        for k in range(3):
            on = k < len(g.eigen)
            if on:
                lam = g.eigen[k].value
                text = f"λ = {num(lam)}" + (" (null space)" if lam == 0 else "")
                self._place(f"eigen_{k}", text, 0.92 * reach * g.eigen[k].direction)
            else:
                self._on["label:eigen_" + str(k)] = False
        # For a square A the null space is λ = 0's eigenspace, drawn (and named) already.
        show_null = not (square and self._visible["eigen"]) and g.null_dirs.shape[0] > 0
        self._set_line("null_lines", [(-reach * d, reach * d) for d in g.null_dirs[:2]],
                       show_null)
        n0 = g.null_dirs[0] if g.null_dirs.shape[0] else np.zeros(3)
        self._place("null", "null space", -0.8 * reach * n0, show_null)
        self._on["plane"] = g.plane_patch is not None
        if g.plane_patch is not None:
            corners = 0.7 * reach * g.plane_patch
            face = self.items["plane"]
            face.set_points(self._xy(corners))
            face.set_style(color(SPACE_COLORS["plane"], 28), color(SPACE_COLORS["plane"], 200),
                           2)
            text = "column space of A" if g.shape == (3, 2) else "output plane R² (z = 0)"
            self._place("plane", text, 0.9 * corners[2])
        else:
            self._on["label:plane"] = False

    def _draw_solid(self, g, sortables) -> dict[int, int]:
        """Faces (or the outline of a flat solid) and the det label; returns face → slot."""
        normals_facing = facing(g.face_normals, self._rot)
        slots: dict[int, int] = {}
        flat = g.outline is not None and g.shape[1] == 3
        self._on["outline"] = flat
        if flat:
            outline = self.items["outline"]
            outline.set_points(self._xy(g.outline))
            outline.set_style(color(SPACE_COLORS["collapsed"], 40), SPACE_COLORS["collapsed"],
                              2.5)
        if g.orientation > 0:
            base, edge, alpha = color(SPACE_COLORS["solid"]), SPACE_COLORS["solid_edge"], 70
        elif g.orientation < 0:
            base, edge, alpha = (color(SPACE_COLORS["solid_flipped"]),
                                 SPACE_COLORS["solid_flipped_edge"], 80)
        else:
            base, edge, alpha = color(SPACE_COLORS["collapsed"]), SPACE_COLORS["collapsed"], 25
        for k in range(6):
            name = f"face_{k}"
            on = k < len(g.faces) and not flat
            self._on[name] = on
            if not on:
                continue
            corners = g.solid[list(g.faces[k])]
            face = self.items[name]
            face.set_points(self._xy(corners))
            face.set_style(shade(base, normals_facing[k], alpha), edge, 1.5)
            sortables.append((float(self.project(g.face_centroids[k])[1]), [face]))
            slots[k] = len(sortables) - 1
        # det belongs to square maps; a 2×3 map's frames are shown by their volume.
        word = "det" if g.shape == (3, 3) else "volume"
        if g.shape[1] == 2:
            text = f"area = {num(g.volume)}" if g.orientation else "area = 0"
        elif g.orientation == 0:
            text = ("det = 0: volume collapses" if g.shape == (3, 3)
                    else "pressed flat: volume 0")
        else:
            text = f"{word} = {num(g.volume)}\nsigned volume" + (", orientation flipped"
                                                                 if g.orientation < 0 else "")
        col = SPACE_COLORS["collapsed"] if g.orientation == 0 else (
            "warn" if g.orientation < 0 else "text")
        self._place("det", text, g.solid.mean(axis=0), col=col)
        return slots

    def _draw_ellipsoid(self, g, sortables) -> None:
        if self._visible["ellipsoid"]:
            front, back = mesh_sides(g.mesh, g.mesh_normals, self._rot)
            self._set_line("mesh_front", front)
            self._set_line("mesh_back", back)
        for k in range(3):
            on = k < g.semi_axes.shape[0]
            tip = g.semi_axes[k] if on else np.zeros(3)
            self._set_arrow(f"semi_{k}", np.zeros(3), tip, sortables, on)
            if on:
                s = _SUB[k]
                self._place(f"semi_{k}", f"σ{s}u{s} (σ{s}={num(g.singular_values[k])})", tip)
            else:
                self._on[f"label:semi_{k}"] = False

    def _draw_arrows(self, g, state, sortables) -> list:
        """Every arrow; returns (name, slot, tail, tip) of the arrows that may lie on faces."""
        zero = np.zeros(3)
        n = g.shape[1]
        edges = []
        # Inputs first: where Aî lands on ĵ (a permutation, say), equal depths keep this
        # order, and the image is painted over the faint input arrow.
        for prefix, vectors in (("e", g.basis_in), ("a", g.basis_out)):
            for k in range(3):
                on = k < n
                tip = vectors[k] if on else zero
                slot = self._set_arrow(f"{prefix}_{k}", zero, tip, sortables, on, prefix == "a")
                if slot is not None:
                    edges.append((f"{prefix}_{k}", slot, zero, tip))
        for k in range(3):
            on = k < n
            if on:
                self._place(f"e_{k}", _HATS[k], g.basis_in[k])
                self._place(f"a_{k}", "A" + _HATS[k], g.basis_out[k])
            else:
                self._on[f"label:e_{k}"] = self._on[f"label:a_{k}"] = False
        self._set_arrow("x", zero, g.x, sortables)
        self._set_arrow("ax", zero, g.ax, sortables)
        self._place("x", "x", g.x)
        self._place("ax", "Ax", g.ax)
        on = g.lsq is not None and self._visible["least_squares"]
        for name in ("b", "p", "r", "mark"):
            self._on[name] = on
            self._on["label:" + name] = on
        if not on:
            return edges
        fit = g.lsq
        b = np.asarray(state.b, dtype=float)
        self._set_arrow("b", zero, b, sortables)
        self._set_arrow("p", zero, fit.p, sortables)
        has_r = fit.mark is not None
        self._set_arrow("r", fit.p, b, sortables, has_r)
        self._place("b", "b", b)
        self._place("p", "p = Ax̂", fit.p)
        self._place("r", "b − p ⟂ column space", 0.5 * (fit.p + b), has_r)
        self._on["mark"] = has_r
        if has_r:
            self._set_line("mark", fit.mark)
        return edges
