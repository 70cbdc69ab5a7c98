"""Which words the Embeddings lab's projection labels, and on which side of its point.

Labels are placed greedily in priority order (the selected word, the query's words, the
neighbours…), each on the first side of its point where its box overlaps no label kept
so far and stays inside the plot, up to a budget.
"""

from __future__ import annotations

__all__ = ["LABEL_BUDGET", "SIDES", "other_label_budget", "place_greedy", "place_labels_beside"]

#: The most word labels the projection writes besides the words asked about.
LABEL_BUDGET = 60
#: Room each of those other labels is given: a square this many text lines on a side.
_LINES_PER_LABEL = 4.0


def other_label_budget(width_px: float, height_px: float, line_px: float) -> int:
    """How many labels of words nobody asked about a plot of ``width_px`` × ``height_px``
    gets, with text ``line_px`` tall: one per (4 lines)², at most :data:`LABEL_BUDGET` —
    a column figure names a handful, a window dozens."""
    room = (_LINES_PER_LABEL * max(line_px, 1.0)) ** 2
    return max(0, min(LABEL_BUDGET, int(width_px * height_px / room)))

#: Where a label may sit beside its point, in the order tried: upper right, lower right,
#: upper left, lower left, then (for the words asked about only) centred above, below, and
#: one line further above and below. Each is the text item's anchor: a fraction of the
#: item's size, so a label keeps its place beside the point at any zoom.
SIDES = ((0.0, 1.0), (0.0, 0.0), (1.0, 1.0), (1.0, 0.0),
         (0.5, 1.1), (0.5, -0.1), (0.5, 2.1), (0.5, -1.1))
#: The margin a text item draws around its text (Qt's default document margin), px.
TEXT_MARGIN = 4.0
#: How many of :data:`SIDES` a word nobody asked about may try.
CORNERS = 4

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
        How many of the four corners (:data:`SIDES`, upper right first) a label may try.

    Returns
    -------
    list of int
        Indices of the labels kept (see :func:`place_labels_beside` for their sides).
    """
    return [i for i, _side in place_labels_beside(points_px, sizes, budget, sides)]


def place_labels_beside(points_px, sizes, budget: int, sides: int = CORNERS, bounds=None,
                        priority: int = 0, pad: float = TEXT_MARGIN):
    """:func:`place_greedy` with the side each kept label takes: ``[(index, side)]``; with
    ``bounds`` (w, h) a box must also lie inside that plot. The first ``priority`` labels
    (the words asked about) are tried whatever the budget, which counts the others, and
    on every one of :data:`SIDES`. ``sizes`` are the texts' own; their items are ``pad``
    larger on every side, which is what an anchor is a fraction of."""
    kept: list[tuple[int, int]] = []
    boxes: list[tuple[float, float, float, float]] = []
    others = 0
    for i, ((x, y), (w, h)) in enumerate(zip(points_px, sizes, strict=True)):
        if i >= priority and others >= budget:
            break
        for side, (ax, ay) in enumerate(SIDES[:sides] if i >= priority else SIDES):
            left = x - ax * (w + 2 * pad) + pad
            top = y - ay * (h + 2 * pad) + pad
            box = (left, top, left + w, top + h)
            if bounds is not None and not (box[0] >= 0 and box[1] >= 0
                                           and box[2] <= bounds[0] and box[3] <= bounds[1]):
                continue
            if any(box[0] < b[2] + 1 and b[0] < box[2] + 1 and box[1] < b[3] + 1
                   and b[1] < box[3] + 1 for b in boxes):  # 1 px apart at least
                continue
            kept.append((i, side))
            boxes.append(box)
            others += i >= priority
            break
    return kept
