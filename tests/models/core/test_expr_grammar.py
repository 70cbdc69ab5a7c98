"""The entry parser against expressions generated from its grammar.

Hypothesis builds expression trees (numbers, constants, functions, + - * / ^, unary minus,
√, parentheses), writes each as text with the parentheses the grammar needs, and evaluates
the tree here with Python's ``math``, independently of the parser. The parser must then
give exactly that value, or refuse with an :class:`EntryError` where the evaluation meets
a non-finite intermediate, a domain error or a value out of range; no other exception.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.core.expr import MAX_LENGTH, MAX_MAGNITUDE, EntryError, parse_entry


class Refused(Exception):
    """The tree has no finite value: the parser must refuse it."""


class Either(Exception):
    """A borderline case (a pole of tan, a very deep tree): refusing and accepting both do."""


CONSTANTS = {"pi": math.pi, "π": math.pi, "e": math.e, "tau": math.tau}
FUNCTIONS = ["sqrt", "cbrt", "sin", "cos", "tan", "asin", "acos", "atan", "exp", "log", "ln",
             "log10", "log2", "abs", "deg"]

# Binding strength of each node as written: what needs parentheses where.
_PREC = {"num": 5, "const": 5, "func": 5, "pow": 4, "sqrt": 4, "neg": 3, "*": 2, "/": 2,
         "+": 1, "-": 1}


def _kind(node) -> str:
    return node[1] if node[0] == "bin" else node[0]


def _wrap(node, need: int) -> str:
    text = render(node)
    return f"({text})" if _PREC[_kind(node)] < need else text


def render(node) -> str:
    """The text of a tree, with the parentheses its shape needs and no others."""
    kind = node[0]
    if kind == "num":
        return node[1]
    if kind == "const":
        return node[1]
    if kind == "func":
        return f"{node[1]}({render(node[2])})"
    if kind == "neg":
        return "-" + _wrap(node[1], 3)
    if kind == "sqrt":
        return "√" + _wrap(node[1], 4)
    if kind == "pow":
        return _wrap(node[1], 5) + node[3] + _wrap(node[2], 3)
    op, left, right, written = node[1], node[2], node[3], node[4]
    p = _PREC[op]
    # Left-associative: the right operand needs parentheses even at equal strength.
    return f"{_wrap(left, p)}{written}{_wrap(right, p + 1)}"


def _check(value: float) -> float:
    if not math.isfinite(value):
        raise Refused
    return value


def _apply(name: str, x: float) -> float:
    if name in ("sqrt", "√"):
        if x < 0:
            raise Refused
        return math.sqrt(x)
    if name in ("asin", "acos") and not -1 <= x <= 1:
        raise Refused
    if name in ("log", "ln", "log10", "log2") and x <= 0:
        raise Refused
    if name == "tan" and abs(math.cos(x)) < 1e-12:
        raise Either
    table = {"cbrt": math.cbrt, "sin": math.sin, "cos": math.cos, "tan": math.tan,
             "asin": math.asin, "acos": math.acos, "atan": math.atan, "exp": math.exp,
             "log": math.log, "ln": math.log, "log10": math.log10, "log2": math.log2,
             "abs": abs, "deg": math.radians}
    try:
        return _check(table[name](x))
    except OverflowError:
        raise Refused from None


def evaluate(node) -> float:
    """The value of a tree with Python's math; raises Refused or Either."""
    kind = node[0]
    if kind == "num":
        value = float(node[1])
        mantissa = node[1].lower().split("e")[0]
        if value == 0 and mantissa.strip("0.") != "":
            raise Refused  # a nonzero literal that would silently read as 0
        return _check(value)
    if kind == "const":
        return CONSTANTS[node[1]]
    if kind == "func":
        return _apply(node[1], evaluate(node[2]))
    if kind == "neg":
        return -evaluate(node[1])
    if kind == "sqrt":
        return _apply("sqrt", evaluate(node[1]))
    if kind == "pow":
        base, exponent = evaluate(node[1]), evaluate(node[2])
        try:
            return _check(math.pow(base, exponent))
        except (ValueError, OverflowError, ZeroDivisionError):
            raise Refused from None
    op, left, right = node[1], evaluate(node[2]), evaluate(node[3])
    if op == "/" and right == 0:
        raise Refused
    return _check({"+": left + right, "-": left - right, "*": left * right,
                   "/": left / right if right else 0.0}[op])


def height(node) -> int:
    children = [c for c in node[1:] if isinstance(c, tuple)]
    return 1 + max((height(c) for c in children), default=0)


