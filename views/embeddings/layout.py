"""The Embeddings canvas's layout, decided once per model or size change: the scatter's
view range (2-D and 3-D), what the right column (scree plot, PCA facts, similarity
heatmap) shows at a canvas size and its share of the width, and the heatmap's cell size.
Each is decided from sizes and the model alone, before Qt's layout fits them: no loop.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

__all__ = ["NO_LIMIT", "ColumnPlan", "half_3d", "heat_cell_px", "plan_column", "range_2d"]

NO_LIMIT = 16777215  # Qt's QWIDGETSIZE_MAX: no maximum size


@dataclass(frozen=True)
class ColumnPlan:
    """What the right column shows on a canvas of a given size."""

    share: float  #: of the canvas's width
    max_width: float  #: the column's maximum width (pixels)
    wrap: int  #: the width the facts' text wraps to (pixels)
    scree: bool  #: whether the scree plot shows
    facts: bool  #: whether the PCA facts show
    dropped: tuple[str, ...]  #: the parts with no room, in words


def plan_column(w: float, h: float, heat: bool, focus: bool) -> ColumnPlan:
    """The right column on a canvas of ``w`` × ``h``, with a similarity matrix (``heat``)
    that is or is not the scene's ``focus``: the facts text needs a tall canvas, the scree
    plot gives way to the similarity heatmap on a short one (a journal column)."""
    facts = h >= 480 and w >= 640
    # With the matrix as the point of the scene the scree gives way on a screen (it
    # stays on a tall canvas): the matrix's numbers need cells ≥ 16 px to be written.
    # That is the scene's choice of what to show, not a lack of room: not "dropped".
    fits = h >= 300 or not heat
    scree = fits and not (focus and h < 900)
    dropped = tuple(name for name, shown in (
        ("the PCA facts (σᵢ, λᵢ, components for 90/95/99 %)", facts),
        ("the scree plot", fits)) if not shown)
    # A short canvas with a similarity matrix shares its width equally: the matrix
    # needs room for its words as much as the scatter does; more when it is the focus.
    share = 0.56 if focus else 0.5 if heat and h < 480 else 0.4
    # The stretch alone leaves the right column what its widest item prefers (the
    # hidden scree's): with the matrix as the focus it holds to its share.
    max_width = share * w if focus else NO_LIMIT
    # The facts wrap to the right column's share of the canvas (a label is otherwise
    # as wide as its longest line, which squeezed the scatter to a strip).
    wrap = max(140, int((share - 0.02) * w) - 16)
    return ColumnPlan(share, max_width, wrap, scree, facts, dropped)


def heat_cell_px(overhead: Callable[[float], tuple[float, float]], n: int, w: float,
                 h: float) -> float:
    """The cell size of an ``n`` × ``n`` heatmap in ``w`` × ``h`` pixels, 4 to 40 px, given
    the room its labels take at a cell size (``overhead(px)`` → width, height)."""
    px = 20.0
    for _ in range(2):  # the labels' room depends a little on the cell size
        ow, oh = overhead(px)
        px = max(4.0, min((w - ow) / n, (h - oh) / n, 40.0))
    return px


def range_2d(m, where: Callable[[str], np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The corners (low, high) of the 2-D view: about the anchor (the selected word or the
    query) with its neighbours and the query's words (drawn at ``where(word)``) in sight,
    else the points from the 1st to the 99th percentile with a margin."""
    xy = m.coords2
    lo, hi = np.percentile(xy, 1, axis=0), np.percentile(xy, 99, axis=0)
    if m.anchor2 is not None:
        # the neighbours and the query's own words in sight (they are labelled first)
        words = [w for w, _, _ in m.neighbours] + [w for _, w in m.query_terms]
        ends = np.array([where(w) for w in words] + [m.anchor2])
        half = max(float(np.max(np.abs(ends - m.anchor2))) * 1.15, 0.12 * float(
            np.max(hi - lo)))
        return m.anchor2 - half, m.anchor2 + half
    pad = 0.05 * (hi - lo)
    return lo - pad, hi + pad


def half_3d(m, centre: np.ndarray | None) -> float:
    """Half the side of the 3-D view, about the orbit centre (drawn at the canvas's
    origin): ``centre`` is the anchor's 3-D point, or None with no anchor. A range that
    does not move while the camera turns: it depends on 3-D distances only."""
    c3 = np.asarray(m.coords3, dtype=float)
    radius = float(np.percentile(np.linalg.norm(c3, axis=1), 99))
    if centre is not None:
        rows = np.searchsorted(m.shown, [m.vset.index[w] for w, _, _ in m.neighbours])
        far = np.linalg.norm(c3[rows] - centre, axis=1) if len(rows) else np.zeros(1)
        return max(float(np.max(far)) * 1.15, 0.24 * radius)
    lengths = 2 * np.std(c3, axis=0)
    return 1.08 * max(radius, 1.15 * float(np.max(lengths)))
