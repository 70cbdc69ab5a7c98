"""Query expressions over words: "king - man + woman", "2*good - bad", "0.5 * cat + dog".

Grammar (never evaluated by Python)::

    query  := term (("+" | "-") term)*
    term   := ("+" | "-")* factor
    factor := number "*" factor | atom ("*" number)?
    atom   := word | "(" query ")"

A word is letters and digits with apostrophes anywhere and hyphens inside it
("o'clock", "'s", "well-known"); "−" (U+2212) is a minus too. A number is written like
``2``, ``0.5`` or ``.5``; it counts as a number only beside a ``*``, so a bare "2" is the
word "2" (vocabularies hold numerals). Anything else is refused with a :class:`QueryError`
saying where and what was expected.

:func:`evaluate` turns the terms into one vector. For cosine each word's vector is made
unit length first (3CosAdd: the analogy a − b + c over directions); dot and Euclidean
combine the raw vectors.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Mapping
from typing import Any

import numpy as np

__all__ = ["QueryError", "UnknownWord", "evaluate", "parse_query", "suggest"]

_MINUSES = "-\u2212"
_NUMBER = re.compile(r"(\d+\.?\d*|\.\d+)(?![\w'])")
_WORD = re.compile(r"[^\W_]['\w]*(?:-[^\W_]['\w]*)*|'[^\W_]['\w]*(?:-[^\W_]['\w]*)*")
_SUGGEST_CAP = 20_000


class QueryError(ValueError):
    """A query that does not follow the grammar; ``position`` is 0-based."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"at position {position + 1}: {message}")
        self.position = position


class UnknownWord(KeyError):
    """A word that is not in the vocabulary, with close spellings that are."""

    def __init__(self, word: str, suggestions: list[str]) -> None:
        super().__init__(word, suggestions)
        self.word = word
        self.suggestions = list(suggestions)

    def __str__(self) -> str:
        hint = f"; did you mean {', '.join(self.suggestions)}?" if self.suggestions else ""
        return f"unknown word {self.word!r}{hint}"


def _tokens(text: str) -> list[tuple[str, str, int]]:
    """(kind, text, position) with kind in word, number, op, end."""
    out, i = [], 0
    while i < len(text):
        c = text[i]
        if c.isspace():
            i += 1
        elif c in "+*()" or c in _MINUSES:
            out.append(("op", "-" if c in _MINUSES else c, i))
            i += 1
        elif m := _NUMBER.match(text, i):
            out.append(("number", m.group(), i))
            i = m.end()
        elif m := _WORD.match(text, i):
            out.append(("word", m.group(), i))
            i = m.end()
        else:
            raise QueryError(f"expected a word, a number or one of + − * ( ), got {c!r}", i)
    out.append(("end", "", len(text)))
    return out


class _Parser:
    def __init__(self, text: str) -> None:
        self.toks = _tokens(text)
        self.i = 0

    def peek(self, ahead: int = 0) -> tuple[str, str, int]:
        return self.toks[min(self.i + ahead, len(self.toks) - 1)]

    def take(self) -> tuple[str, str, int]:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def fail(self, expected: str) -> QueryError:
        kind, text, pos = self.peek()
        got = "the end of the query" if kind == "end" else repr(text)
        return QueryError(f"expected {expected}, got {got}", pos)

    def number(self) -> float:
        kind, text, pos = self.take()
        value = float(text)
        if not math.isfinite(value):
            raise QueryError(f"the number {text[:12]}… is too large", pos)
        return value

    def query(self) -> list[tuple[float, str]]:
        terms = self.term()
        while self.peek()[:2] in (("op", "+"), ("op", "-")):
            sign = -1.0 if self.take()[1] == "-" else 1.0
            terms += [(sign * c, w) for c, w in self.term()]
        return terms

    def term(self) -> list[tuple[float, str]]:
        sign = 1.0
        while self.peek()[:2] in (("op", "+"), ("op", "-")):
            sign *= -1.0 if self.take()[1] == "-" else 1.0
        return [(sign * c, w) for c, w in self.factor()]

    def factor(self) -> list[tuple[float, str]]:
        kind, text, _ = self.peek()
        if kind == "number" and self.peek(1)[:2] == ("op", "*"):
            scale = self.number()
            self.take()  # the "*"
            return [(scale * c, w) for c, w in self.factor()]
        terms = self.atom()
        if self.peek()[:2] == ("op", "*"):
            self.take()
            if self.peek()[0] != "number":
                raise self.fail("a number after '*'")
            scale = self.number()
            terms = [(scale * c, w) for c, w in terms]
        return terms

    def atom(self) -> list[tuple[float, str]]:
        kind, text, _ = self.peek()
        if kind in ("word", "number"):  # a bare numeral is a word of the vocabulary
            self.take()
            return [(1.0, text)]
        if (kind, text) == ("op", "("):
            self.take()
            terms = self.query()
            if self.peek()[:2] != ("op", ")"):
                raise self.fail("'+', '−' or ')'")
            self.take()
            return terms
        raise self.fail("a word")


