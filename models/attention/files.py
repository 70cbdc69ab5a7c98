"""The ``.npy`` files that can hold the Attention lab's Q and K: where a typed path points,
what a file's header says, and reading one head's values.

A path is checked as text first (a NUL byte, a broken surrogate, a name over 255 bytes or
a path over 4,095 bytes, ``~someone`` with no such user), so every problem becomes one
``ValueError`` with a message for a person rather than an ``OSError`` or ``RuntimeError``
from deep inside :mod:`pathlib`. A relative path is read from a given folder: a scene's
paths are relative to the scene file, not to wherever linscope happened to be started.
Files are only ever opened with ``allow_pickle=False``.
"""

from __future__ import annotations

import math
from pathlib import Path
from tokenize import TokenError  # a garbled header dict fails while NumPy tokenizes it

import numpy as np

__all__ = ["MAX_D", "MAX_H", "MAX_N", "file_key", "npy_info", "read_head", "resolve_path",
           "widen_if_huge"]

MAX_N = 131072
MAX_D = 1024
MAX_H = 64
_NAME_BYTES = 255  # the longest file or folder name most file systems allow
_PATH_BYTES = 4095  # PATH_MAX less the terminating NUL
_F32_MAX = float(np.finfo(np.float32).max)
# Scores are q·k / (√d · T) with T down to 0.01: past this bound float32 scores (and their
# differences from the row maximum) could overflow, so such heads are computed in float64.
_F32_SAFE = 1e37
_MIN_TEMPERATURE = 0.01


def resolve_path(text: str, folder: str | None = None, what: str = "file") -> Path:
    """The file a typed ``text`` names: ``~`` expanded, relative to ``folder`` if given.

    Raises
    ------
    ValueError
        When the text cannot name a file; the message says why.
    """
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"{what}: a file path must be text")
    if "\0" in text:
        raise ValueError(f"{what}: the path holds a NUL character")
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError:
        raise ValueError(f"{what}: the path holds a broken character (a lone surrogate)"
                         ) from None
    if size > _PATH_BYTES:
        raise ValueError(f"{what}: the path is longer than {_PATH_BYTES} bytes")
    p = Path(text)
    if any(len(part.encode("utf-8")) > _NAME_BYTES for part in p.parts):
        raise ValueError(f"{what}: a file or folder name in the path is longer than "
                         f"{_NAME_BYTES} bytes")
    if text.startswith("~"):
        try:
            p = p.expanduser()
        except RuntimeError:  # "~nosuchuser/q.npy"
            raise ValueError(f"{what}: no home folder for {p.parts[0]!r}") from None
    if not p.is_absolute() and folder is not None:
        p = Path(folder) / p
    return p


def _npy_header(p: Path, name: str) -> tuple[tuple[int, ...], np.dtype]:
    """Shape and dtype from a ``.npy`` header; reads no data and never unpickles."""
    fmt = np.lib.format
    with open(p, "rb") as fh:
        if fh.read(6) != fmt.MAGIC_PREFIX:
            raise ValueError(f"{name} is not a readable .npy array (no NumPy header)")
        fh.seek(0)
        try:
            version = fmt.read_magic(fh)
            if version == (1, 0):
                shape, _, dtype = fmt.read_array_header_1_0(fh)
            elif version == (2, 0):
                shape, _, dtype = fmt.read_array_header_2_0(fh)
            else:  # 3.0 exists only for structured dtypes, which Q and K cannot be
                raise ValueError(f"format version {version[0]}.{version[1]} is not supported")
        except (ValueError, SyntaxError, EOFError, TokenError) as err:
            raise ValueError(f"{name} is not a readable .npy array ({err})") from None
        offset = fh.tell()
    shape = tuple(int(s) for s in shape)
    if not dtype.hasobject:
        need = offset + math.prod(shape) * dtype.itemsize
        if p.stat().st_size < need:
            raise ValueError(f"{name} is shorter than its header says (a truncated file?)")
    return shape, dtype


