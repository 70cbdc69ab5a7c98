"""A small camera for drawing 3D geometry on a flat canvas: orbit angles → view rotation,
orthographic or mild perspective projection, and depth order for the painter's algorithm.

World coordinates are right-handed with z up. The camera looks at the origin from the
direction ``toward = (cos e cos a, cos e sin a, sin e)`` (azimuth a, elevation e). The
screen's x axis is ``right = (−sin a, cos a, 0)``, its y axis ``up = toward × right``
(pointing up on the screen), and a point's *depth* is its component along ``toward``:
larger depth means nearer the viewer, so drawing in ascending depth paints back to front.
Pure NumPy.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

__all__ = ["Camera", "view_rotation", "project", "depth_order", "paint_ranks", "facing",
           "PERSPECTIVE_RATIO", "ELEVATION_LIMIT", "ZOOM_LIMITS"]

#: Eye distance in units of the scene radius for the "mild perspective" option: far enough
#: that nothing looks distorted, near enough that depth reads.
PERSPECTIVE_RATIO = 5.0
#: Elevation stays inside ±this (degrees): looking straight down makes azimuth meaningless.
ELEVATION_LIMIT = 89.0
ZOOM_LIMITS = (0.2, 8.0)


@dataclass(frozen=True)
class Camera:
    """Where the camera sits: azimuth and elevation in degrees, and a zoom factor.

    Attributes
    ----------
    azimuth : float
        Turn about the world z axis, degrees (any value; kept in (−180, 180]).
    elevation : float
        Height above the xy-plane, degrees, within ±:data:`ELEVATION_LIMIT`.
    zoom : float
        Magnification (1 fits the scene), within :data:`ZOOM_LIMITS`.
    """

    azimuth: float = 35.0
    elevation: float = 22.0
    zoom: float = 1.0

    def __post_init__(self) -> None:
        for name in ("azimuth", "elevation", "zoom"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
                raise ValueError(f"camera {name} must be a finite number")
        if not ZOOM_LIMITS[0] <= self.zoom <= ZOOM_LIMITS[1]:
            raise ValueError(f"camera zoom must be between {ZOOM_LIMITS[0]:g} and "
                             f"{ZOOM_LIMITS[1]:g}")
        if abs(self.elevation) > ELEVATION_LIMIT:
            raise ValueError(f"camera elevation must be within ±{ELEVATION_LIMIT:g}°")

    @classmethod
    def make(cls, azimuth: float, elevation: float, zoom: float = 1.0) -> Camera:
        """A camera with the angles wrapped/clamped and the zoom clamped into range."""
        az = (float(azimuth) + 180.0) % 360.0 - 180.0
        el = min(max(float(elevation), -ELEVATION_LIMIT), ELEVATION_LIMIT)
        z = min(max(float(zoom), ZOOM_LIMITS[0]), ZOOM_LIMITS[1])
        return cls(az, el, z)

    def orbited(self, d_azimuth: float, d_elevation: float) -> Camera:
        """The camera turned by the given angles (degrees); elevation is clamped."""
        return Camera.make(self.azimuth + d_azimuth, self.elevation + d_elevation, self.zoom)

    def zoomed(self, factor: float) -> Camera:
        """The camera with its zoom multiplied by ``factor`` (clamped)."""
        return replace(self, zoom=min(max(self.zoom * float(factor), ZOOM_LIMITS[0]),
                                      ZOOM_LIMITS[1]))

    @property
    def rotation(self) -> np.ndarray:
        """The 3×3 view rotation (rows: right, up, toward)."""
        return view_rotation(self.azimuth, self.elevation)

    def to_dict(self) -> dict:
        """JSON form."""
        return {"azimuth": float(self.azimuth), "elevation": float(self.elevation),
                "zoom": float(self.zoom)}


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


def project(points, rotation: np.ndarray, distance: float | None = None
            ) -> tuple[np.ndarray, np.ndarray]:
    """Screen coordinates and depths of 3D points.

    Parameters
    ----------
    points : array_like (..., 3)
        World points (NaN rows stay NaN: they break polylines).
    rotation : ndarray (3, 3)
        From :func:`view_rotation`.
    distance : float, optional
        Eye distance from the origin for a perspective view; None for orthographic.
        Points are scaled by ``distance / (distance − depth)``; points at or behind
        the eye are held just in front of it.

    Returns
    -------
    xy : ndarray (..., 2)
    depth : ndarray (...)
        Larger is nearer the viewer (unchanged by perspective).
    """
    p = np.asarray(points, dtype=float)
    cam = p @ np.asarray(rotation, dtype=float).T
    xy, depth = cam[..., :2], cam[..., 2]
    if distance is not None:
        d = float(distance)
        gap = np.maximum(d - depth, 0.05 * d)
        xy = xy * (d / gap)[..., None]
    return xy, depth


def depth_order(depths) -> np.ndarray:
    """Indices that sort primitives back to front (ascending depth; stable for ties)."""
    return np.argsort(np.asarray(depths, dtype=float), kind="stable")


def paint_ranks(depths, above=()) -> np.ndarray:
    """The paint position of each primitive (0 is painted first), back to front.

    Parameters
    ----------
    depths : sequence of float
        One depth key per primitive (e.g. a face's centroid, an arrow's midpoint).
    above : sequence of (i, j)
        Primitive i must be painted after primitive j whatever their keys say — e.g. an
        arrow lying in a face (an edge of a solid) is seen on that face, not under it.
        Constraints are applied in order; a constrained primitive moves just above the
        primitive it must cover.
    """
    keys = np.array(depths, dtype=float)
    for i, j in above:
        if keys[i] <= keys[j]:
            keys[i] = np.nextafter(keys[j], np.inf)
    ranks = np.empty(keys.size, dtype=int)
    ranks[depth_order(keys)] = np.arange(keys.size)
    return ranks


def facing(normals, rotation: np.ndarray) -> np.ndarray:
    """How squarely each unit normal faces the viewer: |n · toward| in [0, 1] (for shading).

    Zero normals (degenerate faces) give 0.
    """
    n = np.asarray(normals, dtype=float)
    return np.abs(n @ np.asarray(rotation, dtype=float)[2])
