"""Geometry of a 3×3, 3×2 or 2×3 map as drawn in space. Pure NumPy.

Every shape is drawn through one 3×3 *embedded* map M: a 3×2 map A takes the xy-plane
(z = 0) of the input into space, M = [A | 0]; a 2×3 map presses space onto the output
plane, drawn as the floor z = 0, M = [A; 0]. The animation shows (1 − t)·I + t·M, so a
2×3 map is seen squashing space flat and a 3×2 map is seen lifting the plane.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from models.linalg.matrix_facts import matrix_rank
from models.linalg.signs import sign_normalised
from models.space.camera import flat_outline
from models.space.subspaces import (
    LeastSquaresFit,
    eigen_lines,
    least_squares,
    least_squares_fit,
    null_space,
)

__all__ = [
    "SHAPES", "CUBE_VERTICES", "CUBE_FACES", "SQUARE_VERTICES", "SpaceGeometry", "embed",
    "signed_volume", "solid_faces", "sphere_mesh", "space_geometry", "least_squares",
]

SHAPES = ((3, 3), (3, 2), (2, 3))
# Vertex k of the unit cube has coordinates given by the bits of k: (k&1, k>>1&1, k>>2&1).
CUBE_VERTICES = np.array([[k & 1, (k >> 1) & 1, (k >> 2) & 1] for k in range(8)], float)
CUBE_FACES = ((0, 2, 6, 4), (1, 3, 7, 5), (0, 1, 5, 4), (2, 3, 7, 6), (0, 1, 3, 2),
              (4, 5, 7, 6))
SQUARE_VERTICES = np.array([[0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0]], float)
_LAT = np.radians(np.arange(-60, 61, 30))  # latitude circles of the sphere mesh
_LON = np.radians(np.arange(0, 180, 30))  # great circles through the poles
_RING = np.linspace(0.0, 2 * np.pi, 73)


def _build_sphere() -> np.ndarray:
    rows = []
    for lat in _LAT:
        ring = np.stack([np.cos(lat) * np.cos(_RING), np.cos(lat) * np.sin(_RING),
                         np.full_like(_RING, np.sin(lat))], axis=1)
        rows += [ring, np.full((1, 3), np.nan)]
    for lon in _LON:
        ring = np.stack([np.cos(_RING) * np.cos(lon), np.cos(_RING) * np.sin(lon),
                         np.sin(_RING)], axis=1)
        rows += [ring, np.full((1, 3), np.nan)]
    return np.vstack(rows)


_SPHERE = _build_sphere()  # unit sphere as polylines separated by NaN rows
_CIRCLE = np.stack([np.cos(_RING), np.sin(_RING), np.zeros_like(_RING)], axis=1)


def _grid(k: int, extent: float, dims: int) -> np.ndarray:
    """Segments of the integer lattice lines inside [−extent, extent]^dims, as (s, 2, 3)."""
    ks = np.arange(-k, k + 1, dtype=float)
    segs = []
    for axis in range(dims):
        others = [a for a in range(dims) if a != axis]
        for idx in np.array(np.meshgrid(*[ks] * len(others))).reshape(len(others), -1).T:
            seg = np.zeros((2, 3))
            seg[:, axis] = (-extent, extent)
            seg[:, others] = idx
            segs.append(seg)
    return np.array(segs)


_LATTICE_3D = _grid(1, 1.0, 3)  # 27 segments: the lattice of [−1, 1]³
_LATTICE_2D = _grid(1, 1.0, 2)  # 6 segments: grid lines of [−1, 1]² in the xy-plane


def embed(a) -> np.ndarray:
    """The 3×3 map drawn for ``a`` (3×3 as is; 3×2 → [A | 0]; 2×3 → [A; 0])."""
    a = np.asarray(a, dtype=float)
    if a.shape not in SHAPES:
        raise ValueError(f"shape {a.shape} is not drawn in space (3×3, 3×2 or 2×3)")
    m = np.zeros((3, 3))
    m[: a.shape[0], : a.shape[1]] = a
    return m


def signed_volume(m) -> float:
    """Signed volume of the parallelepiped spanned by the columns: c₁ · (c₂ × c₃)."""
    m = np.asarray(m, dtype=float)
    return float(m[:, 0] @ np.cross(m[:, 1], m[:, 2]))


def _unit_rows(v: np.ndarray, tiny: float) -> np.ndarray:
    n = np.linalg.norm(v, axis=-1, keepdims=True)
    return np.where(n > tiny, v / np.where(n > tiny, n, 1.0), 0.0)


def solid_faces(vertices: np.ndarray, faces) -> tuple[np.ndarray, np.ndarray]:
    """Centroids and outward unit normals of polygon faces (zero normal for a flat face).

    Parameters
    ----------
    vertices : (k, 3)
    faces : sequence of vertex-index tuples (each a planar polygon in cyclic order)
    """
    v = np.asarray(vertices, dtype=float)
    idx = np.array(faces)
    corners = v[idx]  # (f, c, 3)
    centroids = corners.mean(axis=1)
    normals = np.cross(corners[:, 1] - corners[:, 0], corners[:, -1] - corners[:, 0])
    outward = centroids - v.mean(axis=0)
    flip = np.einsum("ij,ij->i", normals, outward) < 0
    normals[flip] *= -1
    scale = max(float(np.max(np.abs(v))), 1e-300)
    return centroids, _unit_rows(normals, 1e-9 * scale * scale)


def _outline_ellipse(m: np.ndarray) -> np.ndarray:
    """Boundary of the image of the unit ball under a singular 3×3 map: σ₁u₁cos + σ₂u₂sin."""
    u, s, _ = np.linalg.svd(m)
    return np.cos(_RING)[:, None] * (s[0] * u[:, 0]) + np.sin(_RING)[:, None] * (s[1] * u[:, 1])


def sphere_mesh(m, flat: bool | None = None) -> tuple[np.ndarray, np.ndarray | None]:
    """The unit sphere's latitude and longitude curves mapped by the 3×3 ``m``.

    Returns
    -------
    points : (N, 3)
        Polylines separated by NaN rows. For a singular ``m`` the image of the ball is flat
        (a filled ellipse or a segment) and only its outline is returned: the mapped mesh
        would be a tangle of overlapping curves.
    normals : (N, 3) or None
        Outward normals of the ellipsoid at those points (M⁻ᵀx, up to a positive factor);
        None when ``m`` is singular (a flat ellipsoid has no outside).

    ``flat`` says whether ``m`` is singular when the caller knows (rank < 3).
    """
    m = np.asarray(m, dtype=float)
    if flat is None:
        flat = matrix_rank(m) < 3
    if flat:
        return _outline_ellipse(m), None
    det = signed_volume(m)
    points = _SPHERE @ m.T
    # det·M⁻ᵀ has columns c₂×c₃, c₃×c₁, c₁×c₂ (no inverse needed).
    c = m.T
    cof = np.stack([np.cross(c[1], c[2]), np.cross(c[2], c[0]), np.cross(c[0], c[1])], axis=1)
    return points, (_SPHERE @ cof.T) * np.sign(det)


@dataclass(frozen=True)
class SpaceGeometry:
    """What the Space canvas draws for one frame (all points in world coordinates).

    Attributes
    ----------
    shape : (m, n) of A
    matrix : (3, 3) the embedded map shown, (1 − t)·I + t·M
    basis_in, basis_out : (n, 3) î, ĵ (, k̂) and their images
    volume : det of the shown map (signed volume of the image of the unit cube);
        for 3×2 the area of the image of the unit square (σ₁σ₂, unsigned)
    orientation : +1 kept, −1 flipped, 0 collapsed (flat)
    solid, faces : vertices (8 or 4, 3) and vertex-index faces of the image of the unit
        cube (3D input) or unit square (3×2)
    outline : (k, 3) the hull of a collapsed (flat) solid, in cyclic order; None otherwise
    face_centroids, face_normals : (f, 3)
    mesh, mesh_normals : image of the unit sphere (or the unit circle for 3×2) as NaN-broken
        polylines, and the outward normals (None when flat)
    singular_values, semi_axes : σᵢ and the rows σᵢuᵢ (σᵢ > 0 only; none when all σᵢ are
        equal, since then every direction is an axis)
    eigen, complex_eigen : real eigen-lines and complex eigenvalues (3×3 only)
    null_dirs : (k, 3) unit directions spanning the input null space
    col_basis : (2, 3) orthonormal basis of the image of the input plane (3×2, rank 2) or None
    plane_patch : (4, 3) corners ±q₁±q₂ of the plane drawn as a patch: the column space (3×2)
        or the output plane z = 0 (2×3); None otherwise. Scaled by the view.
    lattice : (s, 2, 3) mapped grid segments
    x, ax : the probe in the input and its image (embedded)
    lsq : the least-squares picture for 3×2 with b, else None
    notes : sentences for the corner of the figure
    """

    shape: tuple[int, int]
    matrix: np.ndarray
    basis_in: np.ndarray
    basis_out: np.ndarray
    volume: float
    orientation: int
    solid: np.ndarray
    faces: tuple
    outline: np.ndarray | None
    face_centroids: np.ndarray
    face_normals: np.ndarray
    mesh: np.ndarray
    mesh_normals: np.ndarray | None
    singular_values: np.ndarray
    semi_axes: np.ndarray
    eigen: list
    complex_eigen: list
    null_dirs: np.ndarray
    col_basis: np.ndarray | None
    plane_patch: np.ndarray | None
    lattice: np.ndarray
    x: np.ndarray
    ax: np.ndarray
    lsq: LeastSquaresFit | None
    notes: list


def _svd_axes(a: np.ndarray):
    """SVD facts drawn for ``a``: σ, the semi-axes σᵢuᵢ, the rank and U."""
    u, s, _ = np.linalg.svd(a, full_matrices=False)
    rank = matrix_rank(a, s)  # the inspector's tolerance, so picture and numbers agree
    keep = np.arange(s.size) < rank
    if rank and s[0] - s[-1] <= 1e-9 * s[0]:
        # A round ball stays round (A is a multiple of an orthogonal map): every direction
        # is an axis, so drawing three arbitrary ones would say something false.
        keep[:] = False
    axes = np.array([sign_normalised(u[:, k]) * s[k] for k in range(s.size) if keep[k]])
    return s, axes.reshape(-1, a.shape[0]), rank, u


def space_geometry(a, t: float = 1.0, x=None, b=None) -> SpaceGeometry:
    """Compute :class:`SpaceGeometry` of ``a`` (3×3, 3×2 or 2×3) at animation time ``t``."""
    a = np.asarray(a, dtype=float)
    m_rows, n = a.shape
    m = (1.0 - t) * np.eye(3) + t * embed(a)
    x3 = np.zeros(3)
    if x is not None:
        x3[:n] = x
    notes: list[str] = []
    if n == 3:
        s, axes, rank, u = _svd_axes(m)
        solid, faces = CUBE_VERTICES @ m.T, CUBE_FACES
        volume = signed_volume(m)
        mesh, mesh_normals = sphere_mesh(m, flat=rank < 3)
        lattice = _LATTICE_3D @ m.T
        nulls = null_space(m)
    else:
        cols = m[:, :2]
        s, axes, rank, u = _svd_axes(cols)
        solid, faces = SQUARE_VERTICES @ m.T, ((0, 1, 2, 3),)
        volume = float(np.linalg.norm(np.cross(cols[:, 0], cols[:, 1])))
        mesh, mesh_normals = _CIRCLE @ m.T, None
        lattice = _LATTICE_2D @ m.T
        nulls = null_space(cols)
        nulls = np.hstack([nulls, np.zeros((nulls.shape[0], 1))])
    centroids, normals = solid_faces(solid, faces)
    # The sign from the scaled matrix: det of a tiny (1e-200) map underflows to 0 but its
    # orientation is still that of the map.
    scale = max(float(np.max(np.abs(m))), 1e-300)
    sign = signed_volume(m / scale) if n == 3 else 1.0
    orientation = 0 if rank < n else (1 if sign > 0 else -1)
    if n == 3 and rank < 3:
        notes.append("volume collapses: det = 0" if m_rows == 3 else
                     "space is pressed onto the plane: volume collapses")
    eigen, cplx = [], []
    if a.shape == (3, 3):
        eigen, cplx, eig_notes = eigen_lines(m)
        notes += eig_notes
    if nulls.shape[0] == 1:
        notes.append("null space: every point on this line maps to 0")
    elif nulls.shape[0] == 2:
        notes.append("null space: every point on this plane maps to 0")
    elif nulls.shape[0] == 3:
        notes.append("A = 0: every point maps to 0")
    col_basis, patch, lsq = None, None, None
    if n == 2:
        if rank == 2:
            col_basis = np.array([sign_normalised(u[:, 0]), sign_normalised(u[:, 1])])
        elif rank == 1:
            notes.append("the columns are parallel: the plane lands on a line")
        if b is not None and m_rows == 3:
            lsq = least_squares_fit(m[:, :2], b, col_basis)
    plane = col_basis if m_rows == 3 else np.eye(3)[:2]  # 2×3: the output plane, the floor
    if plane is not None and (n == 2 or m_rows == 2):
        patch = np.array([i * plane[0] + j * plane[1]
                          for i, j in ((-1, -1), (1, -1), (1, 1), (-1, 1))])
    return SpaceGeometry(
        shape=(m_rows, n), matrix=m, basis_in=np.eye(3)[:n], basis_out=m[:, :n].T.copy(),
        volume=volume, orientation=orientation, solid=solid, faces=faces,
        outline=flat_outline(solid) if orientation == 0 else None,
        face_centroids=centroids, face_normals=normals, mesh=mesh, mesh_normals=mesh_normals,
        singular_values=s, semi_axes=axes, eigen=eigen, complex_eigen=cplx, null_dirs=nulls,
        col_basis=col_basis, plane_patch=patch, lattice=lattice, x=x3, ax=m @ x3, lsq=lsq,
        notes=notes,
    )
