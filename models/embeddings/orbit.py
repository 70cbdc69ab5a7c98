"""The orbit camera of the Embeddings lab's 3-D scatter: azimuth and elevation → a view
rotation, and the projection of points on the first three principal components onto the
screen (orthographic, about a centre).

PC1, PC2, PC3 are world x, y, z (z up); the angles and the view rotation are the shared
ones of :mod:`models.linalg.orbit`, as the Space lab's camera uses. Pure NumPy.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from models.linalg.orbit import ELEVATION_LIMIT, view_rotation, wrapped_angles

__all__ = ["OrbitCamera", "project_points", "ELEVATION_LIMIT"]


@dataclass(frozen=True)
class OrbitCamera:
    """Where the 3-D scatter is seen from: azimuth and elevation in degrees.

    Attributes
    ----------
    azimuth : float
        Turn about PC3, degrees, kept in [−180, 180).
    elevation : float
        Height above the PC1–PC2 plane, degrees, within ±:data:`ELEVATION_LIMIT`.
    """

    azimuth: float = -60.0
    elevation: float = 25.0

    def __post_init__(self) -> None:
        for name in ("azimuth", "elevation"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
                raise ValueError(f"camera {name} must be a finite number")
        if abs(self.elevation) > ELEVATION_LIMIT:
            raise ValueError(f"camera elevation must be within ±{ELEVATION_LIMIT:g}°")

    @classmethod
    def make(cls, azimuth: float, elevation: float) -> OrbitCamera:
        """A camera with the azimuth wrapped and the elevation clamped into range."""
        return cls(*wrapped_angles(azimuth, elevation))

    def orbited(self, d_azimuth: float, d_elevation: float) -> OrbitCamera:
        """The camera turned by the given angles (degrees); the elevation is clamped."""
        return OrbitCamera.make(self.azimuth + d_azimuth, self.elevation + d_elevation)

    @property
    def rotation(self) -> np.ndarray:
        """The 3×3 view rotation (rows: screen right, screen up, toward the viewer)."""
        return view_rotation(self.azimuth, self.elevation)

    def to_dict(self) -> dict:
        """JSON form."""
        return {"azimuth": float(self.azimuth), "elevation": float(self.elevation)}

    @classmethod
    def from_dict(cls, value) -> OrbitCamera:
        """A camera from its JSON object (a camera passes as it is).

        Raises
        ------
        ValueError
            Not an object with numbers azimuth and elevation.
        """
        if isinstance(value, OrbitCamera):
            return value
        if not isinstance(value, dict):
            raise ValueError("view 'camera' must be an object")
        unknown = sorted(set(value) - {"azimuth", "elevation"})
        if unknown:
            raise ValueError("view 'camera' has unknown fields: " + ", ".join(unknown))
        d = cls()
        a, e = value.get("azimuth", d.azimuth), value.get("elevation", d.elevation)
        if any(isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v)
               for v in (a, e)):
            raise ValueError("view 'camera' needs finite numbers azimuth and elevation")
        return cls.make(a, e)


def project_points(points, camera: OrbitCamera, centre=None) -> tuple[np.ndarray, np.ndarray]:
    """Screen positions and depths of 3-D points seen by ``camera``, orbiting ``centre``.

    Parameters
    ----------
    points : array_like (..., 3)
    camera : OrbitCamera
    centre : array_like (3,), optional
        The point the camera turns about (default the origin); it lands on the screen's
        origin.

    Returns
    -------
    xy : ndarray (..., 2)
    depth : ndarray (...)
        Larger is nearer the viewer.
    """
    p = np.asarray(points, dtype=float)
    if centre is not None:
        p = p - np.asarray(centre, dtype=float)
    cam = p @ camera.rotation.T
    return cam[..., :2], cam[..., 2]
