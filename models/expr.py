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

from models.numfmt import format_value

__all__ = ["EntryError", "parse_entry", "parse_matrix", "format_value", "FUNCTIONS", "CONSTANTS"]

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
    "cbrt": lambda x: math.copysign(abs(x) ** (1.0 / 3.0), x),
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


_TOKEN = re.compile(
    r"\s*(?:(?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)"
    r"|(?P<name>[A-Za-z_π][A-Za-z_0-9]*)"
    r"|(?P<op>\*\*|[-+*/^(),√−×÷·]))"
)
_OP_ALIASES = {"−": "-", "×": "*", "·": "*", "÷": "/", "**": "^"}


def _tokenize(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
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
        tokens.append((kind, value))
        pos = m.end()
    return tokens


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

    def parse(self) -> float:
        if not self.tokens:
            raise EntryError("empty entry: type a number such as 3/4 or sqrt(2)")
        value = self.expr()
        if self.i != len(self.tokens):
            raise EntryError(f"unexpected {self.peek()[1]!r}")
        return value

    def expr(self) -> float:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise EntryError("expression nested too deeply")
        value = self.term()
        while self.peek()[1] in ("+", "-"):
            op = self.take()[1]
            rhs = self.term()
            value = value + rhs if op == "+" else value - rhs
        self.depth -= 1
        return value

    def term(self) -> float:
        value = self.unary()
        while True:
            kind, tok = self.peek()
            if tok in ("*", "/"):
                self.take()
                rhs = self.unary()
                if tok == "*":
                    value *= rhs
                elif rhs == 0:
                    raise EntryError("division by zero")
                else:
                    value /= rhs
            elif kind == "name" or tok in ("(", "√"):
                value *= self.unary()  # implicit product: 2pi, 3sqrt(2), 2(1+1)
            else:
                return value

    def unary(self) -> float:
        tok = self.peek()[1]
        if tok in ("+", "-"):
            self.take()
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise EntryError("expression nested too deeply")
            value = self.unary()
            self.depth -= 1
            return -value if tok == "-" else value
        return self.power()

    def power(self) -> float:
        base = self.atom()
        if self.peek()[1] == "^":
            self.take()
            exponent = self.unary()
            if base == 0 and exponent < 0:
                raise EntryError("division by zero")
            if base < 0 and not float(exponent).is_integer():
                raise EntryError("a negative number to a fractional power is not real")
            try:
                return float(base**exponent)
            except OverflowError:
                raise EntryError("number too large") from None
        return base

    def atom(self) -> float:
        kind, tok = self.take()
        if kind == "num":
            return float(tok)
        if tok == "(":
            value = self.expr()
            self.expect(")")
            return value
        if tok == "√":
            return FUNCTIONS["√"](self.power())
        if kind == "name":
            key = tok.lower() if tok.lower() in ("pi", "e", "tau") else tok
            if key in self.variables:
                return float(self.variables[key])
            if key in CONSTANTS:
                return CONSTANTS[key]
            if tok in FUNCTIONS:
                self.expect("(")
                arg = self.expr()
                self.expect(")")
                try:
                    return float(FUNCTIONS[tok](arg))
                except OverflowError:
                    raise EntryError("number too large") from None
            if tok.lower() in ("nan", "inf", "infinity"):
                raise EntryError(f"{tok} is not allowed: entries must be finite numbers")
            raise EntryError(f"unknown name {tok!r}")
        if tok is None:
            raise EntryError("the entry ends too early")
        raise EntryError(f"unexpected {tok!r}")


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
    except (OverflowError, RecursionError):
        raise EntryError("number too large") from None
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
