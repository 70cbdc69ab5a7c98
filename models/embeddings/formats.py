"""Readers of the text formats: GloVe / word2vec text, CSV, and the Embedding Projector's TSV
pair (``vectors.tsv`` + ``metadata.tsv``).

Each reader streams its file through :func:`models.embeddings.textio.iter_lines` and names the
1-based line (and field, counting a label column as field 1) of anything it refuses. Blank
lines are skipped but still counted, so the numbers match what an editor shows.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

from models.embeddings.errors import EmbeddingFileError, EmbeddingTooLarge
from models.embeddings.textio import LabelSet, Limits, RowSink, is_number, iter_lines, plural

Tick = Callable[[float], None]
Rows = Iterator[tuple[int, list[str]]]


def _rows(lines: Iterator[tuple[int, str]], split: Callable[[str], list[str]]) -> Rows:
    """The non-blank lines, split into fields."""
    for number, text in lines:
        if text.strip():
            yield number, split(text)


class _LabelledRows:
    """Rows of ``label n1 n2 ...`` gathered into labels and an array, with count checks."""

    def __init__(self, path: Path, limits: Limits, dtype, announced: int | None = None,
                 dim: int | None = None, source: str = "the first row had") -> None:
        self.path, self.limits, self.dtype = path, limits, dtype
        self.announced, self.dim, self.source = announced, dim, source
        self.labels = LabelSet(path)
        self.sink: RowSink | None = None

    def add(self, line: int, fields: list[str]) -> None:
        numbers = fields[1:]
        if self.dim is None:
            if not numbers:
                raise EmbeddingFileError(f"line {line} has a label but no numbers",
                                         self.path, line)
            self.limits.check_dim(len(numbers), self.path, line)
            self.dim = len(numbers)
        elif len(numbers) != self.dim:
            has = plural(len(numbers), "number")
            raise EmbeddingFileError(f"line {line} has {has}; {self.source} {self.dim}",
                                     self.path, line)
        if self.sink is None:
            self.sink = RowSink(self.dim, self.dtype, self.path, 2, self.limits.max_rows,
                                self.announced)
        if self.announced is not None and self.sink.count >= self.announced:
            raise EmbeddingFileError(f"line {line} is past the {self.announced:,} vectors "
                                     "the word2vec header on line 1 announces", self.path, line)
        self.labels.add(fields[0], line)
        self.sink.add(numbers, line)

    def finish(self) -> tuple[list[str], np.ndarray]:
        if self.sink is None:
            raise EmbeddingFileError("the file holds no vectors", self.path)
        if self.announced is not None and self.sink.count != self.announced:
            raise EmbeddingFileError(f"the word2vec header on line 1 announces "
                                     f"{self.announced:,} vectors but the file holds "
                                     f"{self.sink.count:,}", self.path, 1)
        return self.labels.words, self.sink.finish()


def _is_count(field: str) -> bool:
    return field.isascii() and field.isdigit()


def _w2v_header(first: list[str], second: list[str] | None) -> bool:
    """Whether the first row ``N D`` is a word2vec header rather than a 1-D vector.

    Two whole numbers are a header unless the next row also has two fields and D is not 1
    (then both rows are a label and one number).
    """
    if len(first) != 2 or not (_is_count(first[0]) and _is_count(first[1])):
        return False
    return second is None or len(second) != 2 or int(first[1]) == 1


def read_text(path: Path, size: int, tick: Tick, limits: Limits, dtype
              ) -> tuple[list[str], np.ndarray]:
    """Read a GloVe / word2vec text file: ``word v1 v2 ...`` per line, with or without the
    word2vec header line ``N D``.

    Parameters
    ----------
    path : Path
        The file.
    size : int
        Its size in bytes, for progress.
    tick : callable
        Progress (and cancel) reporter, called with the fraction read.
    limits : Limits
        The most vectors and dimensions accepted.
    dtype : numpy dtype
        Of the vectors returned.

    Returns
    -------
    words : list of str
    vectors : ndarray, shape (n, d)
    """
    with open(path, "rb") as fh:
        rows = _rows(iter_lines(fh, path, size, tick, limits.max_line_bytes), str.split)
        first = next(rows, None)
        if first is None:
            raise EmbeddingFileError("the file is empty", path)
        second = next(rows, None)
        if first[0] == 1 and _w2v_header(first[1], None if second is None else second[1]):
            count, dim = int(first[1][0]), int(first[1][1])
            if count > limits.max_rows:
                raise EmbeddingTooLarge(f"the word2vec header on line 1 announces {count:,} "
                                        f"vectors, more than the limit of {limits.max_rows:,}",
                                        path, 1)
            limits.check_dim(dim, path, 1)
            if count == 0 or dim == 0 or second is None:
                raise EmbeddingFileError("the file holds a word2vec header but no vectors",
                                         path, 1)
            if count * (2 * dim + 2) > size:
                # Each row takes at least a one-letter label and a one-digit number per field,
                # each with a separator: a header claiming more is wrong (and the array it
                # would have us allocate could be huge).
                raise EmbeddingFileError(f"the word2vec header on line 1 announces {count:,} "
                                         f"vectors of {dim:,} numbers, more than the file's "
                                         f"{size:,} bytes can hold", path, 1)
            table = _LabelledRows(path, limits, dtype, count, dim,
                                  "the word2vec header on line 1 says")
        else:
            table = _LabelledRows(path, limits, dtype)
            table.add(*first)
        if second is not None:
            table.add(*second)
        for line, fields in rows:
            table.add(line, fields)
    return table.finish()


def _csv_header(fields: list[str]) -> bool:
    """Whether a CSV's first row is a header: an empty first cell (a pandas index), no number
    among the rest, or the rest counting 0.. or 1.. (pandas' column names)."""
    rest = fields[1:]
    if not fields[0].strip() or not any(map(is_number, rest)):
        return True
    return rest in ([str(i) for i in range(len(rest))], [str(i + 1) for i in range(len(rest))])


def _csv_rows(lines: Iterator[tuple[int, str]], path: Path) -> Rows:
    """The CSV records of ``lines`` (quoted commas allowed), numbered by their last line."""
    where = [0]

    def texts():
        for number, text in lines:
            where[0] = number
            yield text

    records = csv.reader(texts())
    while True:
        try:
            record = next(records, None)
        except csv.Error as exc:
            raise EmbeddingFileError(f"line {where[0]} is not valid CSV ({exc})",
                                     path, where[0]) from None
        if record is None:
            return
        if any(cell.strip() for cell in record):
            yield where[0], [record[0].strip(), *record[1:]]


def read_csv(path: Path, size: int, tick: Tick, limits: Limits, dtype
             ) -> tuple[list[str], np.ndarray]:
    """Read a CSV of ``word,v1,v2,...`` rows, with an optional header row (see
    :func:`read_text` for the parameters and results)."""
    with open(path, "rb") as fh:
        rows = _csv_rows(iter_lines(fh, path, size, tick, limits.max_line_bytes), path)
        first = next(rows, None)
        if first is None:
            raise EmbeddingFileError("the file is empty", path)
        if _csv_header(first[1]):
            dim = len(first[1]) - 1
            if dim == 0:
                raise EmbeddingFileError(f"the header on line {first[0]} names no number "
                                         "columns", path, first[0])
            limits.check_dim(dim, path, first[0])
            table = _LabelledRows(path, limits, dtype, None, dim,
                                  f"the header on line {first[0]} names")
        else:
            table = _LabelledRows(path, limits, dtype)
            table.add(*first)
        for line, fields in rows:
            table.add(line, fields)
    return table.finish()


def read_labels(path: Path, size: int, tick: Tick, limits: Limits, projector: bool
                ) -> tuple[list[str], dict[str, list[str]]]:
    """Read a labels file: one label per line, or (``projector``, several tab-separated
    columns) a header row and the label in the first column.

    Returns
    -------
    words : list of str
        The labels, stripped of surrounding spaces; blank lines at the end are ignored.
    columns : dict of str to list of str
        The other columns of a projector metadata file, by their header; else empty.
    """
    labels = LabelSet(path)
    names: list[str] | None = None
    columns: dict[str, list[str]] = {}
    blank: int | None = None
    with open(path, "rb") as fh:
        for line, text in iter_lines(fh, path, size, tick, limits.max_line_bytes):
            if line == 1 and projector and "\t" in text:
                names = text.split("\t")
                columns = {name: [] for name in names[1:]}
                continue
            if not text.strip():
                blank = line if blank is None else blank
                continue
            if blank is not None:
                raise EmbeddingFileError(f"line {blank} holds no label", path, blank)
            if len(labels.words) >= limits.max_rows:
                raise EmbeddingTooLarge(f"line {line} holds label number "
                                        f"{len(labels.words) + 1:,}, more than the limit of "
                                        f"{limits.max_rows:,}", path, line)
            if names is None:
                labels.add(text.strip(), line)
                continue
            cells = text.split("\t")
            if len(cells) != len(names):
                has = plural(len(cells), "column")
                raise EmbeddingFileError(f"line {line} has {has}; the header row has "
                                         f"{len(names)}", path, line)
            labels.add(cells[0].strip(), line)
            for name, cell in zip(names[1:], cells[1:], strict=True):
                columns[name].append(cell)
    if not labels.words:
        raise EmbeddingFileError("the file holds no labels", path)
    return labels.words, columns


def read_tsv_vectors(path: Path, size: int, tick: Tick, limits: Limits, dtype) -> np.ndarray:
    """Read the Embedding Projector's ``vectors.tsv``: tab-separated numbers, no labels."""
    sink: RowSink | None = None
    with open(path, "rb") as fh:
        lines = iter_lines(fh, path, size, tick, limits.max_line_bytes)
        for line, fields in _rows(lines, lambda t: t.strip().split("\t")):
            if sink is None:
                limits.check_dim(len(fields), path, line)
                sink = RowSink(len(fields), dtype, path, 1, limits.max_rows)
            elif len(fields) != sink.dim:
                has = plural(len(fields), "number")
                raise EmbeddingFileError(f"line {line} has {has}; the first row had "
                                         f"{sink.dim}", path, line)
            sink.add(fields, line)
    if sink is None:
        raise EmbeddingFileError("the file is empty", path)
    return sink.finish()
