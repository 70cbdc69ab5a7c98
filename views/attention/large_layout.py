"""How large mode's figure stands at a size: title lines, tick steps, the labelling note,
and which side parts (colour bar, axis titles, note) have room.

Thousands of tokens cannot each carry a label: the axes label every k-th token position
(k = 1, 2, 5 × 10ⁿ, the smallest whose labels do not touch) and a note under the overview
says which. The title and the note wrap, then shorten, to the width; where the overview
would get less than half the width or height, the colour bar, then the axis titles, then
the note are left out, and named. Arithmetic on measured text: computed once per model or
size change, never in a paint.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = ["LargeLayout", "Rooms", "fit_lines", "label_note", "ordinal", "plan_layout",
           "tick_step", "title_variants"]

#: The least share of the canvas's width and of its height the overview keeps, and of the
#: canvas's area: side parts are left out (and the title shortened) before it gets less.
MIN_SHARE = 0.4
MIN_AREA = 0.36
#: How the side parts are named when left out, in the order they go.
PHRASES = {"bar": "the colour bar", "axis_titles": "the axis titles",
           "note": "the note saying which positions are labelled"}
_DROPS = ((), ("bar",), ("axis_titles",), ("bar", "axis_titles"),
          ("bar", "axis_titles", "note"))


def ordinal(k: int) -> str:
    """ "2nd", "3rd", "500th"."""
    if 10 <= k % 100 <= 20:
        return f"{k}th"
    return f"{k}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(k % 10, 'th')}"


def tick_step(span: float, length_px: float, label_px: float) -> int:
    """The smallest step of 1, 2 or 5 × 10ⁿ positions whose labels, ``label_px`` apart at
    the least, fit ``span`` positions shown over ``length_px`` pixels."""
    if not (span > 0 and length_px > 0 and math.isfinite(span)):
        return 1
    need = label_px * span / length_px
    k = 0
    while True:
        for m in (1, 2, 5):
            if m * 10**k >= need:
                return m * 10**k
        k += 1


def title_variants(n: int, m: int, head: int, heads: int, d: int, temperature: float,
                   causal: bool) -> list[tuple[str, tuple[str, ...]]]:
    """The title, longest first, each with what it leaves out (phrases for ``left_out``).

    Pieces are separated by " · " (and " — "), where a title may wrap.
    """
    t = f"{temperature:.3g}"
    mask = (" · causal",) if causal else ("",)
    rest = f" · head {head + 1} of {heads} · d = {d} · T = {t}{mask[0]}"
    size = f"n = {n} × {m}"
    return [
        (f"Attention weights — n = {n} queries × {m} keys{rest}", ()),
        (f"Attention weights — {size}{rest}", ()),
        (f"weights, {size} · head {head + 1}/{heads}{mask[0]}",
         ("d and T in the title",)),
        (f"weights, {size}", ("the head, d, T and mask in the title",)),
        (size, ("the head, d, T and mask in the title",)),
    ]


def fit_lines(text: str, width: float, max_lines: int,
              advance: Callable[[str], float]) -> list[str] | None:
    """``text`` wrapped at its " · ", " — ", "; " and ", " breaks into at most ``max_lines``
    lines no wider than ``width`` (as ``advance`` measures), or None where it cannot be."""
    lines: list[str] = []
    for piece in _pieces(text):
        if lines and advance(_shown(lines[-1] + piece)) <= width:
            lines[-1] += piece
        else:
            lines.append(piece.lstrip())
    lines = [_shown(ln) for ln in lines]
    if len(lines) > max_lines or any(advance(ln) > width for ln in lines):
        return None
    return lines


def _shown(line: str) -> str:
    """A line as written: without the separator it was cut after (a " ·" or " —" ending a
    line reads as noise)."""
    line = line.rstrip()
    return line[:-2] if line.endswith((" ·", " —")) else line


def _pieces(text: str) -> list[str]:
    """``text`` cut after each break, the separator kept with the piece before it."""
    out, start = [], 0
    k = 0
    while k < len(text):
        for sep in (" · ", " — ", "; ", ", "):
            if text.startswith(sep, k):
                cut = k + len(sep) - 1  # the separator's trailing space starts the next
                out.append(text[start:cut])
                start = k = cut
                break
        k += 1
    out.append(text[start:])
    return out


def label_note(key_step: int, query_step: int) -> list[str]:
    """What the note under the overview says of the labelled positions, longest first;
    [] where every position is labelled."""
    if key_step == 1 and query_step == 1:
        return []
    if key_step == query_step:
        which = f"every {ordinal(key_step)} position"
        short = f"every {ordinal(key_step)} labelled"
    else:
        keys = "every key" if key_step == 1 else f"every {ordinal(key_step)} key"
        queries = "every query" if query_step == 1 else f"every {ordinal(query_step)} query"
        which = short = f"{keys}, {queries}"
        short += " labelled"
    return [f"Ticks mark token positions from 0; {which} labelled", f"positions: {short}",
            short]


@dataclass(frozen=True)
class Rooms:
    """The measured room of the figure's parts, in pixels.

    ``title_line``/``note_line``: a line of the title's / note's text; ``left``/``top``:
    the query and key axes with and without their titles (``*_bare``); ``bar``: the colour
    bar with its axis and the gap before it; ``key_label``/``query_label``: the least
    distance between two tick labels; ``end_pad``: how far a tick label may stick out past
    the end of its axis; ``frame``: the margins and spacing around the plot (w, h).
    """

    title_line: float
    note_line: float
    left: float
    left_bare: float
    top: float
    top_bare: float
    bar: float
    key_label: float
    query_label: float
    end_pad: float
    frame: tuple[float, float]
    spacing: float
    text_pad: float = 2.0


@dataclass(frozen=True)
class LargeLayout:
    """The figure at one size: the lines of the title and of the note, which parts are
    shown, the overview's planned size, the tick steps, and what is left out."""

    title: tuple[str, ...]
    note: tuple[str, ...]
    bar: bool
    axis_titles: bool
    plot_w: float
    plot_h: float
    key_step: int
    query_step: int
    bottom_pad: float
    right_pad: float
    left_out: tuple[str, ...]


