"""The vector sets the Embeddings lab shows, and the work done once per set.

A set is the shipped GloVe subset or one of the generated teaching sets. Everything that
costs a pass over the whole vocabulary (unit-normalising, squared norms, the PCA of the
set) is computed once per set and per PCA option, and kept in a small cache: an edit that
only picks another word or query reuses it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from models.core.kept import Kept
from models.embeddings.data import load_shipped
from models.embeddings.errors import EmbeddingFileError
from models.embeddings.generated import gaussian_clusters, noisy_plane, stretched_points
from models.embeddings.loaders import load_vectors
from models.embeddings.pca import PCAResult, pca
from models.embeddings.search import normalise, squared_norms

__all__ = ["SOURCES", "VectorSet", "Lookup", "vector_set", "set_pca", "FileKey",
           "file_key", "file_limits", "make_set", "register_file_set", "cached_file_set",
           "read_file_set", "file_set", "resolve"]

#: The sets a person can choose, by name: what each is, in words.
SOURCES = {
    "glove": "GloVe 6B 50d: the 20,000 most frequent words",
    "stretched": "Points stretched along one axis (2-D)",
    "clusters": "Gaussian clusters (d dimensions)",
    "plane": "Points near a plane (3-D)",
    "file": "Your own vectors, read from a file",
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


def make_set(words, vectors, words_are_labels: bool = True) -> VectorSet:
    """A :class:`VectorSet` of ``words`` and their ``vectors`` (one pass to normalise)."""
    words = tuple(words)
    vectors = _readonly(np.asarray(vectors))
    return VectorSet(words, {w: i for i, w in enumerate(words)}, vectors,
                     _readonly(normalise(vectors)), _readonly(squared_norms(vectors)),
                     words_are_labels)


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
            if source == "file":
                raise ValueError("a set read from a file is found with file_set, by its path")
            raise ValueError(f"unknown source {source!r}; choose one of {', '.join(SOURCES)}")
        words, real = tuple(f"p{i + 1}" for i in range(len(vectors))), False
    return make_set(words, vectors, real)


@lru_cache(maxsize=12)
def set_pca(vs: VectorSet, centre: bool, whiten: bool) -> PCAResult:
    """The exact PCA of the whole set (every component: the scree needs them all)."""
    return pca(vs.vectors, centre=centre, whiten=whiten, method="exact")


# -- a person's own vectors ----------------------------------------------------------------
#: Which file a loaded set came from: (path, labels path or "", mtime in ns, size in bytes).
#: A file changed on disk has another key, so it is read again.
FileKey = tuple[str, str, int, int]

#: Loaded file sets, newest last; a few are kept so undo and redo between files is instant.
# The app registers from the GUI thread after a worker loaded the file.
_FILE_SETS: Kept[VectorSet] = Kept(3)


def resolve(text: str, folder: str | None = None) -> Path:
    """The file ``text`` names: ``~`` expanded, a relative path read from ``folder``."""
    p = Path(text).expanduser()
    if not p.is_absolute() and folder:
        p = Path(folder) / p
    return p.absolute()


def file_key(path: str | Path, labels: str | Path | None = None) -> FileKey:
    """The cache key of a file (and its labels file) as it is on disk now.

    Raises
    ------
    EmbeddingFileError
        When the file cannot be found.
    """
    path = Path(path).absolute()
    try:
        st = path.stat()
    except OSError:
        raise EmbeddingFileError("there is no such file", path) from None
    return (str(path), str(Path(labels).absolute()) if labels else "", st.st_mtime_ns,
            st.st_size)


def file_limits() -> tuple[int, int]:
    """The most vectors and dimensions a file may hold: 1,000,000 × 1024 when the array
    backend is CuPy, 200,000 × 300 on the CPU (where search and PCA must stay live)."""
    try:
        from models.core.backend import select_backend

        gpu = select_backend().is_gpu
    except Exception:  # any failure to find a device means the CPU's limits
        gpu = False
    return (1_000_000, 1024) if gpu else (200_000, 300)


def is_file_set_kept(path: str | Path, labels: str | Path | None = None) -> bool:
    """Whether the file (as it is on disk now) is already read and kept; False when it
    cannot be found (reading it then says why)."""
    try:
        key = file_key(path, labels)
    except EmbeddingFileError:
        return False
    return key in _FILE_SETS


def register_file_set(key: FileKey, vs: VectorSet) -> VectorSet:
    """Keep ``vs``, loaded from the file ``key`` names, for the model to find."""
    return _FILE_SETS.put(key, vs)


def cached_file_set(key: FileKey) -> VectorSet | None:
    """The set loaded for ``key``, or None."""
    return _FILE_SETS.get(key)


def read_file_set(path: str | Path, labels: str | Path | None = None,
                  progress: Callable[[float], object] | None = None,
                  cancelled: Callable[[], bool] | None = None) -> tuple[FileKey, VectorSet]:
    """Read a word-vector file into a set, without keeping it: ``(key, set)``.

    Safe on a worker thread; :func:`register_file_set` then makes the set the one the model
    finds for ``key``. Raises as :func:`file_set`.
    """
    key = file_key(path, labels)
    found = cached_file_set(key)
    if found is not None:
        return key, found
    rows, dim = file_limits()
    words, vectors = load_vectors(key[0], labels or None, progress, cancelled,
                                  max_rows=rows, max_dim=dim)
    if len(words) < 2:
        raise EmbeddingFileError("it holds fewer than two vectors: there is nothing to "
                                 "compare", key[0])
    return key, make_set(words, vectors)


def file_set(path: str | Path, labels: str | Path | None = None,
             progress: Callable[[float], object] | None = None,
             cancelled: Callable[[], bool] | None = None) -> VectorSet:
    """The set of a word-vector file: from the cache, or read now (see
    :func:`models.embeddings.loaders.load_vectors`) and kept.

    The window reads a file on a worker (:func:`read_file_set`) and only then names it in
    the lab's state, so the model finds it cached; a scene rendered headless reads it here.

    Raises
    ------
    EmbeddingFileError
        A missing or malformed file, or one over :func:`file_limits`.
    LoadCancelled
        When ``cancelled()`` turned true.
    """
    key, vs = read_file_set(path, labels, progress, cancelled)
    return register_file_set(key, vs)
