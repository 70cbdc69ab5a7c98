"""The Attention lab's real-model mode: a checkpoint folder and a text, the attention of
every layer and head, and the statistics that sort the heads.

:func:`build_real` is the heavy step — open the folder (read its weights), tokenise the
text with the folder's tokenizer and run the forward pass — and runs on a worker in the
window; :func:`real_of` returns the result from a small cache when the same folder and text
were computed before (changing the layer, the head or the order never computes again).
The model last opened stays open, so a new text for the same model only runs the pass.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from models.attention.checkpoint import (
    CheckpointModel,
    MissingExtra,
    ModelConfig,
    ModelFolderError,
    open_model,
    read_config,
)
from models.attention.checkpoint.weights import available_memory_bytes, format_bytes
from models.attention.head_stats import (
    diagonal,
    entropy,
    first_token,
    pattern_distance,
    previous_token,
)
from models.core.kept import Kept

__all__ = ["RealDerived", "ORDERS", "PANELS", "MAX_REAL_TOKENS", "MAX_TEXT", "real_key",
           "real_of", "cached_real", "build_real", "check_folder", "check_real",
           "resolve_folder", "DEFAULT_TEXT", "REAL_FIELDS", "layer_pipeline",
           "long_context_qk", "MAX_LONG_TOKENS"]

#: How the model view orders its heads: by layer and head, by mean row entropy (most
#: focused first), or by distance to a pattern (nearest first).
ORDERS = ("layers", "entropy", "previous", "first", "diagonal")
#: The most tokens the head and model views show (the long-context overview is for more).
MAX_REAL_TOKENS = 512
MAX_TEXT = 400_000  # a text file for long inputs (a scene holds at most 4 MiB)
#: The most tokens a long-context view of a real layer reads (the model's own limit and the
#: memory present first: each layer on the way holds its heads' n × n scores).
MAX_LONG_TOKENS = 65_536
DEFAULT_TEXT = "The cat sat on the mat because it was tired."
_CACHE_SIZE = 4

_lock = threading.Lock()
_cache: Kept[RealDerived] = Kept(_CACHE_SIZE)
_open: dict[str, CheckpointModel] = {}


@dataclass(frozen=True, eq=False)
class RealDerived:
    """One text through one model.

    Attributes
    ----------
    config : ModelConfig
    name : str
        The model's name for people.
    ids : ndarray (n,)
    tokens, readable : tuple of str
        The tokenizer's raw tokens ("Ġthe", "##ing") and their readable form.
    weights : ndarray (L, H, n, n) float32, read-only
    entropy : ndarray (L, H)
        Mean row entropy of each head, in nats.
    distance : dict of str to ndarray (L, H)
        Mean total-variation distance of each head to the previous-token, first-token and
        diagonal patterns.
    q, k, v : list of ndarray (H, n, d_head)
        Each layer's queries, keys (after the rotation of a rotary model, one per query
        head) and values: the pipeline of a head is drawn from them.
    allowed : ndarray (n, n) of bool
        Where query i may attend to key j.
    """

    config: ModelConfig
    name: str
    ids: np.ndarray
    tokens: tuple[str, ...]
    readable: tuple[str, ...]
    weights: np.ndarray
    entropy: np.ndarray
    distance: dict
    q: tuple = ()
    k: tuple = ()
    v: tuple = ()
    allowed: np.ndarray | None = None

    @property
    def n(self) -> int:
        """Number of tokens."""
        return len(self.tokens)

    def scores_for(self, order: str) -> np.ndarray | None:
        """The (L, H) values the ``order`` sorts by (None for layer order)."""
        if order == "entropy":
            return self.entropy
        return self.distance.get(order)


def check_folder(path: str) -> ModelConfig:
    """The config of the model folder ``path`` (cheap: config.json only).

    Raises
    ------
    ModelFolderError
        No such folder, or its config names an architecture linscope cannot run.
    """
    folder = Path(path)
    if not folder.is_dir():
        raise ModelFolderError(f"the model folder {path} is not on this machine; put the "
                               "model there or open another (File → Open model…)")
    return read_config(folder)


def real_key(folder: str, text: str) -> tuple:
    """What identifies a computation: the folder as it is on disk now, and the text."""
    p = Path(folder).absolute()
    try:
        stamp = (p / "config.json").stat().st_mtime_ns
    except OSError:
        stamp = None
    return (str(p), stamp, text)


def cached_real(folder: str, text: str) -> RealDerived | None:
    """The computed attention of ``text`` through ``folder``'s model, or None."""
    return _cache.get(real_key(folder, text))


def real_of(folder: str, text: str) -> RealDerived:
    """From the cache, else computed now (headless rendering computes here)."""
    return cached_real(folder, text) or build_real(folder, text)


def _part(progress, lo: float, hi: float):
    """``progress`` for one part of a job: its fractions mapped into [lo, hi]."""
    if progress is None:
        return None
    return lambda f: progress(lo + (hi - lo) * f)


