"""A matrix from a text file: numbers separated by commas, semicolons or white space.

One row of the matrix per line. Blank lines and lines starting with ``#`` (NumPy's
``savetxt`` header) are skipped, and so is a first row holding anything that is not a
number (column names). The file is read a line at a time, each checked to be UTF-8 text
without NUL bytes, so a binary file is refused at its first bad line; numbers go through
:func:`float` on ASCII fields only (never ``eval``).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from models.lowrank.file_errors import MatrixFileError

__all__ = ["MAX_LINE_BYTES", "read_text_matrix"]

#: A longer line refuses the file (a binary file may have no line break at all).
MAX_LINE_BYTES = 16 * 1024 * 1024
_F32_MAX = float(np.finfo(np.float32).max)
#: Numbers parsed before they are packed into a float32 block.
BLOCK_NUMBERS = 1 << 20


def _lines(path: Path):
    """``(line number, text)`` of each line, checked to be text."""
    with open(path, "rb") as fh:
        number = 0
        while raw := fh.readline(MAX_LINE_BYTES + 1):
            number += 1
            if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                raise MatrixFileError(f"line {number} is longer than {MAX_LINE_BYTES:,} bytes: "
                                      "this is not a text matrix", path, number)
            if b"\x00" in raw:
                raise MatrixFileError(f"line {number} holds a NUL byte: this is not a text "
                                      "file", path, number)
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise MatrixFileError(f"line {number}, byte {exc.start + 1} is not UTF-8: this "
                                      "is not a text file", path, number) from None
            if number == 1:
                text = text.removeprefix("\ufeff")
            yield number, text.strip()


def _separator(text: str) -> str | None:
    """The field separator a line uses: ``";"``, ``","`` or None for white space."""
    return ";" if ";" in text else ("," if "," in text else None)


def _is_number(field: str) -> bool:
    if not field.isascii() or "_" in field:
        return False
    try:
        float(field)
    except ValueError:
        return False
    return True


def _shown(field: str) -> str:
    return repr(field if len(field) <= 24 else field[:21] + "...")


def _parse(fields: list[str], number: int, path: Path) -> list[float]:
    try:
        if all(f.isascii() and "_" not in f for f in fields):
            values = [float(f) for f in fields]
            if all(-_F32_MAX <= v <= _F32_MAX for v in values):  # False for NaN too
                return values
    except ValueError:
        pass
    for j, f in enumerate(fields, 1):
        if not f:
            raise MatrixFileError(f"line {number}, field {j} is empty", path, number)
        if not _is_number(f):
            raise MatrixFileError(f"line {number}, field {j} is {_shown(f)}, not a number",
                                  path, number)
        if not math.isfinite(float(f)):
            raise MatrixFileError(f"line {number}, field {j} is {f}; a matrix needs finite "
                                  "numbers", path, number)
        if abs(float(f)) > _F32_MAX:
            raise MatrixFileError(f"line {number}, field {j} is {f}, beyond single precision "
                                  "(about ±3.4e38)", path, number)
    raise AssertionError("unreachable")  # pragma: no cover


def read_text_matrix(path: str | Path, max_elements: int) -> tuple[np.ndarray, int]:
    """Read a CSV (or white-space separated) matrix of finite numbers.

    Parameters
    ----------
    path : str or Path
    max_elements : int
        More numbers than this refuse the file, as soon as they are counted.

    Returns
    -------
    matrix : ndarray (m, n)
        float32, C-contiguous.
    skipped : int
        1 when a header row was skipped, else 0.

    Raises
    ------
    MatrixFileError
        Binary content, a non-numeric or empty field, a non-finite number, a row of another
        length than the first, no numbers at all, or too many; the message names the 1-based
        line.
    """
    path = Path(path)
    blocks: list[np.ndarray] = []
    block: list[list[float]] = []
    width = first_line = skipped = count = 0
    for number, text in _lines(path):
        if not text or text.startswith("#"):
            continue
        sep = _separator(text)
        fields = [f.strip() for f in text.split(sep)] if sep else text.split()
        if not count and not skipped and not all(_is_number(f) for f in fields):
            skipped = 1  # a header row: column names
            continue
        values = _parse(fields, number, path)
        if not count:
            width, first_line = len(values), number
        elif len(values) != width:
            raise MatrixFileError(f"line {number} has {len(values)} numbers but line "
                                  f"{first_line} has {width}; every row needs as many",
                                  path, number)
        count += width
        if count > max_elements:
            raise MatrixFileError(f"it holds more than {max_elements:,} numbers, the limit",
                                  path, number)
        block.append(values)
        if len(block) * width >= BLOCK_NUMBERS:  # Python floats cost 32 bytes each: pack them
            blocks.append(_packed(block))
            block = []
    if block:
        blocks.append(_packed(block))
    if not blocks:
        raise MatrixFileError("it holds no numbers", path)
    return np.ascontiguousarray(np.vstack(blocks)), skipped


def _packed(block: list[list[float]]) -> np.ndarray:
    """Rows of Python floats (each within float32's range) as a float32 array."""
    return np.array(block, dtype=np.float32)
