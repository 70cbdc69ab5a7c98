"""Atomic file writes: a temporary file beside the target, then one rename over it.

A reader (or a crash at any moment) sees either the old file or the new one, never half
of one. The temporary is named ``.NAME.<pid>.<random>.tmp``: if the writer is killed
between creating and renaming it, the next save or open of NAME, or the next start for
recovery files, finds it by name and removes it once its writer is no longer running
(:func:`remove_stale_temporaries`). A symlink is written through: its target is replaced
and the link stays a link.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from pathlib import Path

__all__ = ["STALE_AGE_S", "pid_running", "remove_stale_temporaries", "write_text_atomic"]

#: A temporary this old is stale whoever wrote it: no save takes an hour, and a pid may
#: have been reused by an unrelated process since (or the folder is shared between hosts).
STALE_AGE_S = 3600.0
# What follows ".NAME." in a temporary of NAME: "<pid>.<random>.tmp", or "<random>.tmp" as
# older versions named them (tempfile's random part has no dots).
_REST = re.compile(r"(?:([0-9]+)\.)?[A-Za-z0-9_]+\.tmp")


def write_text_atomic(path: str | os.PathLike, text: str, durable: bool = True) -> Path:
    """Replace the file at ``path`` with ``text`` (UTF-8) atomically.

    Parameters
    ----------
    path : path-like
        The file to write. A symlink is followed: its target is replaced, the link kept.
    text : str
        The whole new content.
    durable : bool
        Flush the file and its folder to the disk before returning (survives a power
        cut). Without it the write survives a killed process, which is all crash
        recovery needs, and costs a page-cache copy instead of a disk round trip.

    Returns
    -------
    Path
        The file actually written (the symlink's target, or ``path``).

    Raises
    ------
    OSError
        When the folder is not writable or the disk is full; the old file is left intact
        and the temporary removed.
    """
    target = Path(os.path.realpath(path))  # through every link, to the file itself
    data = text.encode("utf-8")
    remove_stale_temporaries(target)
    try:
        mode = target.stat().st_mode & 0o777  # keep an existing file's permissions
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask  # what a plain open() would have made
    fd, tmp = tempfile.mkstemp(prefix=f"{_temp_prefix(target.name)}{os.getpid()}.",
                               suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if hasattr(os, "fchmod"):  # POSIX
                os.fchmod(fh.fileno(), mode)
            if durable:
                os.fsync(fh.fileno())
        os.replace(tmp, target)
        if durable:
            _fsync_folder(target.parent)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return target


def remove_stale_temporaries(path: str | os.PathLike, max_age_s: float = STALE_AGE_S,
                             now: float | None = None) -> list[Path]:
    """Remove temporaries that killed writers of ``path`` left beside it.

    A temporary ``.NAME.<pid>.<random>.tmp`` is stale when process ``pid`` no longer runs;
    any temporary of NAME (older unnumbered ones included) is stale once it is older than
    ``max_age_s``. The running process's own fresh temporaries are kept. Failures are
    ignored: tidying up must never stop a save or an open.

    Parameters
    ----------
    path : path-like
        The file whose temporaries to look for (it need not exist).
    max_age_s : float
        Age in seconds after which any temporary of the file is stale.
    now : float, optional
        The present time (``time.time()``), for tests.

    Returns
    -------
    list of Path
        The temporaries removed.
    """
    path = Path(path)
    prefix = _temp_prefix(path.name)
    now = time.time() if now is None else now
    removed = []
    try:
        candidates = [(p, m) for p in path.parent.iterdir() if p.name.startswith(prefix)
                      and (m := _REST.fullmatch(p.name[len(prefix):]))]
    except (OSError, ValueError):  # no such folder, or a name the system cannot take
        return removed
    for tmp, match in candidates:
        try:
            old = now - tmp.lstat().st_mtime > max_age_s
            pid = int(match.group(1)) if match.group(1) else None
            if old or (pid is not None and not pid_running(pid)):
                tmp.unlink()
                removed.append(tmp)
        except OSError:
            continue
    return removed


def pid_running(pid: int) -> bool:
    """Whether process ``pid`` exists (ours, or another user's)."""
    if pid == os.getpid():
        return True
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # exists but belongs to someone else
    return True


def _temp_prefix(name: str) -> str:
    return f".{name}."


def _fsync_folder(folder: Path) -> None:
    # The rename itself is durable only once the folder is flushed (POSIX; a no-op elsewhere).
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
