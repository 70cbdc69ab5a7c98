"""Where a dragged vector tip lands: one rule for every canvas that drags a vector.

Pure geometry on the pointer's position in data units, so it is tested without a screen.
The rule, first match wins:

1. **on the unit circle** (``on_circle``): the tip stays on the circle at the pointer's
   angle, in whole degrees (any angle while ``fine``);
2. **fine** (Shift held): the pointer itself, rounded to ``fine_step`` (0: not at all);
3. **magnets**, within ``reach_px`` screen pixels of the pointer (``px`` data units per
   pixel; none when ``px`` is 0): the nearest half-unit grid point; else the line through
   the origin at a right angle to ``other``, else the line along ``other``, when the point
   on it is not itself within reach of the origin;
4. **otherwise**: the pointer rounded to ``step``.

The Plane, SVD and Norms canvases use steps of 0.05 and no magnets; the Projection canvas
uses magnets (half units and right angles to the other vector) with steps of 0.01.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["ANGLE_STEP", "GRID", "REACH_PX", "STEP", "snap_tip"]

#: Pointer positions are rounded to this step when nothing else catches them.
STEP = 0.05
#: Magnets catch the half-unit grid points.
GRID = 0.5
#: How near (screen pixels) a magnet catches the tip.
REACH_PX = 8.0
#: A tip held on the unit circle moves in whole degrees.
ANGLE_STEP = 1.0


def _round_to(v: np.ndarray, step: float) -> np.ndarray:
    # The second rounding drops binary noise such as 0.15000000000000002.
    return np.round(np.round(v / step) * step, 10)


def _on_circle(p: np.ndarray, fine: bool) -> np.ndarray:
    angle = math.degrees(math.atan2(p[1], p[0]))
    if not fine:
        angle = float(_round_to(np.array(angle), ANGLE_STEP))
    t = math.radians(angle)
    return np.array([math.cos(t), math.sin(t)])


def _magnet(p: np.ndarray, other, reach: float) -> np.ndarray | None:
    """The half-unit point, the right angle or the line along ``other`` within ``reach``."""
    grid = _round_to(p, GRID)
    if math.hypot(*(grid - p)) <= reach:
        return grid
    if other is None:
        return None
    o = np.asarray(other, dtype=float)
    length = math.hypot(*o)
    if not length > 0:  # the zero vector has no direction to snap to
        return None
    along = o / length
    for d in (np.array([-along[1], along[0]]), along):
        on_line = d * float(p @ d)
        if math.hypot(*(on_line - p)) <= reach and math.hypot(*on_line) > reach:
            return on_line
    return None


def snap_tip(point, *, fine: bool = False, step: float = STEP, fine_step: float = 0.0,
             px: float = 0.0, reach_px: float = REACH_PX, other=None,
             on_circle: bool = False) -> tuple[float, float]:
    """Where a tip dragged to ``point`` lands (see the module docstring for the rule).

    Parameters
    ----------
    point : array_like (2,)
        The pointer, in data units.
    fine : bool
        Shift is held: no grid, no magnets, whole degrees lifted.
    step, fine_step : float
        Rounding of an uncaught tip, without and with ``fine`` (``fine_step`` 0: none).
    px : float
        Data units per screen pixel; 0 turns the magnets off.
    reach_px : float
        How near, in pixels, a magnet catches the tip.
    other : array_like (2,) or None
        The other vector of the figure: the tip snaps to right angles to it and along it.
    on_circle : bool
        The tip is held on the unit circle.

    Returns
    -------
    (float, float)
        The tip's new position.
    """
    p = np.asarray(point, dtype=float)
    if on_circle:
        q = _on_circle(p, fine)
    elif fine:
        q = _round_to(p, fine_step) if fine_step > 0 else p
    else:
        reach = reach_px * px
        caught = _magnet(p, other, reach) if reach > 0 else None
        q = caught if caught is not None else _round_to(p, step)
    return float(q[0]), float(q[1])
