"""Crash recovery: the open scene is written to a recovery file shortly after every edit,
and offered back at the next start if linscope did not close normally."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer

from models.evented import SceneError
from models.scene import read_scene, write_scene

__all__ = ["Autosaver", "recovery_path"]

_DELAY_MS = 1500


def recovery_path() -> Path:
    """Where the recovery scene lives ($LINSCOPE_DATA_DIR, else the platform's data folder)."""
    base = os.environ.get("LINSCOPE_DATA_DIR") or QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".linscope") / "recovery.json"


class Autosaver(QObject):
    """Writes ``scene_fn()`` to the recovery file a moment after the last edit.

    Parameters
    ----------
    scene_fn : callable
        Returns the current scene document.
    path : Path, optional
        The recovery file (default :func:`recovery_path`).
    """

    def __init__(self, scene_fn, path: Path | None = None, parent=None) -> None:
        super().__init__(parent)
        self._scene_fn = scene_fn
        self.path = path or recovery_path()
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
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_scene(self.path, self._scene_fn())
        except (OSError, ValueError):
            pass

    def discard(self) -> None:
        """The work is safe (saved, or deliberately discarded): forget the recovery file."""
        self._timer.stop()
        try:
            self.path.unlink()
        except OSError:
            pass

    def pending(self) -> dict | None:
        """The recovery scene left by a previous run that did not close normally, if any."""
        try:
            return read_scene(self.path) if self.path.exists() else None
        except SceneError:
            return None
