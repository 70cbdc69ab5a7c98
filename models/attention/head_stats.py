"""What each head of a real model attends to, as numbers: entropy and distance to patterns.

A model's attention weights ``(L, H, n, n)`` hold one row-stochastic matrix per layer and
head (rows sum to 1; a causal model's rows hold zeros above the diagonal). Two numbers
summarise a head:

- its mean row **entropy** in nats: ``log(k)`` for a query spreading evenly over k keys,
  0 for one attending to a single key;
- its mean **total-variation distance** to a pattern matrix, ``½ Σ_j |w_ij − p_ij|``
  averaged over the rows: 0 for a head that is exactly the pattern, 1 for one that never
  puts weight where the pattern does.

The patterns are the classic heads of a trained transformer: previous-token, first-token
(an "attention sink" on the start) and diagonal (each token attends to itself). Pure NumPy.
"""

from __future__ import annotations

import numpy as np

__all__ = ["PATTERNS", "diagonal", "entropy", "first_token", "head_order", "pattern",
           "pattern_distance", "previous_token"]


def _heads(weights) -> np.ndarray:
    w = np.asarray(weights, dtype=np.float64)
    if w.ndim != 4 or w.shape[-1] != w.shape[-2]:
        raise ValueError(f"weights must have shape (L, H, n, n), not {w.shape}")
    return w


def _live_rows(w: np.ndarray) -> np.ndarray:
    """(L, H, n) True where a row holds any weight (an all-zero row, e.g. padding, is left
    out of every mean)."""
    return np.any(w != 0, axis=-1)


def _row_mean(per_row: np.ndarray, live: np.ndarray) -> np.ndarray:
    count = live.sum(axis=-1)
    total = np.where(live, per_row, 0.0).sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def entropy(weights) -> np.ndarray:
    """Mean row entropy of every head, in nats.

    Parameters
    ----------
    weights : array_like, shape (L, H, n, n)
        Attention weights; rows sum to 1 (or are all zero).

    Returns
    -------
    numpy.ndarray, shape (L, H), float64
        ``mean_i −Σ_j w_ij log w_ij`` with ``0 · log 0 = 0``, over the rows that hold any
        weight; NaN for a head whose rows are all zero.
    """
    w = _heads(weights)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(w > 0, w * np.log(np.where(w > 0, w, 1.0)), 0.0)
    return _row_mean(-terms.sum(axis=-1), _live_rows(w))


def previous_token(n: int) -> np.ndarray:
    """The previous-token pattern: row i puts all its weight on key i − 1.

    Row 0 has no previous token; a causal model can only attend to itself there, so the
    pattern puts row 0's weight on key 0 (keeping every row stochastic).
    """
    p = np.zeros((n, n))
    if n:
        p[0, 0] = 1.0
        p[np.arange(1, n), np.arange(n - 1)] = 1.0
    return p


def first_token(n: int) -> np.ndarray:
    """The first-token pattern: every row puts all its weight on key 0."""
    p = np.zeros((n, n))
    p[:, :1] = 1.0
    return p


def diagonal(n: int) -> np.ndarray:
    """The diagonal pattern: every token attends to itself (the identity)."""
    return np.eye(n)


#: The patterns by name, each a function of the token count.
PATTERNS = {"previous": previous_token, "first": first_token, "diagonal": diagonal}


def pattern(name: str, n: int) -> np.ndarray:
    """The pattern called ``name`` (a key of :data:`PATTERNS`) for ``n`` tokens."""
    if name not in PATTERNS:
        raise ValueError(f"no pattern {name!r}: use one of {', '.join(PATTERNS)}")
    return PATTERNS[name](n)


def pattern_distance(weights, pattern_nn) -> np.ndarray:
    """Mean total-variation distance of every head to a pattern.

    Parameters
    ----------
    weights : array_like, shape (L, H, n, n)
        Attention weights (rows sum to 1, or are all zero).
    pattern_nn : array_like, shape (n, n)
        A row-stochastic pattern (:func:`previous_token`, …).

    Returns
    -------
    numpy.ndarray, shape (L, H), float64
        ``mean_i ½ Σ_j |w_ij − p_ij|`` over the rows that hold any weight, in [0, 1];
        NaN for a head whose rows are all zero.
    """
    w = _heads(weights)
    p = np.asarray(pattern_nn, dtype=np.float64)
    if p.shape != w.shape[-2:]:
        raise ValueError(f"pattern of shape {p.shape} for weights of {w.shape[-2:]}")
    tv = 0.5 * np.abs(w - p).sum(axis=-1)
    return np.clip(_row_mean(tv, _live_rows(w)), 0.0, 1.0)


def head_order(values, descending: bool = False) -> list[tuple[int, int]]:
    """The heads ``(layer, head)`` sorted by a score (stable: ties keep layer-major order).

    Parameters
    ----------
    values : array_like, shape (L, H)
        A score per head (:func:`entropy`, :func:`pattern_distance`).
    descending : bool
        Largest first (default: smallest first).

    Returns
    -------
    list of (int, int)
        Every head once; NaN scores last in either direction.
    """
    v = np.asarray(values, dtype=np.float64)
    if v.ndim != 2:
        raise ValueError(f"values must have shape (L, H), not {v.shape}")
    flat = v.ravel()
    nan = np.isnan(flat)
    key = np.where(nan, 0.0, -flat if descending else flat)
    idx = np.lexsort((np.arange(flat.size), key, nan))
    heads = v.shape[1]
    return [(int(k) // heads, int(k) % heads) for k in idx]
