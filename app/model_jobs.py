"""The Attention lab's real models: a folder opened and a text read, off the GUI thread.

:class:`RealModelJobs` answers the view's ``real_requested(text, changes)``: it checks the
changes (cheap: the folder's config), runs :func:`models.attention.real.build_real` — read
the weights, tokenise, the forward pass — on the :class:`~app.tasks.TaskRunner` with
progress and Cancel, and only then asks for the state, as one undoable step that finds the
result cached. A folder linscope cannot read, a missing extra or a too-long text is said in
the status bar and nothing changes.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from app.worker_jobs import WorkerJobs
from models.attention.checkpoint import (
    EXTRA_HINT,
    MissingExtra,
    ModelFolderError,
    default_cache_root,
    find_model_folders,
)
from models.attention.real import (
    DEFAULT_TEXT,
    MAX_TEXT,
    build_real,
    cached_real,
    long_context_qk,
    resolve_folder,
)

__all__ = ["RealModelJobs", "real_jobs_of", "tokenizers_missing"]

_BROWSE = "Another folder…"


def tokenizers_missing() -> bool:
    """True when the ``tokenizers`` package (the ``models`` extra) cannot be imported."""
    try:
        import tokenizers  # noqa: F401 - only whether it imports
    except ImportError:
        return True
    return False


class RealModelJobs(WorkerJobs):
    """Opens real models for an Attention view and reads its texts through them.

    Parameters
    ----------
    view : AttentionView
        Emits ``real_requested(str, dict)`` and ``cancel_real_requested``; shows progress
        with ``show_real_load``.
    runner : TaskRunner, optional
        None computes at once (headless use, tests).
    """

    SAID = (ModelFolderError, MissingExtra, ValueError, OSError, MemoryError)
    FAILED = "Could not read the model"
    CANCELLED = "Cancelled; the attention shown is the one computed before"

    def __init__(self, view, runner=None) -> None:
        super().__init__(view, runner)
        self._computing = None  # the (folder, text) a job is computing, if any
        view.model.changed.connect(self._follow)
        view.real_requested.connect(self.request)
        view.cancel_real_requested.connect(self.cancel)
        view.text_file_requested.connect(self.open_text_dialog)
        view.long_context_requested.connect(self.long_context)

    # -- asking ------------------------------------------------------------------------------
    def open_dialog(self) -> None:
        """Offer the models found in the Hugging Face cache, or a folder to choose."""
        if tokenizers_missing():
            QMessageBox.information(self.view, "Open model",
                                    "Reading a model's tokenizer needs the 'models' extra. "
                                    + EXTRA_HINT)
            return
        found = [str(p) for p in find_model_folders()]
        choice = _BROWSE
        if found:
            choice, ok = QInputDialog.getItem(self.view, "Open model",
                                              "Models in the Hugging Face cache:",
                                              [*found, _BROWSE], 0, False)
            if not ok:
                return
        else:
            QMessageBox.information(
                self.view, "Open model",
                f"No model in the Hugging Face cache ({default_cache_root()}). linscope never "
                "downloads one: choose a folder that holds config.json, model.safetensors "
                "and tokenizer.json (GPT-2, BERT or a Llama-layout model).")
        if choice == _BROWSE:
            choice = QFileDialog.getExistingDirectory(self.view, "A model folder")
            if not choice:
                return
        self.open_folder(choice)

    def open_folder(self, folder: str | Path) -> None:
        """Show ``folder``'s model in the real-model mode, reading the current text."""
        folder = str(Path(folder).expanduser().absolute())
        self.request(f"Open model {Path(folder).name}",
                     {"mode": "model", "real_path": folder})

    def open_text_dialog(self) -> None:
        """Ask for a UTF-8 text file and put it in the text box (nothing is read yet)."""
        path, _ = QFileDialog.getOpenFileName(self.view, "A text for the model", "",
                                              "Text (*.txt *.md);;All files (*)")
        if path:
            self.load_text(path)

    def load_text(self, path: str | Path) -> bool:
        """Put the UTF-8 text of ``path`` in the text box; False (and why, in the status
        bar) for a file that is too large or not UTF-8 text."""
        path = Path(path)
        try:
            if path.stat().st_size > 4 * MAX_TEXT:
                self._say(f"{path.name} is over {4 * MAX_TEXT // 1_000_000} MB; take a part of it")
                return False
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as err:
            self._say(f"{path.name} is not UTF-8 text (byte {err.start + 1})")
            return False
        except OSError as err:
            self._say(f"Could not read {path.name}: {err.strerror or err}")
            return False
        if len(text) > MAX_TEXT:
            self._say(f"{path.name} has {len(text):,} characters; at most {MAX_TEXT:,}")
            return False
        self.view.real_controls.text.setPlainText(text)
        self._say(f"{path.name}: {len(text):,} characters. Read shows the head, model and "
                  "pipeline views (up to 512 tokens); Long context shows one layer's heads "
                  "over every token")
        return True

    def long_context(self, text: str, layer: int) -> None:
        """Show ``layer``'s real Q and K of ``text`` in the long-context mode, computed off
        the GUI thread (one undoable step once the files are written)."""
        s = self.view.model.state
        if not s.real_path:
            self._say("Open a model first (File → Open model…)")
            return
        folder = resolve_folder(s.real_path, s.folder)
        out = _qk_dir()

        def done(result) -> None:
            q_path, k_path, n = result
            causal = self.view.model.real.config.causal if self.view.model.real else True
            self.view.intent.emit(
                f"Long context of layer {layer}",
                {"mode": "large", "q_path": q_path, "k_path": k_path, "causal": causal,
                 "large_head": s.real_head}, None)
            self._say(f"Layer {layer}'s real Q and K of {n:,} tokens, in the long-context "
                      "mode")

        self.start(partial(_long, folder, text, layer, str(out)), done,
                   f"Reading the text through layer {layer}…")

    # -- computing ---------------------------------------------------------------------------
    def request(self, text: str, changes: dict) -> None:
        """Check ``changes``; compute what they need off the GUI thread, then ask for them."""
        model = self.view.model
        try:
            state = model.prepare(**changes)
        except ValueError as err:
            self.view.refuse(changes, str(err))
            return
        if state.mode != "model" or not state.real_path:
            self.view.intent.emit(text, changes, None)
            return
        folder = resolve_folder(state.real_path, state.folder)
        if cached_real(folder, state.real_text) is not None:
            self.view.intent.emit(text, changes, None)
            return
        self._computing = (folder, state.real_text)
        self.start(partial(_build, folder, state.real_text),
                   partial(self._done, text, changes, self._computing),
                   f"Reading {Path(folder).name}…")

    def show_load(self, fraction: float | None) -> None:
        self.view.show_real_load(fraction)

    def _failed(self, serial: int, err: BaseException) -> None:
        if serial == self._serial:
            self._computing = None
        super()._failed(serial, err)

    @staticmethod
    def scene_work(model: dict, folder: str):
        """The (model folder, text) a scene's ``model`` (read from ``folder``) needs computed
        before it can open, or None: another mode, a result already computed, or a scene
        that opening will refuse with its message. Needs no view."""
        real = model.get("real")
        if model.get("mode") != "model" or not isinstance(real, dict) \
                or not isinstance(real.get("path"), str):
            return None
        text = real.get("text", DEFAULT_TEXT)
        path = resolve_folder(real["path"], folder)
        if not isinstance(text, str) or not Path(path).is_dir() \
                or cached_real(path, text) is not None:
            return None
        return path, text

    def preload(self, work, then) -> None:
        """Compute what :meth:`scene_work` found off the GUI thread, then call ``then()``
        (which opens the scene, finding it computed)."""
        path, text = work
        self.start(partial(_build, path, text), lambda _real: then(),
                   f"Reading {Path(path).name} for the scene…")

    def _done(self, text: str, changes: dict, key: tuple, real) -> None:
        self._computing = None
        model = self.view.model
        try:
            state = model.prepare(**changes)
        except ValueError:
            return  # the state moved on (undo, another scene): the result stays cached
        if (resolve_folder(state.real_path or "", state.folder), state.real_text) != key:
            return
        self.view.intent.emit(text, changes, None)
        self._say(f"{real.name}: {real.config.title}, {real.n} tokens")

    def _follow(self, model) -> None:
        """The state names attention not computed (undo past the cache, a scene): compute
        it on the worker, then derive again — not an edit, so no undo step."""
        key = model.real_missing
        if key is None or key == self._computing:
            return
        self._computing = key

        def done(_real) -> None:
            self._computing = None
            if self.view.model.real_missing == key:
                self.view.model.apply(self.view.model.state)  # finds it now

        self.start(partial(_build, *key), done, f"Reading {Path(key[0]).name}…")


def real_jobs_of(view) -> RealModelJobs | None:
    """The controller wired to ``view``, or None."""
    return view.findChild(RealModelJobs)


def _qk_dir() -> Path:
    """Where a real layer's Q and K files for the long-context mode are written."""
    from app.autosave import recovery_dir

    return recovery_dir() / "real-qk"


def _long(folder: str, text: str, layer: int, out: str, progress, cancelled):
    """Runs on the worker: one layer's Q and K of a long text, written as .npy files."""
    return long_context_qk(folder, text, layer, out, progress=progress, cancelled=cancelled)


def _build(folder: str, text: str, progress, cancelled):
    """Runs on the worker: open the model (once), tokenise, the forward pass (cached)."""
    return build_real(folder, text, progress=progress, cancelled=cancelled)
