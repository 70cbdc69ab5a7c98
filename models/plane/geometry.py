"""Geometry of one 2×2 map as drawn in the plane: the mapped square and circle, the SVD
semi-axes, the eigen-directions and their case, and the probe vector. Pure NumPy."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from models.linalg.eigen_cases import EIGEN_CASES, classify_2x2, pow2_scale
from models.linalg.grid import grid_segments
from models.linalg.matrix_facts import determinant
from models.linalg.svd import signed_svd

__all__ = ["PlaneGeometry", "plane_geometry", "grid_segments", "EIGEN_CASES"]

_CIRCLE = np.stack([np.cos(np.linspace(0, 2 * np.pi, 181)),
                    np.sin(np.linspace(0, 2 * np.pi, 181))])
# x counts as an eigenvector when the angle between x and Ax is under this (radians).
PARALLEL_TOL = np.deg2rad(1.5)


@dataclass(frozen=True)
class PlaneGeometry:
    """What the Plane canvas draws for the matrix ``matrix``.

    Attributes
    ----------
    square : (5, 2) closed polygon 0 → Aî → Aî+Aĵ → Aĵ → 0
    ellipse : (181, 2) image of the unit circle
    semi_axes : (2, 2) rows σ₁u₁ and σ₂u₂
    singular_values, u, vt : the SVD A = U Σ Vᵀ (columns of u, rows of vt), each pair signed
        by the one convention of :mod:`models.linalg.signs` (v₁ points right, or up)
    eigen_case : one of :data:`EIGEN_CASES`
    eigenlines : list of (λ, unit direction) for each real eigen-direction drawn
    rotation_angle, rotation_scale : for complex eigenvalues λ = r e^{±iθ}: θ and r
    """

    matrix: np.ndarray
    det: float
    square: np.ndarray
    ellipse: np.ndarray
    singular_values: np.ndarray
    u: np.ndarray
    vt: np.ndarray
    semi_axes: np.ndarray
    eigenvalues: np.ndarray
    eigen_case: str
    eigenlines: list[tuple[float, np.ndarray]]
    rotation_angle: float | None
    rotation_scale: float | None

    @property
    def orientation(self) -> int:
        """+1 orientation kept, −1 flipped, 0 collapsed (det = 0 to working precision)."""
        # Collapsed exactly when the rank (NumPy's tolerance) is below 2, as the inspector
        # says. Otherwise the sign of det on the matrix scaled by a power of two: det of a
        # tiny map (1e-200·I) underflows to 0, yet it keeps orientation.
        if self.singular_values[1] == 0:
            return 0
        m = self.matrix / pow2_scale(float(np.max(np.abs(self.matrix))))
        det = float(determinant(m)[0])
        return 1 if det > 0 else -1

    def apply(self, points: np.ndarray) -> np.ndarray:
        """Map points given as rows (k, 2) by the matrix: rows of (A pᵀ)ᵀ."""
        return np.asarray(points, dtype=float) @ self.matrix.T

    def probe(self, x) -> tuple[np.ndarray, bool, float | None]:
        """Ax for the probe x, whether Ax ∥ x (an eigenvector), and the ratio |Ax|/|x| signed."""
        x = np.asarray(x, dtype=float)
        ax = self.matrix @ x
        nx, nax = float(np.hypot(*x)), float(np.hypot(*ax))
        if nx < 1e-12:
            return ax, False, None
        if nax < 1e-9 * max(1.0, nx):
            return ax, True, 0.0  # Ax = 0: eigenvector with λ = 0
        sin = abs(x[0] * ax[1] - x[1] * ax[0]) / (nx * nax)
        parallel = bool(sin <= np.sin(PARALLEL_TOL))
        ratio = float(np.sign(x @ ax) * nax / nx) if parallel else None
        return ax, parallel, ratio


def plane_geometry(matrix, eigen=None) -> PlaneGeometry:
    """Compute :class:`PlaneGeometry` of a finite 2×2 matrix.

    ``eigen`` is ``classify_2x2(matrix)`` when the caller has it already (the model's facts
    need it too); computed here otherwise.
    """
    m = np.array(matrix, dtype=float).reshape(2, 2)
    # Signs fixed pair by pair so pictures do not flicker while dragging: v₁ points right/up.
    u, s, vt = signed_svd(m)
    # The case comes from classify_2x2, the rule of the inspector's ``defective`` flag too,
    # so the picture and the facts always agree.
    e = classify_2x2(m) if eigen is None else eigen
    e1, e2 = m[:, 0], m[:, 1]
    square = np.array([[0.0, 0.0], e1, e1 + e2, e2, [0.0, 0.0]])
    return PlaneGeometry(
        matrix=m, det=float(determinant(m)[0]) if s[1] > 0 else 0.0, square=square,
        ellipse=(m @ _CIRCLE).T, singular_values=s, u=u, vt=vt,
        semi_axes=(u * s).T, eigenvalues=e.eigenvalues, eigen_case=e.case, eigenlines=e.lines,
        rotation_angle=e.rotation_angle, rotation_scale=e.rotation_scale,
    )

