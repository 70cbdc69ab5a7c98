"""How small mode's figure stands at a size: columns, the one cell size, what is left out.

Every stage heatmap of the figure gets the same square cell (Q Kᵀ beside the weights
beside the output read alike). For a canvas size the arrangement with the largest cells
is chosen among three, two or one columns; where even the best leaves cells too small to
read, the least needed parts are left out one by one (and named, so nothing goes missing
without a word). Pure arithmetic on the parts' measured room: computed once per layout
change.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["MIN_CELL_PX", "Arrangement", "Part", "arrange"]

#: The smallest cell worth showing every part at: smaller, parts are left out.
MIN_CELL_PX = 16
_MAX_CELL_PX = 72
_WIDEST_SQUARE = 8  # an output wider than max(n, this) columns gets narrower columns


@dataclass(frozen=True)
class Part:
    """One cell of the figure's grid.

    Attributes
    ----------
    name : str
        Its key (``"weights"``).
    phrase : str
        What :meth:`LabView.left_out` says when it is left out ("the V heatmap").
    rows, cols : int
        Its cells.
    overhead : callable
        ``overhead(px, col_px) -> (w, h)``: room besides the cells.
    priority : int
        Lower is kept longer.
    min_width : float
        Its least width (a title).
    """

    name: str
    phrase: str
    rows: int
    cols: int
    overhead: object
    priority: int
    min_width: float = 0.0

    def col_px(self, px: float) -> float:
        """Column width at row height ``px``: square, unless the matrix is much wider."""
        widest = max(self.rows, _WIDEST_SQUARE)
        return px if self.cols <= widest else px * widest / self.cols

    def size(self, px: float) -> tuple[float, float]:
        """Width and height at ``px`` per cell."""
        cp = self.col_px(px)
        w, h = self.overhead(px, cp)
        return max(w + self.cols * cp, self.min_width), h + self.rows * px


@dataclass(frozen=True)
class Arrangement:
    """The chosen layout: ``parts`` (in display order) in ``columns``, cells ``px`` square,
    and the phrases of the parts left out."""

    columns: int
    parts: tuple[Part, ...]
    px: int
    left_out: tuple[str, ...]


def _fits(parts, columns: int, px: float, width: float, height: float, spacing: float) -> bool:
    widths = [0.0] * columns
    heights: list[float] = []
    for k, part in enumerate(parts):
        w, h = part.size(px)
        widths[k % columns] = max(widths[k % columns], w)
        if k % columns == 0:
            heights.append(h)
        else:
            heights[-1] = max(heights[-1], h)
    need_w = sum(widths) + spacing * (columns - 1)
    need_h = sum(heights) + spacing * (len(heights) - 1)
    return need_w <= width and need_h <= height


def _best_px(parts, columns: int, width: float, height: float, spacing: float) -> int:
    """The largest cell size that fits (bisection: the room grows with the cells)."""
    lo, hi = 0, _MAX_CELL_PX
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if _fits(parts, columns, mid, width, height, spacing):
            lo = mid
        else:
            hi = mid - 1
    return lo


def arrange(parts, width: float, height: float, spacing: float = 8.0) -> Arrangement:
    """The arrangement of ``parts`` (display order) in a ``width`` × ``height`` area.

    The most parts whose best arrangement gives cells of at least :data:`MIN_CELL_PX`;
    ties in cell size go to more columns. At least the first-priority part is always
    kept, at whatever size it gets.
    """
    parts = tuple(parts)
    ranked = sorted(parts, key=lambda p: p.priority)
    for keep in range(len(parts), 0, -1):
        kept = {p.name for p in ranked[:keep]}
        shown = tuple(p for p in parts if p.name in kept)
        best = max(((_best_px(shown, c, width, height, spacing), c)
                    for c in (3, 2, 1) if c <= len(shown)), default=(0, 1))
        if best[0] >= MIN_CELL_PX or keep == 1:
            px, columns = best
            gone = tuple(p.phrase for p in ranked[keep:])
            return Arrangement(columns, shown, max(px, 1), gone)
    raise AssertionError("unreachable")
