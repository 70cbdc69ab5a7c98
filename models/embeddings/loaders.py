"""Opening a person's own word vectors: one entry point for every format the lab reads.

:func:`load_vectors` picks the format by the file's suffix:

========================  ===========================================================
``.txt .vec .glove``      GloVe / word2vec text, ``word v1 v2 ...`` per line, with or
                          without the word2vec header ``N D``
``.tsv``                  the Embedding Projector's pair: this ``vectors.tsv`` and a
                          ``metadata.tsv`` (given as ``labels``, else found beside it)
``.npy``                  a 2-D numeric array, one vector per row, with an optional
                          labels file (one label per line); else labels "0", "1", ...
``.csv``                  ``word,v1,v2,...`` with an optional header row
========================  ===========================================================

Files are checked against a size limit before a byte is read, streamed line by line, and
refused with an :class:`EmbeddingFileError` naming the 1-based line of the first fault.
Nothing here runs code from the file: numbers go through :func:`float` on ASCII fields, and
``.npy`` files are loaded with ``allow_pickle=False``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from models.embeddings.errors import EmbeddingFileError, EmbeddingTooLarge, LoadCancelled
from models.embeddings.formats import read_csv, read_labels, read_text, read_tsv_vectors
from models.embeddings.npyfile import read_npy
from models.embeddings.textio import Limits, Ticker

__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_MAX_DIM", "DEFAULT_MAX_ROWS", "SUFFIXES",
           "EmbeddingFileError", "EmbeddingTooLarge", "LoadCancelled", "LoadedVectors",
           "load_embedding", "load_vectors"]

#: Files larger than this are refused unread (the app passes lower limits of its own).
DEFAULT_MAX_BYTES = 8 * 1024**3
#: The most vectors a file may hold.
DEFAULT_MAX_ROWS = 1_000_000
#: The most numbers a vector may hold.
DEFAULT_MAX_DIM = 1024

TEXT_SUFFIXES = (".txt", ".vec", ".glove")
#: Every suffix :func:`load_vectors` reads.
SUFFIXES = (*TEXT_SUFFIXES, ".tsv", ".npy", ".csv")


@dataclass(frozen=True, eq=False)
class LoadedVectors:
    """What a load found.

    Attributes
    ----------
    words : list of str
        One unique label per vector.
    vectors : ndarray, shape (n, d)
        float32, or float64 where the file held float64 numbers (or text read as float64).
    columns : dict of str to list of str
        The other columns of a projector ``metadata.tsv``, by header; empty otherwise.
    fmt : str
        ``"text"``, ``"projector"``, ``"npy"`` or ``"csv"``.
    """

    words: list[str]
    vectors: np.ndarray
    columns: dict[str, list[str]] = field(default_factory=dict)
    fmt: str = "text"


def _size(path: Path, max_bytes: int) -> int:
    """The size of ``path``, refused over ``max_bytes`` without opening it."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise EmbeddingFileError("there is no such file", path) from None
    if not path.is_file():
        raise EmbeddingFileError("it is not a file", path)
    if size > max_bytes:
        raise EmbeddingTooLarge(f"the file holds {size:,} bytes, more than the limit of "
                                f"{max_bytes:,}", path)
    return size


def _metadata_beside(path: Path) -> Path:
    """The ``metadata.tsv`` that goes with a projector ``vectors.tsv``."""
    if "vectors" in path.name:
        named = path.with_name(path.name.replace("vectors", "metadata"))
        if named.exists():
            return named
    plain = path.with_name("metadata.tsv")
    if plain.exists() and plain != path:
        return plain
    raise EmbeddingFileError("a projector vectors file needs its labels: choose its "
                             "metadata.tsv, none lies beside it", path)


def _match(words: list[str], vectors: np.ndarray, labels: Path, path: Path) -> None:
    if len(words) != len(vectors):
        raise EmbeddingFileError(f"it holds {len(words):,} labels but {path.name} holds "
                                 f"{len(vectors):,} vectors", labels)


