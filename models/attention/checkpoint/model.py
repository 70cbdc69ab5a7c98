"""A model opened from a folder: its config, its weights, its tokenizer, its forward pass.

:func:`open_model` reads ``config.json``, plans the weights (every tensor found, its shape
checked), refuses a model too big for the memory available — before reading it — and then
reads the weights as float32. :meth:`CheckpointModel.run` computes the forward pass on the
chosen backend (falling back to NumPy if the GPU fails) and keeps, per layer, only what it is
asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from models.attention.checkpoint import weights as _weights
from models.attention.checkpoint.bert import forward_bert
from models.attention.checkpoint.config import ModelConfig, read_config
from models.attention.checkpoint.errors import MissingExtra, ModelFolderError
from models.attention.checkpoint.gpt2 import forward_gpt2
from models.attention.checkpoint.llama import forward_llama
from models.attention.checkpoint.recorder import KEEPABLE, Hook, Recorder
from models.attention.checkpoint.tokens import TOKENIZER_FILE, Tokenizer, Tokens
from models.attention.common import report
from models.core.backend import Backend, run_with_fallback, select_backend

__all__ = ["CheckpointModel", "ForwardResult", "open_model"]

_FORWARD = {"gpt2": forward_gpt2, "bert": forward_bert, "llama": forward_llama}


@dataclass(frozen=True)
class ForwardResult:
    """What one forward pass kept.

    Attributes
    ----------
    hidden : ndarray, shape (n, d_model), float32
        The final hidden states: GPT-2 after ``ln_f``, Llama after its final RMSNorm, BERT
        the last layer's output (no pooler).
    weights : ndarray, shape (L, H, n, n), float32, or None
        The attention weights of the kept layers (rows sum to 1; masked keys 0).
    scores : ndarray, shape (L, H, n, n), float32, or None
        The scaled dot products q·k/√d_head before the mask and the softmax (where
        ``allowed`` is False they are computed but masked).
    q, k : list of ndarray (H, n, d_head), or None
        Per kept layer; Llama's after the rotation, its keys repeated to one per query head.
    v : list of ndarray (H, n, d_head), or None
        The values per kept layer (one per query head), when asked for.
    layers : tuple of int
        Which layers the first axis of ``weights`` and ``scores`` (and the lists) are.
    heads : tuple of int
        Which heads their second axis is (H of them unless a subset was asked for).
    allowed : ndarray, shape (n, n), bool
        True where query i may attend to key j (causality and padding).
    """

    hidden: np.ndarray
    weights: np.ndarray | None
    scores: np.ndarray | None
    q: list[np.ndarray] | None
    k: list[np.ndarray] | None
    layers: tuple[int, ...] = ()
    heads: tuple[int, ...] = ()
    allowed: np.ndarray | None = None
    v: list[np.ndarray] | None = None


class CheckpointModel:
    """An opened model; build it with :func:`open_model`.

    Attributes
    ----------
    config : ModelConfig
    folder : Path
    name : str
    backend : Backend
        Where :meth:`run` computes first.
    """

    def __init__(self, config: ModelConfig, folder: Path, params: dict[str, np.ndarray],
                 backend: Backend) -> None:
        self.config = config
        self.folder = Path(folder)
        self.name = config.name
        self.backend = backend
        self._host = params
        self._device: dict[str, dict[str, Any]] = {}
        self._tokenizer: Tokenizer | None = None

    def __repr__(self) -> str:
        return f"CheckpointModel({self.config.title})"

    @property
    def vocab_rows(self) -> int:
        """The embedding's rows: token ids run from 0 to this − 1."""
        key = {"gpt2": "wte.weight", "bert": "embeddings.word_embeddings.weight",
               "llama": "embed_tokens.weight"}[self.config.architecture]
        return int(self._host[key].shape[0])

    def tokenizer(self) -> Tokenizer:
        """The folder's tokenizer, loaded on first use.

        Raises
        ------
        ModelFolderError
            tokenizer.json is missing or damaged.
        MissingExtra
            ``tokenizers`` is not installed.
        """
        if self._tokenizer is None:
            self._tokenizer = Tokenizer(self.folder, self.config.architecture)
        return self._tokenizer

    def tokenize(self, text: str) -> Tokens:
        """Tokenise ``text`` with the folder's tokenizer.json, special tokens included."""
        return self.tokenizer()(text)

    def _params(self, backend: Backend) -> dict[str, Any]:
        if not backend.is_gpu:
            return self._host
        if backend.name not in self._device:  # copied to the device once, then reused
            self._device[backend.name] = {k: backend.asarray(v) for k, v in self._host.items()}
        return self._device[backend.name]

    def check_ids(self, ids: Any) -> np.ndarray:
        """``ids`` as an int64 vector, checked against the vocabulary and the positions.

        Raises
        ------
        ValueError
            Not a non-empty 1-D integer sequence, an id outside the vocabulary, or more
            tokens than the model has positions for.
        """
        arr = np.asarray(ids)
        if arr.ndim != 1 or arr.size == 0 or (arr.dtype.kind not in "iu"):
            raise ValueError(f"token ids must be a non-empty 1-D integer sequence, got "
                             f"{arr.dtype} of shape {arr.shape}")
        arr = arr.astype(np.int64)
        rows = self.vocab_rows
        if arr.min() < 0 or arr.max() >= rows:
            bad = int(arr[(arr < 0) | (arr >= rows)][0])
            raise ValueError(f"token id {bad} is outside the vocabulary (0 … {rows - 1})")
        limit = self.config.max_positions
        if limit is not None and arr.size > limit:
            raise ValueError(f"{arr.size} tokens are more than {self.name}'s {limit} positions")
        return arr

    def allowed(self, n: int, attention_mask: Any = None) -> np.ndarray:
        """The (n, n) mask: causal for GPT-2 and Llama, keys of padding (mask 0) excluded."""
        ok = np.tril(np.ones((n, n), bool)) if self.config.causal else np.ones((n, n), bool)
        if attention_mask is not None:
            keys = np.asarray(attention_mask)
            if keys.shape != (n,):
                raise ValueError(f"attention_mask must have shape ({n},), got {keys.shape}")
            ok &= keys.astype(bool)[None, :]
        return ok

    def run(self, ids: Sequence[int] | np.ndarray, *, layers: Collection[int] | None = None,
            keep: Collection[str] = ("weights",), attention_mask: Any = None,
            heads: Collection[int] | None = None, hook: Hook | None = None,
            progress: Callable[[float], object] | None = None,
            cancelled: Callable[[], bool] | None = None) -> ForwardResult:
        """The forward pass for token ids ``ids``.

        Parameters
        ----------
        ids : sequence of int, shape (n,)
        layers : collection of int, optional
            The layers whose attention is kept (all by default); every layer is computed.
        keep : collection of str
            Any of ``"weights"``, ``"scores"``, ``"q"``, ``"k"``.
        attention_mask : sequence of 0/1, shape (n,), optional
            0 marks padding: no query attends to it (its weight is 0).
        heads : collection of int, optional
            The heads kept (all by default).
        hook : callable, optional
            ``hook(layer, what, array)`` receives each kept array (host float32, the kept
            heads of one layer) as it is computed, and nothing is stored: the result's
            ``weights``, ``scores``, ``q`` and ``k`` are then None. For pooling or drawing
            long inputs without holding (L, H, n, n) at once.
        progress : callable, optional
            Called with the fraction of layers done.
        cancelled : callable, optional
            Polled before each layer; True raises
            :class:`~models.attention.common.Cancelled`.

        Returns
        -------
        ForwardResult

        Raises
        ------
        ValueError
            Bad ids, layers, heads, keep or mask, or kept arrays larger than the memory
            available (both figures given).
        """
        arr = self.check_ids(ids)
        wanted = frozenset(keep)
        if wanted - set(KEEPABLE):
            raise ValueError(f"keep may hold {', '.join(KEEPABLE)}, not "
                             f"{', '.join(sorted(wanted - set(KEEPABLE)))}")
        c = self.config
        # In order and once each: the kept lists fill in the order the layers are computed.
        chosen = tuple(range(c.layers)) if layers is None else \
            tuple(sorted({int(i) for i in layers}))
        if any(not 0 <= i < c.layers for i in chosen):
            raise ValueError(f"layers run from 0 to {c.layers - 1}, got {chosen}")
        kept_heads = tuple(range(c.heads)) if heads is None else tuple(int(h) for h in heads)
        if any(not 0 <= h < c.heads for h in kept_heads):
            raise ValueError(f"heads run from 0 to {c.heads - 1}, got {kept_heads}")
        if hook is None:
            self._check_room(arr.size, len(chosen) * len(kept_heads), wanted)
        allowed = self.allowed(arr.size, attention_mask)
        recorder_args = {"heads": None if heads is None else kept_heads, "hook": hook,
                         "total_layers": c.layers, "progress": progress,
                         "cancelled": cancelled}
        result, _backend, _message = run_with_fallback(
            self._forward, self.backend, arr, allowed, chosen, wanted, recorder_args)
        return replace(result, heads=kept_heads)

    def _check_room(self, n: int, maps: int, keep: frozenset[str]) -> None:
        squares = len(keep & {"weights", "scores"})
        vectors = len(keep & {"q", "k", "v"})
        need = 4 * maps * (squares * n * n + vectors * n * self.config.d_head)
        free = _weights.available_memory_bytes()
        if free is not None and need > free:
            raise ValueError(f"keeping {', '.join(sorted(keep))} of {maps} heads at {n} tokens "
                             f"needs {_weights.format_bytes(need)} but only "
                             f"{_weights.format_bytes(free)} of memory is available; keep "
                             "fewer layers or heads, or pass a hook")

    def _forward(self, backend: Backend, ids: np.ndarray, allowed: np.ndarray,
                 layers: tuple[int, ...], keep: frozenset[str],
                 recorder_args: dict[str, Any]) -> ForwardResult:
        recorder = Recorder(backend, layers, keep, **recorder_args)
        hidden = _FORWARD[self.config.architecture](
            backend.xp, self._params(backend), self.config, backend.asarray(ids),
            backend.asarray(allowed), recorder)
        report(recorder_args.get("progress"), 1.0)
        return ForwardResult(np.ascontiguousarray(backend.to_host(hidden), np.float32),
                             recorder.weights, recorder.scores, recorder.q, recorder.k,
                             layers, (), allowed, recorder.v)


