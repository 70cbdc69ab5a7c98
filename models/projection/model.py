"""The Projection lab: vectors a and b, their dot product, the shadow of b on a's line, and
least squares (projecting b onto the column space of a matrix). Pure NumPy.

Vectors are rescaled by their largest entry before anything is squared, so tiny and huge
vectors give the same finite answers as ordinary ones, and the zero vector gives a
definite answer (with a message), never NaN.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from models.core.evented import LabModel, SceneError, frozen_array
from models.core.expr import EntryError, parse_entry
from models.core.numfmt import format_true, format_value, split_exact

__all__ = [
    "DotFacts", "LeastSquares", "ProjectionModel", "ProjectionState", "ZERO_A_MESSAGE",
    "angle_arc", "column_space_projector", "dot_facts", "project",
    "project_onto_columns", "projected_samples", "projection_matrix", "right_angle_mark",
]

#: |cos θ| at or below this counts as a right angle (relative, so it does not depend on size).
RIGHT_TOL = 1e-9
ZERO_A_MESSAGE = ("a = 0 spans no line: there is nothing to project onto, so the shadow is 0 "
                  "and all of b is residual")
_MAX_ENTRY = 1e6  # keeps every drawn quantity (up to |a|²·|b|) far from overflow


def _scaled(v: np.ndarray) -> tuple[np.ndarray, float]:
    """``v / s`` and ``s = max|vᵢ|`` (s = 0 for the zero vector): squares never over/underflow."""
    s = float(np.max(np.abs(v))) if v.size else 0.0
    return (v / s if s > 0 else np.zeros_like(v)), s


def _norm(v: np.ndarray) -> float:
    u, s = _scaled(v)
    return s * float(np.sqrt(u @ u)) if s > 0 else 0.0


@dataclass(frozen=True)
class DotFacts:
    """What the dot product of a and b says.

    Attributes
    ----------
    dot : float
        a·b = Σ aᵢbᵢ.
    norm_a, norm_b : float
        |a| and |b| (Euclidean).
    cos : float or None
        cos θ = a·b / (|a||b|), clipped to [−1, 1]; None when a or b is 0.
    angle_deg : float or None
        θ in degrees, in [0, 180]; None when a or b is 0.
    kind : str
        ``"acute"`` (a·b > 0), ``"right"`` (a·b = 0 to within :data:`RIGHT_TOL`),
        ``"obtuse"`` (a·b < 0), or ``"zero"`` when a or b is the zero vector.
    dot_sign, dot_log10 : int, float
        a·b = dot_sign·10^dot_log10 even where it does not fit a double (then dot is ±inf or 0).
    """

    dot: float
    norm_a: float
    norm_b: float
    cos: float | None
    angle_deg: float | None
    kind: str
    dot_sign: int = 0
    dot_log10: float = -math.inf

    def dot_text(self, digits: int = 4) -> str:
        """a·b as short text, never "0" unless it is 0 (``2e-400``, ``-2e+400``)."""
        return format_true(self.dot, self.dot_sign, self.dot_log10, digits)

    @property
    def cosine_similarity(self) -> float | None:
        """The cosine similarity of a and b: the same number as cos θ."""
        return self.cos

    @property
    def norm_product(self) -> float:
        """|a||b|, so that |a||b| cos θ can be written next to a·b."""
        return self.norm_a * self.norm_b


def _exact_dot(a: np.ndarray, b: np.ndarray) -> Fraction:
    """Σ aᵢbᵢ exactly (doubles are binary fractions): no rounding, no over- or underflow."""
    return sum(map(lambda x, y: Fraction(x) * Fraction(y), a.tolist(), b.tolist()), Fraction())


def dot_facts(a, b, tol: float = RIGHT_TOL) -> DotFacts:
    """Dot product, lengths, cosine, angle and kind of angle of two finite vectors of the
    same length n; ``|cos θ| ≤ tol`` counts as a right angle. Returns :class:`DotFacts`.
    a·b is exact, rounded once (finite wherever it fits, its sign always right); cos θ is it
    over |a||b| on the rescaled vectors, so exactly 0 at an exact right angle."""
    a = np.asarray(a, dtype=float).ravel()
    b = np.asarray(b, dtype=float).ravel()
    if a.shape != b.shape:
        raise ValueError(f"a has {a.size} entries and b has {b.size}: a·b needs equal lengths")
    exact = _exact_dot(a, b)
    dot, sign, log10 = split_exact(exact)
    ua, sa = _scaled(a)
    ub, sb = _scaled(b)
    norm_a, norm_b = _norm(a), _norm(b)
    if sa == 0 or sb == 0:
        return DotFacts(dot, norm_a, norm_b, None, None, "zero", sign, log10)
    na, nb = float(np.sqrt(ua @ ua)), float(np.sqrt(ub @ ub))
    cos = float(np.clip(float(exact / (Fraction(sa) * Fraction(sb))) / (na * nb), -1, 1))
    ea, eb = ua / na, ub / nb
    # Kahan's form: accurate near 0° and 180°, where arccos loses half the digits.
    angle = math.degrees(2.0 * math.atan2(float(np.sqrt(np.sum((ea - eb) ** 2))),
                                          float(np.sqrt(np.sum((ea + eb) ** 2)))))
    kind = "right" if abs(cos) <= tol else ("acute" if sign > 0 else "obtuse")
    return DotFacts(dot, norm_a, norm_b, cos, angle, kind, sign, log10)


def project(b, a) -> tuple[np.ndarray, np.ndarray]:
    """The projection of b onto the line spanned by a, and the residual.

    Returns
    -------
    projection, residual : ndarray
        ``p = (a·b / a·a) a`` and ``r = b − p`` (r ⟂ a). For a = 0 the line is the zero
        subspace: p = 0 and r = b (see :data:`ZERO_A_MESSAGE`); never NaN.
    """
    a = np.asarray(a, dtype=float).ravel()
    b = np.asarray(b, dtype=float).ravel()
    ua, sa = _scaled(a)
    ub, sb = _scaled(b)
    if sa == 0 or sb == 0:
        return np.zeros_like(b), b.copy()
    p = ua * (sb * float(ua @ ub) / float(ua @ ua))
    return p, b - p


def projection_matrix(a) -> np.ndarray:
    """P = a aᵀ / (aᵀa), the n×n matrix projecting onto the line through a (0 for a = 0)."""
    a = np.asarray(a, dtype=float).ravel()
    ua, sa = _scaled(a)
    if sa == 0:
        return np.zeros((a.size, a.size))
    return np.outer(ua, ua) / float(ua @ ua)


@dataclass(frozen=True)
class LeastSquares:
    """The least-squares solution of M x ≈ b.

    Attributes
    ----------
    x_hat : ndarray (n,)
        The minimiser of |M x − b| (the one of least length when M's columns are dependent).
    projection : ndarray (m,)
        p = M x̂, the point of the column space nearest b.
    residual : ndarray (m,)
        b − p, perpendicular to every column of M.
    rank : int
        The rank of M; x̂ is unique only when rank = n.
    """

    x_hat: np.ndarray
    projection: np.ndarray
    residual: np.ndarray
    rank: int

    @property
    def unique(self) -> bool:
        """Whether x̂ is the only minimiser (the columns of M are independent)."""
        return self.rank == self.x_hat.size


def _column_basis(m: np.ndarray):
    """SVD of M restricted to its numerical rank (NumPy's default tolerance)."""
    u, s, vt = np.linalg.svd(m, full_matrices=False)
    tol = max(m.shape) * np.finfo(float).eps * (float(s[0]) if s.size else 0.0)
    r = int(np.sum(s > tol)) if s.size and s[0] > 0 else 0
    return u[:, :r], s[:r], vt[:r]


def project_onto_columns(m, b) -> LeastSquares:
    """Project b onto the column space of an m×n matrix M (least squares).

    Uses the SVD: p = U_r U_rᵀ b and x̂ = V_r Σ_r⁻¹ U_rᵀ b, so the residual is orthogonal to
    the columns to working precision and a rank-deficient M gives the least-length x̂.

    Parameters
    ----------
    m : array_like, shape (rows, cols)
    b : array_like, shape (rows,)

    Raises
    ------
    ValueError
        For non-finite input or mismatched shapes.

    Examples
    --------
    >>> ls = project_onto_columns([[1, 0], [0, 1], [0, 0]], [1, 2, 3])
    >>> ls.projection, ls.residual
    (array([1., 2., 0.]), array([0., 0., 3.]))
    """
    m = np.asarray(m, dtype=float)
    b = np.asarray(b, dtype=float).ravel()
    if m.ndim != 2 or m.shape[0] != b.size:
        raise ValueError(f"M is {'×'.join(map(str, m.shape))} and b has {b.size} entries: "
                         "b needs one entry per row of M")
    if not (np.all(np.isfinite(m)) and np.all(np.isfinite(b))):
        raise ValueError("M and b must be finite")
    um, sm = _scaled(m.ravel())
    ub, sb = _scaled(b)
    if sm == 0:
        return LeastSquares(np.zeros(m.shape[1]), np.zeros_like(b), b.copy(), 0)
    u, s, vt = _column_basis(um.reshape(m.shape))
    coords = u.T @ ub
    p = sb * (u @ coords)
    x_hat = (sb / sm) * (vt.T @ (coords / s))
    return LeastSquares(x_hat, p, b - p, int(s.size))


def column_space_projector(m) -> np.ndarray:
    """P = U_r U_rᵀ, the m×m matrix projecting onto the column space of M (P² = P = Pᵀ)."""
    m = np.asarray(m, dtype=float)
    um, sm = _scaled(m.ravel())
    if sm == 0:
        return np.zeros((m.shape[0], m.shape[0]))
    u, _, _ = _column_basis(um.reshape(m.shape))
    return u @ u.T


def projected_samples(a, extent: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Integer points of [−extent, extent]² (rows) and their images P·x on a's line."""
    k = np.arange(-extent, extent + 1, dtype=float)
    pts = np.stack(np.meshgrid(k, k), axis=-1).reshape(-1, 2)
    return pts, pts @ projection_matrix(a).T


# -- drawing helpers (pure geometry the canvas asks for) ------------------------------------
def right_angle_mark(foot, along, across, size: float) -> np.ndarray:
    """The three corners of a right-angle mark at ``foot`` between directions along/across.

    Returns an empty (0, 2) array when either direction is (numerically) zero.
    """
    along, across = np.asarray(along, dtype=float), np.asarray(across, dtype=float)
    na, nc = _norm(along), _norm(across)
    if na == 0 or nc == 0:
        return np.empty((0, 2))
    foot, e, f = np.asarray(foot, dtype=float), along * (size / na), across * (size / nc)
    return np.array([foot + e, foot + e + f, foot + f])


def angle_arc(a, b, radius: float, points: int = 40) -> np.ndarray:
    """Points of the arc from a's direction to b's (the smaller angle) at ``radius``."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    if _norm(a) == 0 or _norm(b) == 0:
        return np.empty((0, 2))
    t0 = math.atan2(a[1], a[0])
    dt = math.atan2(a[0] * b[1] - a[1] * b[0], float(a @ b))
    t = np.linspace(t0, t0 + dt, points)
    return radius * np.stack([np.cos(t), np.sin(t)], axis=1)


# -- the model -------------------------------------------------------------------------------
@dataclass(frozen=True)
class ProjectionState:
    """Immutable state of the Projection lab: the components of a and b as typed (or as
    set by a drag) in ``a_texts``/``b_texts``, and their read-only values ``a``/``b``."""

    a_texts: tuple[str, str] = ("3", "1")
    b_texts: tuple[str, str] = ("2", "2")
    a: np.ndarray = field(default_factory=lambda: frozen_array([3.0, 1.0]))
    b: np.ndarray = field(default_factory=lambda: frozen_array([2.0, 2.0]))


def _texts_values(name: str, texts) -> tuple[tuple[str, str], np.ndarray]:
    texts = tuple(str(t).strip() for t in texts)
    if len(texts) != 2:
        raise ValueError(f"{name} has 2 components")
    values = []
    for sub, t in zip("₁₂", texts, strict=True):
        try:
            values.append(parse_entry(t))
        except EntryError as err:
            raise EntryError(f"{name}{sub} {t!r}: {err}") from None
        if abs(values[-1]) > _MAX_ENTRY:
            raise EntryError(f"{name}{sub}: components above 1e6 in size are not supported")
    return texts, frozen_array(values, (2,))


class ProjectionModel(LabModel):
    """Evented model of the Projection lab.

    Derived after every change: :attr:`facts` (:class:`DotFacts`), :attr:`projection` and
    :attr:`residual` of b on a, :attr:`matrix` P = aaᵀ/aᵀa, :attr:`matrix_squared` P²,
    :attr:`idempotent` (P² = P to working precision) and :attr:`message` (None unless a = 0).
    """

    lab_id = "projection"

    def __init__(self, state: ProjectionState | None = None) -> None:
        super().__init__(state or ProjectionState())

    def _derive(self) -> None:
        s = self._state
        self.facts = dot_facts(s.a, s.b)
        self.projection, self.residual = project(s.b, s.a)
        self.matrix = projection_matrix(s.a)
        self.matrix_squared = self.matrix @ self.matrix
        self.idempotent = bool(np.max(np.abs(self.matrix_squared - self.matrix)) <= 1e-12)
        self.message = ZERO_A_MESSAGE if not np.any(s.a) else None

    @property
    def coefficient(self) -> float | None:
        """t in proj = t·a (a·b / a·a); negative when the shadow falls behind a."""
        a, b = self._state.a, self._state.b
        return split_exact(_exact_dot(a, b) / _exact_dot(a, a))[0] if np.any(a) else None

    def prepare(self, **changes) -> ProjectionState:
        """Validate changes: ``a``/``b`` (values, e.g. from a drag), ``a_texts``/``b_texts``,
        or ``entry=(name, i, text)`` for one typed component.

        Raises
        ------
        ValueError
            With a message for a person; the current state is untouched.
        """
        s = self._state
        texts = {"a": s.a_texts, "b": s.b_texts}
        if "entry" in changes:
            name, i, text = changes.pop("entry")
            if name not in texts or i not in (0, 1):
                raise ValueError(f"no component {name}{i + 1}")
            t = list(texts[name])
            t[i] = str(text)
            texts[name] = tuple(t)
        for name in ("a", "b"):
            if f"{name}_texts" in changes:
                texts[name] = changes.pop(f"{name}_texts")
            if name in changes:
                vec = np.asarray(changes.pop(name), dtype=float).ravel()
                if vec.shape != (2,) or not np.all(np.isfinite(vec)):
                    raise ValueError(f"{name} must be two finite numbers")
                texts[name] = tuple(format_value(float(v), 10) for v in vec)
        if changes:
            raise ValueError("unknown fields: " + ", ".join(sorted(changes)))
        a_texts, a = _texts_values("a", texts["a"])
        b_texts, b = _texts_values("b", texts["b"])
        return ProjectionState(a_texts, b_texts, a, b)

    def to_dict(self) -> dict:
        s = self._state
        return {"a": list(s.a_texts), "b": list(s.b_texts)}

    @classmethod
    def state_from_dict(cls, data: dict, base: str | None = None) -> ProjectionState:
        if not isinstance(data, dict):
            raise SceneError("'model' must be an object")
        texts = {}
        for name in ("a", "b"):
            vec = data.get(name)
            if not isinstance(vec, list) or len(vec) != 2:
                raise SceneError(f"'model.{name}' must be a list of 2 components")
            if any(isinstance(c, bool) or not isinstance(c, (str, int, float)) for c in vec):
                raise SceneError(f"'model.{name}' components must be text or numbers")
            texts[f"{name}_texts"] = [c if isinstance(c, str) else repr(c) for c in vec]
        try:
            return ProjectionModel().prepare(**texts)
        except ValueError as err:
            raise SceneError(str(err)) from None
