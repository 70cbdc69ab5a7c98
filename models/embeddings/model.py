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
from models.embeddings.query import evaluate, parse_query
from models.embeddings.search import angle_facts, pairwise_cosine, top_k
from models.embeddings.sets import (
    Lookup,
    set_pca,
)
from models.embeddings.state import (
    FAR_FACTOR,
    FRACTIONS,
    MAX_K,
    MAX_SIMILARITY,
    ORDERS,
    SHOWN_BUDGET,
    EmbeddingsState,
    check_state,
    set_of,
)

__all__ = ["EmbeddingsModel", "EmbeddingsState", "PCAFacts", "SHOWN_BUDGET", "MAX_K",
           "MAX_SIMILARITY", "FAR_FACTOR", "ORDERS"]


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
        return check_state(super().prepare(**changes))[0]

    # -- derived -----------------------------------------------------------------------------
    def _derive(self) -> None:
        s = self._state
        vs = self.vset = set_of(s)
        p = self.pca_result = set_pca(vs, s.centre, s.whiten)
        n = len(vs)
        self.facts = PCAFacts(p.explained_variance_ratio, p.cumulative, p.singular_values,
                              p.explained_variance, {f: p.components_for(f) for f in FRACTIONS},
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
