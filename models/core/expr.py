"""Safe parsing of typed matrix entries such as ``3/4``, ``-sqrt(2)/2`` or ``cos(pi/6)``.

A small recursive-descent parser over a fixed grammar: numbers, the constants
``pi``/``π``, ``e``, ``tau``, the functions in :data:`FUNCTIONS`, ``+ - * / ^``
and parentheses. Nothing a person types is ever handed to ``eval``; names that
are not in the tables are refused with a message.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from contextlib import contextmanager

from models.core.numfmt import format_value

__all__ = ["EntryError", "parse_entry", "parse_matrix", "tokenize", "format_value", "FUNCTIONS",
           "CONSTANTS"]

MAX_LENGTH = 200
MAX_DEPTH = 40
MAX_MAGNITUDE = 1e12

CONSTANTS: dict[str, float] = {"pi": math.pi, "π": math.pi, "e": math.e, "tau": math.tau}


def _domain(name, fn, ok, why):
    def wrapped(x: float) -> float:
        if not ok(x):
            raise EntryError(f"{name}({format_value(x)}) is undefined: {why}")
        return fn(x)

    return wrapped


FUNCTIONS = {
    "sqrt": _domain("sqrt", math.sqrt, lambda x: x >= 0, "negative argument"),
    "√": _domain("√", math.sqrt, lambda x: x >= 0, "negative argument"),
    "cbrt": math.cbrt,
    "sin": math.sin,
    "cos": math.cos,
    "tan": _domain("tan", math.tan, lambda x: abs(math.cos(x)) > 1e-15, "cos is zero"),
    "asin": _domain("asin", math.asin, lambda x: -1 <= x <= 1, "outside [-1, 1]"),
    "acos": _domain("acos", math.acos, lambda x: -1 <= x <= 1, "outside [-1, 1]"),
    "atan": math.atan,
    "exp": math.exp,
    "log": _domain("log", math.log, lambda x: x > 0, "argument must be positive"),
    "ln": _domain("ln", math.log, lambda x: x > 0, "argument must be positive"),
    "log10": _domain("log10", math.log10, lambda x: x > 0, "argument must be positive"),
    "log2": _domain("log2", math.log2, lambda x: x > 0, "argument must be positive"),
    "abs": abs,
    "deg": math.radians,
}


class EntryError(ValueError):
    """A typed entry that is not a finite number; the message says why, for a person."""


# Digits are ASCII only: Python's \d and float() also read Arabic-Indic, full-width and
# mathematical digits, which a person never means as a number in a matrix cell.
_TOKEN = re.compile(
    r"\s*(?:(?P<num>(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)"
    r"|(?P<name>[A-Za-z_π][A-Za-z_0-9]*)"
    r"|(?P<op>\*\*|[-+*/^(),√−×÷·]))"
)
_OP_ALIASES = {"−": "-", "×": "*", "·": "*", "÷": "/", "**": "^"}


def _tokenize(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str, int, int]] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            bad = text[pos:].lstrip()[:1]
            raise EntryError(f"unexpected character {bad!r}")
        kind = m.lastgroup
        value = m.group(kind)
        if kind == "op":
            value = _OP_ALIASES.get(value, value)
        tokens.append((kind, value, m.start(kind), m.end()))
        pos = m.end()
    for (kind, value, _, end), (nkind, nvalue, nstart, _) in zip(tokens, tokens[1:],
                                                                  strict=False):
        # "2e" is almost always 2e3 with the exponent missing, not 2·e (written "2*e").
        if kind == "num" and nkind == "name" and nvalue in ("e", "E") and nstart == end:
            raise EntryError(f"{value}{nvalue} is ambiguous: write {value}*e or {value}e3")
    return [(kind, value) for kind, value, _, _ in tokens]


def tokenize(text: str) -> list[tuple[str, str]]:
    """The tokens of a typed entry as ``(kind, text)`` pairs, kind ``"num"``, ``"name"`` or
    ``"op"`` (operator aliases such as ``−``, ``×``, ``÷`` and ``**`` already replaced).

    Raises
    ------
    EntryError
        An unexpected character, or an ambiguous ``2e``.
    """
    return _tokenize(text.strip())


def _literal(tok: str) -> float:
    value = float(tok)
    if math.isinf(value):
        raise EntryError(f"number too large: {tok}")
    mantissa = tok.split("e")[0].split("E")[0]
    if value == 0 and mantissa.strip("0.") != "":
        raise EntryError(f"{tok} is too small: nonzero numbers start near 5e-324")
    return value


def _finite(value: float, what: str) -> float:
    """Every intermediate result must be finite: inf - inf or 1/inf must not pass as a number."""
    if math.isfinite(value):
        return value
    raise EntryError(f"number too large in {what}" if not math.isnan(value)
                     else f"{what} is not a number")


class _Parser:
    def __init__(self, tokens, variables: Mapping[str, float]):
        self.tokens = tokens
        self.i = 0
        self.depth = 0
        self.variables = variables

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else (None, None)

    def take(self):
        tok = self.peek()
        self.i += 1
        return tok

    def expect(self, value):
        kind, got = self.take()
        if got != value:
            raise EntryError(f"expected {value!r}" + (f" but found {got!r}" if got else ""))

    @contextmanager
    def nested(self):
        # Every recursive rule passes through here, so (, unary signs, √ and ^ chains are all
        # limited alike, long before Python's own recursion limit.
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise EntryError("expression nested too deeply")
        yield
        self.depth -= 1

    def parse(self) -> float:
        if not self.tokens:
            raise EntryError("empty entry: type a number such as 3/4 or sqrt(2)")
        value = self.expr()
        if self.i != len(self.tokens):
            raise EntryError(f"unexpected {self.peek()[1]!r}")
        return value

    def expr(self) -> float:
        with self.nested():
            value = self.term()
            while self.peek()[1] in ("+", "-"):
                op = self.take()[1]
                rhs = self.term()
                value = _finite(value + rhs if op == "+" else value - rhs, "a sum")
            return value

    def term(self) -> float:
        value = self.unary()
        while True:
            kind, tok = self.peek()
            if tok in ("*", "/"):
                self.take()
                rhs = self.unary()
                if tok == "*":
                    value = _finite(value * rhs, "a product")
                elif rhs == 0:
                    raise EntryError("division by zero")
                else:
                    value = _finite(value / rhs, "a quotient")
            elif kind == "name" or tok in ("(", "√"):
                # implicit product: 2pi, 3sqrt(2), 2(1+1)
                value = _finite(value * self.unary(), "a product")
            else:
                return value

    def unary(self) -> float:
        tok = self.peek()[1]
        if tok in ("+", "-"):
            self.take()
            with self.nested():
                value = self.unary()
            return -value if tok == "-" else value
        return self.power()

    def power(self) -> float:
        base = self.atom()
        if self.peek()[1] != "^":
            return base
        self.take()
        with self.nested():
            exponent = self.unary()
        if base == 0 and exponent < 0:
            raise EntryError("division by zero")
        if base < 0 and not float(exponent).is_integer():
            raise EntryError("a negative number to a fractional power is not real")
        try:
            return _finite(math.pow(base, exponent), "a power")
        except (OverflowError, ValueError):
            raise EntryError("number too large in a power") from None

    def atom(self) -> float:
        kind, tok = self.take()
        if kind == "num":
            return _literal(tok)
        if tok == "(":
            value = self.expr()
            self.expect(")")
            return value
        if tok == "√":
            with self.nested():
                arg = self.power()
            return self.call("√", arg)
        if kind == "name":
            key = tok.lower() if tok.lower() in ("pi", "e", "tau") else tok
            if key in self.variables:
                return _finite(float(self.variables[key]), repr(tok))
            if key in CONSTANTS:
                return CONSTANTS[key]
            if tok in FUNCTIONS:
                self.expect("(")
                arg = self.expr()
                self.expect(")")
                return self.call(tok, arg)
            if tok.lower() in ("nan", "inf", "infinity"):
                raise EntryError(f"{tok} is not allowed: entries must be finite numbers")
            raise EntryError(f"unknown name {tok!r}")
        if tok is None:
            raise EntryError("the entry ends too early")
        raise EntryError(f"unexpected {tok!r}")

    @staticmethod
    def call(name: str, arg: float) -> float:
        try:
            value = float(FUNCTIONS[name](arg))
        except OverflowError:
            raise EntryError(f"number too large in {name}({format_value(arg)})") from None
        except (ValueError, ArithmeticError) as err:
            if isinstance(err, EntryError):
                raise
            raise EntryError(f"{name}({format_value(arg)}) is undefined") from None
        return _finite(value, f"{name}({format_value(arg)})")


def parse_entry(text: str, variables: Mapping[str, float] | None = None) -> float:
    """Parse one typed entry to a finite float.

    Parameters
    ----------
    text : str
        What the person typed, e.g. ``"-sqrt(2)/2"``, ``"cos(pi/6)"``, ``"2e-3"``.
    variables : mapping, optional
        Extra names (such as a preset's ``t``) and their values.

    Returns
    -------
    float

    Raises
    ------
    EntryError
        With a message for a person when the text is not a finite number.
    """
    if not isinstance(text, str):
        raise EntryError("entry must be text")
    if len(text) > MAX_LENGTH:
        raise EntryError(f"entry longer than {MAX_LENGTH} characters")
    try:
        value = _Parser(_tokenize(text.strip()), variables or {}).parse()
    except RecursionError:
        raise EntryError("expression nested too deeply") from None
    if not math.isfinite(value):
        raise EntryError("number too large" if not math.isnan(value) else "not a number")
    if abs(value) > MAX_MAGNITUDE:
        raise EntryError(f"|value| above {MAX_MAGNITUDE:g} is not supported")
    return 0.0 if value == 0 else value


def parse_matrix(text: str, max_size: int = 64) -> tuple[list[list[str]], list[list[float]]]:
    """Parse ``"[[2,1],[1,2]]"`` or ``"2 1; 1 2"`` into entry texts and values.

    Raises
    ------
    EntryError
        For ragged rows, a size above ``max_size`` or a bad entry (named by row and column).
    """
    s = text.strip()
    if not s:
        raise EntryError("empty matrix")
    if s.startswith("["):
        inner = s
        if not (inner.startswith("[[") and inner.endswith("]]")) and inner.count("[") == 1:
            inner = "[" + inner + "]"
        if not (inner.startswith("[") and inner.endswith("]")):
            raise EntryError("a bracketed matrix must look like [[a, b], [c, d]]")
        body = inner[1:-1].strip()
        rows_txt = re.findall(r"\[([^\[\]]*)\]", body)
        rest = re.sub(r"\[[^\[\]]*\]", "", body).replace(",", "").strip()
        if rest or not rows_txt:
            raise EntryError("a bracketed matrix must look like [[a, b], [c, d]]")
        rows = [_split_row(r, ",") for r in rows_txt]
    else:
        rows = [_split_row(r, None) for r in s.split(";")]
    if any(len(r) == 0 for r in rows):
        raise EntryError("a row is empty")
    n = len(rows[0])
    if any(len(r) != n for r in rows):
        raise EntryError("rows have different lengths: " + ", ".join(str(len(r)) for r in rows))
    if len(rows) > max_size or n > max_size:
        raise EntryError(f"matrix is {len(rows)}×{n}; at most {max_size}×{max_size} is supported")
    values = []
    for i, row in enumerate(rows):
        out = []
        for j, cell in enumerate(row):
            try:
                out.append(parse_entry(cell))
            except EntryError as err:
                raise EntryError(f"entry ({i + 1},{j + 1}) {cell!r}: {err}") from None
        values.append(out)
    return rows, values


def _split_row(row: str, sep: str | None) -> list[str]:
    if sep is None:
        # Spaces separate entries, but not inside parentheses: "cos(pi / 6) 1".
        parts, depth, cur = [], 0, ""
        for ch in row.replace(",", " "):
            depth += ch == "("
            depth -= ch == ")"
            if ch.isspace() and depth == 0:
                if cur:
                    parts.append(cur)
                cur = ""
            else:
                cur += ch
        if cur:
            parts.append(cur)
        return parts
    parts = []
    depth, cur = 0, ""
    for ch in row:
        depth += ch == "("
        depth -= ch == ")"
        if ch == sep and depth == 0:
            parts.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip() or parts:
        parts.append(cur.strip())
    return [p for p in parts] if any(parts) else []
