"""The Matrix product lab: A (m×k) times B (k×n), entry by entry, and 2×2 composition.

Entry (i, j) of AB is row i of A dotted with column j of B; the model writes that sum
term by term for every entry. When A's columns do not match B's rows the product is not
defined, and the model says why instead of failing. When A and B are both 2×2 it also
derives the composition pictures: B alone, AB (B first, then A) and BA (A first, then B).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from models.core.evented import LabModel, SceneError, frozen_array
from models.core.expr import EntryError, format_value, parse_entry

__all__ = ["Composition", "EntryTerms", "MAX_SIZE", "ProductModel", "ProductState",
           "composition", "entry_terms", "mismatch_message", "shape_rule", "unit_square"]

MAX_SIZE = 8
_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_MINUS = "\u2212"


def _num(x: float) -> str:
    """A short number with a true minus sign, bracketed when negative (inside a product)."""
    return format_value(float(x), 6).replace("-", _MINUS)


def _text(x: float) -> str:
    """Entry text for a value set by a program (12 significant digits, tiny values kept)."""
    return format_value(x, 12) if x == 0 or abs(x) >= 1e-12 else f"{x:.12g}"


def _factor(x: float) -> str:
    text = _num(x)
    return f"({text})" if text.startswith(_MINUS) else text


def shape_rule(a_shape, b_shape) -> str:
    """``"(2×3)·(3×2) → 2×2"``, or ``"(2×3)·(4×2): not defined"`` when the inner sizes differ."""
    (m, k), (k2, n) = a_shape, b_shape
    head = f"({m}×{k})·({k2}×{n})"
    return f"{head} → {m}×{n}" if k == k2 else f"{head}: not defined ({k} ≠ {k2})"


def mismatch_message(a_shape, b_shape) -> str | None:
    """Why AB is not defined, or None when it is."""
    (m, k), (k2, n) = a_shape, b_shape
    if k == k2:
        return None
    return (f"inner dimensions {k} ≠ {k2}: A is {m}×{k}, B is {k2}×{n}; "
            "A's columns must equal B's rows")


@dataclass(frozen=True)
class EntryTerms:
    """Entry (i, j) of AB written as the dot product of row i of A and column j of B.

    Attributes
    ----------
    i, j : int
        0-based position in AB.
    pairs : tuple of (float, float)
        (a_il, b_lj) for l = 1..k.
    products : tuple of float
        a_il · b_lj.
    value : float
        (AB)_ij as NumPy computes it (A @ B).
    """

    i: int
    j: int
    pairs: tuple[tuple[float, float], ...]
    products: tuple[float, ...]
    value: float

    @property
    def name(self) -> str:
        """``(AB)₁₂`` (1-based, as a person reads it)."""
        sep = "," if self.i >= 9 or self.j >= 9 else ""
        return "(AB)" + f"{self.i + 1}{sep}{self.j + 1}".translate(_SUB)

    def factors(self) -> list[tuple[str, str]]:
        """Each pair (a_il, b_lj) as short texts, negative ones bracketed: ``("(−2)", "3")``."""
        return [(_factor(a), _factor(b)) for a, b in self.pairs]

    def value_text(self) -> str:
        """The entry as shown: ``64``, ``−2.5``."""
        return _num(self.value)

    def text(self) -> str:
        """``(AB)₁₂ = 1·8 + 2·10 + 3·12 = 64``."""
        terms = " + ".join(f"{a}·{b}" for a, b in self.factors())
        return f"{self.name} = {terms} = {_num(self.value)}"

    def products_text(self) -> str:
        """``= 8 + 20 + 36 = 64``: the products, then their sum."""
        body = " + ".join(_factor(p) for p in self.products)
        return f"= {body} = {_num(self.value)}"


def entry_terms(a, b, i: int, j: int, value: float | None = None) -> EntryTerms:
    """The term-by-term sum for entry (i, j) of AB (A is m×k, B is k×n).

    ``value`` is the entry as already computed by ``A @ B`` (so the text ends with exactly
    the number shown in AB); by default it is row i · column j.
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    if a.shape[1] != b.shape[0]:
        raise ValueError(mismatch_message(a.shape, b.shape))
    row, col = a[i], b[:, j]
    pairs = tuple((float(x), float(y)) for x, y in zip(row, col, strict=True))
    total = float(row @ col) if value is None else float(value)
    return EntryTerms(i, j, pairs, tuple(float(x * y) for x, y in pairs), total)


