"""The SVD of a 2×2 map as three motions: Vᵀ (rotate/reflect), Σ (stretch), U (rotate/reflect).

Stage time s runs over [0, 3]; the matrix shown at time s is

- s ∈ [0, 1]: I → Vᵀ, turned as a rotation (angle interpolated);
- s ∈ [1, 2]: Vᵀ → ΣVᵀ, each axis scaled from 1 to σᵢ;
- s ∈ [2, 3]: ΣVᵀ → UΣVᵀ = A, turned (and, if needed, flipped) by U.

Sign convention. v₁ and u₁ follow the one convention of :mod:`models.linalg.signs`, as
:func:`models.plane.geometry.plane_geometry` does (v₁ points right, or up when vertical),
so the longest semi-axis σ₁u₁ agrees with the plane picture. The second pair (v₂, u₂) has a
free common sign; it is chosen so that Vᵀ is always a pure rotation (v₂ is v₁ turned a
quarter turn counter-clockwise). A map that flips orientation (det A < 0) then keeps its
reflection in U, the last stage; a singular map (σ₂ = 0), where u₂ is free as well, gets a
rotation for U too. The σ₂u₂ arrow may therefore point opposite to the plane's, along the
same line.

How a reflection is animated. An orthogonal Q with det Q = −1 is written Q = R(φ)·F with
F = diag(1, −1). U moves as F(τ₁) then R(φτ₂): first the y-axis is scaled from 1 to −1
(the picture passes honestly through a flat line — no continuous path of rotations
reaches a mirror image), then the result turns by φ. Integer stages are returned as the
exact products Vᵀ, ΣVᵀ and U(ΣVᵀ).

Pure NumPy.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from models.core.numfmt import format_value
from models.linalg.grid import grid_segments
from models.linalg.matrix_facts import determinant, matrix_rank
from models.linalg.norms import matrix_norms
from models.linalg.svd import signed_svd

__all__ = ["SvdStages", "StagePicture", "RankOne", "STAGE_NAMES", "svd_stages",
           "stage_matrix", "stage_picture", "rank_one", "unit_circle"]

#: Short names of the three motions, in order.
STAGE_NAMES = ("Vᵀ: rotate/reflect", "Σ: stretch", "U: rotate/reflect")

_FLIP = np.diag([1.0, -1.0])


def unit_circle(n_points: int = 181) -> np.ndarray:
    """Points (n_points, 2) on the unit circle, closed (first point repeated last)."""
    t = np.linspace(0.0, 2.0 * np.pi, n_points)
    pts = np.stack([np.cos(t), np.sin(t)], axis=1)
    pts[-1] = pts[0]
    return pts


def _rotation(angle: float) -> np.ndarray:
    c, s = math.cos(angle), math.sin(angle)
    return np.array([[c, -s], [s, c]])


@dataclass(frozen=True)
class _Motion:
    """An orthogonal 2×2 Q as a rotation angle and, when det Q = −1, a flip."""

    q: np.ndarray
    angle: float  # radians, in (−π, π]
    reflects: bool

    @classmethod
    def of(cls, q: np.ndarray) -> _Motion:
        reflects = determinant(q)[1] < 0
        r = q @ _FLIP if reflects else q  # R = Q·F is a rotation when Q reflects
        return cls(q, math.atan2(r[1, 0], r[0, 0]), reflects)

    def at(self, t: float) -> np.ndarray:
        """The matrix at fraction t ∈ [0, 1] of the motion (I at 0, exactly Q at 1)."""
        if t <= 0.0:
            return np.eye(2)
        if t >= 1.0:
            return self.q.copy()
        if not self.reflects:
            return _rotation(t * self.angle)
        # First half: scale y from 1 to −1 (F); second half: turn by the angle (R).
        flip_t, turn_t = min(2.0 * t, 1.0), max(2.0 * t - 1.0, 0.0)
        return _rotation(turn_t * self.angle) @ np.diag([1.0, 1.0 - 2.0 * flip_t])

    def describe(self, name: str) -> str:
        deg = math.degrees(self.angle)
        turn = "" if abs(deg) < 0.05 else (
            f"turns by {abs(deg):.1f}° " + ("counter-clockwise" if deg > 0 else "clockwise"))
        if self.reflects:
            return f"{name} reflects: flips the y-axis" + (f", then {turn}" if turn else "")
        return f"{name} {turn}" if turn else f"{name} = I: nothing turns"


@dataclass(frozen=True)
class SvdStages:
    """The SVD A = U Σ Vᵀ of a 2×2 matrix, ready to animate.

    Attributes
    ----------
    a : ndarray (2, 2)
        The matrix.
    u : ndarray (2, 2)
        Left singular vectors as columns u₁, u₂.
    s : ndarray (2,)
        Singular values σ₁ ≥ σ₂ ≥ 0.
    vt : ndarray (2, 2)
        Right singular vectors as rows v₁, v₂ (always a rotation, det Vᵀ = +1).
    rank : int
        Numerical rank (0, 1 or 2) with NumPy's tolerance.
    """

    a: np.ndarray
    u: np.ndarray
    s: np.ndarray
    vt: np.ndarray
    rank: int

    @property
    def singular(self) -> bool:
        """True when σ₂ = 0 to working precision (the plane collapses onto a line or 0)."""
        return self.rank < 2

    @property
    def reflects(self) -> bool:
        """True when A flips orientation (det A < 0); the flip is done by U."""
        return determinant(self.u)[1] < 0

    @property
    def det(self) -> float:
        """det A = det U · σ₁σ₂ · det Vᵀ (± the ellipse's area over π); 0 when singular."""
        return 0.0 if self.singular else determinant(self.a)[0]

    @property
    def semi_axes(self) -> np.ndarray:
        """Rows σ₁u₁ and σ₂u₂: the semi-axes of the ellipse A·(unit circle)."""
        return (self.u * self.s).T

    def _motion_v(self) -> _Motion:
        return _Motion.of(self.vt)

    def _motion_u(self) -> _Motion:
        return _Motion.of(self.u)

    def matrix(self, s: float, rank: int | None = None) -> np.ndarray:
        """The matrix at stage time ``s`` ∈ [0, 3] (clamped).

        Parameters
        ----------
        s : float
            0 = I, 1 = Vᵀ, 2 = ΣVᵀ, 3 = UΣVᵀ (= A to rounding).
        rank : int, optional
            Keep only the first ``rank`` singular values (1 gives the stages of A₁).
        """
        s = min(max(float(s), 0.0), 3.0)
        sigma = self.s if rank is None else np.where(np.arange(2) < rank, self.s, 0.0)
        if s <= 1.0:
            return self._motion_v().at(s)
        if s <= 2.0:
            tau = s - 1.0
            scale = (1.0 - tau) + tau * sigma  # exactly σ at τ = 1 (1 + τ(σ − 1) is not)
            return scale[:, None] * self.vt
        return self._motion_u().at(s - 2.0) @ (sigma[:, None] * self.vt)

    def describe(self, stage: int) -> str:
        """One line for a person about stage 1, 2 or 3."""
        if stage == 1:
            return self._motion_v().describe("Vᵀ")
        if stage == 2:
            s1, s2 = (format_value(float(v)) for v in self.s)
            if self.singular:
                return f"Σ stretches x by σ₁ = {s1} and squashes y flat (σ₂ = 0)"
            return f"Σ stretches x by σ₁ = {s1} and y by σ₂ = {s2}"
        if stage == 3:
            return self._motion_u().describe("U")
        raise ValueError("stages are 1 (Vᵀ), 2 (Σ) and 3 (U)")


def svd_stages(a) -> SvdStages:
    """Decompose a finite 2×2 matrix for the stage animation (sign convention: module doc).

    Raises
    ------
    ValueError
        If ``a`` is not a finite 2×2 matrix.
    """
    a = np.array(a, dtype=float).reshape(2, 2)
    if not np.all(np.isfinite(a)):
        raise ValueError("the matrix must be finite")
    # The plane's convention for the first pair (v₁ points right, or up when vertical);
    # round-off of 0 among the singular values is 0, as the rank says.
    u, s, vt = signed_svd(a)
    rank = matrix_rank(a, s)
    if determinant(vt)[1] < 0:  # make Vᵀ a rotation; the pair (v₂, u₂) flips together
        vt[1], u[:, 1] = -vt[1], -u[:, 1]
    if rank < 2 and determinant(u)[1] < 0:
        u[:, 1] = -u[:, 1]  # σ₂ = 0: u₂ is free, so U need not reflect
    for arr in (u, s, vt, a):
        arr.setflags(write=False)
    return SvdStages(a, u, s, vt, rank)


def stage_matrix(a, s: float, rank: int | None = None) -> np.ndarray:
    """The matrix shown at stage time ``s`` ∈ [0, 3] for the matrix ``a`` (see module doc)."""
    return svd_stages(a).matrix(s, rank)


@dataclass(frozen=True)
class StagePicture:
    """What the SVD canvas draws at one stage time.

    Attributes
    ----------
    matrix : (2, 2) the stage matrix M(s)
    base_grid : (k, 2, 2) segments of the fixed integer grid (the input plane)
    grid : (k, 2, 2) segments of the integer grid mapped by M(s)
    circle : (n, 2) the unit circle mapped by M(s)
    axes : (2, 2) rows M(s)v₁ and M(s)v₂ (the current ellipse's semi-axes)
    x : (2,) the probe x mapped by M(s)
    ax : (2,) the probe mapped by A itself (the end of x's journey without truncation)
    ellipse : (n, 2) the unit circle mapped by A itself
    """

    matrix: np.ndarray
    base_grid: np.ndarray
    grid: np.ndarray
    circle: np.ndarray
    axes: np.ndarray
    x: np.ndarray
    ax: np.ndarray
    ellipse: np.ndarray


def stage_picture(stages: SvdStages, s: float, x, rank: int | None = None,
                  reach: float = 4.0, max_extent: int = 30,
                  circle: np.ndarray | None = None) -> StagePicture:
    """Map the grid, the unit circle, v₁, v₂ and ``x`` by the stage matrix at time ``s``.

    Parameters
    ----------
    reach : float
        Distance from the origin that the grids must cover (e.g. the view's half-diagonal);
        a map that shrinks needs more grid lines, up to ``max_extent`` each side.
    circle : ndarray (n, 2), optional
        Points of the unit circle to map (default :func:`unit_circle`).
    """
    m = stages.matrix(s, rank)
    s_min = float(np.linalg.svd(m, compute_uv=False)[-1])
    cap = max(int(max_extent), 1)
    base = min(cap, max(1, math.ceil(reach)))
    n = cap if s_min * cap <= reach else max(1, min(cap, math.ceil(reach / s_min) + 1))
    pts = unit_circle() if circle is None else circle
    x = np.asarray(x, dtype=float)
    return StagePicture(matrix=m, base_grid=grid_segments(np.eye(2), base),
                        grid=grid_segments(m, n), circle=pts @ m.T,
                        axes=stages.vt @ m.T, x=m @ x, ax=stages.a @ x,
                        ellipse=pts @ stages.a.T)


@dataclass(frozen=True)
class RankOne:
    """The best rank-1 approximation A₁ = σ₁u₁v₁ᵀ and how far it is from A.

    Attributes
    ----------
    matrix : ndarray
        A₁.
    error_2 : float
        ‖A − A₁‖₂ (equals σ₂, computed from the difference).
    error_fro : float
        ‖A − A₁‖_F (equals √(σ₂² + σ₃² + …)).
    sigma2 : float
        σ₂ (0 for a matrix with one row or column).
    """

    matrix: np.ndarray
    error_2: float
    error_fro: float
    sigma2: float


def rank_one(a) -> RankOne:
    """Best rank-1 approximation (Eckart–Young) of a finite m×n matrix and its errors."""
    a = np.asarray(a, dtype=float)
    if a.ndim != 2 or a.size == 0 or not np.all(np.isfinite(a)):
        raise ValueError("a finite, non-empty 2-D matrix is needed")
    u, s, vt = np.linalg.svd(a, full_matrices=False)
    a1 = s[0] * np.outer(u[:, 0], vt[0])
    # A matrix of rank 1 (NumPy's tolerance) is its own best rank-1 approximation: what
    # the difference holds then is round-off, and the errors are 0.
    exact = matrix_rank(a, s) <= 1
    errors = {"l2": 0.0, "fro": 0.0} if exact else matrix_norms(a - a1)
    return RankOne(matrix=a1, error_2=errors["l2"], error_fro=errors["fro"],
                   sigma2=float(s[1]) if s.size > 1 and not exact else 0.0)
