"""The Embeddings lab: word vectors (or generated points), their nearest neighbours in the
original space, query expressions such as king − man + woman, cosine geometry, a
similarity matrix, and the PCA that projects them on the plane.

Which points are drawn
----------------------
The shipped GloVe set has 20,000 words; neighbours are always searched over all of them,
in the original 50 dimensions. The projection *draws* only :data:`SHOWN_BUDGET` of them —
the most frequent words — plus the selected word, its neighbours, the query's words and
the similarity words, so that everything the person asked about is on the picture. A
generated set is drawn whole.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from models.core.evented import LabModel, SceneError
from models.embeddings.cluster import average_linkage, cosine_distances, leaf_order
from models.embeddings.query import QueryError, UnknownWord, evaluate, parse_query, suggest
from models.embeddings.search import METRICS, angle_facts, pairwise_cosine, top_k
from models.embeddings.sets import (
    SOURCES,
    Lookup,
    VectorSet,
    file_set,
    resolve,
    set_pca,
    vector_set,
)

__all__ = ["EmbeddingsModel", "EmbeddingsState", "PCAFacts", "SHOWN_BUDGET", "MAX_K",
           "MAX_SIMILARITY", "FAR_FACTOR", "ORDERS"]

#: How many of the most frequent words the projection of a large set draws.
SHOWN_BUDGET = 2000
#: The most neighbours one search lists.
MAX_K = 100
#: The most words of a similarity matrix.
MAX_SIMILARITY = 64
#: A neighbour is "far in 2-D" when more than FAR_FACTOR·k drawn points are nearer the
#: anchor on the plane than it is.
FAR_FACTOR = 5
_FRACTIONS = (0.90, 0.95, 0.99)
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


def _set_of(s: EmbeddingsState) -> VectorSet:
    """The set a state names (a file's from the cache, or read now)."""
    if s.source == "file":
        if not s.path.strip():
            raise ValueError("open a file of vectors first (Open vectors…)")
        labels = resolve(s.labels, s.folder) if s.labels.strip() else None
        return file_set(resolve(s.path, s.folder), labels)
    return _vector_set(s)


@dataclass(frozen=True)
class PCAFacts:
    """The numbers of the set's PCA (centred or not, as the state says).

    Attributes
    ----------
    ratios, cumulative : ndarray
        Explained variance ratio of each component, and its running sum.
    singular_values : ndarray
        σᵢ of the (centred) data.
    eigenvalues : ndarray
        σᵢ² / (n − 1): the eigenvalues of the covariance matrix.
    for_fraction : dict
        Components needed for 90 %, 95 % and 99 % of the variance.
    n : int
        Number of vectors.
    components : ndarray (r, d)
        The principal axes (rows).
    """

    ratios: np.ndarray
    cumulative: np.ndarray
    singular_values: np.ndarray
    eigenvalues: np.ndarray
    for_fraction: dict
    n: int
    components: np.ndarray


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


def _check(s: EmbeddingsState) -> tuple[EmbeddingsState, VectorSet]:
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
    vs = _set_of(s)
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


class EmbeddingsModel(LabModel):
    """Evented model of the Embeddings lab.

    Derived after every change (the set, its normalisation and its PCA come from a cache):

    - :attr:`vset` the :class:`~models.embeddings.sets.VectorSet`, :attr:`pca_result` its
      PCA and :attr:`facts` (:class:`PCAFacts`);
    - :attr:`shown` the rows drawn (module notes), :attr:`coords2` (shown × 2) and
      :attr:`coords3` (shown × 3, or None for 2-D data) on the principal axes (the first
      replaced by the custom axis when ``axis_words`` is set); :attr:`axis_label` names
      the two axes; a 2-D set (not whitened) is drawn in its own plane, centred when asked
      (:attr:`in_data_plane`), with the principal axes as arrows;
    - :attr:`neighbours` ``[(word, score, far)]`` in the original space, searched over the
      whole set (the query's words or the selected word excluded unless ``keep_query``);
      ``far`` when the 2-D
      picture puts the neighbour beyond :data:`FAR_FACTOR`·k drawn points from the anchor;
      :attr:`anchor2` the 2-D point neighbours are drawn from (None when nothing is asked);
    - :attr:`query_point` the query's raw vector (Σ cᵢ wᵢ) projected, or None;
    - :attr:`cosine` the :class:`~models.embeddings.search.AngleFacts` of the first two
      similarity words (or None) and :attr:`similarity` their full cosine matrix (or None),
      with :attr:`similarity_order` the words in the state's ``order`` (by default the
      leaf order of an average-linkage clustering on cosine distance).
    """

    lab_id = "embeddings"

    def __init__(self, state: EmbeddingsState | None = None) -> None:
        super().__init__(state or EmbeddingsState())

    # -- edits -------------------------------------------------------------------------------
    def prepare(self, **changes) -> EmbeddingsState:
        """Validate changes (any field of :class:`EmbeddingsState`).

        Raises
        ------
        ValueError
            With a message for a person (an unknown word names close spellings); the current
            state is untouched.
        """
        if "similarity_words" in changes:
            words = changes["similarity_words"]
            if isinstance(words, str):
                words = words.replace(",", " ").split()
            changes["similarity_words"] = tuple(words)
        if any(name in changes and changes[name] != getattr(self._state, name)
               for name in ("source", "path", "labels")):
            # Words of one set mean nothing in another: a new set starts with none asked.
            for name, empty in (("selected", ""), ("query", ""), ("axis_words", ""),
                                ("similarity_words", ())):
                changes.setdefault(name, empty)
        for name in ("n", "k", "seed", "clusters", "dim"):
            v = changes.get(name)
            if isinstance(v, float) and v.is_integer():
                changes[name] = int(v)
        return _check(super().prepare(**changes))[0]

    # -- derived -----------------------------------------------------------------------------
    def _derive(self) -> None:
        s = self._state
        vs = self.vset = _set_of(s)
        p = self.pca_result = set_pca(vs, s.centre, s.whiten)
        n = len(vs)
        self.facts = PCAFacts(p.explained_variance_ratio, p.cumulative, p.singular_values,
                              p.explained_variance, {f: p.components_for(f) for f in _FRACTIONS},
                              n, p.components)
        lookup = Lookup(vs)
        terms = parse_query(s.query) if s.query else []
        self.query_terms = [(c, w if w in vs.index else w.lower()) for c, w in terms]
        query_rows = {vs.index[w] for _, w in self.query_terms}
        target = exclude = None
        if terms:
            target, exclude = evaluate(terms, lookup, s.metric), query_rows
        elif s.selected:
            target, exclude = vs.vectors[vs.index[s.selected]], {vs.index[s.selected]}
        if s.keep_query:
            exclude = set()
        found: list[tuple[int, float]] = []
        if target is not None:
            base = vs.unit if s.metric == "cosine" else vs.vectors
            idx, score = top_k(base, np.asarray(target, dtype=base.dtype), s.k, s.metric,
                               exclude=[sorted(exclude)],
                               sq_norms=vs.sq_norms if s.metric == "euclidean" else None)
            found = [(int(i), float(v)) for i, v in zip(idx, score, strict=True) if i >= 0]
        sim_rows = [vs.index[w] for w in s.similarity_words]
        extra = [vs.index[s.selected]] if s.selected else []
        extra += sorted(query_rows) + [i for i, _ in found] + sim_rows
        if vs.words_are_labels and n > SHOWN_BUDGET:
            shown = np.unique(np.concatenate([np.arange(SHOWN_BUDGET), np.asarray(extra, int)]))
        else:
            shown = np.arange(n)
        self.shown = shown
        self.shown_words = [vs.words[i] for i in shown]
        coords = p.coordinates[shown]
        self.axis_label = ("PC1", "PC2")
        if s.axis_words:
            a, b = s.axis_words.split(",")
            self.axis_label = (f"{a} − {b}", "PC1")
            u = vs.vectors[vs.index[a]].astype(float) - vs.vectors[vs.index[b]]
            u /= np.linalg.norm(u)
            custom = (vs.vectors[shown].astype(float) - p.mean) @ u
            coords = np.column_stack([custom, coords[:, 0], coords[:, 1:2]])
        self.in_data_plane = vs.dim == 2 and not s.axis_words and not s.whiten
        if self.in_data_plane:
            # A 2-D set is drawn as it is (centred when asked): the principal axes are then
            # arrows in its own plane, and PCA is seen to find the stretch's direction.
            coords = vs.vectors[shown].astype(float) - p.mean
            self.axis_label = ("x₁ − mean", "x₂ − mean") if s.centre else ("x₁", "x₂")
        self.coords2 = np.ascontiguousarray(coords[:, :2])
        self.coords3 = np.ascontiguousarray(coords[:, :3]) if coords.shape[1] >= 3 else None
        self.query_point = None
        if terms:
            raw = evaluate(terms, lookup, "dot")
            self.query_point = self._project(raw, s)
        #: The query's point on the first three axes (as :attr:`coords3`), or None.
        self.query_point3 = None
        if terms and self.coords3 is not None:
            self.query_point3 = self._project(raw, s, 3)
        self.anchor2 = None
        if terms:
            self.anchor2 = self.query_point
        elif s.selected:
            self.anchor2 = self.coords2[np.searchsorted(shown, vs.index[s.selected])]
        self.neighbours = self._with_trust(found, s.k)
        self._similarity(sim_rows)

    def _project(self, v, s: EmbeddingsState, dims: int = 2) -> np.ndarray:
        """A vector of the original space on the drawn plane (as the points are), or on the
        first three drawn axes when ``dims`` is 3."""
        p = self.pca_result
        c = np.asarray(v, dtype=float) - p.mean
        if self.in_data_plane:
            return c
        xy = p.components[:dims] @ c
        if s.whiten:
            scale = np.sqrt(p.explained_variance[:dims])
            xy = np.divide(xy, scale, out=np.zeros_like(xy), where=scale > 0)
        if s.axis_words:
            a, b = s.axis_words.split(",")
            u = self.vset.vectors[self.vset.index[a]].astype(float) - \
                self.vset.vectors[self.vset.index[b]]
            xy = np.array([c @ (u / np.linalg.norm(u)), *xy[:dims - 1]])
        return xy

    def _with_trust(self, found, k: int) -> list[tuple[str, float, bool]]:
        if not found:
            return []
        d2 = np.sum((self.coords2 - self.anchor2) ** 2, axis=1)
        order = np.argsort(d2, kind="stable")
        rank = np.empty(len(order), dtype=int)
        rank[order] = np.arange(len(order))
        pos = np.searchsorted(self.shown, [i for i, _ in found])
        return [(self.vset.words[i], score, bool(rank[j] > FAR_FACTOR * k))
                for (i, score), j in zip(found, pos, strict=True)]

    def _similarity(self, rows: list[int]) -> None:
        vs = self.vset
        self.cosine = None
        self.similarity = None
        self.similarity_order: list[str] = []
        if len(rows) >= 2:
            a, b = vs.vectors[rows[0]], vs.vectors[rows[1]]
            self.cosine = angle_facts(a, b)
            order = [rows[i] for i in self._similarity_positions(rows)]
            self.similarity_order = [vs.words[i] for i in order]
            self.similarity = np.asarray(pairwise_cosine(vs.vectors, order), dtype=np.float64)

    def _similarity_positions(self, rows: list[int]) -> list[int]:
        """Positions in ``rows`` in the order the state asks for."""
        how = self._state.order
        x = self.vset.vectors[rows].astype(float)
        if how == "cluster":
            return leaf_order(average_linkage(cosine_distances(x)))
        if how == "pca":
            pc1 = (x - self.pca_result.mean) @ self.pca_result.components[0]
            return [int(i) for i in np.argsort(pc1, kind="stable")]
        return list(range(len(rows)))

    def anchor_row(self) -> int | None:
        """The position in :attr:`shown` of the selected word (None when there is none)."""
        s = self._state
        if not s.selected:
            return None
        return int(np.searchsorted(self.shown, self.vset.index[s.selected]))

    # -- scenes ------------------------------------------------------------------------------
    def to_dict(self) -> dict:
        s = self._state
        out = dataclasses.asdict(s)
        out["similarity_words"] = list(s.similarity_words)
        del out["folder"]  # where this scene was read from: not part of it
        if s.source != "file":  # a set that is not a file's names none
            del out["path"], out["labels"]
        return out

    @classmethod
    def state_from_dict(cls, data: dict, base: str | None = None) -> EmbeddingsState:
        if not isinstance(data, dict):
            raise SceneError("'model' must be an object")
        fields = {f.name: f for f in dataclasses.fields(EmbeddingsState) if f.name != "folder"}
        unknown = sorted(set(data) - set(fields))
        if unknown:
            raise SceneError("unknown fields in 'model': " + ", ".join(unknown))
        kinds = {"source": str, "selected": str, "query": str, "metric": str,
                 "axis_words": str, "path": str, "labels": str, "centre": bool, "whiten": bool,
                 "order": str, "keep_query": bool}
        changes = {}
        for name, value in data.items():
            kind = kinds.get(name)
            if kind is not None and not isinstance(value, kind):
                what = "text" if kind is str else "true or false"
                raise SceneError(f"'model.{name}' must be {what}")
            if name == "similarity_words" and not (
                    isinstance(value, list) and all(isinstance(w, str) for w in value)):
                raise SceneError("'model.similarity_words' must be a list of words")
            if name in ("n", "k", "seed", "stretch", "angle_deg", "clusters", "dim", "spread",
                        "noise") and (
                    isinstance(value, bool) or not isinstance(value, (int, float))):
                raise SceneError(f"'model.{name}' must be a number")
            changes[name] = value
        try:
            return cls._prepare_from(EmbeddingsState(folder=base), changes)
        except ValueError as err:
            raise SceneError(str(err)) from None

    @staticmethod
    def _prepare_from(state: EmbeddingsState, changes: dict) -> EmbeddingsState:
        model = EmbeddingsModel.__new__(EmbeddingsModel)
        model._state = state  # validation only: nothing is derived
        return model.prepare(**changes)