def _matmul(a, b) -> np.ndarray:
    """A @ B with round-off of 0 stored as 0: an entry within (k + 2)·ε·Σ|aᵢₗbₗⱼ| of 0 (the
    rounding of typed entries and of the k-term sum) is 0, so two rotations by 30° and
    60° give [[0, −1], [1, 0]], not 2e-16 in the corners."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    out = a @ b
    with np.errstate(over="ignore"):
        bound = (a.shape[1] + 2) * np.finfo(float).eps * (np.abs(a) @ np.abs(b))
    out[np.abs(out) <= bound] = 0.0
    return out


def unit_square(m) -> np.ndarray:
    """The closed polygon 0 → Mî → Mî+Mĵ → Mĵ → 0 (5×2) for a 2×2 matrix."""
    m = np.asarray(m, dtype=float)
    e1, e2 = m[:, 0], m[:, 1]
    return np.array([[0.0, 0.0], e1, e1 + e2, e2, [0.0, 0.0]])


@dataclass(frozen=True)
class Composition:
    """The three pictures of composing two 2×2 maps.

    Attributes
    ----------
    a, b, ab, ba : ndarray (2, 2)
        A, B, AB (apply B, then A) and BA (apply A, then B).
    commute : bool
        AB = BA to working precision.
    note : str
        What the pictures show, for a person.
    """

    a: np.ndarray
    b: np.ndarray
    ab: np.ndarray
    ba: np.ndarray
    commute: bool

    @property
    def note(self) -> str:
        """One line for the figure."""
        if self.commute:
            return "AB = BA: these two maps commute, so the order does not matter here"
        diff = float(np.max(np.abs(self.ab - self.ba)))
        return f"AB ≠ BA: order matters (the entries differ by up to {_num(diff)})"

    def squares(self) -> dict[str, np.ndarray]:
        """Unit-square images: ``"a"``, ``"b"``, ``"ab"``, ``"ba"``."""
        return {k: unit_square(getattr(self, k)) for k in ("a", "b", "ab", "ba")}


def composition(a, b) -> Composition:
    """Compose two 2×2 matrices both ways."""
    a = np.asarray(a, dtype=float).reshape(2, 2)
    b = np.asarray(b, dtype=float).reshape(2, 2)
    ab, ba = _matmul(a, b), _matmul(b, a)
    scale = max(float(np.max(np.abs(ab))), float(np.max(np.abs(ba))), 1.0)
    commute = bool(np.max(np.abs(ab - ba)) <= 1e-12 * scale)
    return Composition(a, b, ab, ba, commute)


# -- the model -------------------------------------------------------------------------------
@dataclass(frozen=True)
class ProductState:
    """Immutable state of the Matrix product lab.

    Attributes
    ----------
    a_texts, b_texts : tuple of tuple of str
        Entries as typed, row by row (A is m×k, B is k₂×n; k₂ may differ from k).
    a, b : ndarray
        Their values (read-only).
    selected : (int, int) or None
        The entry of AB being explained (0-based), kept inside m×n.
    """

    a_texts: tuple[tuple[str, ...], ...]
    b_texts: tuple[tuple[str, ...], ...]
    a: np.ndarray
    b: np.ndarray
    selected: tuple[int, int] | None = (0, 0)

    @property
    def shape_a(self) -> tuple[int, int]:
        """(m, k)."""
        return self.a.shape

    @property
    def shape_b(self) -> tuple[int, int]:
        """(k₂, n)."""
        return self.b.shape


def _grid(name: str, texts) -> tuple[tuple[tuple[str, ...], ...], np.ndarray]:
    """Check a rectangular grid of entry texts and parse it."""
    rows = [list(r) for r in texts]
    if not rows or not rows[0]:
        raise ValueError(f"{name} needs at least one row and one column")
    n = len(rows[0])
    if any(len(r) != n for r in rows):
        raise ValueError(f"the rows of {name} have different lengths")
    if len(rows) > MAX_SIZE or n > MAX_SIZE:
        raise ValueError(f"{name} is {len(rows)}×{n}; sizes go up to {MAX_SIZE}")
    values = []
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            text = str(cell).strip()
            row[j] = text
            try:
                values.append(parse_entry(text))
            except EntryError as err:
                cell_name = name.lower() + f"{i + 1}{j + 1}".translate(_SUB)
                raise EntryError(f"{cell_name} {text!r}: {err}") from None
    arr = frozen_array(np.array(values).reshape(len(rows), n))
    return tuple(tuple(r) for r in rows), arr


def _resized(texts, rows: int, cols: int, name: str) -> list[list[str]]:
    for size in (rows, cols):
        if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or \
                not 1 <= size <= MAX_SIZE:
            raise ValueError(f"{name}'s sizes must be whole numbers from 1 to {MAX_SIZE}")
    return [[texts[i][j] if i < len(texts) and j < len(texts[0]) else "0"
             for j in range(cols)] for i in range(rows)]


_SEED_A = (("1", "2", "3"), ("4", "5", "6"))
_SEED_B = (("7", "8"), ("9", "10"), ("11", "12"))


class ProductModel(LabModel):
    """Evented model of the Matrix product lab.

    Derived after every change: :attr:`product` (A @ B, or None when undefined),
    :attr:`message` (why not, or None), :attr:`rule` (the shape rule), :attr:`terms`
    (an :class:`EntryTerms` for every entry of AB) and :attr:`composition` (when A and B
    are both 2×2, else None).
    """

    lab_id = "product"

    def __init__(self, state: ProductState | None = None) -> None:
        if state is None:
            (at, a), (bt, b) = _grid("A", _SEED_A), _grid("B", _SEED_B)
            state = ProductState(at, bt, a, b, (0, 0))
        super().__init__(state)

    def _derive(self) -> None:
        s = self._state
        self.rule = shape_rule(s.shape_a, s.shape_b)
        self.message = mismatch_message(s.shape_a, s.shape_b)
        if self.message is None:
            self.product = _matmul(s.a, s.b)
            m, n = self.product.shape
            self.terms = [[entry_terms(s.a, s.b, i, j, self.product[i, j]) for j in range(n)]
                          for i in range(m)]
        else:
            self.product, self.terms = None, []
        square = s.shape_a == (2, 2) and s.shape_b == (2, 2)
        self.composition = composition(s.a, s.b) if square else None

    def selected_terms(self) -> EntryTerms | None:
        """The terms of the selected entry (None without a product or a selection)."""
        sel = self._state.selected
        return None if sel is None or self.product is None else self.terms[sel[0]][sel[1]]

    def prepare(self, **changes) -> ProductState:
        """Validate changes and return the new state.

        Accepted keys: ``a_texts``/``b_texts`` (grids of text), ``a``/``b`` (arrays of
        values), ``a_entry``/``b_entry`` = (i, j, text), sizes ``m``, ``k`` (A's columns),
        ``k2`` (B's rows), ``n`` (new cells are "0"), and ``selected`` = (i, j) or None.

        Raises
        ------
        ValueError
            With a message for a person; the current state is untouched.
        """
        s = self._state
        grids = {"a": [list(r) for r in s.a_texts], "b": [list(r) for r in s.b_texts]}
        for name in ("a", "b"):
            if f"{name}_texts" in changes:
                grids[name] = [list(r) for r in changes.pop(f"{name}_texts")]
            if name in changes:
                vals = np.asarray(changes.pop(name), dtype=float)
                if vals.ndim != 2:
                    raise ValueError(f"{name.upper()} must be a matrix")
                grids[name] = [[_text(float(v)) for v in r] for r in vals]
            if f"{name}_entry" in changes:
                i, j, text = changes.pop(f"{name}_entry")
                g = grids[name]
                if not (0 <= i < len(g) and 0 <= j < len(g[0])):
                    raise ValueError(f"no entry ({i + 1}, {j + 1}) in {name.upper()}")
                g[i][j] = str(text)
        for name, rows, cols in (("a", "m", "k"), ("b", "k2", "n")):
            g = grids[name]
            if rows in changes or cols in changes:
                _grid(name.upper(), g)  # the grid must be rectangular before it is resized
                shape = (changes.pop(rows, len(g)), changes.pop(cols, len(g[0])))
                grids[name] = _resized(g, *shape, name.upper())
        selected = changes.pop("selected", s.selected)
        if changes:
            raise ValueError("unknown fields: " + ", ".join(sorted(changes)))
        a_texts, a = _grid("A", grids["a"])
        b_texts, b = _grid("B", grids["b"])
        return ProductState(a_texts, b_texts, a, b, _clamp(selected, a.shape[0], b.shape[1]))

    def to_dict(self) -> dict:
        s = self._state
        return {"a": [list(r) for r in s.a_texts], "b": [list(r) for r in s.b_texts],
                "selected": None if s.selected is None else list(s.selected)}

    @classmethod
    def state_from_dict(cls, data: dict, base: str | None = None) -> ProductState:
        if not isinstance(data, dict):
            raise SceneError("'model' must be an object")
        grids = {}
        for name in ("a", "b"):
            g = data.get(name)
            if not isinstance(g, list) or not g or any(not isinstance(r, list) for r in g):
                raise SceneError(f"'model.{name}' must be a list of rows")
            rows = []
            for r in g:
                row = []
                for cell in r:
                    if isinstance(cell, bool) or not isinstance(cell, (str, int, float)):
                        raise SceneError(f"'model.{name}' entries must be text or numbers")
                    row.append(cell if isinstance(cell, str) else
                               str(cell) if isinstance(cell, int) else repr(cell))
                rows.append(row)
            grids[f"{name}_texts"] = rows
        sel = data.get("selected", [0, 0])
        if sel is not None and (not isinstance(sel, list) or len(sel) != 2 or any(
                isinstance(v, bool) or not isinstance(v, int) for v in sel)):
            raise SceneError("'model.selected' must be [row, column] or null")
        try:
            (at, a), (bt, b) = _grid("A", grids["a_texts"]), _grid("B", grids["b_texts"])
        except ValueError as err:
            raise SceneError(str(err)) from None
        return ProductState(at, bt, a, b, _clamp(sel, a.shape[0], b.shape[1]))


def _clamp(selected, m: int, n: int) -> tuple[int, int] | None:
    """Keep a selection inside the m×n product (a resize moves it to the nearest entry)."""
    if selected is None:
        return None
    try:
        i, j = (int(v) for v in selected)
    except (TypeError, ValueError):
        raise ValueError("the selected entry must be (row, column) or None") from None
    return min(max(i, 0), m - 1), min(max(j, 0), n - 1)
