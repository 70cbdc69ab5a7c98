"""The Embeddings lab's own files: a person opens word vectors, read off the GUI thread.

:class:`VectorFiles` is the lab's work controller (see :class:`app.labs.LabSpec`): the view's
"Open vectors…" asks it for a file, it reads the file on the :class:`~app.tasks.TaskRunner`
with progress and a Cancel, keeps the loaded set in :mod:`models.embeddings.sets`' cache,
and only then asks for the state that names the file — one undoable step, which the model
validates against the cached set without reading the file again. A malformed file is
refused with its message, and a cancel changes nothing: the open set stays as it was.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from app.worker_jobs import WorkerJobs
from models.attention.common import Cancelled
from models.embeddings.errors import EmbeddingFileError, LoadCancelled
from models.embeddings.sets import read_file_set, register_file_set, set_pca

__all__ = ["VectorFiles", "FILTERS", "files_of", "sibling_labels"]

FILTERS = ("Word vectors (*.txt *.vec *.glove *.tsv *.npy *.csv)",
           "GloVe / word2vec text (*.txt *.vec *.glove)",
           "Embedding Projector vectors (*.tsv)",
           "NumPy array (*.npy)",
           "CSV (*.csv)",
           "All files (*)")


def sibling_labels(path: str | Path) -> Path | None:
    """The labels file that lies beside an ``.npy`` (``x.labels.txt``, ``x.txt``,
    ``x.tsv``, ``labels.txt``, ``metadata.tsv``), or None."""
    path = Path(path)
    for name in (f"{path.stem}.labels.txt", f"{path.stem}.txt", f"{path.stem}.tsv",
                 "labels.txt", "metadata.tsv"):
        candidate = path.with_name(name)
        if candidate.is_file():
            return candidate
    return None


class VectorFiles(WorkerJobs):
    """Opens a person's word-vector files for an Embeddings view.

    Parameters
    ----------
    view : EmbeddingsView
        Emits ``open_requested`` and ``cancel_load_requested``; shows progress with
        ``show_load``; the controller becomes its child and dies with it.
    runner : TaskRunner, optional
        Where files are read; None reads them at once (headless use, tests).

    Attributes
    ----------
    handle : TaskHandle or None
        The read in progress.
    message : str
        What the last open ended with, as shown in the status bar.
    """

    SAID = (EmbeddingFileError, OSError, MemoryError)
    CANCELS = (Cancelled, LoadCancelled)
    FAILED = "Could not open the vectors"
    CANCELLED = "Cancelled; the vectors shown are those open before"

    def __init__(self, view, runner=None) -> None:
        super().__init__(view, runner)
        view.open_requested.connect(self.open_dialog)
        view.cancel_load_requested.connect(self.cancel)

    # -- asking ------------------------------------------------------------------------------
    def open_dialog(self) -> None:
        """Ask for a file (and for an ``.npy``'s labels when none lie beside it), then open."""
        path, _ = QFileDialog.getOpenFileName(self.view, "Open word vectors", "",
                                              ";;".join(FILTERS))
        if not path:
            return
        labels = None
        if path.lower().endswith(".npy"):
            labels = sibling_labels(path)
            if labels is None:
                chosen, _ = QFileDialog.getOpenFileName(
                    self.view, "Labels for the vectors (cancel: number them)",
                    str(Path(path).parent), "Labels (*.txt *.tsv);;All files (*)")
                labels = chosen or None
        self.open_file(path, labels)

    # -- reading -----------------------------------------------------------------------------
    def show_load(self, fraction: float | None) -> None:
        self.view.show_load(fraction)

    def open_file(self, path: str | Path, labels: str | Path | None = None) -> None:
        """Read ``path`` (with ``labels``) off the GUI thread, then show it in the lab."""
        path = str(Path(path).expanduser().absolute())
        labels = str(Path(labels).expanduser().absolute()) if labels else ""
        state = self.view.model.state
        self.start(partial(_read, path, labels, state.centre, state.whiten),
                   partial(self._done, path, labels), f"Reading {Path(path).name}…")

    def preload(self, path: str | Path, labels: str | Path | None, then) -> None:
        """Read a file a scene names off the GUI thread, keep it, then call ``then()`` (which
        opens the scene: the model then finds the set already read). A bad file or a
        cancel is said in the status bar and ``then`` is not called: nothing changes."""
        path, labels = str(path), str(labels) if labels else ""
        state = self.view.model.state

        def done(result) -> None:
            register_file_set(*result)
            then()

        self.start(partial(_read, path, labels, state.centre, state.whiten), done,
                   f"Reading {Path(path).name}…")

    def _done(self, path: str, labels: str, result) -> None:
        key, vs = result
        register_file_set(key, vs)
        k = min(self.view.model.state.k, len(vs) - 1)
        self.message = f"{Path(path).name}: {len(vs):,} vectors of dimension {vs.dim}"
        self.view.intent.emit(f"Open {Path(path).name}", {"source": "file", "path": path,
                                                          "labels": labels, "k": k}, None)
        if self.view.model.state.path == path:
            self._say(self.message)


def files_of(view) -> VectorFiles | None:
    """The controller wired to ``view``, or None."""
    return view.findChild(VectorFiles)


def _read(path: str, labels: str, centre: bool, whiten: bool, progress, cancelled):
    """Runs on the worker: the set, and its PCA as the lab shows it (both cached)."""
    key, vs = read_file_set(path, labels or None, progress, cancelled)
    set_pca(vs, centre, whiten)  # the one pass the GUI thread would otherwise make
    return key, vs
