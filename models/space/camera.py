"""A small camera for drawing 3D geometry on a flat canvas: orbit angles → view rotation,
orthographic or mild perspective projection, and depth order for the painter's algorithm.

The angles and the view rotation are :mod:`models.linalg.orbit`'s (shared with the
Embeddings lab's 3-D scatter); larger depth means nearer the viewer, so drawing in
ascending depth paints back to front. Pure NumPy.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from models.linalg.orbit import ELEVATION_LIMIT, view_rotation, wrapped_angles

__all__ = ["Camera", "view_rotation", "project", "depth_order", "paint_ranks", "facing",
           "mesh_sides", "faces_holding", "flat_outline", "screen_extent", "PERSPECTIVE_RATIO",
           "ELEVATION_LIMIT", "ZOOM_LIMITS"]

#: Eye distance in units of the scene radius for the "mild perspective" option: far enough
#: that nothing looks distorted, near enough that depth reads.
PERSPECTIVE_RATIO = 5.0
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
        az, el = wrapped_angles(azimuth, elevation)
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


def screen_extent(points, rotation: np.ndarray, maps=()) -> float:
    """The largest |screen x| or |screen y| (orthographic) of ``points`` and of the images
    M·(unit ball) of each 3×3 M in ``maps``; an ellipsoid reaches |Mᵀw| along screen axis w.
    """
    r = np.asarray(rotation, dtype=float)[:2]
    ext = float(np.max(np.abs(np.asarray(points, dtype=float) @ r.T))) if len(points) else 0.0
    for m in maps:
        ext = max(ext, float(np.max(np.linalg.norm(r @ np.asarray(m, dtype=float), axis=1))))
    return ext


def facing(normals, rotation: np.ndarray) -> np.ndarray:
    """How squarely each unit normal faces the viewer: |n · toward| in [0, 1] (for shading).

    Zero normals (degenerate faces) give 0.
    """
    n = np.asarray(normals, dtype=float)
    return np.abs(n @ np.asarray(rotation, dtype=float)[2])


# -- what is seen: visibility helpers of the painter's algorithm ---------------------------
def mesh_sides(points: np.ndarray, normals: np.ndarray | None, rotation: np.ndarray
               ) -> tuple[np.ndarray, np.ndarray]:
    """Split mapped mesh polylines into the half facing the viewer and the half behind.

    Each half keeps NaN breaks; the back half reaches one point into the front so the two
    meet without gaps. Without normals (a flat ellipsoid) everything is in front.
    """
    if normals is None:
        return points, np.full((1, 3), np.nan)
    toward = np.asarray(rotation, dtype=float)[2]
    back = normals @ toward < 0
    reach = back.copy()
    reach[1:] |= back[:-1]
    reach[:-1] |= back[1:]
    front_pts = np.where(~back[:, None], points, np.nan)
    back_pts = np.where(reach[:, None], points, np.nan)
    return front_pts, back_pts


def flat_outline(points, rel_tol: float = 1e-9) -> np.ndarray:
    """The boundary of the convex hull of (nearly) coplanar points, in cyclic order.

    A collapsed solid is drawn as this one polygon instead of six overlapping faces.
    Collinear points give their two extreme points; a single point gives one.
    """
    p = np.asarray(points, dtype=float)
    centre = p.mean(axis=0)
    _, s, vt = np.linalg.svd(p - centre)
    top = max(float(s[0]), 1e-300)
    if s[0] <= rel_tol * max(float(np.max(np.abs(p))), 1e-300):
        return p[:1].copy()
    uv = (p - centre) @ vt[:2].T
    if s[1] <= rel_tol * top * 1e3:
        t = uv[:, 0]
        return p[[int(np.argmin(t)), int(np.argmax(t))]]
    hull = _hull_2d(uv)
    return p[hull]


def _hull_2d(uv: np.ndarray) -> list[int]:
    """Indices of the convex hull of 2D points, counter-clockwise (monotone chain)."""
    order = sorted(range(len(uv)), key=lambda k: (uv[k, 0], uv[k, 1]))

    def cross(o, a, b):
        return (uv[a, 0] - uv[o, 0]) * (uv[b, 1] - uv[o, 1]) - (
            uv[a, 1] - uv[o, 1]) * (uv[b, 0] - uv[o, 0])

    scale = max(float(np.max(np.abs(uv))), 1e-300)
    lower: list[int] = []
    upper: list[int] = []
    for seq, out in ((order, lower), (order[::-1], upper)):
        for k in seq:
            while len(out) >= 2 and cross(out[-2], out[-1], k) <= 1e-12 * scale * scale:
                out.pop()
            out.append(k)
    return lower[:-1] + upper[:-1]


def faces_holding(p0, p1, corners, normals, rel_tol: float = 1e-7) -> list[int]:
    """Indices of the faces whose plane holds the segment p0–p1 and that touch it.

    Used so that an arrow along an edge of a solid is painted on that face, not under it.

    Parameters
    ----------
    p0, p1 : (3,) end points
    corners : (f, k, 3) each face's corners
    normals : (f, 3) unit normals (zero for a flat face, which holds nothing)
    """
    ends = np.array([p0, p1], dtype=float)
    c = np.asarray(corners, dtype=float)
    n = np.asarray(normals, dtype=float)
    if c.size == 0:
        return []
    tol = rel_tol * max(float(np.max(np.abs(c))), float(np.max(np.abs(ends))), 1e-300)
    # Distance of both end points from each face's plane, and from its nearest corner.
    off = np.abs(np.einsum("fd,efd->ef", n, ends[:, None, :] - c[None, :, 0, :]))
    near = np.linalg.norm(c[None, :, :, :] - ends[:, None, None, :], axis=-1).min(axis=2)
    ok = np.any(n != 0, axis=1) & np.all(off <= tol, axis=0) & np.any(near <= tol, axis=0)
    return [int(k) for k in np.flatnonzero(ok)]
