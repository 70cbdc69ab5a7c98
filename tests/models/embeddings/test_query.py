"""The query parser accepts word arithmetic and refuses everything else; 3CosAdd evaluation."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.embeddings.query import QueryError, UnknownWord, evaluate, parse_query, suggest


@pytest.mark.parametrize("text, terms", [
    ("king - man + woman", [(1, "king"), (-1, "man"), (1, "woman")]),
    ("paris - france + italy", [(1, "paris"), (-1, "france"), (1, "italy")]),
    ("2*good - bad", [(2, "good"), (-1, "bad")]),
    ("0.5 * cat + dog", [(0.5, "cat"), (1, "dog")]),
    ("cat * .5", [(0.5, "cat")]),
    ("king \u2212 queen", [(1, "king"), (-1, "queen")]),
    ("-(a + 2*b) * 3", [(-3, "a"), (-6, "b")]),
    ("o'clock + 's - well-known", [(1, "o'clock"), (1, "'s"), (-1, "well-known")]),
    ("1990 + 2nd", [(1, "1990"), (1, "2nd")]),
    ("caf\u00e9", [(1, "caf\u00e9")]),
])
def test_accepts_word_arithmetic(text, terms):
    assert parse_query(text) == [(float(c), w) for c, w in terms]


@pytest.mark.parametrize("text, position, expected", [
    ("king; rm -rf", 4, "got ';'"),
    ("__import__('os')", 0, "got '_'"),
    ("2**3*cat", 2, "expected a word, got '*'"),
    ("", 0, "empty"),
    ("   ", 0, "empty"),
    ("king +", 6, "got the end of the query"),
    ("king - man -", 12, "expected a word, got the end"),
    ("cat *", 5, "a number after '*'"),
    ("cat * dog", 6, "a number after '*'"),
    ("king queen", 5, "'+' or '−' between terms"),
    ("(king - man", 11, "')'"),
    ("king)", 4, "between terms"),
    ("a.b", 1, "got '.'"),
])
def test_refuses_anything_else_with_the_position(text, position, expected):
    with pytest.raises(QueryError, match=re.escape(expected)) as err:
        parse_query(text)
    assert err.value.position == position
    assert f"position {position + 1}" in str(err.value)


@given(st.text(max_size=30))
def test_any_text_parses_or_is_refused_cleanly(text):
    try:
        terms = parse_query(text)
    except QueryError as err:
        assert 0 <= err.position <= len(text)
    else:
        assert terms and all(isinstance(c, float) and w for c, w in terms)


@pytest.fixture
def vocab():
    rng = np.random.default_rng(0)
    words = ["king", "queen", "man", "woman", "kind", "kong", "apple", "Paris", "zero"]
    table = {w: rng.standard_normal(6) * (i + 1) for i, w in enumerate(words)}
    table["zero"] = np.zeros(6)
    return table


def test_cosine_evaluation_is_3cosadd(vocab):
    got = evaluate(parse_query("king - man + 2*woman"), vocab, "cosine")

    def unit(w):
        return vocab[w] / np.linalg.norm(vocab[w])

    np.testing.assert_allclose(got, unit("king") - unit("man") + 2 * unit("woman"))
    raw = evaluate(parse_query("king - man + 2*woman"), vocab, "dot")
    np.testing.assert_allclose(raw, vocab["king"] - vocab["man"] + 2 * vocab["woman"])
    assert np.allclose(evaluate([(1.0, "zero"), (1.0, "man")], vocab), unit("man"))


def test_lower_case_fallback_and_unknown_words(vocab):
    np.testing.assert_allclose(evaluate([(1.0, "KING")], vocab, "dot"), vocab["king"])
    with pytest.raises(UnknownWord) as err:
        evaluate(parse_query("kign - man"), vocab)
    assert err.value.word == "kign" and "king" in err.value.suggestions
    assert "did you mean" in str(err.value) and isinstance(err.value, KeyError)
    with pytest.raises(UnknownWord) as err:
        evaluate([(1.0, "xylophone")], vocab)
    assert err.value.suggestions == []


def test_suggestions_stay_cheap_in_a_large_vocabulary():
    vocab = [f"k{i:06d}" for i in range(60_000)] + ["kingdom"]
    assert suggest("kingdon", vocab)[0] == "kingdom"
