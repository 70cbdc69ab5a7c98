"""Geometry of one 2×2 map as drawn in the plane: the mapped square and circle, the SVD
semi-axes, the eigen-directions and their case, and the probe vector. Pure NumPy."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["PlaneGeometry", "plane_geometry", "grid_segments", "EIGEN_CASES"]

EIGEN_CASES = ("distinct", "repeated", "defective", "complex")
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
    singular_values, u, vt : the SVD A = U Σ Vᵀ (columns of u, rows of vt)
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
        scale = max(float(np.max(np.abs(self.matrix))), 1e-300)
        if abs(self.det) <= 1e-12 * scale * scale:
            return 0
        return 1 if self.det > 0 else -1

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


def _svd(m: np.ndarray):
    u, s, vt = np.linalg.svd(m)
    # Fix the sign freedom so pictures do not flicker while dragging: v₁ points right/up.
    for i in range(2):
        v = vt[i]
        if v[0] < -1e-12 or (abs(v[0]) <= 1e-12 and v[1] < 0):
            vt[i] = -v
            u[:, i] = -u[:, i]
    return u, s, vt


def _eigen(m: np.ndarray):
    a, b, c, d = m.ravel()
    scale = max(float(np.max(np.abs(m))), 1e-300)
    tr, det = a + d, a * d - b * c
    disc = (a - d) ** 2 + 4 * b * c
    lam = np.linalg.eigvals(m)
    if disc < -1e-12 * scale * scale:
        r = float(np.sqrt(max(det, 0.0)))
        angle = float(abs(np.arctan2(np.sqrt(-disc) / 2, tr / 2)))
        lam = np.array([complex(tr / 2, np.sqrt(-disc) / 2), complex(tr / 2, -np.sqrt(-disc) / 2)])
        return lam, "complex", [], angle, r
    if abs(disc) <= 1e-12 * scale * scale:
        mu = tr / 2
        lam = np.array([mu, mu], dtype=complex)
        residual = m - mu * np.eye(2)
        if np.max(np.abs(residual)) <= 1e-9 * scale:
            return lam, "repeated", [], None, None
        # Defective: the one eigen-direction is the null space of A − μI (a non-zero column
        # of the adjugate-like residual spans it).
        col = residual[:, 0] if np.hypot(*residual[:, 0]) >= np.hypot(*residual[:, 1]) \
            else residual[:, 1]
        direction = col / np.hypot(*col)
        return lam, "defective", [(float(mu), direction)], None, None
    w = np.sort(np.linalg.eigvals(m).real)[::-1]
    lines = []
    for lam in w:
        # The eigen-direction is orthogonal to the larger row of A − λI (exact for 2×2, and
        # steadier than a general eigensolver on denormal or badly scaled entries).
        r = m - lam * np.eye(2)
        row = r[0] if np.hypot(*r[0]) >= np.hypot(*r[1]) else r[1]
        vec = np.array([-row[1], row[0]])
        vec = vec / np.hypot(*vec)
        if vec[0] < -1e-12 or (abs(vec[0]) <= 1e-12 and vec[1] < 0):
            vec = -vec
        lines.append((float(lam), vec))
    return w.astype(complex), "distinct", lines, None, None


def plane_geometry(matrix) -> PlaneGeometry:
    """Compute :class:`PlaneGeometry` of a finite 2×2 matrix."""
    m = np.array(matrix, dtype=float).reshape(2, 2)
    u, s, vt = _svd(m)
    lam, case, lines, angle, r = _eigen(m)
    e1, e2 = m[:, 0], m[:, 1]
    square = np.array([[0.0, 0.0], e1, e1 + e2, e2, [0.0, 0.0]])
    return PlaneGeometry(
        matrix=m, det=float(m[0, 0] * m[1, 1] - m[0, 1] * m[1, 0]), square=square,
        ellipse=(m @ _CIRCLE).T, singular_values=s, u=u, vt=vt,
        semi_axes=(u * s).T, eigenvalues=lam, eigen_case=case, eigenlines=lines,
        rotation_angle=angle, rotation_scale=r,
    )


def grid_segments(matrix, extent: int) -> np.ndarray:
    """Segments of the integer grid lines x = k and y = k (|k| ≤ extent) mapped by ``matrix``.

    Returns
    -------
    ndarray (2·(2·extent+1), 2, 2): each segment's two end points.
    """
    m = np.asarray(matrix, dtype=float)
    ks = np.arange(-extent, extent + 1, dtype=float)
    n = ks.size
    seg = np.empty((2 * n, 2, 2))
    seg[:n, 0, 0], seg[:n, 0, 1], seg[:n, 1, 0], seg[:n, 1, 1] = ks, -extent, ks, extent
    seg[n:, 0, 0], seg[n:, 0, 1], seg[n:, 1, 0], seg[n:, 1, 1] = -extent, ks, extent, ks
    return seg @ m.T
