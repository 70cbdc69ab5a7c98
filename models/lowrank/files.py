"""Opening a person's own matrix for the Low-rank lab: one entry point for every format.

:func:`read_matrix` picks the format by the file's suffix:

==================================  =========================================================
``.npy``                            a 2-D array of real numbers (or bools); an (h, w, 3) or
                                    (h, w, 4) array is taken as an RGB image (see below)
``.csv .txt``                       numbers separated by commas, semicolons or white space,
                                    one row per line, an optional header row
``.safetensors``                    one 2-D tensor (float16, bfloat16, float32 or float64),
                                    read alone
``.png .jpg .jpeg .bmp .gif .tif    an image, decoded by the caller's ``image_reader`` (the
.tiff .webp .ppm .pgm``             app passes Qt's); one matrix per image: its Rec. 709
                                    luma, or one colour channel, scaled to 0–1
==================================  =========================================================

Nothing here runs code from the file: ``.npy`` files are loaded with
``allow_pickle=False``, text goes through :func:`float`, and ``.safetensors`` files are
parsed by :mod:`models.core.safetensors_file`. Sizes are checked before the numbers are
read. The matrix comes back as read-only, C-contiguous float32, finite and non-empty.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from models.core.safetensors_file import SafetensorsError, TensorInfo, read_header, read_tensor
from models.lowrank.csv_matrix import read_text_matrix
from models.lowrank.file_errors import MatrixFileError

__all__ = ["CHANNELS", "IMAGE_SUFFIXES", "LUMA", "MAX_ELEMENTS", "MAX_FILE_BYTES", "SUFFIXES",
           "LoadedMatrix", "MatrixFileError", "image_matrix", "is_image", "list_tensors",
           "read_matrix"]

#: The most numbers a matrix may hold (a 4096 × 11008 MLP weight holds 45,088,768).
MAX_ELEMENTS = 50_000_000
#: A larger file is refused unread (a ``.safetensors`` file excepted: only one of its
#: tensors is read, and that tensor is held to :data:`MAX_ELEMENTS`).
MAX_FILE_BYTES = 1 << 30
#: Rec. 709 (sRGB) luma weights of R, G and B.
LUMA = (0.2126, 0.7152, 0.0722)
#: How an image becomes one matrix: its luma, or one channel.
CHANNELS = ("gray", "r", "g", "b")
_CHANNEL_NAMES = {"gray": "grey (Rec. 709)", "r": "red channel", "g": "green channel",
                  "b": "blue channel"}

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".webp", ".ppm",
                  ".pgm")
#: Every suffix :func:`read_matrix` reads.
SUFFIXES = (".npy", ".csv", ".txt", ".safetensors", *IMAGE_SUFFIXES)


@dataclass(frozen=True, eq=False)
class LoadedMatrix:
    """A matrix read from a file.

    Attributes
    ----------
    matrix : ndarray (m, n)
        float32, C-contiguous, read-only, finite.
    name : str
        What it is, for people: ``"photo.png, grey (Rec. 709)"``,
        ``"model.safetensors · h.0.attn.c_attn.weight (bfloat16)"``.
    note : str
        How it was read (a skipped header row, pixels scaled to 0–1, a conversion).
    kind : str
        ``"image"``, ``"npy"``, ``"text"`` or ``"safetensors"``.
    """

    matrix: np.ndarray
    name: str
    note: str = ""
    kind: str = ""


def is_image(path: str | Path) -> bool:
    """Whether ``path`` is read as an image (by its suffix)."""
    return Path(path).suffix.lower() in IMAGE_SUFFIXES


def _check_channel(channel: str, path: Path | None = None) -> None:
    if channel not in CHANNELS:
        raise MatrixFileError(f"unknown channel {channel!r}; choose gray, r, g or b", path)


def _rgb(pixels: np.ndarray, channel: str) -> np.ndarray:
    """float32 luma or one channel of (h, w, ≥3) values, unscaled."""
    if channel == "gray":
        r, g, b = (pixels[..., i].astype(np.float32) for i in range(3))
        return r * np.float32(LUMA[0]) + g * np.float32(LUMA[1]) + b * np.float32(LUMA[2])
    return pixels[..., "rgb".index(channel)].astype(np.float32)


def image_matrix(pixels: np.ndarray, channel: str = "gray") -> np.ndarray:
    """One matrix of an RGB image: Rec. 709 luma or one channel, scaled to 0–1.

    Parameters
    ----------
    pixels : ndarray (h, w, 3) of uint8
        The image as decoded (sRGB values as stored; the luma is taken on them, not on
        linear light, as Rec. 709's Y′ is).
    channel : {"gray", "r", "g", "b"}
        ``"gray"``: 0.2126 R + 0.7152 G + 0.0722 B; else that channel alone.

    Returns
    -------
    ndarray (h, w)
        float32 in [0, 1], C-contiguous.
    """
    _check_channel(channel)
    pixels = np.asarray(pixels)
    if pixels.ndim != 3 or pixels.shape[2] < 3 or pixels.dtype != np.uint8:
        raise ValueError(f"pixels must be an (h, w, 3) uint8 array, got {pixels.shape} "
                         f"{pixels.dtype}")
    return np.ascontiguousarray(_rgb(pixels, channel) / np.float32(255))


def _size(path: Path, limit: int | None) -> int:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise MatrixFileError("there is no such file", path) from None
    except OSError as err:
        raise MatrixFileError(f"it cannot be read ({err.strerror or err})", path) from None
    if not path.is_file():
        raise MatrixFileError("it is not a file", path)
    if limit is not None and size > limit:
        raise MatrixFileError(f"the file holds {size:,} bytes, more than the limit of "
                              f"{limit:,}", path)
    if size == 0:
        raise MatrixFileError("the file is empty", path)
    return size


def _dims(shape: tuple[int, ...]) -> str:
    return " × ".join(str(d) for d in shape)


def _check_count(shape: tuple[int, ...], path: Path) -> None:
    count = math.prod(shape)
    if count > MAX_ELEMENTS:
        raise MatrixFileError(f"it holds {count:,} numbers ({_dims(shape)}), more than the "
                              f"limit of {MAX_ELEMENTS:,}", path)


def _finished(matrix: np.ndarray, path: Path, where: str = "row {i}, column {j}",
              source: np.ndarray | None = None) -> np.ndarray:
    """The matrix as the lab holds it, or an error naming its first non-finite entry."""
    matrix = np.ascontiguousarray(matrix, dtype=np.float32)
    if matrix.ndim != 2 or 0 in matrix.shape:
        raise MatrixFileError(f"it holds an empty matrix ({_dims(matrix.shape)})", path)
    finite = np.isfinite(matrix)
    if not finite.all():
        i, j = (int(x) for x in np.argwhere(~finite)[0])
        value = matrix[i, j] if source is None else source[i, j]
        if np.isfinite(value):
            what = f"{float(value):g}, beyond single precision (about ±3.4e38)"
        else:
            what = "NaN" if np.isnan(value) else ("inf" if value > 0 else "-inf")
        raise MatrixFileError(f"{where.format(i=i + 1, j=j + 1)} holds {what}; a matrix needs "
                              "finite numbers", path)
    matrix.setflags(write=False)
    return matrix


def _npy_header(path: Path) -> tuple[tuple[int, ...], np.dtype, int]:
    fmt = np.lib.format
    with open(path, "rb") as fh:
        try:
            version = fmt.read_magic(fh)
        except ValueError:
            raise MatrixFileError("this is not an .npy file (it does not start as NumPy's "
                                  "files do)", path) from None
        readers = {(1, 0): fmt.read_array_header_1_0, (2, 0): fmt.read_array_header_2_0}
        if version not in readers:
            raise MatrixFileError(f"its .npy format version {version[0]}.{version[1]} holds a "
                                  "structured array; a matrix needs numbers", path)
        try:
            shape, _, dtype = readers[version](fh)
        except ValueError:
            raise MatrixFileError("its .npy header is damaged", path) from None
        return shape, dtype, fh.tell()


def _read_npy(path: Path, size: int, channel: str) -> LoadedMatrix:
    shape, dtype, offset = _npy_header(path)
    if dtype.hasobject:
        raise MatrixFileError("it holds Python objects (a pickled array), which are never "
                              "unpickled; a matrix needs numbers", path)
    if dtype.fields is not None or dtype.subdtype is not None or dtype.kind not in "biuf":
        raise MatrixFileError(f"it holds {dtype} values; a matrix needs real numbers", path)
    image = len(shape) == 3 and shape[2] in (3, 4)
    if len(shape) != 2 and not image:
        raise MatrixFileError(f"it holds a {len(shape)}-D array of shape {shape}; a matrix is "
                              "2-D (or an h × w × 3 RGB image)", path)
    if 0 in shape:
        raise MatrixFileError(f"it holds an empty array ({_dims(shape)})", path)
    _check_count(shape[:2], path)
    need = math.prod(shape) * dtype.itemsize
    if size - offset < need:
        raise MatrixFileError(f"the file is truncated: its header announces {need:,} bytes of "
                              f"numbers but it holds {size - offset:,}", path)
    source = np.load(path, mmap_mode="r", allow_pickle=False)
    name, note = path.name, f"{dtype} values" + ("" if dtype == np.float32 else
                                                 ", stored as float32")
    if image:
        _check_channel(channel, path)
        pixels = np.asarray(source[..., :3])
        if dtype == np.uint8:
            values, note = image_matrix(pixels, channel), "RGB pixels scaled to 0–1"
        else:
            values, note = _rgb(pixels, channel), f"RGB {dtype} values, unscaled"
        name = f"{path.name}, {_CHANNEL_NAMES[channel]}"
        return LoadedMatrix(_finished(values, path), name, note, "npy")
    with np.errstate(over="ignore", invalid="ignore"):
        values = np.array(source, dtype=np.float32)
    return LoadedMatrix(_finished(values, path, source=source), name, note, "npy")


def list_tensors(path: str | Path) -> list[TensorInfo]:
    """The tensors of a ``.safetensors`` file, in header order, for a chooser.

    Raises
    ------
    MatrixFileError
        No such file, or a malformed one.
    """
    path = Path(path)
    _size(path, None)
    try:
        return read_header(path).tensors
    except SafetensorsError as err:
        raise MatrixFileError(str(err)) from None
    except OSError as err:
        raise MatrixFileError(f"it cannot be read ({err.strerror or err})", path) from None


#: The most 2-D tensors a message lists.
_LISTED = 64


def matrix_tensors(tensors: list[TensorInfo]) -> list[TensorInfo]:
    """The 2-D tensors among ``tensors`` (the ones the lab can open)."""
    return [t for t in tensors if t.ndim == 2]


def _choose(tensors: list[TensorInfo], tensor: str | None, path: Path) -> TensorInfo:
    if tensor is None:
        matrices = matrix_tensors(tensors)
        if len(matrices) == 1:
            return matrices[0]
        if not matrices:
            shown = "; ".join(t.describe() for t in tensors[:_LISTED]) or "none"
            raise MatrixFileError(f"it holds no 2-D tensor (its tensors: {shown})", path)
        shown = "; ".join(t.describe() for t in matrices[:_LISTED])
        more = f"; … and {len(matrices) - _LISTED} more" if len(matrices) > _LISTED else ""
        raise MatrixFileError(f"it holds {len(matrices)} 2-D tensors, choose one: "
                              f"{shown}{more}", path)
    for t in tensors:
        if t.name == tensor:
            if t.ndim != 2:
                raise MatrixFileError(f"tensor {tensor!r} has shape ({_dims(t.shape)}), not "
                                      "a matrix (2-D)", path)
            return t
    names = [t.name for t in matrix_tensors(tensors)] or [t.name for t in tensors]
    shown = ", ".join(names[:8]) + (f" … ({len(names)} in all)" if len(names) > 8 else "")
    raise MatrixFileError(f"it holds no tensor named {tensor!r}; it holds {shown}", path)


def _read_safetensors(path: Path, tensor: str | None) -> LoadedMatrix:
    try:
        header = read_header(path)
        info = _choose(header.tensors, tensor, path)
        _check_count(info.shape, path)
        values = read_tensor(path, info.name, header)
    except SafetensorsError as err:
        raise MatrixFileError(str(err)) from None
    where = f"tensor {info.name!r}, row {{i}}, column {{j}}"
    note = "" if info.dtype == "F32" else f"{info.dtype_name} values widened to float32"
    if info.dtype == "F64":
        note = "float64 values rounded to float32"
    return LoadedMatrix(_finished(values, path, where), f"{path.name} · {info.name} "
                        f"({info.dtype_name})", note, "safetensors")


def _read_image(path: Path, channel: str, image_reader) -> LoadedMatrix:
    _check_channel(channel, path)
    if image_reader is None:
        raise MatrixFileError("an image needs an image reader to decode it", path)
    pixels = image_reader(path)
    h, w = pixels.shape[:2]
    _check_count((h, w), path)
    note = f"{w} × {h} pixels, values scaled to 0–1"
    return LoadedMatrix(_finished(image_matrix(pixels, channel), path),
                        f"{path.name}, {_CHANNEL_NAMES[channel]}", note, "image")


def read_matrix(path: str | Path, *, tensor: str | None = None, channel: str = "gray",
                image_reader: Callable[[Path], np.ndarray] | None = None) -> LoadedMatrix:
    """Read one matrix from a file, choosing the format by its suffix.

    Parameters
    ----------
    path : str or Path
        An ``.npy``, ``.csv``/``.txt``, ``.safetensors`` or image file (see the module).
    tensor : str, optional
        The tensor of a ``.safetensors`` file; None takes its only 2-D tensor. Ignored for
        other files.
    channel : {"gray", "r", "g", "b"}
        How an image (or an (h, w, 3) ``.npy``) becomes one matrix: Rec. 709 luma, or one
        channel. Ignored for 2-D data.
    image_reader : callable, optional
        ``image_reader(path) -> ndarray (h, w, 3) uint8`` decodes an image; models cannot,
        so the app passes one (Qt's reader). It may raise :class:`MatrixFileError`.

    Returns
    -------
    LoadedMatrix

    Raises
    ------
    MatrixFileError
        A missing, oversized, malformed or non-finite file, an unknown suffix or channel, a
        ``.safetensors`` file with several 2-D tensors and none chosen (the message lists
        them); one sentence naming the file, and the 1-based line of a text file.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise MatrixFileError(f"{suffix or 'a file without a suffix'} is not a matrix format "
                              f"linscope reads ({', '.join(SUFFIXES)})", path)
    if suffix == ".safetensors":
        _size(path, None)
        return _read_safetensors(path, tensor)
    size = _size(path, MAX_FILE_BYTES)
    if suffix == ".npy":
        return _read_npy(path, size, channel)
    if suffix in (".csv", ".txt"):
        values, skipped = read_text_matrix(path, MAX_ELEMENTS)
        note = "a header row skipped" if skipped else ""
        return LoadedMatrix(_finished(values, path), path.name, note, "text")
    return _read_image(path, channel, image_reader)
