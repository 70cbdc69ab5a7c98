"""Unit balls of the Lp norms in the plane, vector norms, and induced matrix norms as the
farthest point of a unit ball's image. Pure NumPy.

The boundary {x : ‖x‖_p = 1} is traced with the superellipse parametrisation
x = sign(c)|c|^(2/p), y = sign(s)|s|^(2/p) (c, s the cosine and sine of a parameter), which
samples the diamond (p = 1), circle (p = 2), rounded squares (p > 2) and the pinched,
non-convex curves of 0 < p < 1 evenly, then every point is rescaled to norm 1 exactly (to
rounding). The axis points (±1, 0), (0, ±1) — the diamond's corners — are exact, and so
are the square's corners (±1, ±1) for p = ∞.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from models.linalg.norms import matrix_norms
from models.plane.svd_stages import svd_stages

__all__ = ["unit_ball", "lp_norm", "vector_norms", "matrix_norms", "induced_norm_points",
           "InducedNorm", "norm_name", "diagonal_point", "NormsPicture", "norms_picture",
           "NORM_KEYS",
           "with_x"]

def _check_p(p: float) -> float:
    p = float(p)
    if not p > 0:  # also refuses NaN
        raise ValueError("p must be positive (p = inf for the max norm)")
    return p


def norm_name(p: float) -> str:
    """How a person writes the norm: ``L1``, ``L2``, ``L∞`` or ``L3.5``."""
    p = _check_p(p)
    if math.isinf(p):
        return "L∞"
    return f"L{p:.4g}"


def lp_norm(v, p: float) -> np.ndarray | float:
    """‖v‖_p along the last axis, computed without overflow or underflow for any p > 0.

    For p < 1 this is the quasi-norm (Σ|vᵢ|^p)^(1/p), which is not a norm.
    """
    p = _check_p(p)
    a = np.abs(np.asarray(v, dtype=float))
    m = np.max(a, axis=-1, keepdims=True)
    if math.isinf(p):
        r = m[..., 0]
    else:
        safe = np.where(m > 0, m, 1.0)
        # Dividing by the largest entry keeps every power in [0, 1]: no overflow for big p.
        r = np.where(m[..., 0] > 0,
                     safe[..., 0] * np.sum((a / safe) ** p, axis=-1) ** (1.0 / p), 0.0)
    return r if np.ndim(r) else float(r)


def _quarter(p: float, m: int) -> np.ndarray:
    """Points (m + 1, 2) from (1, 0) to (0, 1) on the unit sphere of Lp (both ends exact)."""
    u = np.linspace(0.0, 1.0, m + 1)
    if math.isinf(p):
        # The square: up the right edge to the corner (1, 1), then left along the top.
        h = m // 2
        right = np.stack([np.ones(h + 1), np.linspace(0.0, 1.0, h + 1)], axis=1)
        top = np.stack([np.linspace(1.0, 0.0, m - h + 1), np.ones(m - h + 1)], axis=1)
        return np.concatenate([right, top[1:]])
    if p == 1.0:
        return np.stack([1.0 - u, u], axis=1)  # the diamond's edge, |x| + |y| = 1
    c, s = np.cos(u * np.pi / 2), np.sin(u * np.pi / 2)
    c[-1], s[-1] = 0.0, 1.0
    pts = np.stack([c ** (2.0 / p), s ** (2.0 / p)], axis=1)
    return pts / lp_norm(pts, p)[:, None]


def unit_ball(p: float, n_points: int = 721) -> np.ndarray:
    """Boundary points of the unit ball {x : ‖x‖_p = 1}, a closed curve (first = last).

    Parameters
    ----------
    p : float
        Exponent, > 0; ``inf`` for the max norm. Below 1 the set is not convex (not a norm).
    n_points : int
        About how many points (rounded to a multiple of 4, plus the closing point).

    Returns
    -------
    ndarray (k, 2), counter-clockwise from (1, 0).
    """
    p = _check_p(p)
    m = max(2, (int(n_points) - 1) // 4)
    q = _quarter(p, m)[:-1]
    quads = [q]
    for _ in range(3):  # a quarter turn (x, y) → (−y, x) is exact in floating point
        q = np.stack([-q[:, 1], q[:, 0]], axis=1)
        quads.append(q)
    pts = np.concatenate(quads + [quads[0][:1]])
    norms = lp_norm(pts, p)
    return pts[np.isfinite(norms) & (norms > 0)]


def diagonal_point(p: float, quadrant=(1, 1)) -> np.ndarray:
    """The point of the unit Lp sphere on the diagonal through ``quadrant`` (signs used)."""
    p = _check_p(p)
    signs = np.where(np.asarray(quadrant, dtype=float) < 0, -1.0, 1.0)
    return signs * (1.0 if math.isinf(p) else 2.0 ** (-1.0 / p))


def vector_norms(x, p: float = 2.0) -> dict[str, float]:
    """The L1, L2, L∞ norms of ``x`` and its Lp norm at ``p`` (keys ``l1, l2, inf, p``)."""
    x = np.asarray(x, dtype=float)
    return {"l1": float(np.sum(np.abs(x))), "l2": float(np.linalg.norm(x)),
            "inf": float(np.max(np.abs(x))), "p": float(lp_norm(x, p))}


class InducedNorm(NamedTuple):
    """The image of the unit Lp ball under A and its farthest point.

    Attributes
    ----------
    image : ndarray (k, 2)
        A·(boundary of the unit ball), a closed curve.
    point : ndarray (2,)
        An image point of largest Lp norm, A x* with ‖x*‖_p = 1.
    norm : float
        Its Lp norm: the induced norm ‖A‖_p = max ‖Ax‖_p over ‖x‖_p = 1.
    """

    image: np.ndarray
    point: np.ndarray
    norm: float


def _ball_points(p: float, t: np.ndarray) -> np.ndarray:
    """Points (k, 2) of the unit Lp sphere at superellipse parameters ``t``."""
    c, s = np.cos(t), np.sin(t)
    v = np.stack([np.sign(c) * np.abs(c) ** (2.0 / p), np.sign(s) * np.abs(s) ** (2.0 / p)],
                 axis=1)
    return v / lp_norm(v, p)[:, None]


def _refine(a: np.ndarray, p: float, t0: float, width: float) -> np.ndarray:
    """Zoom in on the maximiser of ‖A b(t)‖_p near t0 (b: the ball's point at parameter t).

    Each round evaluates a small grid across the bracket (vectorised) and keeps the two
    cells around the best point, so the bracket shrinks about eightfold per round.
    """
    lo, hi = t0 - width, t0 + width
    for _ in range(12):
        ts = np.linspace(lo, hi, 17)
        k = int(np.argmax(lp_norm(_ball_points(p, ts) @ a.T, p)))
        lo, hi = ts[max(k - 1, 0)], ts[min(k + 1, 16)]
    return a @ _ball_points(p, np.array([0.5 * (lo + hi)]))[0]


def induced_norm_points(a, p: float, n_points: int = 721,
                        ball: np.ndarray | None = None) -> InducedNorm:
    """The image of the unit Lp ball under a 2×2 ``a``, its farthest point and ‖A‖_p.

    For p = 1 and p = ∞ the maximum sits at a vertex of the ball (±eⱼ, resp. the sign
    vector of the largest row), so the point and the norm are exact and ``norm`` equals
    ``numpy.linalg.norm(a, 1)`` / ``numpy.linalg.norm(a, inf)``. For p = 2 the point is
    σ₁u₁ (with the plane's sign convention) and the norm σ₁. Other p are found by
    sampling the curve and refining the best sample with a vectorised zoom; pass ``ball``
    (the points of ``unit_ball(p, n_points)``) to reuse a ball already computed.
    """
    p = _check_p(p)
    a = np.array(a, dtype=float).reshape(2, 2)
    if not np.all(np.isfinite(a)):
        raise ValueError("the matrix must be finite")
    ball = unit_ball(p, n_points) if ball is None else ball
    image = ball @ a.T
    col, row = np.abs(a).sum(axis=0), np.abs(a).sum(axis=1)
    if p == 1.0:
        j = int(np.argmax(col))
        return InducedNorm(image, a[:, j].copy(), float(np.max(col)))
    if math.isinf(p):
        i = int(np.argmax(row))
        x = np.where(a[i] >= 0, 1.0, -1.0)
        return InducedNorm(image, a @ x, float(np.max(row)))
    if p == 2.0:
        st = svd_stages(a)
        return InducedNorm(image, st.s[0] * st.u[:, 0], float(st.s[0]))  # ‖A‖₂ = σ₁
    k = int(np.argmax(lp_norm(image, p)))
    if not np.any(a):
        return InducedNorm(image, np.zeros(2), 0.0)
    # The ball's parameter of sample k; search one sampling step either side of it.
    t0 = math.atan2(math.copysign(abs(ball[k, 1]) ** (p / 2.0), ball[k, 1]),
                    math.copysign(abs(ball[k, 0]) ** (p / 2.0), ball[k, 0]))
    point = _refine(a, p, t0, 2.0 * math.pi / max(len(ball) - 1, 4))
    best = image[k] if lp_norm(image[k], p) > lp_norm(point, p) else point
    return InducedNorm(image, best, float(lp_norm(best, p)))


#: The norms drawn side by side, by key: exponent.
NORM_KEYS = {"l1": 1.0, "l2": 2.0, "inf": math.inf}


@dataclass(frozen=True)
class NormsPicture:
    """Everything the Norms canvas draws for one (A, x, p).

    Attributes
    ----------
    p : float
        The exponent of the free Lp ball.
    balls : dict
        ``"l1"``, ``"l2"``, ``"inf"``, ``"p"`` → (k, 2) unit-ball boundary.
    induced : dict
        Same keys → :class:`InducedNorm` of A.
    reach : dict
        Same keys → (k, 2) the sphere of radius ‖A‖ in that norm (it touches the image at
        the farthest point: that contact is what "induced norm" means).
    balls_p : dict
        Same keys → the exponent of that ball.
    ax : ndarray (2,)
        A x.
    x_norms : dict
        :func:`vector_norms` of x at p.
    matrix_norms : dict
        :func:`matrix_norms` of A (‖A‖₁, ‖A‖₂, ‖A‖∞, ‖A‖_F).
    convex : bool
        False for p < 1, where ‖·‖_p is not a norm.
    """

    p: float
    balls: dict
    induced: dict
    reach: dict
    balls_p: dict
    ax: np.ndarray
    x_norms: dict
    matrix_norms: dict
    convex: bool


def norms_picture(a, x, p: float, n_points: int = 721) -> NormsPicture:
    """Compute :class:`NormsPicture` for a 2×2 ``a``, a vector ``x`` and exponent ``p``."""
    p = _check_p(p)
    a = np.asarray(a, dtype=float).reshape(2, 2)
    exps = dict(NORM_KEYS, p=p)
    balls = {k: unit_ball(q, n_points) for k, q in exps.items()}
    induced = {k: induced_norm_points(a, q, n_points, balls[k]) for k, q in exps.items()}
    reach = {k: induced[k].norm * balls[k] for k in exps}
    x = np.asarray(x, dtype=float)
    return NormsPicture(p=p, balls=balls, induced=induced, reach=reach, balls_p=exps,
                        ax=a @ x, x_norms=vector_norms(x, p), matrix_norms=matrix_norms(a),
                        convex=p >= 1.0)


def with_x(pic: NormsPicture, a, x) -> NormsPicture:
    """``pic`` for a new vector ``x`` (A and p unchanged): only x's norms and Ax are redone."""
    x = np.asarray(x, dtype=float)
    return dataclasses.replace(pic, ax=np.asarray(a, dtype=float) @ x,
                               x_norms=vector_norms(x, pic.p))
