"""Small-mode mathematics of the Attention lab: a typed sentence through one attention layer.

Everything here is cheap (at most 64 tokens), so it is recomputed on every edit.
Embeddings are seeded per *word*, so the same word always gets the same vector
(two "the" tokens give identical query rows: attention alone does not know order).
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass

import numpy as np

from models.attention.kernels import attention

__all__ = [
    "MAX_TOKENS",
    "MAX_TOKEN_CHARS",
    "PAD",
    "REASONS",
    "SmallDerived",
    "derive_small",
    "embeddings",
    "mask_reasons",
    "projections",
    "project_onto",
    "tokenize",
]

MAX_TOKENS = 64
MAX_TOKEN_CHARS = 24
#: Label of a padding token appended after the sentence (hidden as a key).
PAD = "<pad>"
#: Why a cell is hidden, by the code stored in :attr:`SmallDerived.reasons`.
REASONS = {0: "", 1: "causal", 2: "padding", 3: "custom mask"}
_WEIGHT_STREAM = 1_000_003  # separates the projection stream from the word streams


def tokenize(sentence: str, padding: int = 0) -> tuple[str, ...]:
    """Split ``sentence`` on whitespace and append ``padding`` pad tokens.

    Raises
    ------
    ValueError
        No words, too many tokens (padding included), an over-long word, or text that is
        not Unicode characters (a lone surrogate).
    """
    if not isinstance(sentence, str):
        raise ValueError("the sentence must be text")
    try:
        sentence.encode("utf-8")  # each word's seed is made from its UTF-8 bytes
    except UnicodeEncodeError as err:
        bad = sentence[err.start:err.end].encode("unicode_escape").decode("ascii")
        raise ValueError(f"the sentence holds {bad}, which is not a character") from None
    words = tuple(sentence.split())
    if not words:
        raise ValueError("type a sentence: at least one word")
    total = len(words) + int(padding)
    if total > MAX_TOKENS:
        raise ValueError(f"{len(words)} words + {int(padding)} padding = {total} tokens; "
                         f"at most {MAX_TOKENS} fit")
    for w in words:
        if len(w) > MAX_TOKEN_CHARS:
            raise ValueError(f"the word {w[:12]!r}… is longer than {MAX_TOKEN_CHARS} characters")
    return words + (PAD,) * int(padding)


def embeddings(tokens: tuple[str, ...], seed: int, d_model: int) -> np.ndarray:
    """Seeded N(0, 1) embedding rows, one per token; equal words get equal rows."""
    rows = []
    for word in tokens:
        # crc32 is stable across runs and platforms, unlike hash().
        rng = np.random.default_rng([int(seed), zlib.crc32(word.encode("utf-8"))])
        rows.append(rng.standard_normal(d_model))
    return np.array(rows, dtype=np.float64).reshape(len(tokens), d_model)


def projections(seed: int, heads: int, d_model: int, d_k: int) -> tuple[np.ndarray, ...]:
    """Seeded W_q, W_k, W_v, each of shape (heads, d_model, d_k).

    Each head draws from its own stream keyed by (seed, head index), so adding or
    removing heads leaves the other heads' weights as they were. Scaled by 1/√d_model
    so that queries and keys have entries of size about 1.
    """
    w = np.empty((3, int(heads), int(d_model), int(d_k)))
    for h in range(int(heads)):
        rng = np.random.default_rng([int(seed), _WEIGHT_STREAM, h])
        w[:, h] = rng.standard_normal((3, int(d_model), int(d_k)))
    w /= math.sqrt(d_model)
    return w[0], w[1], w[2]


def project_onto(v, onto) -> np.ndarray:
    """Orthogonal projection of ``v`` onto the line through ``onto`` (0 when ``onto`` is 0).

    Its signed length times |onto| is the dot product v · onto, which is what the
    d_k = 2 picture of attention shows.
    """
    v, onto = np.asarray(v, dtype=float), np.asarray(onto, dtype=float)
    nn = float(onto @ onto)
    return onto * (float(v @ onto) / nn) if nn > 1e-24 else np.zeros_like(onto)


def mask_reasons(n: int, causal: bool, padding: int, masked) -> np.ndarray:
    """Why each (query, key) cell is hidden: 0 visible, 1 causal, 2 padding, 3 custom.

    Causal follows the engine's rule for n queries and n keys: key j is hidden from
    query i when j > i.
    """
    reasons = np.zeros((n, n), dtype=np.int8)
    for i, j in masked:
        if 0 <= i < n and 0 <= j < n:
            reasons[i, j] = 3
    if padding:
        reasons[:, n - int(padding):] = 2
    if causal:
        reasons[np.triu(np.ones((n, n), dtype=bool), k=1)] = 1
    return reasons


@dataclass(frozen=True, eq=False)
class SmallDerived:
    """Every stage of small-mode attention, per head (arrays read-only).

    Attributes
    ----------
    tokens : tuple of str
        Sentence tokens then pad tokens.
    x : ndarray (n, d_model)
        Embeddings.
    q, k, v : ndarray (heads, n, d_k)
        Queries, keys, values: X W_q, X W_k, X W_v.
    scores : ndarray (heads, n, n)
        Q Kᵀ.
    scaled : ndarray (heads, n, n)
        Q Kᵀ / √d_k.
    masked : ndarray (heads, n, n)
        ``scaled`` with hidden cells at -inf.
    reasons : ndarray (n, n) of int8
        See :data:`REASONS`.
    weights : ndarray (heads, n, n)
        softmax(masked / temperature) along each row (a fully hidden row is 0).
    out : ndarray (heads, n, d_k)
        weights · V.
    row_sums : ndarray (heads, n)
        Each row's sum of weights (1, or 0 for a row that sees nothing).
    """

    tokens: tuple[str, ...]
    x: np.ndarray
    q: np.ndarray
    k: np.ndarray
    v: np.ndarray
    scores: np.ndarray
    scaled: np.ndarray
    masked: np.ndarray
    reasons: np.ndarray
    weights: np.ndarray
    out: np.ndarray
    row_sums: np.ndarray

    @property
    def n(self) -> int:
        """Number of tokens (pads included)."""
        return len(self.tokens)

    @property
    def heads(self) -> int:
        """Number of heads."""
        return int(self.q.shape[0])

    @property
    def d_k(self) -> int:
        """Query/key size per head."""
        return int(self.q.shape[2])


def _frozen(a) -> np.ndarray:
    a = np.ascontiguousarray(a)
    a.setflags(write=False)
    return a


def derive_small(tokens, x, w, *, causal: bool, padding: int, masked,
                 temperature: float) -> SmallDerived:
    """Run the attention pipeline of a small sentence.

    Parameters
    ----------
    tokens : tuple of str
    x : ndarray (n, d_model)
        Embeddings.
    w : tuple of three ndarrays (heads, d_model, d_k)
        W_q, W_k, W_v.
    causal : bool
    padding : int
        The last ``padding`` tokens are hidden as keys.
    masked : iterable of (i, j)
        Extra hidden cells.
    temperature : float
        > 0; divides the scaled scores inside the softmax.
    """
    n = len(tokens)
    wq, wk, wv = w
    q, k, v = (np.matmul(x[None], m) for m in (wq, wk, wv))
    d_k = q.shape[2]
    scores = np.matmul(q, np.swapaxes(k, 1, 2))
    scaled = scores / math.sqrt(d_k)
    reasons = mask_reasons(n, causal, padding, masked)
    # The engine applies the causal rule itself; padding and custom cells go in as a mask.
    extra = (reasons == 0) | (reasons == 1)
    out, weights = attention(q, k, v, causal=causal,
                             mask=None if extra.all() else extra, temperature=temperature)
    hidden = reasons != 0
    masked_stage = np.where(hidden[None], -np.inf, scaled)
    return SmallDerived(
        tokens=tuple(tokens), x=_frozen(x), q=_frozen(q), k=_frozen(k), v=_frozen(v),
        scores=_frozen(scores), scaled=_frozen(scaled), masked=_frozen(masked_stage),
        reasons=_frozen(reasons), weights=_frozen(weights), out=_frozen(out),
        row_sums=_frozen(weights.sum(axis=-1)),
    )
