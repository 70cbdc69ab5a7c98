"""Labels that place themselves, for every 2D canvas and the projected 3D one: off the
origin, off each other, off the drawn vectors and inside the view.

Placement is a greedy search over a few anchors per label, scored in screen pixels;
with about ten labels it costs well under a millisecond, so it runs on every edit
and every zoom. When every spot beside its point is taken, a label moves further out and
a thin leader line ties it to its point; when no spot is legible at all (each covers
another label or is cut by the figure's edge) it is dropped, and its value stays in the
lab's side panel.
"""

from __future__ import annotations

import math

from PySide6.QtWidgets import QGraphicsLineItem

from views.common.items import TextItem
from views.common.style import color, label_font, pen

__all__ = ["Label", "place_labels", "clip_length", "line_in_rect", "LEADER_PX"]

_FILL_ALPHA = 215  # the background, slightly see-through: legible over grid lines
_ORIGIN_BOX = 16.0  # px either side of the origin kept clear of text
#: A label moved further than this (px) from its point gets a leader line to it.
LEADER_PX = 14.0
_FAR_STEPS = (22.0, 44.0, 70.0)  # px beyond the gap: rings tried when the near one is full
_NEAR_TURNS = (0, 1, -1, 2, -2, 3, -3, 4)  # eighths of a turn from the preferred side
_FAR_TURNS = tuple(t / 2 for t in (0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6, 7, -7, 8))
_FAR_PENALTY = 0.1  # cost per ring, in units of the label's area: near spots win ties


class Label:
    """A text label attached to a point in data coordinates.

    Parameters
    ----------
    view_box : pg.ViewBox
    col : str
        Palette name or hex of the text.
    centred : bool
        Try centring the text on the point first (e.g. det inside the parallelogram);
        otherwise the text sits beside the point, on the side away from the origin.
    optional : bool
        May be left out when every place for it covers another label (a crowded
        figure reads better with fewer labels than with labels on top of each other).

    Attributes
    ----------
    point : tuple of float
        Where the label is attached (data coordinates).
    direction : tuple of float or None
        Preferred side as a vector; None means away from the origin.
    alternatives : list of tuple
        Further points a centred label may sit on when its point is crowded.
    """

    def __init__(self, view_box, col, centred: bool = False, size: float = 13,
                 bold: bool = False, optional: bool = False):
        self.item = TextItem("", color=color(col), anchor=(0, 0),
                             fill=color("background", _FILL_ALPHA))
        self.item.setFont(label_font(size, bold))
        self.item.setZValue(100)
        view_box.addItem(self.item, ignoreBounds=True)
        # Thin, in the text's colour, under the text: drawn only while the label is displaced.
        self.leader = QGraphicsLineItem()
        self.leader.setPen(pen(color(col), 1.2))
        self.leader.setZValue(99)
        self.leader.setVisible(False)
        view_box.addItem(self.leader, ignoreBounds=True)
        #: True while placement leaves the label out (no legible spot): its value is then
        #: only in the side panel.
        self.dropped = False
        self.point = (0.0, 0.0)
        self.direction: tuple[float, float] | None = None
        self.alternatives: list[tuple[float, float]] = []
        self.centred = centred
        self.optional = optional
        self.wanted = True  # shown unless its layer is off or placement leaves it out
        self._text = ""

    @property
    def text(self) -> str:
        """The text shown."""
        return self._text

    def set_text(self, text: str, col=None) -> None:
        """Change text (and colour); cheap when nothing changed."""
        if col is not None:
            c = color(col) if isinstance(col, str) else col
            if c != self.item.color:
                self.item.color = c
                self.item.textItem.setDefaultTextColor(c)
                self.leader.setPen(pen(c, 1.2))
        if text != self._text:
            self._text = text
            self.item.setText(text)

    def set_point(self, x: float, y: float, direction=None) -> None:
        """Attach the label to (x, y); ``direction`` is the preferred side (a vector)."""
        self.point = (float(x), float(y))
        self.direction = direction

    def isVisible(self) -> bool:  # noqa: N802 - mirrors Qt, so layers treat it as an item
        """Whether the label is shown."""
        return self.item.isVisible()

    def setVisible(self, on: bool) -> None:  # noqa: N802 - mirrors Qt
        """Ask for the label to be shown or hidden (placement may still leave it out)."""
        self.wanted = bool(on)
        if self.item.isVisible() != self.wanted:  # a TextItem re-checks its transform on every call
            self.item.setVisible(self.wanted)
        if not self.wanted and self.leader.isVisible():
            self.leader.setVisible(False)

    def place(self, anchor: tuple[float, float], pos: tuple[float, float]) -> None:
        """Put the text's ``anchor`` (0..1 of its box) at ``pos`` (data coordinates)."""
        now = self.item.anchor
        if (now[0], now[1]) != anchor:  # a TextItem re-lays out its text on every setAnchor
            self.item.setAnchor(anchor)
        self.item.setPos(*pos)

    def drop(self) -> None:
        """Leave the label out: no spot for it is legible."""
        self.dropped = True
        if self.item.isVisible():
            self.item.setVisible(False)
        if self.leader.isVisible():
            self.leader.setVisible(False)

    def set_leader(self, end: tuple[float, float] | None) -> None:
        """Draw the leader from the label's point to ``end`` (data coordinates), or none."""
        if end is None:
            if self.leader.isVisible():
                self.leader.setVisible(False)
            return
        self.leader.setLine(self.point[0], self.point[1], end[0], end[1])
        if not self.leader.isVisible():
            self.leader.setVisible(True)

    def size_px(self) -> tuple[float, float]:
        """Width and height of the text box in pixels."""
        r = self.item.textItem.boundingRect()
        return r.width(), r.height()