def load_embedding(path: str | Path, labels: str | Path | None = None,
                   progress: Callable[[float], object] | None = None,
                   cancelled: Callable[[], bool] | None = None, max_bytes: int | None = None,
                   max_rows: int | None = None, max_dim: int | None = None,
                   dtype=np.float32) -> LoadedVectors:
    """Read a word-vector file, with its labels and any other metadata columns.

    Parameters are those of :func:`load_vectors`.

    Returns
    -------
    LoadedVectors
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise EmbeddingFileError(f"{suffix or 'a file without a suffix'} is not a word-vector "
                                 f"format linscope reads ({', '.join(SUFFIXES)})", path)
    dtype = np.dtype(dtype)
    if dtype not in (np.float32, np.float64):
        raise ValueError(f"vectors are read as float32 or float64, not {dtype}")
    max_bytes = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    limits = Limits(DEFAULT_MAX_ROWS if max_rows is None else max_rows,
                    DEFAULT_MAX_DIM if max_dim is None else max_dim)
    if suffix == ".tsv" and labels is None:
        labels = _metadata_beside(path)
    # Text and CSV files carry their own words: a labels file given with them is not read.
    carries_words = suffix in TEXT_SUFFIXES or suffix == ".csv"
    label_path = None if labels is None or carries_words else Path(labels)
    sizes = [_size(p, max_bytes) for p in (path, label_path) if p is not None]
    ticker = Ticker(progress, cancelled)
    ticker.at(0.0)
    # Each file's share of the progress bar is its share of the bytes.
    share = sizes[0] / max(1, sum(sizes))
    main, rest = ticker.part(0.0, share), ticker.part(share, 1.0)
    if carries_words:
        reader = read_text if suffix in TEXT_SUFFIXES else read_csv
        words, vectors = reader(path, sizes[0], main, limits, dtype)
        result = LoadedVectors(words, vectors, fmt="text" if reader is read_text else "csv")
    elif suffix == ".tsv":
        vectors = read_tsv_vectors(path, sizes[0], main, limits, dtype)
        words, columns = read_labels(label_path, sizes[1], rest, limits, projector=True)
        _match(words, vectors, label_path, path)
        result = LoadedVectors(words, vectors, columns, "projector")
    else:
        vectors = read_npy(path, sizes[0], main, limits)
        if label_path is None:
            words = [str(i) for i in range(len(vectors))]
        else:
            # A labels file named .tsv may be a projector metadata file, header and all.
            words, _ = read_labels(label_path, sizes[1], rest, limits,
                                   projector=label_path.suffix.lower() == ".tsv")
            _match(words, vectors, label_path, path)
        result = LoadedVectors(words, vectors, fmt="npy")
    ticker.at(1.0)
    return result


def load_vectors(path: str | Path, labels: str | Path | None = None,
                 progress: Callable[[float], object] | None = None,
                 cancelled: Callable[[], bool] | None = None, max_bytes: int | None = None,
                 max_rows: int | None = None, max_dim: int | None = None,
                 dtype=np.float32) -> tuple[list[str], np.ndarray]:
    """Read a person's word vectors from a file, choosing the format by its suffix.

    Parameters
    ----------
    path : str or Path
        The file: ``.txt``/``.vec``/``.glove`` (GloVe or word2vec text), ``.tsv`` (projector
        vectors), ``.npy`` or ``.csv``.
    labels : str or Path, optional
        The labels: a projector ``metadata.tsv`` for a ``.tsv`` (found beside it when not
        given), a file of one label per line for an ``.npy`` (or a projector metadata file
        if it ends in ``.tsv``; labels "0", "1", ... when not given). Ignored for text and
        CSV, which carry their words.
    progress : callable, optional
        Called now and then as ``progress(fraction)``, the fraction never decreasing and
        ending at 1.0.
    cancelled : callable, optional
        Polled now and then; once true the load stops with :class:`LoadCancelled`.
    max_bytes : int, optional
        A larger file is refused before it is read (default :data:`DEFAULT_MAX_BYTES`).
    max_rows, max_dim : int, optional
        The most vectors and numbers per vector accepted (defaults
        :data:`DEFAULT_MAX_ROWS` and :data:`DEFAULT_MAX_DIM`).
    dtype : float32 or float64
        The precision of vectors read from text; an ``.npy`` keeps float64 as float64.

    Returns
    -------
    words : list of str
        One unique label per vector, in file order.
    vectors : ndarray, shape (n, d)

    Raises
    ------
    EmbeddingFileError
        A malformed file, with one sentence naming the file and the 1-based line (and
        field, a label column counted as field 1) at fault; :class:`EmbeddingTooLarge`
        (a subclass) for a file over a limit.
    LoadCancelled
        When ``cancelled()`` turned true.
    """
    loaded = load_embedding(path, labels, progress, cancelled, max_bytes, max_rows, max_dim,
                            dtype)
    return loaded.words, loaded.vectors