def parse_query(text: str) -> list[tuple[float, str]]:
    """The terms of a query expression, in order.

    Parameters
    ----------
    text : str
        e.g. ``"king - man + woman"`` or ``"2*good - bad"``.

    Returns
    -------
    list of (float, str)
        ``[(1.0, "king"), (-1.0, "man"), (1.0, "woman")]``; a word written twice
        appears twice.

    Raises
    ------
    QueryError
        On anything outside the grammar (module notes), with its position.
    """
    if not text.strip():
        raise QueryError("the query is empty; expected a word", 0)
    parser = _Parser(text)
    terms = parser.query()
    if parser.peek()[0] != "end":
        raise parser.fail("'+' or '−' between terms")
    return terms


def suggest(word: str, vocabulary: Any, n: int = 5) -> list[str]:
    """Close spellings of ``word`` among words sharing its first letter.

    At most 20,000 candidates are compared (those sharing the first two letters, then
    those nearest in length, first), so a typo in a vocabulary of a million words is
    answered at once.
    """
    if not word:
        return []
    first = word[0].lower()
    pool = [w for w in vocabulary if w[:1].lower() == first]
    if len(pool) > _SUGGEST_CAP:
        two = word[:2].lower()
        pool.sort(key=lambda w: (w[:2].lower() != two, abs(len(w) - len(word))))
        pool = pool[:_SUGGEST_CAP]
    return difflib.get_close_matches(word, pool, n=n)


def _vector(word: str, lookup: Mapping[str, Any]) -> np.ndarray:
    for candidate in (word, word.lower()):
        try:
            return np.asarray(lookup[candidate], dtype=np.float64)
        except KeyError:
            continue
    raise UnknownWord(word, suggest(word, lookup))


def evaluate(terms: list[tuple[float, str]], lookup: Mapping[str, Any],
             metric: str = "cosine") -> np.ndarray:
    """The vector a query's terms add up to.

    Parameters
    ----------
    terms : list of (float, str)
        From :func:`parse_query`.
    lookup : mapping of word to vector
        Needs ``[word]`` (KeyError when absent) and iteration over its words (for
        suggestions). A word missing as written is tried in lower case.
    metric : {"cosine", "euclidean", "dot"}
        Cosine adds unit vectors (a zero vector adds nothing); the others raw ones.

    Returns
    -------
    ndarray (d,), float64

    Raises
    ------
    UnknownWord
        For the first word not in ``lookup``, with suggestions.
    """
    if not terms:
        raise ValueError("a query needs at least one word")
    total = None
    for coef, word in terms:
        v = _vector(word, lookup)
        if metric == "cosine":
            length = float(np.linalg.norm(v))
            v = v / length if length > 0 else np.zeros_like(v)
        total = coef * v if total is None else total + coef * v
    return total