def _anchor(angle: float) -> tuple[float, float]:
    """Anchor that puts the text on the side ``angle`` (radians, counter-clockwise)."""
    c, s = math.cos(angle), math.sin(angle)
    m = max(abs(c), abs(s))
    # TextItem anchors run (0, 0) top-left to (1, 1) bottom-right, in screen directions.
    return 0.5 - 0.5 * c / m, 0.5 + 0.5 * s / m


def _overlap(a, b) -> float:
    """Area shared by two rectangles given as (left, top, right, bottom)."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def clip_length(seg, rect) -> float:
    """Length of segment ``seg = (x0, y0, x1, y1)`` inside ``rect = (left, top, right,
    bottom)`` (Liang–Barsky clipping)."""
    x0, y0, x1, y1 = seg
    dx, dy = x1 - x0, y1 - y0
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, x0 - rect[0]), (dx, rect[2] - x0), (-dy, y0 - rect[1]),
                 (dy, rect[3] - y0)):
        if p == 0:
            if q < 0:
                return 0.0
            continue
        t = q / p
        if p < 0:
            if t > t1:
                return 0.0
            t0 = max(t0, t)
        else:
            if t < t0:
                return 0.0
            t1 = min(t1, t)
    return max(t1 - t0, 0.0) * math.hypot(dx, dy)


def line_in_rect(v, lo, hi) -> tuple[float, float] | None:
    """Parameter range [s0, s1] of the line s·v inside the box lo ≤ p ≤ hi (None if outside)."""
    s0, s1 = -math.inf, math.inf
    for axis in (0, 1):
        if abs(v[axis]) < 1e-12:
            if not lo[axis] <= 0 <= hi[axis]:
                return None
            continue
        a, b = lo[axis] / v[axis], hi[axis] / v[axis]
        s0, s1 = max(s0, min(a, b)), min(s1, max(a, b))
    return (s0, s1) if s1 > s0 else None


def place_labels(labels, view_box, obstacles_px=(), segments=(), gap: float = 7.0) -> None:
    """Place visible labels greedily so none covers the origin, a vector or another label.

    Each label tries the side away from the origin first (or its preferred side), then
    turns by 45° steps; a centred label first tries sitting on its point(s).

    Parameters
    ----------
    labels : sequence of Label
        In priority order (earlier labels get their best spot first).
    view_box : pg.ViewBox
    obstacles_px : sequence of QRectF
        Extra screen rectangles (view-box pixels) to keep clear, e.g. a corner note.
    segments : sequence of ((x0, y0), (x1, y1))
        Drawn lines in data coordinates (arrow shafts, eigenlines) text should not cover.
    gap : float
        Pixels between a point and its text.
    """
    w_px, h_px = view_box.width(), view_box.height()
    if w_px < 20 or h_px < 20:
        return  # not laid out yet; placement runs again on the first resize
    view = view_box.viewRect()
    sx, sy = view.width() / w_px, view.height() / h_px

    def to_px(x, y):
        return (x - view.left()) / sx, (view.bottom() - y) / sy

    ox, oy = to_px(0.0, 0.0)
    b = _ORIGIN_BOX
    # Rectangles are plain (left, top, right, bottom) tuples: this loop runs on every
    # edit, and float arithmetic is far cheaper than QRectF calls.
    taken = [(ox - b, oy - b, ox + b, oy + b)]
    taken += [(r.left(), r.top(), r.right(), r.bottom()) for r in obstacles_px]
    segs = []
    for p, q in segments:
        (x0, y0), (x1, y1) = to_px(*p), to_px(*q)
        segs.append(((x0, y0, x1, y1), (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))))
    shown = [lab for lab in labels if lab.wanted]
    points = [to_px(*lab.point) for lab in shown]
    dots = [(x - 7, y - 7, x + 7, y + 7) for x, y in points]  # other labels' points
    bounds = (2.0, 2.0, w_px - 2.0, h_px - 2.0)
    placed: list = []  # rectangles of the labels shown so far
    for k, lab in enumerate(shown):
        w, h = lab.size_px()
        px, py = points[k]
        area = w * h
        others = dots[:k] + dots[k + 1:]
        best, best_cost = _search(_candidates(lab, px, py, w, h, gap, to_px, sx, sy),
                                  taken, others, segs, bounds, area, (px, py, w + h + gap))
        far = False
        # Only when every spot beside the point covers something: further out, with a leader.
        # (A centred label names an area, such as det inside its parallelogram: it stays on it.)
        for ring, step in enumerate(() if lab.centred else _FAR_STEPS, 1):
            if best_cost <= _FAR_PENALTY * ring * area:
                break
            cands = _candidates(lab, px, py, w, h, gap + step, to_px, sx, sy, centred=False)
            cand, cost = _search(cands, taken, others, segs, bounds, area,
                                 (px, py, w + h + gap + step))
            cost += _FAR_PENALTY * ring * area
            if cost < best_cost - 1e-9:
                best, best_cost, far = cand, cost, True
        anchor, pos, rect = best
        crowded = sum(_overlap(rect, o) for o in taken) > 0.15 * area
        if ((lab.optional and crowded) or area - _overlap(rect, bounds) > 0.5
                or sum(_overlap(rect, o) for o in placed) > 1.0):
            lab.drop()  # cut by the edge or on another label: the side panel holds its value
            continue
        lab.dropped = False
        if not lab.item.isVisible():
            lab.item.setVisible(True)  # (a TextItem re-computes its transform on every call)
        lab.place(anchor, pos)
        end = None
        if far:  # from the point to the nearest point of the text's box
            ex = min(max(px, rect[0]), rect[2])
            ey = min(max(py, rect[1]), rect[3])
            if math.hypot(ex - px, ey - py) > LEADER_PX:
                end = (view.left() + ex * sx, view.bottom() - ey * sy)
        lab.set_leader(end)
        taken.append(rect)
        placed.append(rect)


def _search(candidates, taken, others, segs, bounds, area, around):
    """The cheapest of ``candidates`` and its cost (stops at the first that costs nothing).

    ``around`` is (x, y, reach): every candidate lies within ``reach`` px of the point, so
    only what meets that box can cost anything. Dropping the rest only removes zeros from
    the sums, so the choice is the same; it makes placement several times cheaper (it runs
    on every edit).
    """
    px, py, reach = around
    near = (px - reach, py - reach, px + reach, py + reach)
    hl, ht, hr, hb = _hull([c[2] for c in candidates])
    # (strict comparisons: the same as a positive _overlap, without the calls)
    near_taken = [o for o in taken if o[0] < hr and hl < o[2] and o[1] < hb and ht < o[3]]
    near_dots = [o for o in others if o[0] < hr and hl < o[2] and o[1] < hb and ht < o[3]]
    lines = [(seg, box) for seg, box in segs
             if (_overlap(box, near) > 0 or box[0] == box[2] or box[1] == box[3])
             and _touches(box, (hl, ht, hr, hb))]  # (an axis-parallel box has no area)
    best, best_cost = candidates[0], math.inf
    for cand in candidates:
        c = _cost(cand[2], near_taken, near_dots, lines)
        c += 20 * (area - _overlap(cand[2], bounds))  # clipped text is the worst case
        if c < best_cost - 1e-9:
            best, best_cost = cand, c
        if c == 0:
            break
    return best, best_cost


def _cost(r, taken, others, lines) -> float:
    """How much rectangle ``r`` covers: 4 × the ``taken`` area, the ``others`` area and 12 ×
    the length of ``lines`` (segments with their bounding boxes) inside it.

    The same sums as ``sum`` of :func:`_overlap` and :func:`clip_length` over every term,
    in the same order, leaving out only terms that are zero, so the result is the same to
    the last bit; written out (``min``/``max`` as comparisons, as they pick) because it
    runs some 40 times per edit.
    """
    left, top, right, bottom = r
    c = 0.0
    for weight, rects in ((4, taken), (1, others)):
        s = 0.0
        for o in rects:
            w = (o[2] if o[2] < right else right) - (o[0] if o[0] > left else left)
            if w > 0:
                h = (o[3] if o[3] < bottom else bottom) - (o[1] if o[1] > top else top)
                if h > 0:
                    s += w * h
        c += weight * s
    s = 0.0
    for seg, box in lines:
        # A segment whose box misses the rectangle has no length inside it.
        if box[0] <= right and left <= box[2] and box[1] <= bottom and top <= box[3]:
            s += clip_length(seg, r)
    return c + 12 * s


def _candidates(lab, px, py, w, h, gap, to_px, sx, sy, centred: bool = True) -> list:
    """Places to try for ``lab`` at pixel (px, py), best first: (anchor, data point, rect).

    ``centred=False`` leaves out a centred label's own points (the rings further out).
    """
    candidates = []
    if lab.centred and centred:
        for x, y in [lab.point, *lab.alternatives]:
            cx, cy = to_px(x, y)
            rect = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
            candidates.append(((0.5, 0.5), (x, y), rect))
    d = lab.direction if lab.direction is not None else lab.point
    base = math.atan2(d[1], d[0]) if math.hypot(*d) > 1e-12 else math.pi / 4
    # Beside the point: 8 sides; further out (the rings), 16, as the room there is wider.
    turns = _NEAR_TURNS if centred else _FAR_TURNS
    for step in turns:
        a = base + step * math.pi / 4
        anchor = _anchor(a)
        dx, dy = gap * math.cos(a), -gap * math.sin(a)
        left, top = px + dx - anchor[0] * w, py + dy - anchor[1] * h
        pos = (lab.point[0] + dx * sx, lab.point[1] - dy * sy)
        candidates.append((anchor, pos, (left, top, left + w, top + h)))
    return candidates


def _hull(rects) -> tuple[float, float, float, float]:
    """The smallest rectangle holding every one of ``rects``."""
    return (min(r[0] for r in rects), min(r[1] for r in rects),
            max(r[2] for r in rects), max(r[3] for r in rects))


def _touches(a, b) -> bool:
    """Whether two closed rectangles meet (unlike :func:`_overlap`, also at an edge or when
    one has no area)."""
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]