def npy_info(path: str, what: str = "file",
             folder: str | None = None) -> tuple[tuple[int, ...], np.dtype]:
    """Shape and dtype of a ``.npy`` file holding Q or K, checked for a person.

    Only the header is read, so this is quick for any size of file; NaN and inf in
    the values are refused later, by :func:`read_head`. Accepts real numeric arrays of
    shape (n, d) or (h, n, d). A relative ``path`` is relative to ``folder`` (default: the
    working folder). Raises ``ValueError`` naming the file and the problem (a bad path,
    missing, not .npy, pickled objects, complex, wrong rank, too large, truncated).
    """
    p = resolve_path(path, folder, what)
    name = f"{what} {p.name}"
    try:
        if not p.is_file():
            raise ValueError(f"{name}: no such file")
        if p.suffix.lower() != ".npy":
            raise ValueError(f"{name}: not a .npy file (save it with numpy.save)")
        shape, dtype = _npy_header(p, name)
    except OSError as err:
        raise ValueError(f"{name} cannot be read ({err.strerror or err})") from None
    if dtype.hasobject:
        raise ValueError(f"{name} holds Python objects; only numeric arrays load")
    if dtype.kind not in "fiu":
        raise ValueError(f"{name} has dtype {dtype}; Q and K need real numbers")
    if len(shape) not in (2, 3):
        raise ValueError(f"{name} has shape {shape}; expected (n, d) or (heads, n, d)")
    h, n, d = (1, *shape) if len(shape) == 2 else shape
    if min(h, n, d) < 1:
        raise ValueError(f"{name} has shape {shape}; every size must be at least 1")
    if n > MAX_N or d > MAX_D or h > MAX_H:
        raise ValueError(f"{name} has shape {shape}; at most {MAX_H} heads, {MAX_N} tokens "
                         f"and {MAX_D} dimensions")
    return shape, dtype


def file_key(path: str | None):
    """What identifies a file's contents for a cache: its path, time and size."""
    if path is None:
        return None
    st = Path(path).stat()
    return (str(path), st.st_mtime_ns, st.st_size)


def read_head(path: str, head: int, what: str) -> np.ndarray:
    """One head (n, d) of a checked file as float32, refusing NaN, inf and values too large.

    Raises
    ------
    ValueError
        Non-finite values, or values beyond float32's range (about 3.4e38).
    """
    a = np.load(Path(path), mmap_mode="r", allow_pickle=False)
    sel = a[head] if a.ndim == 3 else a
    # One pass over the file in the usual case: convert, then look for what is not finite.
    with np.errstate(over="ignore", invalid="ignore"):
        out = np.ascontiguousarray(sel, dtype=np.float32)
    if not np.isfinite(out).all():
        peak = _peak(sel)
        if not math.isfinite(peak):
            raise ValueError(f"{what} {Path(path).name} contains NaN or infinite values")
        raise ValueError(f"{what} {Path(path).name} holds values of size {peak:.3g}; at most "
                         f"{_F32_MAX:.3g} (float32) is supported")
    return out


def _peak(a: np.ndarray) -> float:
    # min and max, not abs: they stream through a memory-mapped file without a temporary.
    return max(-float(np.min(a)), float(np.max(a))) if a.size else 0.0


def widen_if_huge(q: np.ndarray, k: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``q`` and ``k`` unchanged, or as float64 when float32 scores could overflow.

    The softmax only sees differences from each row's maximum, but the scores themselves
    must exist first: near 3e38 their float32 products are inf, and inf - inf is NaN.
    float64 holds them exactly (every float32 is a float64) with room to spare.
    """
    pq, pk = _peak(q), _peak(k)
    d = q.shape[-1]
    bound = max(pq, pk, math.sqrt(d) * pq * pk) / _MIN_TEMPERATURE
    if bound < _F32_SAFE:
        return q, k
    return q.astype(np.float64), k.astype(np.float64)
