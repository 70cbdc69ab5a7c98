"""Which words the Embeddings lab's projection labels, and on which side of its point.

Labels are placed greedily in priority order (the selected word, the query's words, the
neighbours…), each on the first side of its point where its box overlaps no label kept
so far and stays inside the plot, up to a budget.
"""

from __future__ import annotations

__all__ = ["LABEL_BUDGET", "SIDES", "place_greedy", "place_labels_beside"]

#: The most word labels the projection writes.
LABEL_BUDGET = 60
#: Where a label may sit beside its point, in the order tried: upper right, lower right,
#: upper left, lower left (anchor of the text item, and the box's offset from the point).
SIDES = (((0.0, 1.0), 1, -1), ((0.0, 0.0), 1, 1), ((1.0, 1.0), -1, -1), ((1.0, 0.0), -1, 1))


def place_greedy(points_px, sizes, budget: int, sides: int = 1) -> list[int]:
    """Greedy label placement: walk the points in priority order, keep each label whose box
    beside its point overlaps none kept so far, up to ``budget``.

    Parameters
    ----------
    points_px : sequence of (x, y)
        Pixel positions (y down), in priority order.
    sizes : sequence of (w, h)
        Label sizes in pixels.
    sides : int
        How many of the four sides (:data:`SIDES`, upper right first) a label may try.

    Returns
    -------
    list of int
        Indices of the labels kept (see :func:`place_labels_beside` for their sides).
    """
    return [i for i, _side in place_labels_beside(points_px, sizes, budget, sides)]


def place_labels_beside(points_px, sizes, budget: int, sides: int = 4, bounds=None):
    """:func:`place_greedy` with the side each kept label takes: ``[(index, side)]``; with
    ``bounds`` (w, h) a box must also lie inside that plot."""
    kept: list[tuple[int, int]] = []
    boxes: list[tuple[float, float, float, float]] = []
    for i, ((x, y), (w, h)) in enumerate(zip(points_px, sizes, strict=True)):
        if len(kept) >= budget:
            break
        for side, (_anchor, dx, dy) in enumerate(SIDES[:sides]):
            left = x + 3 if dx > 0 else x - 3 - w
            top = y - h if dy < 0 else y
            box = (left, top, left + w, top + h)
            if bounds is not None and not (box[0] >= 0 and box[1] >= 0
                                           and box[2] <= bounds[0] and box[3] <= bounds[1]):
                continue
            if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
                   for b in boxes):
                continue
            kept.append((i, side))
            boxes.append(box)
            break
    return kept
