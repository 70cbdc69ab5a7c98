"""A 5 × 7 bitmap font for the few capitals the procedural picture writes.

Drawn here rather than by a font engine so the picture — and so its singular values —
are the same on every machine.
"""

from __future__ import annotations

import numpy as np

__all__ = ["GLYPHS", "text_mask"]

_ROWS = {
    "A": (".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"),
    "D": ("####.", "#...#", "#...#", "#...#", "#...#", "#...#", "####."),
    "K": ("#...#", "#..#.", "#.#..", "##...", "#.#..", "#..#.", "#...#"),
    "L": ("#....", "#....", "#....", "#....", "#....", "#....", "#####"),
    "N": ("#...#", "##..#", "#.#.#", "#..##", "#...#", "#...#", "#...#"),
    "O": (".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."),
    "R": ("####.", "#...#", "#...#", "####.", "#.#..", "#..#.", "#...#"),
    "S": (".####", "#....", "#....", ".###.", "....#", "....#", "####."),
    "V": ("#...#", "#...#", "#...#", "#...#", "#...#", ".#.#.", "..#.."),
    "W": ("#...#", "#...#", "#...#", "#.#.#", "#.#.#", "##.##", "#...#"),
    " ": (".....",) * 7,
}

#: Each glyph as a 7 × 5 boolean array.
GLYPHS = {c: np.array([[ch == "#" for ch in row] for row in rows]) for c, rows in _ROWS.items()}


def text_mask(text: str, scale: int) -> np.ndarray:
    """A boolean mask of ``text`` in this font, each font pixel ``scale`` × ``scale``, one
    blank column between letters."""
    cols = []
    for i, c in enumerate(text.upper()):
        if i:
            cols.append(np.zeros((7, 1), dtype=bool))
        cols.append(GLYPHS[c])
    mask = np.hstack(cols)
    return np.kron(mask, np.ones((scale, scale), dtype=bool))
