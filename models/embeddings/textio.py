"""Streaming pieces shared by the text formats: checked lines, numbers, rows and labels.

A file is read one line at a time (never whole), each line checked to be UTF-8 text without
NUL bytes and of a sane length, so a binary file is refused at its first bad line instead of
being parsed as numbers. Numbers are parsed with :func:`float` on ASCII fields only (no
``eval``, no non-ASCII digits, no ``1_000``), collected in blocks, and checked finite per
block, so a 200,000 × 300 file costs one Python call per line, not per number.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

import numpy as np

from models.embeddings.errors import EmbeddingFileError, EmbeddingTooLarge, LoadCancelled

#: Lines between two progress reports and cancel checks.
CHECK_EVERY = 1024
#: Bytes between two progress reports and cancel checks, however long the lines.
CHECK_BYTES = 1 << 20
#: Rows parsed into one block before it is checked and stored (fewer for long rows, so a
#: block's Python floats stay near :data:`BLOCK_NUMBERS`, about 32 MB).
BLOCK_ROWS = 4096
BLOCK_NUMBERS = 1 << 20


class Ticker:
    """Progress reports kept monotone, and the cancel check, for one load.

    Parameters
    ----------
    progress : callable or None
        Called as ``progress(fraction)`` with a fraction in [0, 1] that never decreases.
    cancelled : callable or None
        Called now and then; once it returns true the load raises :class:`LoadCancelled`.
    """

    def __init__(self, progress: Callable[[float], object] | None,
                 cancelled: Callable[[], bool] | None) -> None:
        self._progress = progress
        self._cancelled = cancelled
        self._last = 0.0

    def at(self, fraction: float) -> None:
        """Check for a cancel, then report ``fraction`` (clamped so it never goes back)."""
        if self._cancelled is not None and self._cancelled():
            raise LoadCancelled("the load was cancelled")
        fraction = min(1.0, max(self._last, float(fraction)))
        self._last = fraction
        if self._progress is not None:
            self._progress(fraction)

    def part(self, lo: float, hi: float) -> Callable[[float], None]:
        """A reporter mapping [0, 1] of one file onto [lo, hi] of the whole load."""
        return lambda f: self.at(lo + (hi - lo) * f)


def iter_lines(fh: BinaryIO, path: Path, size: int, tick: Callable[[float], None],
               max_line_bytes: int) -> Iterator[tuple[int, str]]:
    """Yield ``(line number, text)`` for each line of ``fh``, without its line ending.

    Parameters
    ----------
    fh : binary file
        Open for reading at its start.
    path : Path
        Named in errors.
    size : int
        The file's size in bytes, for progress.
    tick : callable
        Called with the fraction read every :data:`CHECK_EVERY` lines or
        :data:`CHECK_BYTES` bytes, whichever comes first (it may raise :class:`LoadCancelled`).
    max_line_bytes : int
        A longer line refuses the file (a binary file may hold no newline at all).

    Raises
    ------
    EmbeddingFileError
        On a NUL byte, invalid UTF-8 or an over-long line.
    """
    done = number = 0
    next_check = CHECK_BYTES
    while True:
        raw = fh.readline(max_line_bytes + 1)
        if not raw:
            return
        number += 1
        done += len(raw)
        if len(raw) > max_line_bytes and not raw.endswith(b"\n"):
            raise EmbeddingFileError(f"line {number} is longer than {max_line_bytes:,} bytes, "
                                     "so this is not a word-vector text file", path, number)
        if b"\x00" in raw:
            raise EmbeddingFileError(f"line {number} holds a NUL byte: this is not a text file",
                                     path, number)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise EmbeddingFileError(f"line {number}, byte {exc.start + 1} is not UTF-8: "
                                     "this is not a text file", path, number) from None
        if number == 1 and text.startswith("\ufeff"):
            text = text[1:]
        if number % CHECK_EVERY == 0 or done >= next_check:
            next_check = done + CHECK_BYTES
            tick(done / size if size else 1.0)
        yield number, text.rstrip("\r\n")


def plural(count: int, noun: str) -> str:
    """``"1 number"``, ``"3 numbers"``: a count and its noun, for messages."""
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


def _shown(field: str) -> str:
    """A field as a message quotes it: repr, cut short."""
    return repr(field if len(field) <= 24 else field[:21] + "...")


def is_number(field: str) -> bool:
    """Whether ``field`` is an ASCII number :func:`float` reads (``nan`` and ``inf`` included)."""
    if not field.isascii() or "_" in field:
        return False
    try:
        float(field)
    except ValueError:
        return False
    return True


def parse_numbers(fields: list[str], line: int, first: int, path: Path) -> list[float]:
    """The fields as floats, or an error naming the first one that is not a number.

    Parameters
    ----------
    fields : list of str
        The number fields of one line.
    line : int
        Its 1-based number.
    first : int
        The 1-based field number of ``fields[0]`` in the line (2 after a label).
    path : Path
        Named in errors.
    """
    joined = "".join(fields)
    if joined.isascii() and "_" not in joined:
        try:
            return list(map(float, fields))
        except ValueError:
            pass
    for k, field in enumerate(fields):
        if not is_number(field):
            raise EmbeddingFileError(f"line {line}, field {first + k}: {_shown(field)} "
                                     "is not a number", path, line, first + k)
    raise AssertionError("unreachable: some field failed to parse")


class RowSink:
    """Rows of numbers gathered into one ``(n, dim)`` array, checked finite block by block.

    Parameters
    ----------
    dim : int
        Numbers per row.
    dtype : numpy dtype
        Of the result (float32 or float64).
    path : Path
        Named in errors.
    first : int
        The 1-based field number of a row's first number (2 after a label).
    max_rows : int
        One row more refuses the file.
    expected : int, optional
        The number of rows announced up front (a word2vec header): the result is allocated
        once instead of gathered.
    """

    def __init__(self, dim: int, dtype, path: Path, first: int, max_rows: int,
                 expected: int | None = None) -> None:
        self.dim, self.dtype, self.path, self.first = dim, np.dtype(dtype), path, first
        self.max_rows = max_rows
        self.count = 0
        self._flat: list[float] = []
        self._lines: list[int] = []
        self._blocks: list[np.ndarray] = []
        self._out = None if expected is None else np.empty((expected, dim), self.dtype)
        self._stored = 0

    def add(self, fields: list[str], line: int) -> None:
        """Parse one row's number fields (their count already checked) and keep them."""
        if self.count >= self.max_rows:
            raise EmbeddingTooLarge(f"line {line} holds vector number {self.count + 1:,}, "
                                    f"more than the limit of {self.max_rows:,}", self.path, line)
        self._flat.extend(parse_numbers(fields, line, self.first, self.path))
        self._lines.append(line)
        self.count += 1
        if len(self._lines) >= min(BLOCK_ROWS, max(1, BLOCK_NUMBERS // self.dim)):
            self._flush()

    def _flush(self) -> None:
        if not self._lines:
            return
        block = np.array(self._flat, dtype=np.float64).reshape(-1, self.dim)
        self._check_finite(block, None)
        with np.errstate(over="ignore"):
            cast = block.astype(self.dtype)
        self._check_finite(cast, block)
        if self._out is None:
            self._blocks.append(cast)
        else:
            self._out[self._stored:self._stored + len(cast)] = cast
        self._stored += len(cast)
        self._flat, self._lines = [], []

    def _check_finite(self, block: np.ndarray, parsed: np.ndarray | None) -> None:
        finite = np.isfinite(block)
        if finite.all():
            return
        row, col = np.argwhere(~finite)[0]
        line, field = self._lines[row], self.first + int(col)
        if parsed is None:
            value = block[row, col]
            what = "NaN" if np.isnan(value) else ("inf" if value > 0 else "-inf")
            message = f"line {line}, field {field} holds {what}"
        else:
            message = (f"line {line}, field {field} holds {parsed[row, col]:g}, "
                       f"beyond the range of {self.dtype.name}")
        raise EmbeddingFileError(message, self.path, line, field)

    def finish(self) -> np.ndarray:
        """The ``(count, dim)`` array of every row added."""
        self._flush()
        if self._out is not None:
            return self._out[:self._stored]
        if len(self._blocks) == 1:
            return self._blocks[0]
        return np.concatenate(self._blocks, axis=0)


class LabelSet:
    """Labels in file order, refusing empty and repeated ones.

    Parameters
    ----------
    path : Path
        Named in errors.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.words: list[str] = []
        self._seen: dict[str, int] = {}

    def add(self, label: str, line: int) -> None:
        """Keep ``label`` read from 1-based ``line``."""
        if not label:
            raise EmbeddingFileError(f"line {line} has an empty label", self.path, line, 1)
        earlier = self._seen.setdefault(label, line)
        if earlier != line:
            raise EmbeddingFileError(f"line {line} repeats the label {_shown(label)} of "
                                     f"line {earlier}", self.path, line, 1)
        self.words.append(label)


class Limits:
    """The most a load accepts.

    Parameters
    ----------
    max_rows : int
        Vectors.
    max_dim : int
        Numbers per vector.
    """

    def __init__(self, max_rows: int, max_dim: int) -> None:
        if max_rows < 1 or max_dim < 1:
            raise ValueError("the limits on vectors and dimensions must be at least 1")
        self.max_rows, self.max_dim = int(max_rows), int(max_dim)

    @property
    def max_line_bytes(self) -> int:
        """The longest line a text file may hold: room for ``max_dim`` long numbers and a label."""
        return self.max_dim * 64 + 65536

    def check_dim(self, dim: int, path: Path, line: int, what: str = "line") -> None:
        """Refuse a vector of ``dim`` numbers over the limit, naming where it was found."""
        if dim > self.max_dim:
            has = plural(dim, "number")
            raise EmbeddingTooLarge(f"{what} {line} has {has}, more than the limit of "
                                    f"{self.max_dim:,} dimensions", path, line)
