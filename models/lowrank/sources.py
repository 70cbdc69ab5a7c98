"""The matrix a Low-rank state names, decomposed once and kept.

:func:`build_source` makes (or reads) the matrix and decomposes it — the heavy step, run on
a worker by the app — and :func:`source_of` returns it from a small cache when the same
source was built before (undo, redo and a k slider never decompose again).

Images are decoded by the app (with Qt's own reader): it installs the reader with
:func:`set_image_reader`; models never import Qt.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from models.core.backend import Backend, numpy_backend, select_backend
from models.core.kept import Kept
from models.lowrank.decompose import Decomposition, decompose
from models.lowrank.files import read_matrix
from models.lowrank.generated import (
    LoraParts,
    decaying,
    lora_update,
    low_rank_plus_noise,
    picture,
)
from models.lowrank.state import LowRankState

__all__ = ["Source", "source_key", "build_source", "source_of", "cached_source",
           "set_image_reader", "resolve", "TILES", "SHOWN_SIDE", "GPU_FROM"]

#: Rank-one layers σᵢuᵢvᵢᵀ the lab draws as tiles.
TILES = 6
#: The longest side drawn in full; larger matrices are drawn every s-th row and column.
SHOWN_SIDE = 2048
#: Matrices with at least this many entries are decomposed on the GPU when there is one.
GPU_FROM = 256 * 256
_CACHE_SIZE = 6

_cache: Kept[Source] = Kept(_CACHE_SIZE)
_image_reader: Callable[[str], np.ndarray] | None = None


@dataclass(frozen=True, eq=False)
class Source:
    """A decomposed matrix and what the lab draws of it.

    Attributes
    ----------
    matrix : ndarray (m, n) float32, read-only
    name : str
        What it is, for a person.
    dec : Decomposition
    stride : int
        Drawn every ``stride``-th row and column (1 up to :data:`SHOWN_SIDE`).
    levels : (float, float)
        One colour scale for A, Aₖ and A − Aₖ: (−M, M) for a signed matrix, (0, M) else.
    signed : bool
    layers : ndarray (TILES, m′, n′)
        The first rank-one layers σᵢuᵢvᵢᵀ, at the drawn rows and columns.
    lora : LoraParts or None
        W, B, A and ΔW of the LoRA source (``matrix`` is then ΔW).
    is_image : bool
        A picture (the procedural one, or an image file): drawn in grey.
    w_values : ndarray or None
        The singular values of the LoRA source's W.
    """

    matrix: np.ndarray
    name: str
    dec: Decomposition
    stride: int
    levels: tuple[float, float]
    signed: bool
    layers: np.ndarray
    lora: LoraParts | None = None
    w_values: np.ndarray | None = None
    is_image: bool = False

    @property
    def shown(self) -> np.ndarray:
        """The matrix at the drawn rows and columns."""
        return self.matrix[::self.stride, ::self.stride]


def set_image_reader(reader: Callable[[str], np.ndarray] | None) -> None:
    """Install the function that decodes an image file into (h, w, 3) uint8 pixels."""
    global _image_reader
    _image_reader = reader


def resolve(text: str, folder: str | None = None) -> Path:
    """The file ``text`` names: ``~`` expanded, a relative path read from ``folder``."""
    p = Path(text).expanduser()
    if not p.is_absolute() and folder:
        p = Path(folder) / p
    return p.absolute()


def source_key(s: LowRankState) -> tuple:
    """What identifies the matrix ``s`` names (a file by its path, size and time)."""
    if s.source == "picture":
        return ("picture",)
    if s.source == "entries":
        return ("entries", s.entries)
    if s.source == "random":
        return ("random", s.rows, s.cols, s.rank, s.noise, s.seed)
    if s.source == "decay":
        return ("decay", s.rows, s.cols, s.alpha, s.decay, s.seed)
    if s.source == "lora":
        return ("lora", s.rows, s.cols, s.rank, s.noise, s.seed)
    path = resolve(s.path, s.folder)
    try:
        st = path.stat()
        stamp = (st.st_size, st.st_mtime_ns)
    except OSError:
        stamp = None
    return ("file", str(path), stamp, s.tensor, s.channel)


def cached_source(s: LowRankState) -> Source | None:
    """The built source of ``s``, or None when it has not been built (or was dropped)."""
    return _cache.get(source_key(s))


def source_of(s: LowRankState, backend: Backend | None = None) -> Source:
    """The source of ``s``: from the cache, else built now."""
    return cached_source(s) or build_source(s, backend)


def _matrix(s: LowRankState) -> tuple[np.ndarray, str, LoraParts | None, str]:
    """The matrix, its name for people, the LoRA parts, and its kind ("image" is drawn
    in grey)."""
    if s.source == "picture":
        return picture(), "the procedural picture, 512 × 512", None, "image"
    if s.source == "entries":
        return np.array(s.entries, dtype=np.float32), "the typed matrix", None, ""
    if s.source == "random":
        return (low_rank_plus_noise(s.rows, s.cols, s.rank, s.noise, s.seed),
                f"a random matrix of rank {s.rank} plus noise {s.noise:g}", None, "")
    if s.source == "decay":
        law = f"i^−{s.alpha:g}" if s.decay == "power" else f"e^−{s.alpha:g}(i−1)"
        return decaying(s.rows, s.cols, s.alpha, s.decay, s.seed), f"σᵢ = {law}", None, ""
    if s.source == "lora":
        parts = lora_update(s.rows, s.cols, s.rank, s.noise, s.seed)
        return parts.delta, f"ΔW = BA of rank {s.rank} plus noise {s.noise:g}", parts, ""
    loaded = read_matrix(resolve(s.path, s.folder), tensor=s.tensor or None,
                         channel=s.channel, image_reader=_image_reader)
    return loaded.matrix, loaded.name, None, loaded.kind


def build_source(s: LowRankState, backend: Backend | None = None) -> Source:
    """Make or read the matrix ``s`` names, decompose it and keep it (the heavy step).

    Raises
    ------
    MatrixFileError
        For a file that cannot be read as a matrix.
    """
    key = source_key(s)
    matrix, name, parts, kind = _matrix(s)
    if backend is None:
        backend = select_backend() if matrix.size >= GPU_FROM else numpy_backend()
    dec = decompose(matrix, backend=backend)
    stride = max(1, -(-max(matrix.shape) // SHOWN_SIDE))
    lo, hi = float(np.min(matrix)), float(np.max(matrix))
    signed = lo < 0 < hi
    top = max(abs(lo), abs(hi)) or 1.0
    levels = (-top, top) if signed else (min(lo, 0.0), hi if hi > 0 else 1.0)
    t = min(TILES, len(dec.s))
    u, vt = dec.u[::stride, :t], dec.vt[:t, ::stride]
    layers = np.einsum("it,t,tj->tij", u, dec.s[:t], vt).astype(np.float32)
    w_values = None
    if parts is not None:
        w_values = decompose(parts.w, backend=numpy_backend()).s
    for a in (layers, w_values):
        if a is not None:
            a.setflags(write=False)
    is_image = s.source == "picture" or kind == "image"
    src = Source(matrix, name, dec, stride, levels, signed, layers, parts, w_values, is_image)
    return _cache.put(key, src)
