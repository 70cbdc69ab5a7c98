"""Scene documents: which lab, its model state and its view options, as versioned JSON.

Format (version 1)::

    {"format": "linscope-scene", "version": 1, "lab": "plane",
     "model": {...lab specific...}, "view": {"grid": true, ...}}

Reading checks size, JSON syntax, the header and the types before anything is
applied, so a bad file never touches the open scene. Saving writes a temporary
file beside the target and renames it over the target (atomic on POSIX and Windows).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from models.evented import SceneError

__all__ = ["FORMAT", "VERSION", "MAX_BYTES", "SceneError", "make_scene", "parse_scene",
           "read_scene", "write_scene"]

FORMAT = "linscope-scene"
VERSION = 1
MAX_BYTES = 4 * 1024 * 1024


def make_scene(lab: str, model: dict, view: dict | None = None, **extra) -> dict:
    """A scene document for ``lab`` with the given model state and view options."""
    doc = {"format": FORMAT, "version": VERSION, "lab": lab, "model": model,
           "view": dict(view or {})}
    doc.update(extra)
    return doc


def parse_scene(text: str | bytes) -> dict:
    """Parse and check the envelope of a scene document.

    Raises
    ------
    SceneError
        Oversized, not JSON, not a linscope scene, an unsupported version, or fields of the
        wrong type; the message says which.
    """
    if len(text) > MAX_BYTES:
        raise SceneError(f"file is larger than {MAX_BYTES // (1024 * 1024)} MiB; "
                         "not a linscope scene")
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise SceneError("file is not UTF-8 text; not a linscope scene") from None
    if not text.strip():
        raise SceneError("file is empty")
    try:
        doc = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as err:
        at_end = err.pos >= len(text.rstrip()) - 1 or err.msg.startswith("Unterminated")
        hint = " (the file may be truncated)" if at_end else ""
        raise SceneError(f"not valid JSON at line {err.lineno}, column {err.colno}: "
                         f"{err.msg}{hint}") from None
    except RecursionError:
        raise SceneError("JSON nested too deeply") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise SceneError(f"not a linscope scene (missing \"format\": \"{FORMAT}\")")
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise SceneError("scene has no integer \"version\"")
    if version > VERSION:
        raise SceneError(f"scene version {version} is newer than this linscope "
                         f"understands (up to {VERSION}); please update linscope")
    if version < 1:
        raise SceneError(f"scene version {version} is not supported")
    if not isinstance(doc.get("lab"), str):
        raise SceneError("scene has no \"lab\" name")
    if not isinstance(doc.get("model"), dict):
        raise SceneError("scene \"model\" must be an object")
    view = doc.setdefault("view", {})
    if not isinstance(view, dict):
        raise SceneError("scene \"view\" must be an object")
    return doc


def _refuse_constant(name: str):
    raise SceneError(f"{name} is not allowed in a scene: numbers must be finite")


def _fsync_folder(folder: Path) -> None:
    # The rename itself is durable only once the folder is flushed (POSIX; a no-op elsewhere).
    try:
        fd = os.open(folder or ".", os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def read_scene(path: str | os.PathLike) -> dict:
    """Read and check a scene file; raises :class:`SceneError` (never ``OSError``)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise SceneError(f"{path.name} is {size / 1e6:.1f} MB; scenes are at most "
                             f"{MAX_BYTES // (1024 * 1024)} MiB")
        data = path.read_bytes()
    except OSError as err:
        raise SceneError(f"cannot read {path.name}: {err.strerror or err}") from None
    return parse_scene(data)


def write_scene(path: str | os.PathLike, doc: dict) -> None:
    """Write ``doc`` atomically: a temporary file in the same folder, fsync, then rename.

    Raises
    ------
    OSError
        When the folder is not writable or the disk is full; the old file is left intact.
    """
    path = Path(path)
    text = json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    try:
        mode = path.stat().st_mode & 0o777  # keep an existing file's permissions
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask  # what a plain open() would have made
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            if hasattr(os, "fchmod"):  # POSIX
                os.fchmod(fh.fileno(), mode)
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        _fsync_folder(path.parent)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
