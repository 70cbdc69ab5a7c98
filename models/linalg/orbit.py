"""Orbit angles → view rotation, shared by every 3-D picture (the Space lab's solids, the
Embeddings lab's scatter on three principal components).

World coordinates are right-handed with z up. The camera looks at the origin from the
direction ``toward = (cos e cos a, cos e sin a, sin e)`` (azimuth a, elevation e). The
screen's x axis is ``right = (−sin a, cos a, 0)``, its y axis ``up = toward × right``
(pointing up on the screen), and a point's *depth* is its component along ``toward``:
larger depth means nearer the viewer. Pure NumPy.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["ELEVATION_LIMIT", "view_rotation", "wrapped_angles"]

#: Elevation stays inside ±this (degrees): looking straight down makes azimuth meaningless.
ELEVATION_LIMIT = 89.0


def wrapped_angles(azimuth: float, elevation: float) -> tuple[float, float]:
    """The azimuth wrapped into [−180, 180) and the elevation clamped to ±ELEVATION_LIMIT."""
    az = (float(azimuth) + 180.0) % 360.0 - 180.0
    el = min(max(float(elevation), -ELEVATION_LIMIT), ELEVATION_LIMIT)
    return az, el


def view_rotation(azimuth: float, elevation: float) -> np.ndarray:
    """Orthonormal matrix R whose rows are the screen right, screen up and toward-viewer axes.

    ``R @ p`` gives (screen x, screen y, depth) of a world point p. det R = +1.
    """
    a, e = math.radians(azimuth), math.radians(elevation)
    ca, sa, ce, se = math.cos(a), math.sin(a), math.cos(e), math.sin(e)
    right = (-sa, ca, 0.0)
    up = (-se * ca, -se * sa, ce)
    toward = (ce * ca, ce * sa, se)
    return np.array([right, up, toward])