def _model(folder: str, progress, cancelled) -> CheckpointModel:
    path = str(Path(folder).absolute())
    with _lock:
        model = _open.get(path)
    if model is None:
        model = open_model(path, progress=progress, cancelled=cancelled)
        with _lock:
            _open.clear()  # one model's weights in memory at a time
            _open[path] = model
    return model


def build_real(folder: str, text: str, progress=None, cancelled=None) -> RealDerived:
    """Open the model (or reuse the open one), tokenise ``text`` and keep every head's
    weights; cache the result.

    Raises
    ------
    ModelFolderError, MissingExtra
        A folder or file linscope cannot read, or the ``models`` extra missing.
    ValueError
        More tokens than :data:`MAX_REAL_TOKENS` or than the model's positions.
    """
    key = real_key(folder, text)
    model = _model(folder, _part(progress, 0.0, 0.5), cancelled)
    toks = model.tokenize(text)
    n = len(toks.ids)
    limit = min(MAX_REAL_TOKENS, model.config.max_positions or MAX_REAL_TOKENS)
    if n == 0:
        raise ValueError("the text has no tokens")
    if n > limit:
        raise ValueError(f"the text has {n} tokens; the head and model views show at most "
                         f"{limit}")
    result = model.run(toks.ids, keep=("weights", "q", "k", "v"),
                       progress=_part(progress, 0.5, 1.0), cancelled=cancelled)
    weights = np.ascontiguousarray(result.weights, dtype=np.float32)
    weights.setflags(write=False)
    stats = {"previous": previous_token(n), "first": first_token(n), "diagonal": diagonal(n)}
    real = RealDerived(model.config, model.name, np.asarray(toks.ids), tuple(toks.tokens),
                       tuple(toks.readable), weights, entropy(weights),
                       {k: pattern_distance(weights, p) for k, p in stats.items()},
                       tuple(result.q), tuple(result.k), tuple(result.v), result.allowed)
    return _cache.put(key, real)




#: The fields of the real-model mode in a state, with their defaults.
REAL_FIELDS = {"real_path": None, "real_text": DEFAULT_TEXT, "real_layer": 0, "real_head": 0,
               "real_order": "layers", "real_panel": "head"}
PANELS = ("head", "model", "pipeline")


def resolve_folder(path: str, base: str | None) -> str:
    """The folder ``path`` names: ``~`` expanded, a relative one read from ``base``."""
    p = Path(path).expanduser()
    if not p.is_absolute() and base:
        p = Path(base) / p
    return str(p.absolute())


def check_real(s, ch: dict, mode: str) -> dict:
    """Validate the real-model fields of ``ch`` against the state ``s``; returns them all.

    In the real-model ``mode`` the folder's config (read here, cheap) bounds the layer and
    the head; the weights and the tokenizer are read later, by :func:`build_real`.

    Raises
    ------
    ValueError
        With a message for a person (a ModelFolderError names the file or architecture).
    """
    get = lambda k: ch.get(k, getattr(s, k))  # noqa: E731 - local shorthand
    path, text = get("real_path") or None, get("real_text")
    if path is not None and not isinstance(path, str):
        raise ValueError("the model folder must be given as a path (text)")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("type a text for the model to read")
    if len(text) > MAX_TEXT:
        raise ValueError(f"the text is {len(text):,} characters; at most {MAX_TEXT:,}")
    order, panel = get("real_order"), get("real_panel")
    if order not in ORDERS:
        raise ValueError(f"order must be one of {', '.join(ORDERS)}, got {order!r}")
    if panel not in PANELS:
        raise ValueError(f"panel must be one of {', '.join(PANELS)}, got {panel!r}")
    layer, head = get("real_layer"), get("real_head")
    for name, v in (("layer", layer), ("head", head)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) and not (
                isinstance(v, float) and v.is_integer()):
            raise ValueError(f"{name} must be a whole number")
    layer, head = int(layer), int(head)
    if path is not None and mode == "model":  # another mode's scene may name a far folder
        folder = resolve_folder(path, s.folder)
        config = check_folder(folder)
        if {"real_path", "real_text", "mode"} & set(ch):
            # Refused here, with its message, rather than failing later on a worker.
            try:
                n = count_tokens(folder, text, config)
            except MissingExtra as err:
                raise ValueError(str(err)) from None
            limit = min(MAX_REAL_TOKENS, config.max_positions or MAX_REAL_TOKENS)
            if n > limit:
                raise ValueError(f"the text has {n} tokens; the head, model and pipeline "
                                 f"views show at most {limit} (Long context reads more)")
        fix = "real_path" in ch  # a new model: keep the layer and head where they fit
        if not 0 <= layer < config.layers:
            if not fix and "real_layer" in ch:
                raise ValueError(f"layer must be between 0 and {config.layers - 1}")
            layer = min(max(layer, 0), config.layers - 1)
        if not 0 <= head < config.heads:
            if not fix and "real_head" in ch:
                raise ValueError(f"head must be between 0 and {config.heads - 1}")
            head = min(max(head, 0), config.heads - 1)
    return {"real_path": path, "real_text": text, "real_layer": layer, "real_head": head,
            "real_order": order, "real_panel": panel}


