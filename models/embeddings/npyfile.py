"""Reading a NumPy ``.npy`` file of word vectors, never unpickling.

The header is read and judged first (shape, dtype, limits, size), so an object array, a 3-D
array or a huge one is refused before a single number is read; the numbers are then copied
from a read-only memory map in row blocks, so progress and cancel work on big files too.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from models.embeddings.errors import EmbeddingFileError, EmbeddingTooLarge
from models.embeddings.textio import Limits

#: Numbers copied between two progress reports.
BLOCK_NUMBERS = 1 << 22


def _header(path: Path) -> tuple[tuple[int, ...], np.dtype, int]:
    """The shape, dtype and data offset an ``.npy`` header announces."""
    fmt = np.lib.format
    with open(path, "rb") as fh:
        try:
            version = fmt.read_magic(fh)
        except ValueError:
            raise EmbeddingFileError("this is not an .npy file (it does not start as NumPy's "
                                     "files do)", path) from None
        readers = {(1, 0): fmt.read_array_header_1_0, (2, 0): fmt.read_array_header_2_0}
        if version not in readers:
            raise EmbeddingFileError(f"its .npy format version {version[0]}.{version[1]} "
                                     "holds a structured array; word vectors need a 2-D "
                                     "array of numbers", path)
        try:
            shape, _, dtype = readers[version](fh)
        except ValueError:
            raise EmbeddingFileError("its .npy header is damaged", path) from None
        return shape, dtype, fh.tell()


def _check(path: Path, shape: tuple[int, ...], dtype: np.dtype, limits: Limits) -> None:
    """Refuse what is not a 2-D array of real numbers within the limits."""
    if dtype.hasobject:
        raise EmbeddingFileError("it holds Python objects (a pickled array), which are never "
                                 "unpickled; word vectors need a 2-D array of numbers", path)
    if dtype.fields is not None or dtype.subdtype is not None:
        raise EmbeddingFileError("it holds a structured array; word vectors need a 2-D array "
                                 "of numbers", path)
    if dtype.kind not in "fiu":
        raise EmbeddingFileError(f"it holds {dtype.name} values; word vectors need real "
                                 "numbers", path)
    if len(shape) != 2:
        raise EmbeddingFileError(f"it holds a {len(shape)}-D array of shape {shape}; word "
                                 "vectors need a 2-D array (vectors × dimensions)", path)
    if 0 in shape:
        raise EmbeddingFileError(f"it holds an empty array of shape {shape}", path)
    if shape[0] > limits.max_rows:
        raise EmbeddingTooLarge(f"it holds {shape[0]:,} vectors, more than the limit of "
                                f"{limits.max_rows:,}", path)
    limits.check_dim(shape[1], path, 1, "row")


def _result_dtype(dtype: np.dtype) -> np.dtype:
    """float64 for numbers float32 cannot hold exactly (float64 and wider, 32- and 64-bit
    integers), float32 for the rest."""
    wide = dtype.itemsize >= 8 if dtype.kind == "f" else dtype.itemsize >= 4
    return np.dtype(np.float64 if wide else np.float32)


def read_npy(path: Path, size: int, tick: Callable[[float], None], limits: Limits) -> np.ndarray:
    """Read a 2-D numeric ``.npy`` array of vectors, one per row.

    Parameters
    ----------
    path : Path
        The file.
    size : int
        Its size in bytes (a file shorter than its header announces is refused).
    tick : callable
        Progress (and cancel) reporter, called with the fraction copied.
    limits : Limits
        The most vectors and dimensions accepted.

    Returns
    -------
    ndarray, shape (n, d)
        float64 for float64 (or wider) and 32/64-bit integer files, float32 otherwise.

    Raises
    ------
    EmbeddingFileError
        For anything but a finite 2-D array of real numbers; rows and columns in messages
        count from 1.
    """
    if size == 0:
        raise EmbeddingFileError("the file is empty", path)
    shape, dtype, offset = _header(path)
    _check(path, shape, dtype, limits)
    n, d = shape
    need = n * d * dtype.itemsize
    if size - offset < need:
        raise EmbeddingFileError(f"the file is truncated: its header announces {need:,} bytes "
                                 f"of numbers but it holds {size - offset:,}", path)
    try:
        source = np.load(path, mmap_mode="r", allow_pickle=False)
    except ValueError as exc:
        raise EmbeddingFileError(f"it cannot be read as an array ({exc})", path) from None
    out = np.empty((n, d), _result_dtype(dtype))
    step = max(1, BLOCK_NUMBERS // d)
    for start in range(0, n, step):
        stop = min(n, start + step)
        with np.errstate(over="ignore", invalid="ignore"):
            out[start:stop] = source[start:stop]
        if dtype.kind == "f":
            _check_finite(path, out[start:stop], start)
        tick(stop / n)
    del source
    return out


def _check_finite(path: Path, block: np.ndarray, start: int) -> None:
    finite = np.isfinite(block)
    if finite.all():
        return
    row, col = (int(i) for i in np.argwhere(~finite)[0])
    value = block[row, col]
    what = "NaN" if np.isnan(value) else ("inf" if value > 0 else "-inf")
    raise EmbeddingFileError(f"row {start + row + 1}, column {col + 1} holds {what}",
                             path, start + row + 1, col + 1)