def open_model(folder: str | Path, *, backend: Backend | None = None,
               progress: Callable[[float], object] | None = None,
               cancelled: Callable[[], bool] | None = None,
               need_tokenizer: bool = True) -> CheckpointModel:
    """Open a model folder in the Hugging Face layout (nothing is ever downloaded).

    Parameters
    ----------
    folder : str or Path
        Holding config.json, model.safetensors (or model.safetensors.index.json and its
        shards) and tokenizer.json.
    backend : Backend, optional
        Where the forward pass computes; None selects one (``$LINSCOPE_BACKEND``).
    progress : callable, optional
        Called with the fraction of the weights read.
    cancelled : callable, optional
        Polled between tensors; True raises :class:`~models.attention.common.Cancelled`.
    need_tokenizer : bool
        Refuse a folder without tokenizer.json (the default); False opens it for forward
        passes from token ids alone.

    Returns
    -------
    CheckpointModel

    Raises
    ------
    ModelFolderError
        A missing or damaged file (named), an unsupported architecture (named), or weights
        bigger than the memory available (both figures given).
    Cancelled
    """
    folder = Path(folder).expanduser()
    config = read_config(folder)
    if need_tokenizer and not (folder / TOKENIZER_FILE).is_file():
        raise ModelFolderError(f"{folder.name}: {TOKENIZER_FILE} is missing (linscope "
                               "tokenises with the folder's own tokenizer)")
    plan = _weights.plan_weights(config, folder)
    _weights.check_memory(plan, config)
    params = _weights.load_weights(plan, folder, progress=progress, cancelled=cancelled)
    model = CheckpointModel(config, folder, params, backend or select_backend())
    if need_tokenizer:
        try:  # a damaged tokenizer.json is told now; a missing package when text is given
            model.tokenizer()
        except MissingExtra:
            pass
    return model
