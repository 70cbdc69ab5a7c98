"""Matrices the Low-rank lab makes itself, for teaching (no downloaded data).

- :func:`picture`: a 512 × 512 scene of shapes and text, drawn in NumPy — smooth areas
  that a few singular values capture, and edges, stripes and letters that need many;
- :func:`low_rank_plus_noise`: a random matrix of exact rank r plus Gaussian noise;
- :func:`decaying`: a matrix with a chosen spectrum, σᵢ = i^−α or e^−α(i−1);
- :func:`lora_update`: a "pre-trained" Gaussian W and a fine-tuning update ΔW = BA of rank r
  plus small noise — the situation LoRA exploits.

Every function is deterministic in its arguments (a ``seed`` fixes the random ones), so a
scene that names one rebuilds the same matrix.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from models.lowrank.glyphs import text_mask

__all__ = ["picture", "low_rank_plus_noise", "decaying", "LoraParts", "lora_update",
           "DECAYS", "PICTURE_SIZE"]

PICTURE_SIZE = 512
DECAYS = ("power", "exp")


def _readonly(a: np.ndarray) -> np.ndarray:
    a = np.ascontiguousarray(a, dtype=np.float32)
    a.setflags(write=False)
    return a


def picture(size: int = PICTURE_SIZE) -> np.ndarray:
    """A grey picture (values in [0, 1]) of a sky, a sun and its ring, hills, a house with
    windows, a striped field and the words "LOW RANK"."""
    n = int(size)
    y, x = np.mgrid[0:n, 0:n].astype(np.float64) / n
    img = 0.25 + 0.35 * y  # the sky: a gradient, rank one
    r = np.hypot(x - 0.74, y - 0.22)
    img[r < 0.10] = 0.97  # the sun
    img[np.abs(r - 0.15) < 0.008] = 0.85  # its ring
    hills = 0.58 + 0.06 * np.sin(7.0 * x) + 0.04 * np.sin(17.0 * x + 1.0)
    img[y > hills] = 0.32
    field = y > 0.78
    stripes = (np.floor((x + 0.6 * y) * 28) % 2 == 0)  # diagonal stripes: many ranks
    img[field] = np.where(stripes[field], 0.52, 0.40)
    house = (0.12 < x) & (x < 0.40) & (0.48 < y) & (y < 0.76)
    img[house] = 0.80
    roof = (y <= 0.48) & (y > 0.48 - (0.14 - np.abs(x - 0.26))) & (np.abs(x - 0.26) < 0.16)
    img[roof] = 0.15
    for cx in (0.17, 0.29):
        for cy in (0.53, 0.64):
            img[(cx < x) & (x < cx + 0.07) & (cy < y) & (y < cy + 0.07)] = 0.10
    mask = text_mask("LOW RANK", max(n // 100, 1))
    h, w = mask.shape
    top, left = int(0.86 * n), (n - w) // 2
    if top + h <= n and w <= n:
        img[top:top + h, left:left + w][mask] = 1.0
    return _readonly(np.clip(img, 0.0, 1.0))


def low_rank_plus_noise(m: int, n: int, rank: int, noise: float, seed: int = 0) -> np.ndarray:
    """G₁ G₂ / √r with Gaussian G₁ (m × r), G₂ (r × n) — rank r, entries of size about 1 —
    plus ``noise`` times a Gaussian m × n matrix."""
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((m, rank)) @ rng.standard_normal((rank, n)) / np.sqrt(rank)
    return _readonly(a + noise * rng.standard_normal((m, n)))


def _orthonormal(rng: np.random.Generator, rows: int, cols: int) -> np.ndarray:
    q, r = np.linalg.qr(rng.standard_normal((rows, cols)))
    return q * np.sign(np.diag(r))  # a uniformly random orthonormal frame


def decaying(m: int, n: int, alpha: float, kind: str = "power", seed: int = 0) -> np.ndarray:
    """U diag(σ) Vᵀ with random orthonormal U, V and σᵢ = i^−α (``"power"``) or
    e^−α(i−1) (``"exp"``), i = 1 … min(m, n)."""
    if kind not in DECAYS:
        raise ValueError(f"decay must be one of {', '.join(DECAYS)}, got {kind!r}")
    rng = np.random.default_rng(seed)
    r = min(m, n)
    i = np.arange(1, r + 1, dtype=np.float64)
    s = i ** -alpha if kind == "power" else np.exp(-alpha * (i - 1))
    return _readonly((_orthonormal(rng, m, r) * s) @ _orthonormal(rng, n, r).T)


@dataclass(frozen=True, eq=False)
class LoraParts:
    """A pre-trained weight and its fine-tuning update.

    Attributes
    ----------
    w : ndarray (d, k)
        Gaussian entries of variance 1/k, as an initialised layer has: its spectrum decays
        slowly (Marchenko–Pastur), so no small rank approximates it.
    b, a : ndarray (d, r), (r, k)
        The LoRA factors; ΔW = B A has rank r.
    delta : ndarray (d, k)
        The update as observed: B A plus small Gaussian noise.
    """

    w: np.ndarray
    b: np.ndarray
    a: np.ndarray
    delta: np.ndarray


def lora_update(d: int, k: int, r: int, noise: float, seed: int = 0) -> LoraParts:
    """W (d × k) and ΔW = B A + noise with B (d × r), A (r × k); B A's entries are of the
    size of W's, so the update is as strong as the weight it changes."""
    rng = np.random.default_rng(seed)
    w = rng.standard_normal((d, k)) / np.sqrt(k)
    b = rng.standard_normal((d, r)) / np.sqrt(r)
    a = rng.standard_normal((r, k)) / np.sqrt(k)
    delta = b @ a + noise * rng.standard_normal((d, k)) / np.sqrt(k)
    return LoraParts(_readonly(w), _readonly(b), _readonly(a), _readonly(delta))
