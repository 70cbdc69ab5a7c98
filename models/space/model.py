"""The Space lab: a 3×3 map of space, or a non-square map between the plane and space
(3×2 lifts the plane into space, 2×3 presses space onto the plane).

The state holds A's entries as typed, a probe vector x and a vector b in space (least
squares for 3×2). The camera and the animation time are presentation: each view keeps them
in its :class:`models.space.view_state.SpaceViewState`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from models.core.evented import LabModel, SceneError, frozen_array
from models.core.expr import EntryError, format_value, parse_entry
from models.linalg.matrix_facts import MatrixFacts, analyze
from models.space.geometry import (
    CUBE_VERTICES,
    SHAPES,
    SQUARE_VERTICES,
    SpaceGeometry,
    embed,
    space_geometry,
)

__all__ = ["SpaceState", "SpaceModel", "identity_texts", "scene_points", "scene_radius"]

MAX_ENTRY = 1e4  # keeps the drawn picture (up to ‖A‖·|x|) well inside float range
_DEFAULT_X = {2: (0.8, 0.6), 3: (0.6, 0.8, 0.5)}


def identity_texts(rows: int, cols: int) -> tuple[str, ...]:
    """Entry texts of the m×n matrix with ones on the diagonal and zeros elsewhere."""
    return tuple("1" if i == j else "0" for i in range(rows) for j in range(cols))


@dataclass(frozen=True)
class SpaceState:
    """Immutable state of the Space lab.

    Attributes
    ----------
    texts : tuple of str
        A's entries as typed, row-major.
    matrix : ndarray (m, n)
        Their values, shape one of :data:`models.space.geometry.SHAPES` (read-only).
    x : ndarray (n,)
        The probe vector in the input space.
    b : ndarray (3,)
        The target of least squares (used by 3×2 maps).
    """

    texts: tuple[str, ...] = identity_texts(3, 3)
    matrix: np.ndarray = field(default_factory=lambda: frozen_array(np.eye(3)))
    x: np.ndarray = field(default_factory=lambda: frozen_array(_DEFAULT_X[3]))
    b: np.ndarray = field(default_factory=lambda: frozen_array([1.0, 1.0, 2.0]))

    @property
    def shape(self) -> tuple[int, int]:
        """(rows, columns) of A."""
        return self.matrix.shape


def _vector(values, n: int, name: str) -> np.ndarray:
    try:
        v = frozen_array(values, (n,))
    except (ValueError, TypeError):
        raise ValueError(f"{name} must be {n} finite numbers") from None
    if np.max(np.abs(v)) > MAX_ENTRY:
        raise ValueError(f"{name}: entries above {MAX_ENTRY:g} in size are not supported")
    return v


def _set_entry(v: np.ndarray, k: int, text: str, name: str) -> np.ndarray:
    if not 0 <= k < v.size:
        raise ValueError(f"{name} has no entry {k + 1}")
    out = np.array(v)
    try:
        out[k] = parse_entry(str(text))
    except EntryError as err:
        raise EntryError(f"{name}{k + 1}: {err}") from None
    return out


def scene_points(a, x=None, b=None) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
    """What the picture of ``a`` must hold at every animation time: key points (the unit
    cube or square under I and under A, the probe and its image, b) and the maps whose
    unit-ball images (the sphere and the ellipsoid) are drawn.

    Every frame (1 − t)·I + t·M maps a point no further than the farther of I and M
    (the triangle inequality), so fitting both keeps the view still while it plays.
    """
    a = np.asarray(a, dtype=float)
    m = embed(a)
    verts = CUBE_VERTICES if a.shape[1] == 3 else SQUARE_VERTICES
    pts = [verts, verts @ m.T, np.eye(3)]
    if x is not None:
        xe = np.zeros(3)
        xe[: a.shape[1]] = x
        pts += [xe[None], (m @ xe)[None]]
    if b is not None and a.shape == (3, 2):
        pts.append(np.asarray(b, dtype=float)[None])
    return np.vstack(pts), (np.eye(3), m)


def scene_radius(a, x=None, b=None) -> float:
    """Radius of a sphere that holds :func:`scene_points` (and the ellipsoid), with a margin."""
    pts, _ = scene_points(a, x, b)
    sigma = float(np.linalg.svd(np.asarray(a, dtype=float), compute_uv=False)[0])
    return 1.05 * max(float(np.max(np.linalg.norm(pts, axis=1))), sigma, 1.0)


class SpaceModel(LabModel):
    """Evented model of the Space lab.

    Derived: :attr:`facts` (of A), :attr:`geometry` (of A; the picture at an animation
    time comes from :func:`models.space.view_state.shown_geometry`), :attr:`radius` (a view
    radius that holds every frame of the animation) and :attr:`scene` (the points and maps
    every frame must show, see :func:`scene_points`).
    """

    lab_id = "space"

    def __init__(self, state: SpaceState | None = None) -> None:
        self.facts: MatrixFacts
        self.geometry: SpaceGeometry
        self.radius: float
        self.scene: tuple
        super().__init__(state or SpaceState())

    @property
    def matrix(self) -> np.ndarray:
        """A (read-only)."""
        return self._state.matrix

    @property
    def shape(self) -> tuple[int, int]:
        """(rows, columns) of A."""
        return self._state.matrix.shape

    def _derive(self) -> None:
        s = self._state
        self.facts = analyze(s.matrix)
        self.radius = scene_radius(s.matrix, s.x, s.b)
        self.scene = scene_points(s.matrix, s.x, s.b)
        self.geometry = space_geometry(s.matrix, 1.0, s.x, s.b)

    # -- validation -------------------------------------------------------------------------
    def prepare(self, **changes) -> SpaceState:
        """Validate changes and return the new state.

        Keys: ``texts`` (row-major, with ``shape``), ``matrix``, ``entry=(i, j, text)``,
        ``shape=(m, n)`` (keeps the overlapping entries), ``x``, ``x_entry=(k, text)``,
        ``b``, ``b_entry=(k, text)``.

        Raises
        ------
        EntryError / ValueError
            With a message for a person; the current state is untouched.
        """
        s = self._state
        shape = tuple(changes.pop("shape", s.shape))
        if shape not in SHAPES:
            raise ValueError("the Space lab draws 3×3, 3×2 and 2×3 maps")
        rows, cols = shape
        texts = changes.pop("texts", None)
        matrix = changes.pop("matrix", None)
        if matrix is not None and texts is None:
            texts = [format_value(v, 12) for v in np.asarray(matrix, float).ravel()]
        if texts is None:
            old_r, old_c = s.shape
            keep = {(i, j): s.texts[i * old_c + j] for i in range(old_r) for j in range(old_c)}
            ident = identity_texts(rows, cols)
            texts = [keep.get((i, j), ident[i * cols + j]) for i in range(rows)
                     for j in range(cols)]
        texts = [str(t).strip() for t in texts]
        if "entry" in changes:
            i, j, text = changes.pop("entry")
            if not (0 <= i < rows and 0 <= j < cols):
                raise ValueError(f"no cell ({i + 1}, {j + 1}) in a {rows}×{cols} matrix")
            texts[i * cols + j] = str(text).strip()
        if len(texts) != rows * cols:
            raise ValueError(f"a {rows}×{cols} matrix has {rows * cols} entries")
        values = []
        for k, t in enumerate(texts):
            try:
                values.append(parse_entry(t))
            except EntryError as err:
                i, j = divmod(k, cols)
                raise EntryError(f"a{i + 1}{j + 1}: {err}") from None
        matrix = frozen_array(np.reshape(values, shape), shape)
        if np.max(np.abs(matrix)) > MAX_ENTRY:
            raise EntryError(f"entries above {MAX_ENTRY:g} in size are not supported in space")
        x = changes.pop("x", None)
        if x is None and cols == s.x.size:
            x = s.x
        elif x is None:
            x = _DEFAULT_X[cols]  # a new input space: start from a probe that shows
        x = _vector(x, cols, "x")
        if "x_entry" in changes:
            k, text = changes.pop("x_entry")
            x = _vector(_set_entry(x, k, text, "x"), cols, "x")
        b = _vector(changes.pop("b", s.b), 3, "b")
        if "b_entry" in changes:
            k, text = changes.pop("b_entry")
            b = _vector(_set_entry(b, k, text, "b"), 3, "b")
        if changes:
            raise ValueError("unknown fields: " + ", ".join(sorted(changes)))
        return SpaceState(tuple(texts), matrix, x, b)

    # -- scenes -----------------------------------------------------------------------------
    def to_dict(self) -> dict:
        s = self._state
        rows, cols = s.shape
        return {
            "entries": [list(s.texts[i * cols:(i + 1) * cols]) for i in range(rows)],
            "x": [float(v) for v in s.x],
            "b": [float(v) for v in s.b],
        }

    @classmethod
    def state_from_dict(cls, data: dict, base: str | None = None) -> SpaceState:
        if not isinstance(data, dict):
            raise SceneError("'model' must be an object")
        entries = data.get("entries")
        if (not isinstance(entries, list) or not entries
                or any(not isinstance(r, list) for r in entries)):
            raise SceneError("'model.entries' must be a list of rows")
        shape = (len(entries), len(entries[0]))
        if shape not in SHAPES or any(len(r) != shape[1] for r in entries):
            raise SceneError("'model.entries' must be a 3×3, 3×2 or 2×3 list of entries")
        texts = []
        for i, row in enumerate(entries):
            for j, cell in enumerate(row):
                if isinstance(cell, (int, float)) and not isinstance(cell, bool):
                    cell = str(cell)
                if not isinstance(cell, str):
                    raise SceneError(f"entry ({i + 1},{j + 1}) must be text or a number")
                texts.append(cell)
        changes: dict = {"shape": shape, "texts": texts}
        for key in ("x", "b"):
            if key in data:
                changes[key] = data[key]
        # A "camera" here (scenes before the view held it) is read by the view state.
        try:
            return SpaceModel().prepare(**changes)
        except (ValueError, TypeError) as err:
            raise SceneError(f"'model': {err}") from None