def expected(node):
    """The value the parser must return, ``Refused``, or ``Either``."""
    text = render(node)
    if len(text) > MAX_LENGTH:
        return Refused
    if height(node) > 12:  # the parser limits nesting; each level may cost two of its steps
        return Either
    try:
        value = evaluate(node)
    except (Refused, Either) as outcome:
        return type(outcome)
    return Refused if abs(value) > MAX_MAGNITUDE else value


# -- the strategy ------------------------------------------------------------------------------

_digits = st.text("0123456789", min_size=1, max_size=6)
_mantissas = st.one_of(
    _digits,
    st.builds(lambda a, b: f"{a}.{b}", _digits, _digits),
    _digits.map(lambda b: f".{b}"),
    _digits.map(lambda a: f"{a}."),
)
_exponents = st.one_of(
    st.just(""),
    st.builds(lambda e, s, k: f"{e}{s}{k}", st.sampled_from("eE"), st.sampled_from(["", "+", "-"]),
              st.integers(0, 330)),
)
numbers = st.builds(lambda m, x: ("num", m + x), _mantissas, _exponents)
leaves = st.one_of(numbers, numbers, st.sampled_from(sorted(CONSTANTS)).map(lambda c: ("const", c)))


# How a person may write each operator: plain, spaced, or as the typographic sign.
_WRITTEN = {"+": ["+", " + "], "-": ["-", " - ", "−"], "*": ["*", " * ", "×", "·"],
            "/": ["/", " / ", "÷"]}


def _binary(children):
    return st.sampled_from("+-*/").flatmap(lambda op: st.tuples(
        st.just("bin"), st.just(op), children, children, st.sampled_from(_WRITTEN[op])))


def _extend(children):
    return st.one_of(
        _binary(children),
        st.tuples(st.just("pow"), children, children, st.sampled_from(["^", "**"])),
        st.tuples(st.just("neg"), children),
        st.tuples(st.just("sqrt"), children),
        st.tuples(st.just("func"), st.sampled_from(FUNCTIONS), children),
    )


expressions = st.recursive(leaves, _extend, max_leaves=10)


@settings(max_examples=600, deadline=None)
@given(expressions)
def test_a_generated_expression_gives_its_value_or_an_entry_error(tree):
    text = render(tree)
    want = expected(tree)
    try:
        got = parse_entry(text)
    except EntryError:
        assert want in (Refused, Either), f"{text!r} refused but is {want!r}"
        return
    assert want is not Refused, f"{text!r} gave {got!r} but has no finite value"
    assert math.isfinite(got)
    if want is not Either:
        assert got == want, text


_TOKENS = ["1", "2.5", "1e3", "1e999", "0", ".5", "pi", "e", "tau", "π", "sqrt", "sin", "tan",
           "exp", "log", "x", "+", "-", "*", "/", "^", "**", "(", ")", "√", "−", "×", " "]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), max_size=30))
def test_any_sequence_of_grammar_tokens_is_a_finite_value_or_an_entry_error(parts):
    try:
        value = parse_entry("".join(parts))
    except EntryError:
        return
    assert math.isfinite(value) and abs(value) <= MAX_MAGNITUDE


@pytest.mark.parametrize(("tree", "text"), [
    (("neg", ("pow", ("num", "2"), ("num", "2"), "^")), "-2^2"),
    (("pow", ("neg", ("num", "2")), ("num", "2"), "^"), "(-2)^2"),
    (("pow", ("num", "2"), ("pow", ("num", "3"), ("num", "2"), "^"), "**"), "2**3^2"),
    (("pow", ("pow", ("num", "2"), ("num", "3"), "^"), ("num", "2"), "^"), "(2^3)^2"),
    (("sqrt", ("pow", ("num", "2"), ("num", "4"), "^")), "√2^4"),
    (("pow", ("sqrt", ("num", "2")), ("num", "4"), "^"), "(√2)^4"),
    (("bin", "-", ("num", "1"), ("bin", "-", ("num", "2"), ("num", "3"), "-"), "−"), "1−(2-3)"),
    (("bin", "/", ("bin", "/", ("num", "8"), ("num", "4"), "/"), ("num", "2"), " ÷ "),
     "8/4 ÷ 2"),
    (("bin", "*", ("num", "2"), ("neg", ("const", "e")), "×"), "2×-e"),
    (("pow", ("num", "2"), ("neg", ("num", "1")), "^"), "2^-1"),
    (("func", "cbrt", ("neg", ("num", "8"))), "cbrt(-8)"),
])
def test_the_writer_and_the_evaluator_agree_with_the_grammar(tree, text):
    assert render(tree) == text
    assert parse_entry(text) == evaluate(tree)
