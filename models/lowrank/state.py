"""The Low-rank lab's state: which matrix (made by the lab, typed, or read from a file) and
the rank k of its approximation, with the checks a scene or an edit must pass."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from models.lowrank.generated import DECAYS, PICTURE_SIZE

__all__ = ["LowRankState", "SOURCES", "CHANNELS", "SIZE_RANGE", "RANK_RANGE", "NOISE_RANGE",
           "ALPHA_RANGE", "MAX_ENTRIES_SIDE", "check_state", "generated_shape"]

#: Where the matrix comes from: the procedural picture, a random matrix of chosen rank plus
#: noise, a chosen singular-value decay, a LoRA update of a Gaussian weight, a file, or
#: entries typed in (up to 8 × 8: the size the SVD and Space labs can also show).
SOURCES = ("picture", "random", "decay", "lora", "file", "entries")
#: How an image becomes one matrix: Rec. 709 luma, or one colour channel.
CHANNELS = ("gray", "r", "g", "b")
SIZE_RANGE = (2, 2048)
RANK_RANGE = (1, 256)
NOISE_RANGE = (0.0, 10.0)
ALPHA_RANGE = (0.0, 10.0)
MAX_ENTRIES_SIDE = 8


@dataclass(frozen=True)
class LowRankState:
    """Immutable state of the Low-rank lab.

    ``k`` is the rank of the approximation Aₖ. ``rows`` × ``cols`` is the size of a random,
    decaying or LoRA matrix (d × k for LoRA); ``rank`` the rank of the random matrix or of
    the LoRA update (r); ``noise`` the noise added to either; ``alpha`` and ``decay`` the
    spectrum of the decaying matrix; ``seed`` fixes the random ones. ``path`` (with
    ``tensor`` for a ``.safetensors`` file and ``channel`` for an image) names a file, read
    relative to ``folder`` (the scene's folder, not saved). ``entries`` is the typed matrix.
    """

    source: str = "picture"
    k: int = 20
    rows: int = 200
    cols: int = 300
    rank: int = 3
    noise: float = 0.05
    alpha: float = 1.0
    decay: str = "power"
    seed: int = 0
    path: str = ""
    tensor: str = ""
    channel: str = "gray"
    entries: tuple[tuple[float, ...], ...] = ((3.0, 1.0), (1.0, 2.0))
    folder: str | None = None

    @property
    def texts(self) -> tuple[str, ...]:
        """The typed matrix's entries as its editor writes them, row-major."""
        return tuple(f"{v:.6g}" for row in self.entries for v in row)


def generated_shape(s: LowRankState) -> tuple[int, int] | None:
    """The shape of a matrix the lab makes (None for a file: only reading it tells)."""
    if s.source == "picture":
        return (PICTURE_SIZE, PICTURE_SIZE)
    if s.source == "entries":
        return (len(s.entries), len(s.entries[0]))
    if s.source == "file":
        return None
    return (s.rows, s.cols)


def _in(name: str, value, lo, hi, integer: bool = False) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) \
            or (integer and not float(value).is_integer()):
        raise ValueError(f"{name} must be {'a whole number' if integer else 'a number'}")
    if not math.isfinite(value) or not lo <= value <= hi:
        raise ValueError(f"{name} must be between {lo:g} and {hi:g}, got {value:g}")


def check_state(s: LowRankState, shape: tuple[int, int] | None = None) -> LowRankState:
    """Check every field of ``s``; ``shape`` is the matrix's (needed for ``k`` when the
    source is a file). Returns ``s`` with whole numbers as ints.

    Raises
    ------
    ValueError
        With a message for a person.
    """
    if s.source not in SOURCES:
        raise ValueError(f"unknown source {s.source!r}; one of {', '.join(SOURCES)}")
    _in("rows", s.rows, *SIZE_RANGE, integer=True)
    _in("cols", s.cols, *SIZE_RANGE, integer=True)
    _in("rank", s.rank, *RANK_RANGE, integer=True)
    _in("noise", s.noise, *NOISE_RANGE)
    _in("alpha", s.alpha, *ALPHA_RANGE)
    _in("seed", s.seed, 0, 2**31 - 1, integer=True)
    if s.decay not in DECAYS:
        raise ValueError(f"decay must be one of {', '.join(DECAYS)}")
    if s.channel not in CHANNELS:
        raise ValueError(f"channel must be one of {', '.join(CHANNELS)}")
    _check_entries(s.entries)
    if s.source == "file" and not s.path:
        raise ValueError("no file named: open a matrix, an image or a .safetensors file")
    if s.source in ("random", "lora") and s.rank > min(s.rows, s.cols):
        raise ValueError(f"rank {s.rank} is more than min(rows, cols) = {min(s.rows, s.cols)}")
    s = dataclasses.replace(s, rows=int(s.rows), cols=int(s.cols), rank=int(s.rank),
                            seed=int(s.seed))
    shape = shape or generated_shape(s)
    _in("k", s.k, 1, 1e12, integer=True)
    if shape is not None and s.k > min(shape):
        raise ValueError(f"k must be between 1 and min(m, n) = {min(shape)}, got {s.k:g}")
    return dataclasses.replace(s, k=int(s.k))


def _check_entries(entries) -> None:
    if not entries or not all(isinstance(r, tuple) and r for r in entries):
        raise ValueError("the typed matrix needs at least one row and one column")
    width = len(entries[0])
    if any(len(r) != width for r in entries):
        raise ValueError("every row of the typed matrix needs the same number of entries")
    if len(entries) > MAX_ENTRIES_SIDE or width > MAX_ENTRIES_SIDE:
        raise ValueError(f"a typed matrix is at most {MAX_ENTRIES_SIDE} × {MAX_ENTRIES_SIDE}")
    for row in entries:
        for v in row:
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
                raise ValueError("every entry must be a finite number")