def _choose_title(variants, width, max_lines, advance):
    for text, gone in variants:
        lines = fit_lines(text, width, max_lines, advance)
        if lines is not None:
            return tuple(lines), gone
    return (variants[-1][0],), variants[-1][1]


def plan_layout(width: float, height: float, spans: tuple[float, float],
                titles: Sequence[tuple[str, tuple[str, ...]]], rooms: Rooms,
                title_advance: Callable[[str], float],
                note_advance: Callable[[str], float]) -> LargeLayout:
    """The layout of a ``width`` × ``height`` canvas showing ``spans`` (keys, queries)
    positions: the first arrangement, least left out first (a title on fewer lines before
    a part), that leaves the overview at least :data:`MIN_SHARE` of the width and of the
    height and :data:`MIN_AREA` of the canvas (else the barest)."""
    inner = width - rooms.frame[0]
    most = max(1, min(3, int(0.25 * height // max(rooms.title_line, 1.0))))
    layout = None
    for drop in _DROPS:
        for lines in range(most, 0, -1):
            title, title_gone = _choose_title(titles, inner, lines, title_advance)
            title_h = len(title) * rooms.title_line + rooms.text_pad
            layout = _arrange(width, height, spans, drop, title, title_h, title_gone, rooms,
                              note_advance)
            w, h = layout.plot_w, layout.plot_h
            if (w >= MIN_SHARE * width and h >= MIN_SHARE * height
                    and w * h >= MIN_AREA * width * height):
                return layout
    return layout


def _arrange(width, height, spans, drop, title, title_h, title_gone, rooms, note_advance):
    fw, fh = rooms.frame
    axis_titles = "axis_titles" not in drop
    bar = "bar" not in drop
    left = rooms.left if axis_titles else rooms.left_bare
    top = rooms.top if axis_titles else rooms.top_bare
    right_pad = 0.0 if bar else rooms.end_pad
    plot_w = width - fw - left - (rooms.bar if bar else 0.0) - right_pad
    note: tuple[str, ...] = ()
    note_gone: tuple[str, ...] = ()
    base_h = height - fh - title_h - rooms.spacing - top
    key_step = query_step = 1
    note_h = 0.0
    for _ in range(3):  # the steps follow the height the note leaves, and the note the steps
        bottom_pad = max(note_h, rooms.end_pad)
        plot_h = base_h - bottom_pad
        key_step = tick_step(spans[0], plot_w, rooms.key_label)
        query_step = tick_step(spans[1], plot_h, rooms.query_label)
        texts = label_note(key_step, query_step)
        note, note_gone = (), ()
        if texts and "note" in drop:
            note_gone = (PHRASES["note"],)
        elif texts:
            # One line of the shortest note before two of the longest.
            lines = next((ln for most in (1, 2) for text in texts
                          if (ln := fit_lines(text, width - fw, most, note_advance))), None)
            if lines is None:
                note_gone = (PHRASES["note"],)
            else:
                note = tuple(lines)
        new_h = len(note) * rooms.note_line + rooms.text_pad + rooms.spacing if note else 0.0
        if new_h == note_h:
            break
        note_h = new_h
    gone = tuple(PHRASES[p] for p in drop if p != "note") + note_gone + tuple(title_gone)
    return LargeLayout(title, note, bar, axis_titles, max(plot_w, 1.0), max(plot_h, 1.0),
                       key_step, query_step, max(note_h, rooms.end_pad), right_pad, gone)
