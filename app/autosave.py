"""Crash recovery: every lab with unsaved work is written to a recovery file shortly after
each edit, and offered back at the next start if linscope did not close normally.

Each running linscope writes its own file (``recovery-<pid>.json``), so two windows never
overwrite or delete each other's work; at start-up only the files of processes that are no
longer running are offered.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer

from models.evented import SceneError
from models.scene import MAX_BYTES, parse_scene, write_scene

__all__ = ["Autosaver", "recovery_dir", "RECOVERY_FORMAT"]

_DELAY_MS = 1500
RECOVERY_FORMAT = "linscope-recovery"


def recovery_dir() -> Path:
    """Where recovery files live ($LINSCOPE_DATA_DIR, else the platform's data folder)."""
    base = os.environ.get("LINSCOPE_DATA_DIR") or QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".linscope")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # exists but belongs to someone else
    return True


class Autosaver(QObject):
    """Writes ``scenes_fn()`` (the scenes of every lab with unsaved work) to this process's
    recovery file a moment after the last edit.

    Parameters
    ----------
    scenes_fn : callable
        Returns ``(current_lab_id, [scene documents])``.
    folder : Path, optional
        Where recovery files live (default :func:`recovery_dir`).
    """

    def __init__(self, scenes_fn, folder: Path | None = None, parent=None) -> None:
        super().__init__(parent)
        self._scenes_fn = scenes_fn
        self.folder = folder or recovery_dir()
        self.path = self.folder / f"recovery-{os.getpid()}.json"
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(_DELAY_MS)
        self._timer.timeout.connect(self.save_now)

    def touch(self) -> None:
        """An edit happened: save after a short quiet spell (one write per burst of edits)."""
        self._timer.start()

    def save_now(self) -> None:
        """Write the recovery file now (failures are ignored: recovery is best effort)."""
        self._timer.stop()
        current, scenes = self._scenes_fn()
        if not scenes:
            self.discard()
            return
        doc = {"format": RECOVERY_FORMAT, "version": 1, "current": current, "scenes": scenes}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_scene(self.path, doc)
        except (OSError, ValueError):
            pass

    def discard(self) -> None:
        """The work is safe (saved, or deliberately discarded): forget this process's file."""
        self._timer.stop()
        try:
            self.path.unlink()
        except OSError:
            pass

    def pending(self) -> list[tuple[Path, str, list[dict]]]:
        """Recovery files left by runs that ended without closing normally.

        Returns
        -------
        list of (path, current lab, scene documents); unreadable files are skipped.
        """
        found = []
        for path in sorted(self.folder.glob("recovery-*.json")):
            try:
                pid = int(path.stem.split("-", 1)[1])
            except ValueError:
                continue
            if _alive(pid):
                continue
            try:
                if path.stat().st_size > 8 * MAX_BYTES:
                    continue
                doc = json.loads(path.read_text(encoding="utf-8"))
                if doc.get("format") != RECOVERY_FORMAT or not isinstance(doc.get("scenes"),
                                                                            list):
                    continue
                scenes = [parse_scene(json.dumps(s)) for s in doc["scenes"]]
            except (OSError, ValueError, SceneError, TypeError):
                continue
            found.append((path, str(doc.get("current", "")), scenes))
        return found

    @staticmethod
    def forget(path: Path) -> None:
        """Remove a recovery file that was restored or declined."""
        try:
            path.unlink()
        except OSError:
            pass
