"""The Low-rank lab: a matrix beside its best rank-k approximation and the error, the
spectrum with the cut at k, and what low rank saves — Eckart–Young made visible, and the
reason LoRA works.

Derived after every change (the matrix and its SVD come from :mod:`models.lowrank.sources`'
cache, so moving k never decomposes again):

- :attr:`source` (:class:`~models.lowrank.sources.Source`) with the matrix, its
  decomposition, the drawn stride, the colour levels, the first rank-one layers and, for a
  LoRA update, W, B and A;
- :attr:`k` the rank in use (the state's, or the largest the decomposition offers),
  :attr:`approx` Aₖ and :attr:`error` A − Aₖ at the drawn rows and columns;
- :attr:`facts` (:class:`LowRankFacts`): energy kept, both errors from the spectrum and
  computed directly from A − Aₖ, storage and ratio, ranks for 90/95/99 % of the energy;
- :attr:`cumulative` Σᵢ≤ₖ σᵢ² / ‖A‖²_F for every k computed;
- :attr:`lora` (:class:`LoraFacts`) for the LoRA source, else None.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from models.core.evented import LabModel, SceneError
from models.core.expr import parse_entry
from models.lowrank import spectrum as sp
from models.lowrank.decompose import Recomposer, frobenius_norm, spectral_norm
from models.lowrank.sources import Source, source_of
from models.lowrank.state import MAX_ENTRIES_SIDE, LowRankState, check_state, generated_shape

__all__ = ["LowRankModel", "LowRankState", "LowRankFacts", "LoraFacts"]


@dataclass(frozen=True)
class LowRankFacts:
    """The numbers of Aₖ against A.

    ``spectral`` = σₖ₊₁ and ``frobenius`` = √(Σᵢ>ₖ σᵢ²) come from the spectrum;
    ``spectral_direct`` and ``frobenius_direct`` are ‖A − Aₖ‖₂ and ‖A − Aₖ‖_F computed from
    the error matrix itself (None when the matrix is drawn at a stride: the check would cost
    a full product per step).
    """

    shape: tuple[int, int]
    k: int
    k_max: int
    energy: float
    spectral: float
    frobenius: float
    spectral_direct: float | None
    frobenius_direct: float | None
    params_full: int
    params_k: int
    ratio: float
    ranks_for: dict
    method: str
    device: str
    exact: bool


@dataclass(frozen=True)
class LoraFacts:
    """A LoRA update's sizes (W is d × k, B is d × r and A is r × k), and the energy that
    rank r keeps of the update ΔW and of the weight W itself."""

    d: int
    k: int
    r: int
    full: int
    lora: int
    delta_energy: float
    w_energy: float

    @property
    def ratio(self) -> float:
        """d·k / ((d + k)·r)."""
        return self.full / self.lora


class LowRankModel(LabModel):
    """Evented model of the Low-rank lab (see the module notes for what it derives)."""

    lab_id = "lowrank"

    def __init__(self, state: LowRankState | None = None) -> None:
        self._recomposer: Recomposer | None = None
        super().__init__(state or LowRankState())

    # -- edits -------------------------------------------------------------------------------
    def prepare(self, **changes) -> LowRankState:
        """Validate changes: any field of :class:`LowRankState`, or ``entry=(i, j, text)``
        (one typed cell, read by the safe parser), or ``shape=(m, n)`` for the typed matrix.

        A new source keeps k when it fits and lowers it to min(m, n) when it does not.

        Raises
        ------
        ValueError
            With a message for a person; the state is untouched.
        """
        if "entry" in changes:
            i, j, text = changes.pop("entry")
            rows = [list(r) for r in self._state.entries]
            rows[i][j] = parse_entry(text)
            changes["entries"] = rows
        if "shape" in changes:
            m, n = changes.pop("shape")
            if not (1 <= m <= MAX_ENTRIES_SIDE and 1 <= n <= MAX_ENTRIES_SIDE):
                raise ValueError(f"a typed matrix is 1 to {MAX_ENTRIES_SIDE} on each side")
            old = self._state.entries
            changes["entries"] = [[old[i][j] if i < len(old) and j < len(old[0])
                                   else float(i == j) for j in range(n)] for i in range(m)]
        if "entries" in changes:
            changes["entries"] = tuple(tuple(float(v) if not isinstance(v, bool) else v
                                             for v in row) for row in changes["entries"])
        for name in ("k", "rows", "cols", "rank", "seed"):
            v = changes.get(name)
            if isinstance(v, float) and v.is_integer():
                changes[name] = int(v)
        state = super().prepare(**changes)
        return self._checked(state, "k" not in changes)

    @staticmethod
    def _checked(state: LowRankState, fit_k: bool) -> LowRankState:
        k = state.k
        state = check_state(dataclasses.replace(state, k=1))  # everything but k
        shape = generated_shape(state)
        if shape is None:
            shape = source_of(state).matrix.shape  # a file: cached once the app read it
        if fit_k and isinstance(k, int):
            k = min(k, min(shape))
        return check_state(dataclasses.replace(state, k=k), shape)

    # -- derived -----------------------------------------------------------------------------
    def _derive(self) -> None:
        s = self._state
        src: Source = source_of(s)
        dec = src.dec
        if self._recomposer is None or self._recomposer.dec is not dec:
            self._recomposer = _ShownRecomposer(src)
        if getattr(self, "source", None) is not src:
            self.cumulative = sp.cumulative_energy(dec.s, dec.total)
        self.source = src
        self.k = k = min(s.k, dec.k_max)
        self.approx = self._recomposer.at(k)
        err = np.subtract(src.shown, self.approx, dtype=np.float32)
        err.setflags(write=False)
        self.error = err
        m, n = dec.shape
        direct = src.stride == 1
        # vₖ₊₁ starts the power iteration; past the last value E is round-off, and a fixed
        # random start keeps LAPACK's full SVD of it off the slider's path.
        start = dec.vt[k] if k < len(dec.s) else np.random.default_rng(0).standard_normal(
            dec.shape[1]).astype(np.float32)
        self.facts = LowRankFacts(
            shape=dec.shape, k=k, k_max=dec.k_max,
            energy=sp.energy_kept(dec.s, dec.total, k),
            spectral=sp.error_spectral(dec.s, k, dec.rank_max),
            frobenius=sp.error_frobenius(dec.s, dec.total, k, dec.rank_max),
            spectral_direct=spectral_norm(err, start) if direct else None,
            frobenius_direct=frobenius_norm(err) if direct else None,
            params_full=sp.params_full(m, n), params_k=sp.params_rank_k(m, n, k),
            ratio=sp.compression_ratio(m, n, k),
            ranks_for={f: sp.rank_for_energy(dec.s, dec.total, f) for f in sp.FRACTIONS},
            method=dec.method, device=dec.device, exact=dec.exact)
        self.lora = None
        if src.lora is not None:
            d, kk = src.lora.w.shape
            full, lora = sp.lora_params(d, kk, s.rank)
            w = src.w_values.astype(np.float64)
            self.lora = LoraFacts(d, kk, s.rank, full, lora,
                                  sp.energy_kept(dec.s, dec.total, s.rank),
                                  sp.energy_kept(w, float(np.sum(w * w)), s.rank))

    # -- links -------------------------------------------------------------------------------
    def link(self) -> tuple[str, dict] | None:
        """The lab that can show this matrix as a picture, with its scene model: the SVD lab
        for a 2 × 2, the Space lab for a 3 × 3, 3 × 2 or 2 × 3; else None."""
        a = self.source.matrix
        if a.shape not in ((2, 2), (3, 3), (3, 2), (2, 3)):
            return None
        entries = [[f"{float(v):.6g}" for v in row] for row in a]
        return ("svd", {"entries": entries}) if a.shape == (2, 2) else \
            ("space", {"entries": entries})

    # -- scenes ------------------------------------------------------------------------------
    def to_dict(self) -> dict:
        s = self._state
        out = {"source": s.source, "k": s.k}
        extra = {"random": ("rows", "cols", "rank", "noise", "seed"),
                 "decay": ("rows", "cols", "alpha", "decay", "seed"),
                 "lora": ("rows", "cols", "rank", "noise", "seed"),
                 "file": ("path", "tensor", "channel")}.get(s.source, ())
        out.update({name: getattr(s, name) for name in extra})
        if s.source == "entries":
            out["entries"] = [list(r) for r in s.entries]
        return out

    @classmethod
    def state_from_dict(cls, data: dict, base: str | None = None) -> LowRankState:
        if not isinstance(data, dict):
            raise SceneError("'model' must be an object")
        fields = {f.name for f in dataclasses.fields(LowRankState)} - {"folder"}
        unknown = sorted(set(data) - fields)
        if unknown:
            raise SceneError("unknown fields in 'model': " + ", ".join(unknown))
        for name in ("source", "path", "tensor", "channel", "decay"):
            if name in data and not isinstance(data[name], str):
                raise SceneError(f"'model.{name}' must be text")
        for name in ("k", "rows", "cols", "rank", "seed", "noise", "alpha"):
            if name in data and (isinstance(data[name], bool)
                                 or not isinstance(data[name], (int, float))):
                raise SceneError(f"'model.{name}' must be a number")
        entries = data.get("entries")
        if entries is not None and (not isinstance(entries, list) or not all(
                isinstance(r, list) and all(isinstance(v, (int, float)) and
                                            not isinstance(v, bool) for v in r)
                for r in entries)):
            raise SceneError("'model.entries' must be a list of rows of numbers")
        model = cls.__new__(cls)
        model._state = LowRankState(folder=base)  # validation only: nothing is derived
        try:
            return model.prepare(**data)
        except (ValueError, OSError) as err:
            raise SceneError(str(err)) from None


class _ShownRecomposer(Recomposer):
    """A :class:`Recomposer` over the drawn rows and columns only (every ``stride``-th),
    so a slider step on a huge matrix costs what its picture costs."""

    def __init__(self, src: Source) -> None:
        dec, st = src.dec, src.stride
        shown = dataclasses.replace(dec, u=np.ascontiguousarray(dec.u[::st]),
                                    vt=np.ascontiguousarray(dec.vt[:, ::st]),
                                    shape=src.shown.shape)
        super().__init__(shown)
        self.dec = dec  # compared by identity: a new source, a new recomposer


