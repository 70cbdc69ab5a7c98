"""A matrix as text to paste elsewhere: LaTeX, NumPy and Markdown.

Entries keep what the person typed where it is simple — a number, a fraction, a square
root, π — so ``3/4`` becomes ``\\frac{3}{4}`` and ``sqrt(2)/2`` becomes
``\\frac{\\sqrt{2}}{2}``. Anything else (``cos(pi/6)``, a value set by dragging, a derived
matrix) is written as its value, with every digit needed to read back the same double
(``0.8660254037844386``): a pasted matrix is the matrix shown, not a rounding of it.

Typed texts are read with the entry parser's tokenizer (:func:`models.core.expr.tokenize`);
nothing is ever evaluated but through :func:`models.core.expr.parse_entry`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from models.core.expr import EntryError, parse_entry, tokenize

__all__ = ["entry_latex", "entry_plain", "to_latex", "to_markdown", "to_numpy",
           "value_text"]

# An entry's text stands for its value when they agree this closely (relative): the value
# is the text parsed, so only a text left behind by some later change can differ more.
_AGREE = 1e-12
_CONSTANTS = {"pi": ("\\pi", "pi"), "tau": ("\\tau", "tau"), "e": ("e", "e")}


@dataclass(frozen=True)
class _Simple:
    """``sign numerator / denominator``, each a product of atoms: ("num", "2"),
    ("const", "pi") or ("sqrt", "2")."""

    sign: str
    num: tuple[tuple[str, str], ...]
    den: tuple[tuple[str, str], ...] | None


def value_text(x: float) -> str:
    """The shortest text that reads back as exactly the double ``x``: ``2``, ``0.1``,
    ``-1.5``, ``1e-05``, ``0.7071067811865476`` (plain ASCII minus, no trailing ``.0``)."""
    x = float(x)
    if x == 0:
        return "0"
    if x.is_integer() and abs(x) < 1e16:
        return str(int(x))
    return repr(x)


def _value_latex(x: float) -> str:
    text = value_text(x)
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    return f"{mantissa} \\times 10^{{{int(exponent)}}}"


def _number(tok: str) -> str | None:
    """A plain decimal literal, tidied (``.5`` → ``0.5``, ``2.`` → ``2``); None for one with
    an exponent (written as its value instead)."""
    if "e" in tok.lower():
        return None
    if tok.isdigit():
        return str(int(tok))  # "007" → "7"
    if tok.startswith("."):
        tok = "0" + tok
    return tok.rstrip(".") if tok.endswith(".") else tok


def _product(tokens: list[tuple[str, str]], i: int):
    """Read a product of atoms from ``tokens[i:]``: an optional number first, then constants
    and square roots of numbers, optionally joined by ``*``. Returns (atoms, next i) or None."""
    atoms: list[tuple[str, str]] = []
    while i < len(tokens):
        if atoms and tokens[i] == ("op", "*"):
            i += 1
        kind, tok = tokens[i] if i < len(tokens) else (None, None)
        if kind == "num" and not atoms:
            number = _number(tok)
            if number is None:
                return None
            atoms.append(("num", number))
            i += 1
        elif kind == "name" and tok.lower() in ("pi", "tau", "e") or tok == "π":
            atoms.append(("const", "pi" if tok == "π" else tok.lower()))
            i += 1
        elif tok == "√" or (kind == "name" and tok == "sqrt"):
            arg, i = _sqrt_arg(tokens, i + 1, bare=tok == "√")
            if arg is None:
                return None
            atoms.append(("sqrt", arg))
        else:
            break
    return (tuple(atoms), i) if atoms else None


def _denominator(tokens: list[tuple[str, str]], i: int):
    """What follows ``/``: one atom (``2/3pi`` is ⅔·π), or a product in parentheses.
    Returns the atoms when they end the text, else None."""
    if tokens[i:i + 1] == [("op", "(")] and tokens[-1:] == [("op", ")")]:
        got = _product(tokens[:-1], i + 1)
        return got[0] if got is not None and got[1] == len(tokens) - 1 else None
    got = _product(tokens, i)
    if got is None or got[1] != len(tokens) or len(got[0]) != 1:
        return None
    return got[0]


def _sqrt_arg(tokens, i: int, bare: bool):
    """The number under a root: ``(2)`` after sqrt or √, or a bare ``2`` after √."""
    if bare and i < len(tokens) and tokens[i][0] == "num":
        return _number(tokens[i][1]), i + 1
    if tokens[i:i + 1] == [("op", "(")] and i + 2 < len(tokens) and tokens[i + 1][0] == "num" \
            and tokens[i + 2] == ("op", ")"):
        return _number(tokens[i + 1][1]), i + 3
    return None, i


def _simple(text: str, value: float) -> _Simple | None:
    """``text`` read as ``[sign] product [/ product]``, when it stands for ``value``."""
    try:
        tokens = tokenize(text)
        if not math.isclose(parse_entry(text), float(value), rel_tol=_AGREE, abs_tol=1e-300):
            return None
    except EntryError:
        return None
    i, sign = 0, ""
    if tokens and tokens[0] in (("op", "-"), ("op", "+")):
        sign, i = ("-" if tokens[0][1] == "-" else ""), 1
    got = _product(tokens, i)
    if got is None:
        return None
    num, i = got
    if i == len(tokens):
        return _Simple(sign, num, None)
    if tokens[i] != ("op", "/"):
        return None
    den = _denominator(tokens, i + 1)
    return None if den is None else _Simple(sign, num, den)


def _atoms_latex(atoms) -> str:
    out = ""
    for kind, tok in atoms:
        if kind == "num":
            out += tok
        elif kind == "const":
            out += _CONSTANTS[tok][0]
        else:
            out += f"\\sqrt{{{tok}}}"
    return out


def _atoms_plain(atoms) -> str:
    parts = []
    for kind, tok in atoms:
        parts.append(tok if kind == "num" else _CONSTANTS[tok][1] if kind == "const"
                     else f"sqrt({tok})")
    return "*".join(parts)


def entry_latex(text: str | None, value: float) -> str:
    """One entry in LaTeX: the typed ``text`` where simple (``-\\frac{1}{2}``,
    ``\\frac{\\sqrt{2}}{2}``, ``2\\pi``), else ``value`` (``1.5 \\times 10^{-5}``)."""
    s = None if text is None else _simple(text, value)
    if s is None:
        return _value_latex(value)
    if s.den is None:
        return s.sign + _atoms_latex(s.num)
    return f"{s.sign}\\frac{{{_atoms_latex(s.num)}}}{{{_atoms_latex(s.den)}}}"


def entry_plain(text: str | None, value: float) -> str:
    """One entry in the entry syntax, ASCII: the typed ``text`` where simple, tidied
    (``−√2/2`` → ``-sqrt(2)/2``), else ``value`` (:func:`value_text`)."""
    s = None if text is None else _simple(text, value)
    if s is None:
        return value_text(value)
    den = ""
    if s.den is not None:
        den = "/" + (_atoms_plain(s.den) if len(s.den) == 1 else f"({_atoms_plain(s.den)})")
    return s.sign + _atoms_plain(s.num) + den


def _grid(texts, values) -> tuple[list[list[float]], list[list[str | None]]]:
    vals = [[float(v) for v in row] for row in values]
    if not vals or not vals[0] or any(len(r) != len(vals[0]) for r in vals):
        raise ValueError("a matrix needs at least one entry and rows of one length")
    if texts is None:
        return vals, [[None] * len(r) for r in vals]
    txts = [list(r) for r in texts]
    if [len(r) for r in txts] != [len(r) for r in vals]:
        raise ValueError("entry texts and values differ in shape")
    return vals, txts


def to_latex(texts: Sequence[Sequence[str]] | None, values) -> str:
    """``\\begin{bmatrix} a & b \\\\ c & d \\end{bmatrix}``, each entry as
    :func:`entry_latex` writes it.

    Parameters
    ----------
    texts : rows of str, or None
        The entries as typed (None: a derived matrix, written by value).
    values : 2-D array-like of float
        The entries' values, the same shape.
    """
    vals, txts = _grid(texts, values)
    rows = [" & ".join(entry_latex(t, v) for t, v in zip(tr, vr, strict=True))
            for tr, vr in zip(txts, vals, strict=True)]
    return "\\begin{bmatrix} " + " \\\\ ".join(rows) + " \\end{bmatrix}"


def to_numpy(values) -> str:
    """``np.array([[2.0, 1.0], [1.0, 2.0]])``: every entry the ``repr`` of its double, which
    reads back exactly."""
    vals, _ = _grid(None, values)
    return "np.array([" + ", ".join(
        "[" + ", ".join(repr(v) for v in row) + "]" for row in vals) + "])"


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def to_markdown(texts: Sequence[Sequence[str]] | None, values, name: str = "",
                rows: Sequence[str] | None = None, cols: Sequence[str] | None = None) -> str:
    """A Markdown table: a header row of column names (default 1, 2, …), a first column of
    row names (default 1, 2, …) under ``name``, and each entry as :func:`entry_plain`
    writes it (numbers right-aligned)."""
    vals, txts = _grid(texts, values)
    cols = [str(c) for c in cols] if cols is not None else [str(j + 1) for j in
                                                             range(len(vals[0]))]
    rows = [str(r) for r in rows] if rows is not None else [str(i + 1) for i in
                                                             range(len(vals))]
    if len(cols) != len(vals[0]) or len(rows) != len(vals):
        raise ValueError("row and column names must match the matrix's shape")
    lines = ["| " + " | ".join(_cell(c) for c in [name, *cols]) + " |",
             "|" + "---|" + "---:|" * len(cols)]
    for r, tr, vr in zip(rows, txts, vals, strict=True):
        cells = [entry_plain(t, v) for t, v in zip(tr, vr, strict=True)]
        lines.append("| " + " | ".join(_cell(c) for c in [r, *cells]) + " |")
    return "\n".join(lines)
