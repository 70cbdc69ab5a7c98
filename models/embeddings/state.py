"""The Embeddings lab's state: what a person set (the set, the words asked about, the
search and the projection options) and its validation against the set it names."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from models.embeddings.query import QueryError, UnknownWord, evaluate, parse_query, suggest
from models.embeddings.search import METRICS
from models.embeddings.sets import (
    SOURCES,
    Lookup,
    VectorSet,
    file_set,
    resolve,
    vector_set,
)

__all__ = ["EmbeddingsState", "SHOWN_BUDGET", "MAX_K", "MAX_SIMILARITY", "FAR_FACTOR",
           "ORDERS", "FRACTIONS", "check_state", "set_of"]

#: How many of the most frequent words the projection of a large set draws.
SHOWN_BUDGET = 2000
#: The most neighbours one search lists.
MAX_K = 100
#: The most words of a similarity matrix.
MAX_SIMILARITY = 64
#: A neighbour is "far in 2-D" when more than FAR_FACTOR·k drawn points are nearer the
#: anchor on the plane than it is.
FAR_FACTOR = 5
FRACTIONS = (0.90, 0.95, 0.99)
#: How the similarity matrix orders its words: by average-linkage clustering on cosine
#: distance (the dendrogram's leaf order), along the first principal axis, or as typed.
ORDERS = ("cluster", "pca", "typed")
#: The ranges of the generated sets' parameters (clusters: how many, dimension, spread;
#: plane: noise off the plane).
CLUSTERS_RANGE = (1, 10)
DIM_RANGE = (2, 100)
SPREAD_RANGE = (0.0, 10.0)
NOISE_RANGE = (0.0, 5.0)


@dataclass(frozen=True)
class EmbeddingsState:
    """Immutable state of the Embeddings lab (every field as a person set it).

    ``source`` names the set (see :data:`models.embeddings.sets.SOURCES`); ``n``,
    ``stretch``, ``angle_deg`` and ``seed`` shape a generated one. ``selected`` is a word
    (or ""), ``query`` an expression (or ""); neighbours are of the query when there is one,
    else of the selected word. ``axis_words`` ("" or "he,she") replaces the first principal
    axis by the direction from the second word to the first. ``order`` (one of
    :data:`ORDERS`) orders the similarity matrix; ``keep_query`` lets the neighbours include
    the query's words (or the selected word). ``clusters``, ``dim`` and ``spread`` shape the
    "clusters" set, ``noise`` the "plane" set.

    ``source == "file"`` reads ``path`` (and ``labels``, the labels of an ``.npy`` or a
    projector ``.tsv``; "" for none), as typed or as a scene wrote them; a relative path is
    read from ``folder``, the scene's folder (not saved: None for the working folder).
    """

    source: str = "glove"
    n: int = 1000
    stretch: float = 3.0
    angle_deg: float = 30.0
    seed: int = 0
    selected: str = ""
    query: str = ""
    k: int = 10
    metric: str = "cosine"
    centre: bool = True
    whiten: bool = False
    axis_words: str = ""
    similarity_words: tuple[str, ...] = ()
    order: str = "cluster"
    keep_query: bool = False
    clusters: int = 3
    dim: int = 10
    spread: float = 1.0
    noise: float = 0.05
    path: str = ""
    labels: str = ""
    folder: str | None = None


def set_of(s: EmbeddingsState) -> VectorSet:
    """The set a state names (a file's from the cache, or read now)."""
    if s.source == "file":
        if not s.path.strip():
            raise ValueError("open a file of vectors first (Open vectors…)")
        labels = resolve(s.labels, s.folder) if s.labels.strip() else None
        return file_set(resolve(s.path, s.folder), labels)
    return _vector_set(s)


def _word(vs: VectorSet, text: str, what: str) -> str:
    """``text`` as a word of the set (tried lower-case too); ValueError with suggestions."""
    for w in (text, text.lower()):
        if w in vs.index:
            return w
    close = suggest(text, vs.words)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    raise ValueError(f"{what}: {text!r} is not in the vocabulary{hint}")


def _whole(value, lo: int, hi: int, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise ValueError(f"{what} must be a whole number from {lo} to {hi}")


def _number(value, lo: float, hi: float, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not lo <= value <= hi:
        raise ValueError(f"{what} must be a number from {lo:g} to {hi:g}")


def _check_generators(s: EmbeddingsState) -> None:
    _whole(s.clusters, *CLUSTERS_RANGE, "the number of clusters")
    _whole(s.dim, *DIM_RANGE, "the dimension of the clusters")
    _number(s.spread, *SPREAD_RANGE, "the spread of the clusters")
    _number(s.noise, *NOISE_RANGE, "the noise off the plane")
    if s.source == "clusters" and s.clusters > s.n:
        raise ValueError("the clusters need at least as many points as clusters")


def _vector_set(s: EmbeddingsState) -> VectorSet:
    return vector_set(s.source, s.n, float(s.stretch), float(s.angle_deg), s.seed,
                      clusters=s.clusters, dim=s.dim, spread=float(s.spread),
                      noise=float(s.noise))


def check_state(s: EmbeddingsState) -> tuple[EmbeddingsState, VectorSet]:
    """Validate a whole state; returns it with words put in the set's spelling."""
    if s.source not in SOURCES:
        raise ValueError(f"unknown source {s.source!r}; choose one of {', '.join(SOURCES)}")
    if s.metric not in METRICS:
        raise ValueError(f"unknown metric {s.metric!r}; choose one of {', '.join(METRICS)}")
    if isinstance(s.n, bool) or not isinstance(s.n, int) or not 3 <= s.n <= 20000:
        raise ValueError("n must be a whole number from 3 to 20000")
    if not (isinstance(s.stretch, (int, float)) and 1 < s.stretch <= 100):
        raise ValueError("the stretch must be a number above 1 and at most 100")
    if not (isinstance(s.angle_deg, (int, float)) and -360 <= s.angle_deg <= 360):
        raise ValueError("the angle must be a number of degrees from −360 to 360")
    if isinstance(s.seed, bool) or not isinstance(s.seed, int) or s.seed < 0:
        raise ValueError("the seed must be a whole number ≥ 0")
    if s.order not in ORDERS:
        raise ValueError(f"unknown order {s.order!r}; choose one of {', '.join(ORDERS)}")
    if not isinstance(s.keep_query, bool):
        raise ValueError("keep_query must be true or false")
    _check_generators(s)
    vs = set_of(s)
    if isinstance(s.k, bool) or not isinstance(s.k, int) or not 1 <= s.k <= min(MAX_K,
                                                                             len(vs) - 1):
        raise ValueError(f"k must be a whole number from 1 to {min(MAX_K, len(vs) - 1)}")
    changes: dict = {}
    if s.selected.strip():
        changes["selected"] = _word(vs, s.selected.strip(), "the selected word")
    else:
        changes["selected"] = ""
    query = s.query.strip()
    if query:
        try:
            terms = parse_query(query)
            evaluate(terms, Lookup(vs), s.metric)
        except QueryError as err:
            raise ValueError(f"the query: {err}") from None
        except UnknownWord as err:
            raise ValueError(f"the query: {err}") from None
    changes["query"] = query
    axis = s.axis_words.strip()
    if axis:
        parts = [p.strip() for p in axis.replace(" ", ",").split(",") if p.strip()]
        if len(parts) != 2:
            raise ValueError("the custom axis needs two words, such as “he, she”")
        a, b = (_word(vs, p, "the custom axis") for p in parts)
        if a == b:
            raise ValueError("the custom axis needs two different words")
        axis = f"{a},{b}"
    changes["axis_words"] = axis
    words = tuple(str(w).strip() for w in s.similarity_words if str(w).strip())
    if len(words) > MAX_SIMILARITY:
        raise ValueError(f"a similarity matrix holds at most {MAX_SIMILARITY} words")
    changes["similarity_words"] = tuple(_word(vs, w, "the similarity words") for w in words)
    return dataclasses.replace(s, **changes), vs


