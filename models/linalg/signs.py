"""One sign convention for eigenvectors and singular vectors, and the SVD that follows it.

An eigenvector or a singular vector is defined only up to its sign; NumPy's choice can flip
between two nearly equal matrices, and a picture drawn from it would then jump while a
person drags. Every lab therefore turns such a vector so that its **first component that is
not negligible is positive**: a 2-D direction points right, or straight up when it is
vertical. A component counts as negligible when its size is at most ``SIGN_TOL`` times the
vector's length (round-off beside an exact 0 in a unit vector is about 1e-16).

For the SVD A = U Σ Vᵀ a sign may only change on a pair: flipping vᵢ flips uᵢ with it, so
U Σ Vᵀ stays A (:func:`models.linalg.svd.signed_svd`). Pure NumPy.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["SIGN_TOL", "canonical_sign", "sign_normalised"]

#: A component at most this size relative to the vector's length does not decide its sign.
SIGN_TOL = 1e-12


def canonical_sign(v) -> float:
    """+1.0 or −1.0: the factor that makes ``v`` follow the sign convention (module doc).

    The zero vector (nothing to decide) gets +1.0.
    """
    v = np.asarray(v, dtype=float)
    top = float(np.max(np.abs(v), initial=0.0))
    if not top > 0:
        return 1.0
    # The length from v scaled to its largest part: no overflow or underflow on the way.
    tol = SIGN_TOL * top * math.sqrt(float(np.sum((v / top) ** 2)))
    for x in v.tolist():
        if abs(x) > tol:
            return 1.0 if x > 0 else -1.0
    return 1.0


def sign_normalised(v) -> np.ndarray:
    """``v`` (a new float array) turned to follow the sign convention; no −0.0 parts."""
    v = np.asarray(v, dtype=float)
    return canonical_sign(v) * v + 0.0

