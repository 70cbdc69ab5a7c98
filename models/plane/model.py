"""The Plane lab: one 2×2 matrix A, the typed text of its entries, and a vector x.

Shared by every view of A in the plane (transformed grid, eigenvectors, SVD
ellipse, unit balls), so an edit anywhere updates all of them together.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from models.core.evented import LabModel, SceneError, frozen_array
from models.core.expr import EntryError, format_value, parse_entry
from models.linalg.eigen_cases import classify_2x2
from models.linalg.matrix_facts import MatrixFacts, analyze
from models.plane.geometry import PlaneGeometry, plane_geometry

__all__ = ["PlaneState", "PlaneModel", "interpolate"]

_IDENTITY_TEXTS = ("1", "0", "0", "1")
#: The Lp exponents the norms view can draw faithfully (p → 0 collapses the ball to points).
P_MIN, P_MAX = 0.1, 100.0
MAX_ENTRY = 1e6  # entries of A and components of x


@dataclass(frozen=True)
class PlaneState:
    """Immutable state of the Plane lab.

    Attributes
    ----------
    texts : tuple of 4 str
        A's entries as typed, row-major (a11, a12, a21, a22).
    matrix : ndarray (2, 2)
        Their values (read-only).
    x : ndarray (2,)
        The probe vector.
    x_on_circle : bool
        Whether x is held on the unit circle (eigshow style).
    p : float
        The exponent of the Lp norm shown by the norms view (``inf`` allowed, > 0).
    """

    texts: tuple[str, str, str, str] = _IDENTITY_TEXTS
    matrix: np.ndarray = field(default_factory=lambda: frozen_array(np.eye(2)))
    x: np.ndarray = field(default_factory=lambda: frozen_array([-0.6, 0.8]))
    x_on_circle: bool = False
    p: float = 2.0


def interpolate(a: np.ndarray, t: float) -> np.ndarray:
    """The matrix shown at animation time t: t·A + (1 − t)·I."""
    return t * np.asarray(a, dtype=float) + (1.0 - t) * np.eye(2)


def _parse_cell(k: int, text: str) -> float:
    """Entry ``k`` (row-major) of A; a refusal names the cell, as a₁₂."""
    try:
        return parse_entry(text)
    except EntryError as err:
        cell = "a" + "₁₂"[k // 2] + "₁₂"[k % 2]
        raise EntryError(f"{cell} {text!r}: {err}") from None


class PlaneModel(LabModel):
    """Evented model of the Plane lab.

    Derived, for the views to read (they compute nothing themselves):

    - :attr:`facts`: :class:`MatrixFacts` of A;
    - :attr:`geometry`: :class:`PlaneGeometry` of A (the picture at an animation time is
      derived from it and the view's time: :func:`models.plane.view_state.shown_geometry`);
    - :attr:`ax`: A x (the probe at time t is ``shown_geometry(model, t).probe(x)``).
    """

    lab_id = "plane"

    def __init__(self, state: PlaneState | None = None) -> None:
        self.facts: MatrixFacts
        self.geometry: PlaneGeometry
        self.ax: np.ndarray
        self._derived_from: np.ndarray | None = None
        super().__init__(state or PlaneState())

    @property
    def matrix(self) -> np.ndarray:
        """A (read-only)."""
        return self._state.matrix

    def _derive(self) -> None:
        # Moving x (or p) keeps the very same matrix array: reuse what was derived from it,
        # so dragging x does not redo the eigen and singular value decompositions.
        a = self._state.matrix
        if self._derived_from is not a:
            eigen = classify_2x2(a)  # once: the facts and the geometry share the eigen case
            self.facts = analyze(a, eigen)
            self.geometry = plane_geometry(a, eigen)
            self._derived_from = a
        with np.errstate(over="ignore", invalid="ignore"):  # a state built past prepare's caps
            ax = a @ self._state.x
        ax.setflags(write=False)
        self.ax = ax

    # -- validation -------------------------------------------------------------------------
    def prepare(self, **changes) -> PlaneState:
        """Validate and normalise changes to ``texts``, ``matrix``, ``x`` or ``x_on_circle``;
        ``entry=(i, j, text)`` edits one cell, ``column=(j, vector)`` sets a column.

        Raises
        ------
        EntryError / ValueError
            With a message for a person; the current state is untouched.
        """
        s = self._state
        texts = changes.pop("texts", None)
        matrix = changes.pop("matrix", None)
        if "entry" in changes:
            i, j, text = changes.pop("entry")
            if not (0 <= i < 2 and 0 <= j < 2):
                raise ValueError(f"no cell ({i}, {j}) in a 2×2 matrix")
            texts = list(s.texts if texts is None else texts)
            texts[2 * i + j] = str(text).strip()
        if "column" in changes:
            j, vec = changes.pop("column")
            texts = list(s.texts if texts is None else texts)
            for i in range(2):
                texts[2 * i + j] = format_value(float(vec[i]), 10)
        if matrix is not None and texts is None:
            texts = [format_value(v, 12) for v in np.asarray(matrix, float).ravel()]
        if texts is None:
            texts, matrix = s.texts, s.matrix
        else:
            # The drawn matrix is always exactly what the entries say.
            texts = tuple(str(t).strip() for t in texts)
            if len(texts) != 4:
                raise ValueError("a 2×2 matrix has 4 entries")
            matrix = np.array([_parse_cell(k, t) for k, t in enumerate(texts)]).reshape(2, 2)
        if matrix is not s.matrix:  # an unchanged matrix keeps its (read-only) array
            matrix = frozen_array(matrix, (2, 2))
        if np.max(np.abs(matrix)) > MAX_ENTRY:
            raise EntryError("entries above 1e6 in size are not supported in the plane")
        x = frozen_array(changes.pop("x", s.x), (2,))
        if np.max(np.abs(x)) > MAX_ENTRY:  # so that A·x (up to 2e12) stays far from overflow
            raise ValueError("x: components above 1e6 in size are not supported in the plane")
        on_circle = bool(changes.pop("x_on_circle", s.x_on_circle))
        if on_circle:
            r = float(np.hypot(*x))
            x = frozen_array(x / r if r > 1e-12 else [1.0, 0.0], (2,))
        p = float(changes.pop("p", s.p))
        if not (P_MIN <= p <= P_MAX or p == float("inf")):
            raise ValueError(f"p must lie between {P_MIN:g} and {P_MAX:g}, or be ∞")
        if changes:
            raise ValueError("unknown fields: " + ", ".join(sorted(changes)))
        return PlaneState(texts, matrix, x, on_circle, p)

    # -- scenes -----------------------------------------------------------------------------
    def to_dict(self) -> dict:
        s = self._state
        return {
            "entries": [list(s.texts[:2]), list(s.texts[2:])],
            "x": [float(v) for v in s.x],
            "x_on_circle": s.x_on_circle,
            "p": s.p if np.isfinite(s.p) else "inf",
        }

    @classmethod
    def state_from_dict(cls, data: dict, base: str | None = None) -> PlaneState:
        if not isinstance(data, dict):
            raise SceneError("'model' must be an object")
        entries = data.get("entries")
        if (not isinstance(entries, list) or len(entries) != 2
                or any(not isinstance(r, list) or len(r) != 2 for r in entries)):
            raise SceneError("'model.entries' must be a 2×2 list of entries")
        texts = []
        for i, row in enumerate(entries):
            for j, cell in enumerate(row):
                text = str(cell) if isinstance(cell, (int, float)) and not isinstance(
                    cell, bool) else cell
                if not isinstance(text, str):
                    raise SceneError(f"entry ({i + 1},{j + 1}) must be text or a number")
                try:
                    parse_entry(text)
                except EntryError as err:
                    raise SceneError(f"entry ({i + 1},{j + 1}) {text!r}: {err}") from None
                texts.append(text)
        x = data.get("x", [-0.6, 0.8])
        try:
            x_arr = frozen_array(x, (2,))
        except (ValueError, TypeError):
            raise SceneError("'model.x' must be two finite numbers") from None
        p = data.get("p", 2.0)
        if p == "inf":
            p = float("inf")
        if isinstance(p, bool) or not isinstance(p, (int, float)) or not p > 0:
            raise SceneError("'model.p' must be a positive number or \"inf\"")
        on_circle = data.get("x_on_circle", False)
        if not isinstance(on_circle, bool):
            raise SceneError("'model.x_on_circle' must be true or false")
        probe = PlaneModel()
        try:
            return probe.prepare(texts=texts, x=x_arr, p=float(p), x_on_circle=on_circle)
        except ValueError as err:
            raise SceneError(str(err)) from None
