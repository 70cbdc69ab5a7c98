"""Geometry of a 3×3, 3×2 or 2×3 map as drawn in space. Pure NumPy.

Every shape is drawn through one 3×3 *embedded* map M: a 3×2 map A takes the xy-plane
(z = 0) of the input into space, M = [A | 0]; a 2×3 map presses space onto the output
plane, drawn as the floor z = 0, M = [A; 0]. The animation shows (1 − t)·I + t·M, so a
2×3 map is seen squashing space flat and a 3×2 map is seen lifting the plane.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from models.expr import format_value

__all__ = [
    "SHAPES", "CUBE_VERTICES", "CUBE_FACES", "SQUARE_VERTICES", "EigenLine", "SpaceGeometry",
    "embed", "signed_volume", "solid_faces", "sphere_mesh", "eigen_lines", "null_space",
    "least_squares", "right_angle_mark", "scene_radius", "space_geometry", "mesh_sides",
    "flat_outline", "faces_holding",
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


def _outline_ellipse(m: np.ndarray) -> np.ndarray:
    """Boundary of the image of the unit ball under a singular 3×3 map: σ₁u₁cos + σ₂u₂sin."""
    u, s, _ = np.linalg.svd(m)
    return np.cos(_RING)[:, None] * (s[0] * u[:, 0]) + np.sin(_RING)[:, None] * (s[1] * u[:, 1])


def sphere_mesh(m) -> tuple[np.ndarray, np.ndarray | None]:
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
    """
    m = np.asarray(m, dtype=float)
    det = signed_volume(m)
    scale = max(float(np.max(np.abs(m))), 1e-300)
    if abs(det) <= 1e-9 * scale**3:
        return _outline_ellipse(m), None
    points = _SPHERE @ m.T
    # det·M⁻ᵀ has columns c₂×c₃, c₃×c₁, c₁×c₂ (no inverse needed).
    c = m.T
    cof = np.stack([np.cross(c[1], c[2]), np.cross(c[2], c[0]), np.cross(c[0], c[1])], axis=1)
    return points, (_SPHERE @ cof.T) * np.sign(det)


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


@dataclass(frozen=True)
class EigenLine:
    """One real eigen-direction: λ, a unit direction, and the dimension of its eigenspace."""

    value: float
    direction: np.ndarray
    space_dim: int


def _nice_basis(v: np.ndarray) -> np.ndarray:
    """An orthonormal basis (rows) of the row space of ``v``, as close to the axes as it goes.

    An eigenplane such as the xy-plane is then drawn along x and y, not at a random angle.
    """
    proj = v.T @ v  # projector onto the subspace
    out: list[np.ndarray] = []
    for _ in range(v.shape[0]):
        cand = proj.copy()
        for q in out:
            cand -= np.outer(q, q) @ cand
        k = int(np.argmax(np.linalg.norm(cand, axis=0)))
        q = cand[:, k] / np.linalg.norm(cand[:, k])
        out.append(_sign_fixed(q))
    return np.array(out)


def _sign_fixed(v: np.ndarray) -> np.ndarray:
    """``v`` with its largest-magnitude entry positive (stable pictures while editing)."""
    k = int(np.argmax(np.abs(v) - 1e-12 * np.arange(v.size)))
    return v if v[k] >= 0 else -v


