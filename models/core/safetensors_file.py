"""Reading tensors from a ``.safetensors`` file, one at a time, never unpickling.

The format is simple enough to read directly: 8 bytes holding the header's length N (an
unsigned little-endian integer), N bytes of a JSON object mapping each tensor's name to
``{"dtype", "shape", "data_offsets": [begin, end]}`` (offsets into the data that follows the
header), with an optional ``"__metadata__"`` object of strings, then the data. Reading it
here, rather than through the ``safetensors`` package, lets bfloat16 reach NumPy (which has
no such type) as float32, and lets a caller list a multi-gigabyte model's tensors and read
one of them without touching the rest.

Every fault is one :class:`SafetensorsError` (a :class:`ValueError`) whose message is a
single sentence starting with the file's name.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

__all__ = ["DTYPE_NAMES", "ITEMSIZES", "MAX_HEADER_BYTES", "READABLE", "SafetensorsError",
           "SafetensorsHeader", "TensorInfo", "read_header", "read_tensor", "tensor_infos"]

#: A header longer than this is refused (as the reference implementation does).
MAX_HEADER_BYTES = 100_000_000

#: Bytes per element of each dtype the format names (sub-byte types are left out: their
#: tensors are listed but their sizes cannot be checked, and they are never read).
ITEMSIZES = {"BOOL": 1, "U8": 1, "I8": 1, "F8_E5M2": 1, "F8_E4M3": 1, "F8_E8M0": 1,
             "I16": 2, "U16": 2, "F16": 2, "BF16": 2, "I32": 4, "U32": 4, "F32": 4,
             "I64": 8, "U64": 8, "F64": 8}

#: The dtypes :func:`read_tensor` reads (as float32).
READABLE = ("F16", "BF16", "F32", "F64")

#: How people call the dtypes (NumPy's names, and bfloat16).
DTYPE_NAMES = {"BOOL": "bool", "U8": "uint8", "I8": "int8", "I16": "int16", "U16": "uint16",
               "I32": "int32", "U32": "uint32", "I64": "int64", "U64": "uint64",
               "F16": "float16", "BF16": "bfloat16", "F32": "float32", "F64": "float64",
               "F8_E5M2": "float8 (e5m2)", "F8_E4M3": "float8 (e4m3)",
               "F8_E8M0": "float8 (e8m0)"}

_NUMPY = {"F16": "<f2", "F32": "<f4", "F64": "<f8"}


class SafetensorsError(ValueError):
    """A ``.safetensors`` file (or a request of one) that cannot be read.

    Parameters
    ----------
    message : str
        One sentence saying what is wrong, without the file's name.
    path : str or Path, optional
        The file; its name starts the message.
    """

    def __init__(self, message: str, path: str | Path | None = None) -> None:
        self.path = None if path is None else Path(path)
        text = message if self.path is None else f"{self.path.name}: {message}"
        super().__init__(text if text.endswith(".") else text + ".")


@dataclass(frozen=True)
class TensorInfo:
    """One tensor of a file, as its header describes it.

    Attributes
    ----------
    name : str
    dtype : str
        The format's name: ``"F16"``, ``"BF16"``, ``"F32"``, ``"I64"``…
    shape : tuple of int
    begin, end : int
        Its bytes, as offsets into the data after the header.
    """

    name: str
    dtype: str
    shape: tuple[int, ...]
    begin: int = 0
    end: int = 0

    @property
    def ndim(self) -> int:
        """The number of dimensions."""
        return len(self.shape)

    @property
    def size(self) -> int:
        """The number of elements."""
        return math.prod(self.shape)

    @property
    def dtype_name(self) -> str:
        """The dtype as people call it (``"bfloat16"``, ``"float32"``)."""
        return DTYPE_NAMES.get(self.dtype, self.dtype)

    def describe(self) -> str:
        """``"h.0.attn.c_attn.weight (768 × 2304, bfloat16)"``, for lists and messages."""
        dims = " × ".join(str(d) for d in self.shape) or "scalar"
        return f"{self.name} ({dims}, {self.dtype_name})"


@dataclass(frozen=True)
class SafetensorsHeader:
    """A file's header, checked against the file's size.

    Attributes
    ----------
    tensors : list of TensorInfo
        In the order the header lists them.
    metadata : dict of str to str
        The ``__metadata__`` object (empty when absent).
    data_start : int
        Where the data begins in the file (8 + the header's length).
    """

    tensors: list[TensorInfo]
    metadata: dict[str, str] = field(default_factory=dict)
    data_start: int = 8

    def find(self, name: str, path: str | Path | None = None) -> TensorInfo:
        """The tensor called ``name``.

        Raises
        ------
        SafetensorsError
            No such tensor; the message names a few that exist.
        """
        for info in self.tensors:
            if info.name == name:
                return info
        names = [t.name for t in self.tensors]
        shown = ", ".join(names[:8]) + (f" … ({len(names)} in all)" if len(names) > 8 else "")
        raise SafetensorsError(f"it holds no tensor named {name!r}; it holds "
                               f"{shown or 'no tensors'}", path)


def _no_duplicates(pairs: list[tuple[str, object]]) -> dict:
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        seen = next(k for i, k in enumerate(keys) if k in keys[:i])
        raise SafetensorsError(f"its header names {seen!r} twice")
    return dict(pairs)


def _entry(name: str, value: object, data_size: int, path: Path) -> TensorInfo:
    """One tensor's entry, checked: fields, types, and bytes inside the data."""
    if not isinstance(value, dict):
        raise SafetensorsError(f"tensor {name!r} in the header is not an object", path)
    missing = [k for k in ("dtype", "shape", "data_offsets") if k not in value]
    if missing:
        raise SafetensorsError(f"tensor {name!r} in the header has no "
                               f"{' or '.join(repr(m) for m in missing)}", path)
    dtype, shape, offsets = value["dtype"], value["shape"], value["data_offsets"]
    if not isinstance(dtype, str):
        raise SafetensorsError(f"tensor {name!r} has a dtype that is not a string", path)
    if not isinstance(shape, list) or not all(
            isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in shape):
        raise SafetensorsError(f"tensor {name!r} has shape {shape!r}, not a list of "
                               "non-negative integers", path)
    if (not isinstance(offsets, list) or len(offsets) != 2 or not all(
            isinstance(o, int) and not isinstance(o, bool) for o in offsets)):
        raise SafetensorsError(f"tensor {name!r} has data_offsets {offsets!r}, not two "
                               "integers", path)
    begin, end = offsets
    if not 0 <= begin <= end <= data_size:
        raise SafetensorsError(f"tensor {name!r} lies at bytes {begin}–{end} of the data, "
                               f"outside its {data_size:,} bytes (a truncated file?)", path)
    info = TensorInfo(name, dtype, tuple(shape), begin, end)
    if dtype in ITEMSIZES and end - begin != info.size * ITEMSIZES[dtype]:
        raise SafetensorsError(f"tensor {name!r} of shape {tuple(shape)} and dtype {dtype} "
                               f"needs {info.size * ITEMSIZES[dtype]:,} bytes but its "
                               f"offsets span {end - begin:,}", path)
    return info


def _check_overlaps(tensors: list[TensorInfo], path: Path) -> None:
    spans = sorted((t for t in tensors if t.end > t.begin), key=lambda t: t.begin)
    for before, after in zip(spans, spans[1:], strict=False):
        if after.begin < before.end:
            raise SafetensorsError(f"tensors {before.name!r} and {after.name!r} overlap in "
                                   "the data", path)


def read_header(path: str | Path) -> SafetensorsHeader:
    """Read and check the header of a ``.safetensors`` file (no tensor data is read).

    Raises
    ------
    SafetensorsError
        Too short, a header length past the file's end or over :data:`MAX_HEADER_BYTES`, a
        header that is not a JSON object, an entry without its fields, offsets outside the
        data or not matching the shape and dtype, or overlapping tensors.
    OSError
        The file cannot be opened.
    """
    path = Path(path)
    with open(path, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        if size < 8:
            raise SafetensorsError(f"the file holds {size} bytes, too short for a "
                                   "safetensors header", path)
        n = int.from_bytes(fh.read(8), "little")
        if n > MAX_HEADER_BYTES:
            raise SafetensorsError(f"its header claims {n:,} bytes, more than the limit of "
                                   f"{MAX_HEADER_BYTES:,} (not a safetensors file?)", path)
        if n > size - 8:
            raise SafetensorsError(f"its header claims {n:,} bytes but the file holds only "
                                   f"{size - 8:,} after the length (truncated, or not a "
                                   "safetensors file)", path)
        raw = fh.read(n)
    try:
        doc = json.loads(raw.decode("utf-8"), object_pairs_hook=_no_duplicates)
    except SafetensorsError as err:
        raise SafetensorsError(str(err), path) from None
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise SafetensorsError("its header is not JSON (not a safetensors file?)",
                               path) from None
    if not isinstance(doc, dict):
        raise SafetensorsError("its header is not a JSON object", path)
    metadata = doc.pop("__metadata__", None) or {}
    if not isinstance(metadata, dict):
        raise SafetensorsError("its __metadata__ is not an object", path)
    data_size = size - 8 - n
    tensors = [_entry(name, value, data_size, path) for name, value in doc.items()]
    _check_overlaps(tensors, path)
    return SafetensorsHeader(tensors, {str(k): str(v) for k, v in metadata.items()}, 8 + n)


def tensor_infos(path: str | Path) -> list[TensorInfo]:
    """The tensors of a ``.safetensors`` file (name, dtype, shape), in header order.

    Raises
    ------
    SafetensorsError, OSError
        As :func:`read_header`.
    """
    return read_header(path).tensors


def read_tensor(path: str | Path, name: str,
                header: SafetensorsHeader | None = None) -> np.ndarray:
    """Read one tensor as float32, reading only its own bytes.

    Parameters
    ----------
    path : str or Path
    name : str
        The tensor.
    header : SafetensorsHeader, optional
        The file's header if already read (by :func:`read_header`), so it is not read again.

    Returns
    -------
    ndarray
        float32, of the tensor's shape. F16, BF16 and F64 values are converted (bfloat16 is
        the top half of a float32, so it widens exactly; float64 is rounded).

    Raises
    ------
    SafetensorsError
        No such tensor, a dtype other than F16/BF16/F32/F64 (the message names it), a
        damaged header, or a file that changed while it was read.
    """
    path = Path(path)
    header = header or read_header(path)
    info = header.find(name, path)
    if info.dtype not in READABLE:
        raise SafetensorsError(f"tensor {name!r} holds {info.dtype_name} values; only "
                               "float16, bfloat16, float32 and float64 tensors are read", path)
    count = info.size
    with open(path, "rb") as fh:
        fh.seek(header.data_start + info.begin)
        raw = np.empty(info.end - info.begin, np.uint8)
        got = fh.readinto(memoryview(raw))
    if got != raw.size:
        raise SafetensorsError(f"tensor {name!r} is cut short: {got:,} of {raw.size:,} bytes",
                               path)
    if info.dtype == "BF16":
        bits = raw.view("<u2").astype(np.uint32) << 16
        out = bits.view(np.float32)
    else:
        with np.errstate(over="ignore"):  # float64 beyond float32's range becomes ±inf
            out = raw.view(_NUMPY[info.dtype]).astype(np.float32)
    return out[:count].reshape(info.shape)
