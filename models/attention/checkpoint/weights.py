"""Finding, checking and reading a model folder's weights.

A folder holds ``model.safetensors``, or shards listed by ``model.safetensors.index.json``.
Their headers are read first (no tensor data), every tensor the architecture needs is found
under any of its spellings (:func:`~models.attention.checkpoint.names.canonical`) and its
shape checked, and the float32 size of the whole is compared with the memory available:
a model that does not fit is refused before a byte of it is read. Tensors are then read
one at a time, as float32, by linscope's own reader (float16 and bfloat16 widen exactly).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from models.attention.checkpoint.config import ModelConfig
from models.attention.checkpoint.errors import ModelFolderError
from models.attention.checkpoint.names import canonical, expected_tensors
from models.attention.common import check_cancel, report
from models.core.safetensors_file import (
    SafetensorsError,
    SafetensorsHeader,
    TensorInfo,
    read_header,
    read_tensor,
)

__all__ = ["INDEX_FILE", "WEIGHTS_FILE", "WeightPlan", "available_memory_bytes",
           "find_weight_files", "format_bytes", "load_weights", "plan_weights"]

WEIGHTS_FILE = "model.safetensors"
INDEX_FILE = "model.safetensors.index.json"


@dataclass(frozen=True)
class WeightPlan:
    """Where each needed tensor lies, before any is read.

    Attributes
    ----------
    tensors : dict of str to (Path, SafetensorsHeader, TensorInfo)
        Canonical name → its file, that file's header and its entry.
    nbytes : int
        Their size as float32.
    """

    tensors: dict[str, tuple[Path, SafetensorsHeader, TensorInfo]]
    nbytes: int


def format_bytes(n: float) -> str:
    """``"1.2 GB"``, ``"640 MB"``: decimal units, as a person reads them."""
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= size:
            return f"{n / size:.3g} {unit}"
    return f"{int(n)} bytes"


def available_memory_bytes() -> int | None:
    """Memory a new allocation can take: ``MemAvailable`` of /proc/meminfo, else the free
    physical pages os.sysconf reports; None when neither says."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return int(os.sysconf("SC_AVPHYS_PAGES")) * int(os.sysconf("SC_PAGE_SIZE"))
    except (AttributeError, ValueError, OSError):
        return None


def _header(path: Path, folder: Path) -> SafetensorsHeader:
    if not path.is_file():
        raise ModelFolderError(f"{folder.name}: {path.name} is missing")
    try:
        return read_header(path)
    except SafetensorsError as err:
        raise ModelFolderError(f"{folder.name}: {err}") from None
    except OSError as err:
        raise ModelFolderError(f"{folder.name}: {path.name} cannot be read "
                               f"({err.strerror or err})") from None


def _shards(folder: Path) -> list[Path]:
    index = folder / INDEX_FILE
    try:
        doc = json.loads(index.read_text("utf-8"))
        files = sorted(set(doc["weight_map"].values()))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError, KeyError, TypeError,
            AttributeError):
        raise ModelFolderError(f"{folder.name}: {INDEX_FILE} cannot be read (it should map "
                               "each tensor to its shard in 'weight_map')") from None
    paths = []
    for name in files:
        if not isinstance(name, str) or Path(name).name != name:
            raise ModelFolderError(f"{folder.name}: {INDEX_FILE} names shard {name!r}, "
                                   "not a file of the folder")
        paths.append(folder / name)
    return paths


def find_weight_files(folder: str | Path) -> list[Path]:
    """The folder's safetensors files: ``model.safetensors``, else the index's shards.

    Raises
    ------
    ModelFolderError
        Neither file is there (the message says so, and mentions a ``pytorch_model.bin``
        that linscope will not unpickle), or the index cannot be read.
    """
    folder = Path(folder)
    if (folder / WEIGHTS_FILE).is_file():
        return [folder / WEIGHTS_FILE]
    if (folder / INDEX_FILE).is_file():
        return _shards(folder)
    pickle = " (pytorch_model.bin is a pickle, never read)" if any(
        folder.glob("pytorch_model*.bin")) else ""
    raise ModelFolderError(f"{folder.name}: {WEIGHTS_FILE} is missing{pickle}")


def _check_shape(name: str, info: TensorInfo, want: tuple, path: Path) -> None:
    ok = len(info.shape) == len(want) and all(
        w is None or w == s for w, s in zip(want, info.shape, strict=True))
    if not ok:
        shown = " × ".join("n" if w is None else str(w) for w in want)
        raise ModelFolderError(f"{path.name}: tensor {info.name!r} is "
                               f"{' × '.join(map(str, info.shape))}, but this configuration "
                               f"needs {shown}")


def plan_weights(config: ModelConfig, folder: str | Path) -> WeightPlan:
    """Find every tensor ``config`` needs in the folder's files, checking their shapes.

    Raises
    ------
    ModelFolderError
        A missing or damaged file, a tensor missing (named) or of the wrong shape.
    """
    folder = Path(folder)
    found: dict[str, tuple[Path, SafetensorsHeader, TensorInfo]] = {}
    for path in find_weight_files(folder):
        header = _header(path, folder)
        for info in header.tensors:
            found.setdefault(canonical(info.name, config.architecture), (path, header, info))
    required, optional = expected_tensors(config)
    plan: dict[str, tuple[Path, SafetensorsHeader, TensorInfo]] = {}
    for name, shape in (required | optional).items():
        if name not in found:
            if name in optional:
                continue
            raise ModelFolderError(f"{folder.name}: the weights hold no tensor {name!r} "
                                   f"(a {config.architecture} model of {config.layers} "
                                   "layers needs it)")
        path, header, info = found[name]
        _check_shape(name, info, shape, path)
        plan[name] = found[name]
    nbytes = sum(4 * info.size for _path, _header, info in plan.values())
    return WeightPlan(plan, nbytes)


def check_memory(plan: WeightPlan, config: ModelConfig) -> None:
    """Refuse a model whose float32 weights exceed the memory available.

    Raises
    ------
    ModelFolderError
        With both figures.
    """
    free = available_memory_bytes()
    if free is not None and plan.nbytes > free:
        raise ModelFolderError(f"{config.name}: its weights need {format_bytes(plan.nbytes)} "
                               f"as float32 but only {format_bytes(free)} of memory is "
                               "available; close other programs or choose a smaller model")


def load_weights(plan: WeightPlan, folder: str | Path, *,
                 progress: Callable[[float], object] | None = None,
                 cancelled: Callable[[], bool] | None = None) -> dict[str, np.ndarray]:
    """Read every planned tensor as float32.

    Parameters
    ----------
    plan : WeightPlan
    folder : str or Path
        For messages.
    progress : callable, optional
        Called with the fraction of bytes read, in [0, 1].
    cancelled : callable, optional
        Polled between tensors; True raises
        :class:`~models.attention.common.Cancelled`.

    Raises
    ------
    ModelFolderError
        A tensor that cannot be read (its file damaged or changed since the plan).
    Cancelled
    """
    out: dict[str, np.ndarray] = {}
    done = 0
    for name, (path, header, info) in plan.tensors.items():
        check_cancel(cancelled)
        try:
            out[name] = read_tensor(path, info.name, header)
        except SafetensorsError as err:
            raise ModelFolderError(f"{Path(folder).name}: {err}") from None
        except OSError as err:
            raise ModelFolderError(f"{Path(folder).name}: {path.name} cannot be read "
                                   f"({err.strerror or err})") from None
        done += 4 * info.size
        report(progress, done / max(plan.nbytes, 1))
    return out
