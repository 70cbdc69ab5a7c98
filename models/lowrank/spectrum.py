"""What a spectrum says about low rank: energy kept, the two errors of Eckart–Young, and
what storing a rank-k factorisation costs.

Every function takes the singular values in descending order and, where it needs one, the
total energy ‖A‖_F² = Σ σᵢ² computed from the matrix itself — so that the fractions stay
exact when only the first singular values were computed.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["FRACTIONS", "cumulative_energy", "energy_kept", "rank_for_energy",
           "error_spectral", "error_frobenius", "params_full", "params_rank_k",
           "lora_params", "compression_ratio"]

#: The energy marks the lab shows.
FRACTIONS = (0.90, 0.95, 0.99)


def cumulative_energy(s: np.ndarray, total: float) -> np.ndarray:
    """Σᵢ≤ₖ σᵢ² / ‖A‖_F² for k = 1 … len(s) (each in [0, 1])."""
    s = np.asarray(s, dtype=np.float64)
    if total <= 0:
        return np.ones_like(s)
    return np.minimum(np.cumsum(s * s) / total, 1.0)


def energy_kept(s: np.ndarray, total: float, k: int) -> float:
    """The fraction of ‖A‖_F² that Aₖ keeps: Σᵢ≤ₖ σᵢ² / Σ σᵢ²."""
    if k <= 0:
        return 0.0
    return float(cumulative_energy(s[:k], total)[-1])


def rank_for_energy(s: np.ndarray, total: float, fraction: float) -> int | None:
    """The smallest k whose Aₖ keeps ``fraction`` of the energy, or None when the values
    computed do not reach it (a truncated decomposition)."""
    if not 0 < fraction <= 1:
        raise ValueError(f"fraction must be in (0, 1], got {fraction!r}")
    reached = np.nonzero(cumulative_energy(s, total) >= fraction - 1e-12)[0]
    return int(reached[0]) + 1 if reached.size else None


def error_spectral(s: np.ndarray, k: int, full_rank: int) -> float:
    """‖A − Aₖ‖₂ = σₖ₊₁ (Eckart–Young), 0 when k reaches min(m, n) = ``full_rank``.

    Raises
    ------
    ValueError
        When σₖ₊₁ was not computed (a truncated decomposition with k ≥ its length).
    """
    if k >= full_rank:
        return 0.0
    if k >= len(s):
        raise ValueError(f"σ{k + 1} was not computed (only the first {len(s)})")
    return float(s[k])


def error_frobenius(s: np.ndarray, total: float, k: int, full_rank: int) -> float:
    """‖A − Aₖ‖_F = √(Σᵢ>ₖ σᵢ²).

    With every value known (len(s) = min(m, n) = ``full_rank``) it sums the tail; with only
    the first ones, √(‖A‖_F² − Σᵢ≤ₖ σᵢ²), which is exact in theory but loses digits to
    cancellation when the tail is tiny.
    """
    s = np.asarray(s, dtype=np.float64)
    if len(s) >= full_rank:
        return math.sqrt(float(np.sum(s[k:] ** 2)))
    kept = float(np.sum(s[:k] ** 2))
    return math.sqrt(max(total - kept, 0.0))


def params_full(m: int, n: int) -> int:
    """Numbers stored for the whole m × n matrix."""
    return int(m) * int(n)


def params_rank_k(m: int, n: int, k: int) -> int:
    """Numbers stored for Aₖ as k triplets (uᵢ, σᵢ, vᵢ): (m + n + 1)·k."""
    return (int(m) + int(n) + 1) * int(k)


def lora_params(d: int, k: int, r: int) -> tuple[int, int]:
    """(d·k, (d + k)·r): a full update of a d × k weight against LoRA's B (d × r), A (r × k)."""
    return int(d) * int(k), (int(d) + int(k)) * int(r)


def compression_ratio(m: int, n: int, k: int) -> float:
    """m·n / ((m + n + 1)·k): how many times smaller the rank-k factors are."""
    return params_full(m, n) / params_rank_k(m, n, k)