def eigen_lines(m) -> tuple[list[EigenLine], list[complex], list[str]]:
    """Real eigen-directions of a 3×3 matrix, its complex eigenvalues, and notes for a person.

    Eigenvalues are clustered (defective ones split by about √ε·‖M‖ in floating point);
    each cluster's eigenspace is the null space of M − μI, spanned by axis-friendly lines.
    """
    m = np.asarray(m, dtype=float)
    scale = max(float(np.max(np.abs(m))), 1e-300)
    w = np.linalg.eigvals(m)
    is_real = np.abs(w.imag) <= 1e-9 * scale
    complex_vals = sorted((z for z in w[~is_real] if z.imag > 0), key=lambda z: -z.real)
    clusters: list[list[float]] = []
    for lam in sorted(w[is_real].real, reverse=True):
        if clusters and abs(clusters[-1][-1] - lam) <= 1e-6 * scale:
            clusters[-1].append(lam)
        else:
            clusters.append([lam])
    lines, notes = [], []
    for c in clusters:
        mu = float(np.mean(c))
        _, s, vt = np.linalg.svd(m - mu * np.eye(3))
        geo = max(1, int(np.sum(s <= 1e-6 * scale)))
        mu = 0.0 if abs(mu) <= 1e-12 * scale else mu
        for d in _nice_basis(vt[3 - geo:]):
            lines.append(EigenLine(mu, d, geo))
        lam = format_value(mu, 4)
        if geo == 3:
            notes.append(f"every vector is an eigenvector (λ = {lam})")
        elif geo == 2:
            notes.append(f"λ = {lam}: a whole plane of eigenvectors")
        if geo < len(c):
            notes.append(f"λ = {lam} is defective: {len(c)} times a root, "
                         f"{geo} eigen-direction{'s' if geo > 1 else ''}")
    for z in complex_vals:
        notes.append(f"complex pair λ = {format_value(z.real, 4)} ± {format_value(z.imag, 4)}i: "
                     f"a plane turns (|λ| = {format_value(abs(z), 4)}, "
                     f"{format_value(np.degrees(np.angle(z)), 4)}°), no real eigenvector in it")
    return lines, complex_vals, notes


def null_space(a, rel_tol: float = 1e-9) -> np.ndarray:
    """Orthonormal basis (rows, signs fixed) of the null space of ``a`` (m×n)."""
    a = np.asarray(a, dtype=float)
    _, s, vt = np.linalg.svd(a)
    top = float(s[0]) if s.size else 0.0
    rank = int(np.sum(s > rel_tol * max(top, 1e-300))) if top > 0 else 0
    basis = vt[rank:]
    return _nice_basis(basis) if basis.shape[0] else np.zeros((0, a.shape[1]))


