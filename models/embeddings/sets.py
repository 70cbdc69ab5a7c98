"""The vector sets the Embeddings lab shows, and the work done once per set.

A set is the shipped GloVe subset or one of the generated teaching sets. Everything that
costs a pass over the whole vocabulary (unit-normalising, squared norms, the PCA of the
set) is computed once per set and per PCA option, and kept in a small cache: an edit that
only picks another word or query reuses it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from models.embeddings.data import load_shipped
from models.embeddings.generated import gaussian_clusters, noisy_plane, stretched_points
from models.embeddings.pca import PCAResult, pca
from models.embeddings.search import normalise, squared_norms

__all__ = ["SOURCES", "VectorSet", "Lookup", "vector_set", "set_pca"]

#: The sets a person can choose, by name: what each is, in words.
SOURCES = {
    "glove": "GloVe 6B 50d: the 20,000 most frequent words",
    "stretched": "Points stretched along one axis (2-D)",
    "clusters": "Gaussian clusters (d dimensions)",
    "plane": "Points near a plane (3-D)",
}


@dataclass(frozen=True, eq=False)
class VectorSet:
    """One set of labelled vectors and what every search over it reuses.

    Attributes
    ----------
    words : tuple of str
        Labels, one per row (generated points are ``p1``, ``p2``…).
    index : Mapping[str, int]
        Row of each label.
    vectors : ndarray (n, d)
        Read-only, as loaded or generated.
    unit : ndarray (n, d)
        Rows divided by their length (cosine search).
    sq_norms : ndarray (n,)
        Squared row lengths (Euclidean search).
    words_are_labels : bool
        True for real words (labels worth drawing), False for numbered points.
    """

    words: tuple[str, ...]
    index: Mapping[str, int]
    vectors: np.ndarray
    unit: np.ndarray
    sq_norms: np.ndarray
    words_are_labels: bool

    @property
    def dim(self) -> int:
        """The dimension d of the vectors."""
        return int(self.vectors.shape[1])

    def __len__(self) -> int:
        return len(self.words)


class Lookup(Mapping):
    """The mapping word → vector a query expression needs (no copy of the vectors)."""

    def __init__(self, vs: VectorSet) -> None:
        self._vs = vs

    def __getitem__(self, word: str) -> np.ndarray:
        return self._vs.vectors[self._vs.index[word]]

    def __iter__(self) -> Iterator[str]:
        return iter(self._vs.words)

    def __len__(self) -> int:
        return len(self._vs.words)


def _readonly(a: np.ndarray) -> np.ndarray:
    a = np.ascontiguousarray(a)
    a.setflags(write=False)
    return a


@lru_cache(maxsize=6)
def vector_set(source: str, n: int, stretch: float, angle_deg: float, seed: int, *,
               clusters: int = 3, dim: int = 10, spread: float = 1.0,
               noise: float = 0.05) -> VectorSet:
    """The set named ``source`` (generator parameters are ignored for ``"glove"``;
    ``clusters``, ``dim`` and ``spread`` shape the "clusters" set, ``noise`` the "plane")."""
    if source == "glove":
        emb = load_shipped()
        words, vectors, real = emb.words, emb.vectors, True
    else:
        if source == "stretched":
            vectors = stretched_points(n, stretch, angle_deg, seed)
        elif source == "clusters":
            vectors = gaussian_clusters(n, dim, clusters, spread=spread, seed=seed)[0]
        elif source == "plane":
            vectors = noisy_plane(n, noise=noise, seed=seed)[0]
        else:
            raise ValueError(f"unknown source {source!r}; choose one of {', '.join(SOURCES)}")
        words, real = tuple(f"p{i + 1}" for i in range(len(vectors))), False
    vectors = _readonly(np.asarray(vectors))
    return VectorSet(words, {w: i for i, w in enumerate(words)}, vectors,
                     _readonly(normalise(vectors)), _readonly(squared_norms(vectors)), real)


@lru_cache(maxsize=12)
def set_pca(vs: VectorSet, centre: bool, whiten: bool) -> PCAResult:
    """The exact PCA of the whole set (every component: the scree needs them all)."""
    return pca(vs.vectors, centre=centre, whiten=whiten, method="exact")
