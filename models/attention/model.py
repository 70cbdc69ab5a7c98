"""The Attention lab: softmax(QKᵀ/√d_k)V on a typed sentence, and on thousands of tokens.

Small mode derives every stage of a sentence (at most 64 tokens) on each edit; large
mode only holds parameters and the visible window, and a view runs the heavy,
pooled computation on a worker (see :mod:`models.attention.large`). A toy
softmax vector shares the temperature, so one slider shows what temperature does.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace

import numpy as np

from models.attention.checkpoint import MissingExtra
from models.attention.files import npy_info, resolve_path
from models.attention.kernels import softmax
from models.attention.large import MAX_D, MAX_N, LargeParams, load_head
from models.attention.real import (
    DEFAULT_TEXT,
    RealDerived,
    cached_real,
    check_real,
    layer_pipeline,
    real_of,
    resolve_folder,
)
from models.attention.scene_fields import is_real, is_whole, scene_changes
from models.attention.small import (
    MAX_TOKENS,
    SmallDerived,
    derive_small,
    embeddings,
    projections,
    tokenize,
)
from models.core.evented import LabModel, SceneError, frozen_array
from models.core.expr import MAX_MAGNITUDE, EntryError, parse_entry, parse_matrix

__all__ = ["AttentionModel", "AttentionState", "MODES", "T_MIN", "T_MAX"]

MODES = ("small", "large", "model")
T_MIN, T_MAX = 0.01, 100.0
_MAX_SEED = 2**32 - 1
_INT_RANGES = {
    "seed": (0, _MAX_SEED), "d_model": (1, 512), "d_k": (1, 256), "heads": (1, 4),
    "padding": (0, MAX_TOKENS - 1), "head": (0, 3), "n": (1, MAX_N), "h": (1, 16),
    "d": (1, MAX_D), "large_seed": (0, _MAX_SEED), "large_head": (0, 63),
}


@dataclass(frozen=True, eq=False)
class AttentionState:
    """Immutable state of the Attention lab (arrays read-only).

    Small mode: ``sentence`` (whitespace tokens), ``seed`` of embeddings and weights,
    ``d_model``, ``d_k``, ``heads``, optional edited embeddings ``x`` (tokens × d_model),
    ``causal``, ``padding`` (pad tokens appended and hidden as keys), ``masked`` (extra
    hidden (query, key) cells), ``head`` shown. Shared: ``temperature``, ``causal``, the
    toy ``logits``. Large mode: ``n`` queries, ``m`` keys (= n unless K is loaded),
    ``h`` heads of size ``d``, ``large_seed``, ``large_head``, optional ``q_path`` and
    ``k_path`` (.npy, as typed), and the visible ``window`` (r0, r1, c0, c1) or None for
    all. Not edited directly: ``folder``, where relative paths are read from (a scene's
    folder; None for the working folder), and ``q_file``/``k_file``, the files read.
    """

    mode: str = "small"
    sentence: str = "the cat sat on the mat"
    seed: int = 0
    d_model: int = 8
    d_k: int = 4
    heads: int = 2
    x: np.ndarray | None = None
    causal: bool = False
    padding: int = 0
    masked: frozenset = frozenset()
    temperature: float = 1.0
    head: int = 0
    logits_text: str = "2.0, 1.0, 0.1"
    logits: tuple[float, ...] = (2.0, 1.0, 0.1)
    n: int = 4096
    m: int = 4096
    h: int = 8
    d: int = 64
    large_seed: int = 0
    large_head: int = 0
    q_path: str | None = None
    k_path: str | None = None
    window: tuple[int, int, int, int] | None = field(default=None)
    folder: str | None = None
    q_file: str | None = None
    k_file: str | None = None
    real_path: str | None = None
    real_text: str = DEFAULT_TEXT
    real_layer: int = 0
    real_head: int = 0
    real_order: str = "layers"
    real_panel: str = "head"


_FIELDS = {f.name for f in fields(AttentionState)} - {"m", "logits", "folder", "q_file",
                                                      "k_file"}
_SMALL_SHAPE = ("sentence", "padding", "d_model")


def _int(name: str, value) -> int:
    lo, hi = _INT_RANGES[name]
    if not is_whole(value):
        raise ValueError(f"{name} must be a whole number between {lo} and {hi}")
    v = int(value)
    if not lo <= v <= hi:
        raise ValueError(f"{name} must be between {lo} and {hi}, got {v}")
    return v


def _temperature(value) -> float:
    if not is_real(value):  # "0.5" or True are typing mistakes, not numbers
        raise ValueError(f"temperature must be a number, got {value!r}")
    t = float(value)
    if not (T_MIN <= t <= T_MAX):
        raise ValueError(f"temperature must be between {T_MIN:g} and {T_MAX:g}, got {value}")
    return t


def _logits(text) -> tuple[float, ...]:
    if not isinstance(text, str):
        raise ValueError("logits must be typed as text, e.g. 2.0, 1.0, 0.1")
    try:
        _, rows = parse_matrix(text.replace(";", ","), max_size=16)
    except EntryError as err:
        raise ValueError(f"logits: {err}") from None
    values = tuple(v for row in rows for v in row)
    if not 1 <= len(values) <= 16 or len(rows) != 1:
        raise ValueError("type 1 to 16 logits separated by commas, e.g. 2.0, 1.0, 0.1")
    return values


def _cells(cells, n: int, strict: bool) -> frozenset:
    out = set()
    for cell in cells:
        if (not isinstance(cell, (list, tuple)) or len(cell) != 2
                or not all(is_whole(v) for v in cell)):
            raise ValueError("a masked cell is a (query, key) pair of whole numbers")
        i, j = (int(v) for v in cell)
        if 0 <= i < n and 0 <= j < n:
            out.add((i, j))
        elif strict:
            raise ValueError(f"no cell ({i}, {j}) among {n} tokens")
    return frozenset(out)


def _build(s: AttentionState, changes: dict) -> AttentionState:
    """Validate ``changes`` against ``s``; return the new state (``s`` is untouched)."""
    ch = dict(changes)
    toggle, x_entry = ch.pop("toggle_mask", None), ch.pop("x_entry", None)
    unknown = set(ch) - _FIELDS
    if unknown:
        raise ValueError("unknown fields: " + ", ".join(sorted(unknown)))
    new = {k: _int(k, v) for k, v in ch.items() if k in _INT_RANGES}
    mode = ch.get("mode", s.mode)
    if mode not in MODES:
        raise ValueError(f"mode must be 'small', 'large' or 'model', got {mode!r}")
    for key in ("causal",):
        if key in ch and not isinstance(ch[key], (bool, np.bool_)):
            raise ValueError(f"{key} must be true or false")
    get = lambda k: new.get(k, ch.get(k, getattr(s, k)))  # noqa: E731 - local shorthand
    tokens = tokenize(get("sentence"), get("padding"))
    n_tok, d_model = len(tokens), get("d_model")
    if "masked" in ch:
        masked = _cells(ch["masked"], n_tok, strict=True)
    else:
        masked = _cells(s.masked, n_tok, strict=False)  # cells past a shorter sentence go
    if toggle is not None:
        masked = masked ^ _cells([toggle], n_tok, strict=True)
    x = _embeddings(s, ch, tokens, d_model, x_entry)
    heads = get("heads")
    head = get("head")
    if head >= heads:
        if "head" in ch:
            raise ValueError(f"head must be below {heads}")
        head = heads - 1
    temperature = _temperature(ch.get("temperature", s.temperature))
    logits_text = ch.get("logits_text", s.logits_text)
    logits = _logits(logits_text) if "logits_text" in ch else s.logits
    large = _large(s, ch, new)
    large.update(check_real(s, ch, mode))
    return replace(s, mode=mode, sentence=" ".join(get("sentence").split()),
                   seed=get("seed"), d_model=d_model, d_k=get("d_k"), heads=heads, x=x,
                   causal=bool(get("causal")), padding=get("padding"), masked=masked,
                   temperature=temperature, head=head, logits_text=logits_text.strip(),
                   logits=logits, **large)


def _embeddings(s, ch, tokens, d_model, x_entry):
    """The edited embeddings to keep, or None for the seeded ones."""
    shape = (len(tokens), d_model)
    if "x" in ch:
        x = None if ch["x"] is None else _finite(ch["x"], shape, "X")
    elif s.x is not None and s.x.shape == shape:
        x = s.x
    else:
        x = None  # the sentence or d_model changed: edited rows no longer fit
    if x_entry is not None:
        i, j, value = x_entry
        if not (0 <= int(i) < shape[0] and 0 <= int(j) < shape[1]):
            raise ValueError(f"no entry ({i}, {j}) in X of shape {shape}")
        try:
            v = parse_entry(value) if isinstance(value, str) else float(value)
        except EntryError as err:
            raise EntryError(f"X[{int(i) + 1},{int(j) + 1}] {value!r}: {err}") from None
        base = (embeddings(tokens, ch.get("seed", s.seed), d_model) if x is None
                else np.array(x))
        base[int(i), int(j)] = v
        x = _finite(base, shape, "X")
    return x


def _finite(values, shape, what) -> np.ndarray:
    try:
        a = frozen_array(values, shape)
    except (ValueError, TypeError) as err:
        raise ValueError(f"{what}: {err}") from None
    # The same bound as a typed entry: far beyond it the scores QKᵀ overflow float64.
    if a.size and float(np.max(np.abs(a))) > MAX_MAGNITUDE:
        raise ValueError(f"{what}: entries above {MAX_MAGNITUDE:g} in size are not supported")
    return a


def _large(s: AttentionState, ch: dict, new: dict) -> dict:
    """Validate the large-mode fields; files fix n, h, d (and m)."""
    get = lambda k: new.get(k, getattr(s, k))  # noqa: E731 - local shorthand
    q_path = ch.get("q_path", s.q_path) or None
    k_path = ch.get("k_path", s.k_path) or None
    n, h, d = get("n"), get("h"), get("d")
    m = n
    q_file = _file(q_path, s.folder, "Q") if "q_path" in ch else s.q_file
    k_file = _file(k_path, s.folder, "K") if "k_path" in ch else s.k_file
    if q_path:
        shape, _ = npy_info(q_file, "Q") if "q_path" in ch else ((s.h, s.n, s.d), None)
        fh, fn, fd = (1, *shape) if len(shape) == 2 else shape
        for name, v, fv in (("n", n, fn), ("h", h, fh), ("d", d, fd)):
            if name in new and v != fv:
                raise ValueError(f"{name} comes from the Q file ({fv}); clear the files "
                                 f"to choose it")
        n, h, d = fn, fh, fd
        m = n
    if k_path:
        shape, _ = npy_info(k_file, "K") if "k_path" in ch else ((s.h, s.m, s.d), None)
        kh, m, kd = (1, *shape) if len(shape) == 2 else shape
        if q_path and (kh, kd) != (h, d):
            raise ValueError(f"K has {kh} heads of size {kd} but Q has {h} of size {d}")
        if ("h" in new and new["h"] != kh) or ("d" in new and new["d"] != kd):
            raise ValueError("h and d come from the K file; clear the files to choose them")
        h, d = kh, kd
    large_head = get("large_head")
    if large_head >= h:
        if "large_head" in new:
            raise ValueError(f"head must be below {h}")
        large_head = h - 1
    window = ch.get("window", s.window if (n, m) == (s.n, s.m) else None)
    return dict(n=n, m=m, h=h, d=d, large_seed=get("large_seed"), large_head=large_head,
                q_path=q_path, k_path=k_path, q_file=q_file, k_file=k_file,
                window=_window(window, n, m))


def _file(path, folder: str | None, what: str) -> str | None:
    """The file a typed path names (read from ``folder`` when relative), or None."""
    if not path:
        return None
    if not isinstance(path, str):
        raise ValueError(f"the {what} file must be given as a path (text)")
    return str(resolve_path(path, folder, what))


def _window(window, n: int, m: int):
    if window is None:
        return None
    if (not isinstance(window, (list, tuple)) or len(window) != 4
            or not all(is_whole(v) for v in window)):
        raise ValueError("the window is four whole numbers: r0, r1, c0, c1")
    r0, r1, c0, c1 = (int(v) for v in window)
    if not (0 <= r0 < r1 <= n and 0 <= c0 < c1 <= m):
        raise ValueError(f"window rows {r0}–{r1}, keys {c0}–{c1} is outside {n}×{m}")
    return None if (r0, r1, c0, c1) == (0, n, 0, m) else (r0, r1, c0, c1)


class AttentionModel(LabModel):
    """Evented model of the Attention lab.

    Derived on every change: :attr:`small` (every stage for the sentence),
    :attr:`softmax_probs` (of the toy logits at the temperature) and :attr:`large`
    (the parameters a large-mode job needs).
    """

    lab_id = "attention"

    def __init__(self, state: AttentionState | None = None) -> None:
        self.small: SmallDerived
        self.softmax_probs: np.ndarray
        self.large: LargeParams
        self.real_pipeline = None
        super().__init__(state or AttentionState())

    def prepare(self, **changes) -> AttentionState:
        """Validate changes to any field; also ``toggle_mask=(i, j)`` and
        ``x_entry=(i, j, value)``.

        Raises
        ------
        ValueError
            With a message for a person; the current state is untouched.
        """
        return _build(self._state, changes)

    def _derive(self) -> None:
        s = self._state
        tokens = tokenize(s.sentence, s.padding)
        x = s.x if s.x is not None else embeddings(tokens, s.seed, s.d_model)
        w = projections(s.seed, s.heads, s.d_model, s.d_k)
        self.small = derive_small(tokens, x, w, causal=s.causal, padding=s.padding,
                                  masked=s.masked, temperature=s.temperature)
        probs = softmax(np.array(s.logits, dtype=np.float64), temperature=s.temperature)
        probs.setflags(write=False)
        self.softmax_probs = probs
        self.large = LargeParams(s.n, s.m, s.h, s.d, s.large_seed, s.large_head, s.causal,
                                 s.temperature, s.q_file, s.k_file)
        # A real model's attention, computed (or found in the cache) only in its mode.
        # Found in the cache only: the forward pass runs on a worker (the app's
        # RealModelJobs), never here. ``real_missing`` names what a view waits for.
        self.real: RealDerived | None = None
        self.real_missing: tuple[str, str] | None = None
        if s.mode == "model" and s.real_path:
            key = (resolve_folder(s.real_path, s.folder), s.real_text)
            self.real = cached_real(*key)
            self.real_missing = key if self.real is None else None
        # The chosen layer's stages from its real Q, K and V, when the pipeline is shown
        # (kept while the layer stays: choosing another head of it costs nothing).
        key = (self.real, s.real_layer)
        if self.real is None or s.real_panel != "pipeline":
            self.real_pipeline = None
        elif getattr(self, "_pipeline_key", None) != key or self.real_pipeline is None:
            self.real_pipeline = layer_pipeline(self.real, s.real_layer)
        self._pipeline_key = key

    def check_inputs(self) -> None:
        """In large mode, read the shown head of the Q and K files and check their values; in
        the real-model mode, compute the model's attention (headless rendering: the window
        computes it on a worker).

        Raises
        ------
        ValueError
            A file holds NaN, inf or values beyond float32's range, or cannot be read.
        """
        if self.real_missing is not None:  # headless: compute the real model's attention now
            try:
                real_of(*self.real_missing)
            except MissingExtra as err:
                raise ValueError(str(err)) from None
            self._derive()
        if self._state.mode == "large" and (self.large.q_path or self.large.k_path):
            try:
                load_head(self.large)
            except OSError as err:
                raise ValueError(f"cannot read the Q or K file: {err.strerror or err}") from None

    # -- scenes -----------------------------------------------------------------------------
    def to_dict(self) -> dict:
        """The scene form: small-mode fields at the top, large-mode ones under ``"large"``."""
        s = self._state
        out = {
            "mode": s.mode, "sentence": s.sentence, "seed": s.seed, "d_model": s.d_model,
            "d_k": s.d_k, "heads": s.heads, "head": s.head, "causal": s.causal,
            "padding": s.padding, "masked": [list(c) for c in sorted(s.masked)],
            "temperature": s.temperature, "logits": s.logits_text,
            "large": {"n": s.n, "h": s.h, "d": s.d, "seed": s.large_seed,
                      "head": s.large_head, "q_path": s.q_path, "k_path": s.k_path,
                      "window": None if s.window is None else list(s.window)},
            "real": {"path": s.real_path, "text": s.real_text, "layer": s.real_layer,
                     "head": s.real_head, "order": s.real_order, "panel": s.real_panel},
        }
        if s.x is not None:
            out["x"] = s.x.tolist()
        return out

    @classmethod
    def state_from_dict(cls, data: dict, base: str | None = None) -> AttentionState:
        """Check a scene's ``model`` field completely (files included); raises SceneError.

        Numbers must be JSON numbers and ``causal`` a JSON boolean: ``"0.5"`` or ``1`` in
        their place is refused, not converted. ``large.q_path`` and ``large.k_path`` are
        kept as written (a save writes them back unchanged); a relative one is read from
        ``base``, the scene file's folder, or from the working folder when None.
        """
        changes, large = scene_changes(data)
        files = {k: changes.pop(k) for k in ("q_path", "k_path") if k in changes}
        try:
            # Files first fix n, h, d; then a window can be checked against them.
            start = AttentionState(folder=None if base is None else str(base))
            with_files = _build(start, files)
            if with_files.q_path or with_files.k_path:
                changes = {k: v for k, v in changes.items() if k not in ("n", "h", "d")} | (
                    {"n": large["n"]} if "n" in large and not with_files.q_path else {})
            return _build(with_files, changes)
        except (ValueError, TypeError) as err:
            raise SceneError(str(err)) from None
