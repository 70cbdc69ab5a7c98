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
from pathlib import Path

from models.core.evented import SceneError
from models.core.safe_write import write_text_atomic

__all__ = ["FORMAT", "VERSION", "MAX_BYTES", "SceneError", "make_scene", "parse_scene",
           "read_limited", "read_scene", "write_scene"]

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
    _check_text(doc)
    return doc


def _check_text(doc: dict) -> None:
    """Refuse text that is not Unicode a file can hold: JSON lets ``"\\ud800"`` through as a
    lone surrogate, which fails later, far from here, when it is encoded (a word's seed, a
    path, a saved file)."""
    stack: list[tuple[str, object]] = [("", doc)]
    while stack:  # iterative: a deeply nested document must not exhaust the call stack
        where, value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                _encodable(key, where or "the scene")
                stack.append((f"{where}.{key}" if where else key, item))
        elif isinstance(value, list):
            stack.extend((f"{where}[{i}]", item) for i, item in enumerate(value))
        elif isinstance(value, str):
            _encodable(value, where)


def _encodable(text: str, where: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        bad = text[err.start:err.end].encode("unicode_escape").decode("ascii")
        raise SceneError(f"{where} holds {bad}, which is not a character (a broken "
                         "surrogate escape)") from None


def _refuse_constant(name: str):
    raise SceneError(f"{name} is not allowed in a scene: numbers must be finite")


def read_limited(path: str | os.PathLike, limit: int, kind: str) -> bytes:
    """The bytes of the file at ``path``, at most ``limit`` of them; raises
    :class:`SceneError` (never ``OSError``) with a message naming the file (``kind``:
    "scenes", "decks" — what the limit is for)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > limit:
            raise SceneError(f"{path.name} is {size / 1e6:.1f} MB; {kind} are at most "
                             f"{limit // (1024 * 1024)} MiB")
        return path.read_bytes()
    except OSError as err:
        raise SceneError(f"cannot read {path.name[:80]}: {err.strerror or err}") from None
    except SceneError:  # the size, above: a ValueError too, but not about the name
        raise
    except ValueError:  # a NUL byte or a lone surrogate in the name: no file can have it
        raise SceneError(f"cannot read {ascii(str(path))[:80]}: not a valid file name") from None


def read_scene(path: str | os.PathLike) -> dict:
    """Read and check a scene file; raises :class:`SceneError` (never ``OSError``)."""
    return parse_scene(read_limited(path, MAX_BYTES, "scenes"))


def write_scene(path: str | os.PathLike, doc: dict) -> None:
    """Write ``doc`` atomically (see :func:`models.core.safe_write.write_text_atomic`): a
    temporary file in the target's folder, fsync, then rename; a symlink is written through.

    Raises
    ------
    OSError
        When the folder is not writable or the disk is full; the old file is left intact.
    ValueError
        When ``doc`` holds NaN or infinity (nothing is written).
    """
    write_text_atomic(path, json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False)
                      + "\n")
