"""Clip an exported SVG the way the screen clips: to the plots' view boxes.

A pyqtgraph view box clips what it holds (grid lines, curves and labels that run past its
edge); Qt's QSvgGenerator writes no clip paths, so in an SVG those lines ran on into the
figure's margin while the PNG of the same figure stopped at the edge. The exporter
therefore adds one clip path to the file: the union of every view box, plus everything
drawn outside view boxes (axes, titles), in the SVG's own units.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QGraphicsItem

__all__ = ["clip_rects", "clip_svg_file"]

_CLIPS = QGraphicsItem.GraphicsItemFlag.ItemClipsChildrenToShape
_CLIP_ID = "linscope-figure-clip"


def _clipped_by_ancestor(item) -> bool:
    parent = item.parentItem()
    while parent is not None:
        if parent.flags() & _CLIPS:
            return True
        parent = parent.parentItem()
    return False


def clip_rects(scene, src: QRectF, target: QRectF) -> list[QRectF]:
    """The regions the screen shows, in ``target`` units (``src`` is the scene rectangle
    exported into ``target``); empty when nothing in the scene clips (no clip needed)."""
    items = [i for i in scene.items() if i.isVisible()]
    clipping = [i for i in items if i.flags() & _CLIPS]
    if not clipping:
        return []
    holders = set()  # items that hold a view box: their own rectangle covers it, so skip
    for box in clipping:
        parent = box.parentItem()
        while parent is not None:
            holders.add(parent)
            parent = parent.parentItem()
    shown = clipping + [i for i in items if i not in holders and not i.flags() & _CLIPS
                        and not _clipped_by_ancestor(i)]
    sx, sy = target.width() / src.width(), target.height() / src.height()
    out = []
    for item in shown:
        r = item.sceneBoundingRect()
        if r.isEmpty():
            continue
        out.append(QRectF(target.x() + (r.x() - src.x()) * sx,
                          target.y() + (r.y() - src.y()) * sy, r.width() * sx,
                          r.height() * sy))
    return out


def clip_svg_file(path: Path, rects: list[QRectF]) -> None:
    """Wrap the drawing of the SVG file at ``path`` in one clip path made of ``rects``."""
    if not rects:
        return
    text = path.read_text(encoding="utf-8")
    start = text.find("<svg")
    head_end = text.find(">", start) + 1
    tail = text.rfind("</svg>")
    if start < 0 or head_end <= 0 or tail < head_end:
        return  # not the generator's layout: leave the file as written
    shapes = "".join(f'<rect x="{r.x():.3f}" y="{r.y():.3f}" width="{r.width():.3f}" '
                     f'height="{r.height():.3f}"/>' for r in rects)
    text = (text[:head_end] + f'\n<defs><clipPath id="{_CLIP_ID}">{shapes}</clipPath></defs>'
            f'\n<g clip-path="url(#{_CLIP_ID})">' + text[head_end:tail] + "</g>\n"
            + text[tail:])
    path.write_text(text, encoding="utf-8")
