"""What a forward pass keeps of each layer's attention, and where it goes.

The forward passes hand every layer's queries, keys, scores and weights to a
:class:`Recorder`; it keeps only the layers, heads and quantities asked for, moved to the
host as float32 — stacked into (L, H, n, n) arrays, or handed one layer at a time to a
``hook`` that can pool or draw them without the whole stack ever existing. It also polls for
cancellation and reports progress, once per layer.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

import numpy as np

from models.attention.common import check_cancel, report

__all__ = ["KEEPABLE", "Hook", "Recorder"]

#: What :meth:`CheckpointModel.run` can keep per layer.
KEEPABLE = ("weights", "scores", "q", "k", "v")

#: ``hook(layer, what, array)``: ``what`` one of :data:`KEEPABLE`, ``array`` a host float32
#: array of the kept heads, (h, n, n) for weights and scores, (h, n, d_head) for q and k.
Hook = Callable[[int, str, np.ndarray], object]


class Recorder:
    """Keeps, for chosen layers and heads, what the caller asked for, on the host.

    Parameters
    ----------
    backend : Backend
        Moves device arrays to the host.
    layers : tuple of int
        The layers whose attention is kept, in order.
    keep : collection of str
        Any of :data:`KEEPABLE`.
    heads : tuple of int, optional
        The heads kept (all when None).
    hook : callable, optional
        Receives each kept array instead of the recorder storing it.
    total_layers : int
        For progress.
    progress : callable, optional
        Called with the fraction of layers done.
    cancelled : callable, optional
        Polled before each layer; True raises :class:`~models.attention.common.Cancelled`.
    """

    def __init__(self, backend: Any, layers: tuple[int, ...], keep: Collection[str], *,
                 heads: tuple[int, ...] | None = None, hook: Hook | None = None,
                 total_layers: int = 1, progress: Callable[[float], object] | None = None,
                 cancelled: Callable[[], bool] | None = None) -> None:
        self.backend = backend
        self.layers = layers
        self.keep = frozenset(keep)
        self.heads = heads
        self.hook = hook
        self._slot = {layer: i for i, layer in enumerate(layers)}
        self._total = max(total_layers, 1)
        self._progress = progress
        self._cancelled = cancelled
        self.weights: np.ndarray | None = None
        self.scores: np.ndarray | None = None
        self.q: list[np.ndarray] | None = [] if "q" in self.keep and hook is None else None
        self.k: list[np.ndarray] | None = [] if "k" in self.keep and hook is None else None
        self.v: list[np.ndarray] | None = [] if "v" in self.keep and hook is None else None

    def start(self, layer: int) -> None:
        """Called as ``layer`` begins: report progress, and stop if cancelled."""
        check_cancel(self._cancelled)
        report(self._progress, layer / self._total)

    def wants(self, layer: int, what: str) -> bool:
        """Whether ``what`` of ``layer`` is kept."""
        return what in self.keep and layer in self._slot

    def _host(self, a: Any) -> np.ndarray:
        if self.heads is not None:
            a = a[list(self.heads)]
        return np.ascontiguousarray(self.backend.to_host(a), dtype=np.float32)

    def take(self, layer: int, **arrays: Any) -> None:
        """Keep (or hand to the hook) the arrays of ``layer`` that are wanted."""
        for name, a in arrays.items():
            if not self.wants(layer, name):
                continue
            host = self._host(a)
            if self.hook is not None:
                self.hook(layer, name, host)
            elif name in ("q", "k", "v"):
                getattr(self, name).append(host)
            else:
                store = getattr(self, name)
                if store is None:
                    store = np.empty((len(self.layers),) + host.shape, np.float32)
                    setattr(self, name, store)
                store[self._slot[layer]] = host