def least_squares(a, b) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Least squares for Ax ≈ b: x̂ (minimum norm when A's columns are dependent), the
    projection p = Ax̂ of b onto the column space, and the residual r = b − p (⟂ columns)."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    xhat = np.linalg.lstsq(a, b, rcond=None)[0]
    p = a @ xhat
    return xhat, p, b - p


def right_angle_mark(p, r, along, size: float) -> np.ndarray:
    """Three points of the small square drawn at p where the residual r meets the plane.

    ``along`` is a direction inside the plane (the mark's second side); both sides have
    length ``size``. Returns (3, 3): p + s·û, p + s·û + s·r̂, p + s·r̂.
    """
    p, r, along = (np.asarray(v, dtype=float) for v in (p, r, along))
    rh = r / np.linalg.norm(r)
    u = along - (along @ rh) * rh
    u = u / np.linalg.norm(u)
    return np.array([p + size * u, p + size * (u + rh), p + size * rh])


def scene_radius(a, x=None, b=None) -> float:
    """Radius of a sphere that holds the picture of ``a`` at every animation time.

    Every frame (1 − t)·I + t·M maps a point no further than the farther of I and M
    (the triangle inequality), so fitting both keeps the view still while it plays.
    """
    a = np.asarray(a, dtype=float)
    m = embed(a)
    verts = CUBE_VERTICES if a.shape[1] == 3 else SQUARE_VERTICES
    pts = [verts, verts @ m.T, np.eye(3)]
    sigma = float(np.linalg.svd(a, compute_uv=False)[0])
    if x is not None:
        xe = np.zeros(3)
        xe[: a.shape[1]] = x
        pts += [xe[None], (m @ xe)[None]]
    if b is not None and a.shape == (3, 2):
        pts.append(np.asarray(b, dtype=float)[None])
    reach = max(float(np.max(np.linalg.norm(np.vstack(pts), axis=1))), sigma, 1.0)
    return 1.05 * reach


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
    lattice : (s, 2, 3) mapped grid segments
    x, ax : the probe in the input and its image (embedded)
    lsq : (x̂, p, r) for 3×2 with b, else None
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
    lattice: np.ndarray
    x: np.ndarray
    ax: np.ndarray
    lsq: tuple | None
    notes: list


def _svd_axes(a: np.ndarray, s_tol: float):
    u, s, _ = np.linalg.svd(a, full_matrices=False)
    keep = s > s_tol
    if s[0] > s_tol and s[0] - s[-1] <= 1e-9 * s[0]:
        # A round ball stays round (A is a multiple of an orthogonal map): every direction
        # is an axis, so drawing three arbitrary ones would say something false.
        keep[:] = False
    axes = np.array([_sign_fixed(u[:, k]) * s[k] for k in range(s.size) if keep[k]])
    return s, axes.reshape(-1, a.shape[0])


def space_geometry(a, t: float = 1.0, x=None, b=None) -> SpaceGeometry:
    """Compute :class:`SpaceGeometry` of ``a`` (3×3, 3×2 or 2×3) at animation time ``t``."""
    a = np.asarray(a, dtype=float)
    m_rows, n = a.shape
    m = (1.0 - t) * np.eye(3) + t * embed(a)
    scale = max(float(np.max(np.abs(m))), 1e-300)
    flat_tol = 1e-9 * scale
    x3 = np.zeros(3)
    if x is not None:
        x3[:n] = x
    notes: list[str] = []
    if n == 3:
        solid, faces = CUBE_VERTICES @ m.T, CUBE_FACES
        volume = signed_volume(m)
        mesh, mesh_normals = sphere_mesh(m)
        lattice = _LATTICE_3D @ m.T
        s, axes = _svd_axes(m, flat_tol)
        nulls = null_space(m)
    else:
        cols = m[:, :2]
        solid, faces = SQUARE_VERTICES @ m.T, ((0, 1, 2, 3),)
        volume = float(np.linalg.norm(np.cross(cols[:, 0], cols[:, 1])))
        mesh, mesh_normals = _CIRCLE @ m.T, None
        lattice = _LATTICE_2D @ m.T
        s, axes = _svd_axes(cols, flat_tol)
        nulls = null_space(cols)
        nulls = np.hstack([nulls, np.zeros((nulls.shape[0], 1))])
    centroids, normals = solid_faces(solid, faces)
    flat = abs(volume) <= 1e-9 * scale**3 if n == 3 else volume <= 1e-9 * scale**2
    orientation = 0 if flat else (1 if volume > 0 else -1)
    if n == 3 and flat:
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
    col_basis = None
    lsq = None
    if n == 2:
        if axes.shape[0] == 2:
            col_basis = axes / np.linalg.norm(axes, axis=1, keepdims=True)
        elif t >= 1.0:
            notes.append("the columns are parallel: the plane lands on a line")
        if b is not None and m_rows == 3:
            xhat, p, r = least_squares(m[:, :2], b)
            lsq = (xhat, p, r)
    return SpaceGeometry(
        shape=(m_rows, n), matrix=m, basis_in=np.eye(3)[:n], basis_out=m[:, :n].T.copy(),
        volume=volume, orientation=orientation, solid=solid, faces=faces,
        outline=flat_outline(solid) if orientation == 0 else None,
        face_centroids=centroids, face_normals=normals, mesh=mesh, mesh_normals=mesh_normals,
        singular_values=s, semi_axes=axes, eigen=eigen, complex_eigen=cplx, null_dirs=nulls,
        col_basis=col_basis, lattice=lattice, x=x3, ax=m @ x3, lsq=lsq, notes=notes,
    )
