"""Where A, B and AB go at a given size: one cell size for the three blocks, the gaps and
the names around them, and the size of their numbers.

Pure geometry over measured text sizes, so the figure and the canvas around it can ask
"what would the blocks look like in w × h?" before choosing what else to show. Computed
once per model or size change, never while painting.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["GAP", "LEGIBLE_PX", "BlockPlan", "Measures", "plan_blocks"]

GAP = 0.7  # cells between A and AB, and between B and AB (at least; names may need more)
#: Numbers smaller than this many pixels are not drawn (nobody can read them).
LEGIBLE_PX = 7
_FIT_W, _FIT_H = 0.86, 0.86  # share of a cell a number may fill across and down


@dataclass(frozen=True)
class Measures:
    """Text sizes at a 100 px font, from which every other size scales.

    Attributes
    ----------
    shapes : ((int, int), (int, int))
        A's and B's shapes; AB is m × n (drawn as an empty frame when k ≠ k₂).
    names_w : (float, float, float)
        Widths of A's, B's and AB's names, bold, at 100 px.
    names_h : float
        Height of a name's line at 100 px.
    number_w, number_h : float
        Width of the longest number and height of a line of numbers at 100 px.
    names_px : (float, float)
        The range the names' pixel size keeps to (it follows the cells between them).
    number_cap, number_comfort : float
        The largest pixel size numbers get, and the size they get first when cells are
        small (they fill their cell before they shrink below it).
    """

    shapes: tuple
    names_w: tuple
    names_h: float
    number_w: float
    number_h: float
    names_px: tuple
    number_cap: float
    number_comfort: float


@dataclass(frozen=True)
class BlockPlan:
    """The blocks laid out for one size (lengths in pixels unless named in cells).

    Attributes
    ----------
    cell : float
        Pixels per cell, the same for A, B and AB.
    gap_x, gap_y : float
        Cells between A and AB, and between B and AB.
    numbers_px, names_px : int
        Pixel sizes of the numbers and names; 0 when they are left out.
    pad : float
        Pixels between a name and its block.
    content : (float, float, float, float)
        x, y, width, height of everything drawn, in cells (A's left edge is x = 0, B's top
        edge y = 0).
    """

    cell: float
    gap_x: float
    gap_y: float
    numbers_px: int
    names_px: int
    pad: float
    content: tuple

    @property
    def size(self) -> tuple[float, float]:
        """Width and height of everything drawn, in pixels."""
        return self.content[2] * self.cell, self.content[3] * self.cell

    @property
    def legible(self) -> bool:
        """True when the numbers are drawn."""
        return self.numbers_px > 0


def _names_px(me: Measures, cell: float) -> float:
    lo, hi = me.names_px
    return min(max(0.3 * cell, lo), hi)


def _numbers_px(me: Measures, cell: float) -> int:
    fit = min(_FIT_W * cell * 100 / max(me.number_w, 1e-9),
              _FIT_H * cell * 100 / max(me.number_h, 1e-9))
    want = min(max(0.4 * cell, me.number_comfort), me.number_cap)
    return int(min(fit, want))


def _geometry(me: Measures, cell: float, names: bool):
    """(gap_x, gap_y, pad, names px, content rect in px) for cells of ``cell`` px."""
    (m, k), (k2, n) = me.shapes
    c = cell
    f = _names_px(me, c) if names else 0.0
    wa, wb, wab = (w * f / 100 for w in me.names_w)
    th = me.names_h * f / 100
    pad = max(2.0, 0.1 * c) if names else 0.0
    gx = GAP * c
    # A's name stands in the gap between B and A (so it never meets B or B's name); B's
    # name is centred on B and may hang below it when B is shorter than a line.
    hang = max(0.0, th / 2 - k2 * c / 2)
    gy = max(GAP * c, th + 2 * pad + hang) if names else GAP * c
    left = k * c + gx
    top = k2 * c + gy
    x0 = min(0.0, left - pad - wb)
    x1 = max(left + n * c, wa, left + n * c / 2 + wab / 2)
    y0 = min(0.0, k2 * c / 2 - th / 2)
    y1 = top + m * c + (pad + th if names else 0.0)
    return gx, gy, pad, f, (x0, y0, x1 - x0, y1 - y0)


def _fits(me: Measures, cell: float, width: float, height: float, names: bool) -> bool:
    *_, (_, _, w, h) = _geometry(me, cell, names)
    return w <= width and h <= height


def _largest_cell(me: Measures, width: float, height: float, names: bool,
                  most: float) -> float:
    if not _fits(me, 0.5, width, height, names):
        return 0.0
    lo, hi = 0.5, most
    if _fits(me, hi, width, height, names):
        return hi
    for _ in range(30):  # the sizes grow with the cell: bisect
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if _fits(me, mid, width, height, names) else (lo, mid)
    return lo


def _plan(me: Measures, cell: float, names: bool) -> BlockPlan:
    gx, gy, pad, f, (x0, y0, w, h) = _geometry(me, cell, names)
    c = max(cell, 1e-9)
    numbers = _numbers_px(me, cell)
    return BlockPlan(cell, gx / c, gy / c, numbers if numbers >= LEGIBLE_PX else 0,
                     int(f), pad, (x0 / c, y0 / c, w / c, h / c))


def plan_blocks(me: Measures, width: float, height: float, most: float) -> BlockPlan:
    """The largest cells (at most ``most`` px) with which the blocks and their names fit in
    ``width`` × ``height`` px. Names go before numbers when both cannot be read; both go
    when even the names do not fit.
    """
    # The names' size is whole pixels when drawn: keep a pixel of slack for rounding.
    width, height = width - 2, height - 2
    cell = _largest_cell(me, width, height, True, most)
    named = _plan(me, cell, True) if cell > 0 else None
    if named is not None and named.legible:
        return named
    bare = _plan(me, _largest_cell(me, width, height, False, most), False)
    if bare.legible or named is None:
        return bare
    return named