def layer_pipeline(real: RealDerived, layer: int):
    """Every stage of one layer's attention, from its real Q, K and V, as the sentence mode
    draws them: Q Kᵀ, ÷ √d_head, the mask, the model's own weights and weights · V.

    Returns
    -------
    models.attention.small.SmallDerived
        For all the layer's heads (the chosen one is picked by the view).
    """
    from models.attention.small import SmallDerived

    # float32, as the model computed them: half the memory and time of float64 at 512 tokens.
    q, k, v = (np.asarray(a[layer], dtype=np.float32) for a in (real.q, real.k, real.v))
    scores = q @ np.ascontiguousarray(np.swapaxes(k, 1, 2))
    scaled = scores / np.float32(np.sqrt(q.shape[2]))
    allowed = np.ones((real.n, real.n), bool) if real.allowed is None else real.allowed
    reasons = np.where(allowed, 0, 1).astype(np.int8)  # 1: hidden by the causal rule
    weights = np.asarray(real.weights[layer], dtype=np.float32)
    parts = dict(x=np.zeros((real.n, 1), np.float32), q=q, k=k, v=v, scores=scores,
                 scaled=scaled, masked=np.where(allowed[None], scaled, np.float32(-np.inf)),
                 reasons=reasons,
                 weights=weights, out=weights @ v, row_sums=weights.sum(axis=-1))
    for a in parts.values():
        a.setflags(write=False)
    return SmallDerived(tokens=real.readable, **parts)


def long_context_qk(folder: str, text: str, layer: int, out_dir: str | Path,
                    progress=None, cancelled=None) -> tuple[str, str, int]:
    """One layer's real queries and keys of a long text, written as ``.npy`` files for the
    long-context mode (its pooled overview and exact tiles).

    The forward pass runs up to that layer's attention and keeps only its Q and K (each
    (H, n, d_head), keys one per query head after the rotation of a rotary model), so no
    n × n weights are stored.

    Returns
    -------
    q_path, k_path : str
        The files written under ``out_dir`` (named by the model, text and layer).
    n : int
        The number of tokens.

    Raises
    ------
    ValueError
        More tokens than the model's positions or :data:`MAX_LONG_TOKENS`.
    """
    import hashlib

    model = _model(folder, _part(progress, 0.0, 0.5), cancelled)
    toks = model.tokenize(text)
    n = len(toks.ids)
    limit = min(MAX_LONG_TOKENS, model.config.max_positions or MAX_LONG_TOKENS)
    if n == 0:
        raise ValueError("the text has no tokens")
    if n > limit:
        raise ValueError(f"the text has {n:,} tokens; this model reads at most {limit:,}")
    if not 0 <= layer < model.config.layers:
        raise ValueError(f"layer must be between 0 and {model.config.layers - 1}")
    # Every layer up to this one computes its heads' n × n scores, weights and their
    # softmax on the way: refused before starting when that does not fit.
    need = 3 * 4 * model.config.heads * n * n
    free = available_memory_bytes()
    if free is not None and need > free:
        raise ValueError(f"{n:,} tokens need about {format_bytes(need)} for one layer's "
                         f"attention on the way, and {format_bytes(free)} is available; "
                         "take a shorter text (or a machine with a GPU)")
    result = model.run(toks.ids, layers=(layer,), keep=("q", "k"),
                       progress=_part(progress, 0.5, 1.0), cancelled=cancelled)
    tag = hashlib.sha256(f"{real_key(folder, text)}".encode()).hexdigest()[:16]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, arrays in (("q", result.q), ("k", result.k)):
        path = out / f"{model.name.replace('/', '_')}-{tag}-layer{layer}-{name}.npy"
        np.save(path, np.ascontiguousarray(arrays[0], dtype=np.float32))
        paths.append(str(path))
    return paths[0], paths[1], n


_tokenizers: Kept = Kept(4)


def count_tokens(folder: str, text: str, config: ModelConfig) -> int:
    """How many tokens the folder's own tokenizer makes of ``text`` (its tokenizer.json
    only: cheap, no weights are read).

    Raises
    ------
    ModelFolderError, MissingExtra
        tokenizer.json missing or damaged; the ``models`` extra not installed.
    """
    from models.attention.checkpoint.tokens import Tokenizer

    key = real_key(folder, "")
    tok = _tokenizers.get(key) or _tokenizers.put(key, Tokenizer(folder, config.architecture))
    return len(tok(text).ids)
