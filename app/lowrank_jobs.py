"""The Low-rank lab's heavy work, off the GUI thread: a new matrix is made or read and
decomposed on the :class:`~app.tasks.TaskRunner` (with progress and a Cancel), kept in
:mod:`models.lowrank.sources`' cache, and only then asked for as one undoable step — which
the model then finds decomposed. A file that cannot be read is refused with its message and
a cancel changes nothing: the matrix on screen stays as it was.
"""

from __future__ import annotations

import dataclasses
from functools import partial
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog

from app.worker_jobs import WorkerJobs
from models.attention.common import Cancelled
from models.lowrank.sources import build_source, cached_source, set_image_reader
from models.lowrank.state import LowRankState, check_state

__all__ = ["LowRankJobs", "FILTERS", "setup", "jobs_of"]

FILTERS = ("Matrices and images (*.png *.jpg *.jpeg *.bmp *.gif *.tif *.tiff *.webp *.npy "
           "*.csv *.txt *.safetensors)",
           "Images (*.png *.jpg *.jpeg *.bmp *.gif *.tif *.tiff *.webp)",
           "NumPy array (*.npy)", "CSV (*.csv *.txt)", "safetensors (*.safetensors)",
           "All files (*)")


def setup() -> None:
    """Give the lab's models Qt's image reader (models never import Qt)."""
    from app.image_pixels import read_pixels

    set_image_reader(read_pixels)


class LowRankJobs(WorkerJobs):
    """Makes and decomposes the matrices a Low-rank view asks for.

    Parameters
    ----------
    view : LowRankView
    runner : TaskRunner, optional
        None decomposes at once (headless use, tests).
    """

    FAILED = "Could not open the matrix"
    CANCELLED = "Cancelled; the matrix shown is the one open before"

    def __init__(self, view, runner=None) -> None:
        super().__init__(view, runner)
        view.source_requested.connect(self.request)
        view.open_requested.connect(self.open_dialog)
        view.cancel_load_requested.connect(self.cancel)

    # -- asking ------------------------------------------------------------------------------
    def open_dialog(self) -> None:
        """Ask for a file (and for a tensor of a ``.safetensors`` file with several)."""
        path, _ = QFileDialog.getOpenFileName(self.view, "Open a matrix", "",
                                              ";;".join(FILTERS))
        if path:
            self.open_file(path)

    def open_file(self, path: str | Path, tensor: str | None = None,
                  channel: str | None = None) -> None:
        """Open ``path`` (a ``.safetensors`` file's ``tensor``; asked for when it has several
        2-D tensors and none is named)."""
        path = str(Path(path).expanduser().absolute())
        if path.lower().endswith(".safetensors") and tensor is None:
            tensor = self._choose_tensor(path)
            if tensor is None:
                return
        changes = {"source": "file", "path": path, "tensor": tensor or "",
                   "channel": channel or self.view.model.state.channel}
        self.request(f"Open {Path(path).name}", changes)

    def _choose_tensor(self, path: str) -> str | None:
        from models.lowrank.files import MatrixFileError, list_tensors

        try:
            infos = [t for t in list_tensors(path) if len(t.shape) == 2]
        except (MatrixFileError, OSError, ValueError) as err:
            self._say(f"Could not open the matrix: {err}")
            return None
        if not infos:
            self._say(f"{Path(path).name} holds no 2-D tensor")
            return None
        shown = [(t.name, f"{t.name}  ({t.shape[0]} × {t.shape[1]}, {t.dtype})")
                 for t in infos]
        self.view.set_tensors(shown)
        if len(infos) == 1:
            return infos[0].name
        text, ok = QInputDialog.getItem(self.view, "Choose a tensor",
                                        f"{Path(path).name}: a 2-D tensor",
                                        [s for _n, s in shown], 0, False)
        return dict((s, n) for n, s in shown)[text] if ok else None

    # -- making and decomposing --------------------------------------------------------------
    def show_load(self, fraction: float | None) -> None:
        self.view.show_load(fraction)

    def request(self, text: str, changes: dict) -> None:
        """Make the matrix ``changes`` name, decompose it off the GUI thread, then ask for it
        (one undoable step). A cached matrix is asked for at once."""
        model = self.view.model
        try:
            state = check_state(dataclasses.replace(model.state, k=1, **changes))
        except (TypeError, ValueError) as err:
            self.view.refuse(changes, str(err))
            return
        if cached_source(state) is not None:
            self.view.intent.emit(text, changes, None)
            return
        name = Path(changes["path"]).name if changes.get("path") else text
        self.start(partial(_build, state), partial(self._done, text, changes),
                   f"Decomposing {name}…")

    @staticmethod
    def scene_work(model: dict, folder: str):
        """What a scene's ``model`` (read from ``folder``) needs decomposed before it can
        open — its state — or None: a matrix already decomposed, typed entries, or a scene
        that opening will refuse with its message. Needs no view."""
        fields = {f.name for f in dataclasses.fields(LowRankState)} - {"folder"}
        try:
            state = check_state(dataclasses.replace(
                LowRankState(folder=folder), k=1,
                **{k: v for k, v in model.items() if k in fields and k != "k"}))
        except (TypeError, ValueError):
            return None
        if state.source == "entries" or cached_source(state) is not None:
            return None
        return state

    def preload(self, work, then) -> None:
        """Decompose what :meth:`scene_work` found off the GUI thread, then call ``then()``
        (which opens the scene, finding it decomposed)."""
        self.start(partial(_build, work), lambda _result: then(),
                   "Decomposing the scene's matrix…")

    def _done(self, text: str, changes: dict, _result) -> None:
        self.view.intent.emit(text, changes, None)
        f = self.view.model.facts
        self._say(f"{self.view.model.source.name}: {f.shape[0]} × {f.shape[1]}, {f.method}")


def jobs_of(view) -> LowRankJobs | None:
    """The controller wired to ``view``, or None."""
    return view.findChild(LowRankJobs)


def _build(state, progress, cancelled):
    """Runs on the worker: the matrix and its decomposition (cached for the model)."""
    progress(0.1)
    src = build_source(state)
    if cancelled():
        raise Cancelled()
    progress(1.0)
    return src
