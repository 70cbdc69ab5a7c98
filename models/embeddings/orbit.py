"""The orbit camera of the Embeddings lab's 3-D scatter: azimuth and elevation → a view
rotation, and the projection of points on the first three principal components onto the
screen (orthographic, about a centre).

The same convention as the Space lab's camera (a lab's models do not import another
lab's): PC1, PC2, PC3 are world x, y, z (z up); the camera looks at the centre from
``toward = (cos e cos a, cos e sin a, sin e)``; the screen's x axis is
``right = (−sin a, cos a, 0)``, its y axis ``up = toward × right``. Pure NumPy.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

__all__ = ["OrbitCamera", "orbit_rotation", "project_points", "ELEVATION_LIMIT"]

#: Elevation stays inside ±this (degrees): looking straight down makes azimuth meaningless.
ELEVATION_LIMIT = 89.0


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
        az = (float(azimuth) + 180.0) % 360.0 - 180.0
        el = min(max(float(elevation), -ELEVATION_LIMIT), ELEVATION_LIMIT)
        return cls(az, el)

    def orbited(self, d_azimuth: float, d_elevation: float) -> OrbitCamera:
        """The camera turned by the given angles (degrees); the elevation is clamped."""
        return OrbitCamera.make(self.azimuth + d_azimuth, self.elevation + d_elevation)

    @property
    def rotation(self) -> np.ndarray:
        """The 3×3 view rotation (rows: screen right, screen up, toward the viewer)."""
        return orbit_rotation(self.azimuth, self.elevation)

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


def orbit_rotation(azimuth: float, elevation: float) -> np.ndarray:
    """Orthonormal R (det +1) whose rows are the screen right, screen up and toward-viewer
    axes: ``R @ p`` is (screen x, screen y, depth) of a point p."""
    a, e = math.radians(azimuth), math.radians(elevation)
    ca, sa, ce, se = math.cos(a), math.sin(a), math.cos(e), math.sin(e)
    return np.array([(-sa, ca, 0.0), (-se * ca, -se * sa, ce), (ce * ca, ce * sa, se)])


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
