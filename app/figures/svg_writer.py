"""Write a :class:`~app.figures.recorder.Recording` as a plain SVG 1.1 file.

Geometry is in the view box's own units (the figure's logical pixels) with no transform
on any shape, strokes have their real widths, clips are ``<clipPath>`` elements in the same
units, and small images (heatmaps) are vector cells. Such a file looks the same in
browsers, librsvg (rsvg-convert, GNOME, LaTeX's svg package via Inkscape) and ImageMagick.
"""

from __future__ import annotations

import base64
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QFontInfo, QPainterPath

from app.figures.primitives import (
    HATCH_TILE,
    HATCHES,
    ImageRun,
    PathRun,
    Rgba,
    Stroke,
    TextRun,
    cell_runs,
    upscaled,
)
from app.figures.recorder import Recording

__all__ = ["path_d", "svg_text", "write_recording"]

_E = QPainterPath.ElementType
_CAPS = {Qt.PenCapStyle.FlatCap: "butt", Qt.PenCapStyle.SquareCap: "square",
         Qt.PenCapStyle.RoundCap: "round"}
_JOINS = {Qt.PenJoinStyle.MiterJoin: "miter", Qt.PenJoinStyle.SvgMiterJoin: "miter",
          Qt.PenJoinStyle.BevelJoin: "bevel", Qt.PenJoinStyle.RoundJoin: "round"}


def _n(v: float) -> str:
    """A coordinate to 1/100 of a unit, without trailing zeros (files stay small)."""
    s = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def path_d(path: QPainterPath) -> str:
    """The SVG path data of ``path``; a subpath that returns to its start is closed with Z
    (so its corner is joined, not capped)."""
    out = []
    n = path.elementCount()
    i = 0
    start = None
    while i < n:
        e = path.elementAt(i)
        if e.type == _E.MoveToElement:
            start = (e.x, e.y)
            out.append(f"M{_n(e.x)} {_n(e.y)}")
        elif e.type == _E.LineToElement:
            last = i + 1 >= n or path.elementAt(i + 1).type == _E.MoveToElement
            if last and start == (e.x, e.y) and len(out) > 1:
                out.append("Z")
            else:
                out.append(f"L{_n(e.x)} {_n(e.y)}")
        else:  # a cubic: this element and the next two hold its three points
            c2, end = path.elementAt(i + 1), path.elementAt(i + 2)
            out.append(f"C{_n(e.x)} {_n(e.y)} {_n(c2.x)} {_n(c2.y)} {_n(end.x)} {_n(end.y)}")
            i += 2
        i += 1
    return "".join(out)


def _paint_attrs(kind: str, color: Rgba) -> str:
    alpha = f' {kind}-opacity="{_n(color.a) if color.a >= 0.01 else "0"}"' if color.a < 1 else ""
    return f' {kind}="{color.hex}"{alpha}'


def _stroke_attrs(s: Stroke) -> str:
    attrs = [_paint_attrs("stroke", s.color), f' stroke-width="{_n(s.width)}"',
             f' stroke-linecap="{_CAPS.get(s.cap, "square")}"',
             f' stroke-linejoin="{_JOINS.get(s.join, "bevel")}"']
    if _JOINS.get(s.join) == "miter" and s.miter != 2:
        # Qt measures the miter from the join's centre, SVG from the inner corner: twice.
        attrs.append(f' stroke-miterlimit="{_n(max(1.0, 2 * s.miter))}"')
    if s.dashes:
        attrs.append(f' stroke-dasharray="{",".join(_n(d) for d in s.dashes)}"')
        if s.dash_offset:
            attrs.append(f' stroke-dashoffset="{_n(s.dash_offset)}"')
    return "".join(attrs)


class _Hatches:
    """One ``<pattern>`` per hatch style and colour, made when first used."""

    def __init__(self):
        self.defs: list[str] = []
        self._ids: dict[tuple, str] = {}

    def fill(self, style, color: Rgba, origin: tuple[float, float]) -> str:
        key = (style, color, origin)
        if key not in self._ids:
            self._ids[key] = f"h{len(self._ids)}"
            lines = HATCHES[style]
            d = "".join(f"M{_n(a)} {_n(b)}L{_n(c)} {_n(e)}" for a, b, c, e in lines)
            # Qt's hatch has one pixel a row; a diagonal line as thin inks as much.
            width = "1" if lines[0][0] == lines[0][2] or lines[0][1] == lines[0][3] else "0.71"
            self.defs.append(
                f'<pattern id="{self._ids[key]}" patternUnits="userSpaceOnUse" '
                f'x="{_n(origin[0])}" y="{_n(origin[1])}" width="{HATCH_TILE}" '
                f'height="{HATCH_TILE}"><path d="{d}" fill="none" stroke-width="{width}"'
                f'{_paint_attrs("stroke", color)}/></pattern>')
        return f' fill="url(#{self._ids[key]})"'


def _path_element(run: PathRun, hatches: _Hatches) -> str | None:
    d = path_d(run.path)
    if not d:
        return None
    if run.fill is None:
        fill = ' fill="none"'
    else:
        fill = (_paint_attrs("fill", run.fill) if run.hatch is None
                else hatches.fill(run.hatch, run.fill, run.hatch_origin))
        if run.path.fillRule() == Qt.FillRule.OddEvenFill:
            fill += ' fill-rule="evenodd"'
    stroke = "" if run.stroke is None else _stroke_attrs(run.stroke)
    return f'<path d="{d}"{fill}{stroke}/>'


class _Fonts:
    """font-family values, one per font (the family Qt really used first, then the one asked
    for, then a generic family), worked out once per font."""

    def __init__(self):
        self._cache: dict[str, str] = {}

    def family(self, font) -> str:
        key = font.key()
        if key not in self._cache:
            names = []
            for name in (QFontInfo(font).family(), font.family()):
                if name and name not in names:
                    names.append(name)
            generic = "monospace" if font.fixedPitch() else "sans-serif"
            quoted = [f"'{n}'" if " " in n else n for n in names]
            self._cache[key] = ", ".join([*quoted, generic])
        return self._cache[key]


def _text_element(run: TextRun, fonts: _Fonts) -> str:
    attrs = [f'x="{_n(run.x)}" y="{_n(run.y)}"',
             f"font-family={quoteattr(fonts.family(run.font))}",
             f'font-size="{_n(run.size)}"']
    weight = int(run.font.weight().value)
    if weight != 400:
        attrs.append(f'font-weight="{weight}"')
    if run.font.italic():
        attrs.append('font-style="italic"')
    attrs.append(_paint_attrs("fill", run.color).strip())
    if abs(run.angle) > 0.01:
        attrs.append(f'transform="rotate({_n(run.angle)} {_n(run.x)} {_n(run.y)})"')
    return f'<text {" ".join(attrs)} xml:space="preserve">{escape(run.text)}</text>'


def _image_elements(run: ImageRun) -> list[str]:
    if run.small:
        # One crisp rectangle per run of equal pixels: exact colours, no resampling.
        out = []
        straight = run.axis_aligned
        for row, x0, x1, color in cell_runs(run.image):
            color = Rgba(color.r, color.g, color.b, color.a * run.opacity)
            fill = _paint_attrs("fill", color)
            quad = run.cell(x0, x1, row)
            if straight:
                r = quad.boundingRect()
                out.append(f'<rect x="{_n(r.x())}" y="{_n(r.y())}" width="{_n(r.width())}" '
                           f'height="{_n(r.height())}"{fill}/>')
            else:
                pts = " ".join(f"{_n(p.x())},{_n(p.y())}" for p in list(quad)[:4])
                out.append(f'<polygon points="{pts}"{fill}/>')
        if not out:
            return []
        return ['<g shape-rendering="crispEdges">', *out, "</g>"]
    # A large image is embedded as a PNG enlarged to about its drawn size (a turned image
    # is placed in its bounding box: linscope draws images upright).
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    upscaled(run).save(buffer, "PNG")
    encoded = base64.b64encode(bytes(data.data())).decode("ascii")
    r = run.bounds
    opacity = f' opacity="{_n(run.opacity)}"' if run.opacity < 1 else ""
    return [f'<image x="{_n(r.x())}" y="{_n(r.y())}" width="{_n(r.width())}" '
            f'height="{_n(r.height())}" preserveAspectRatio="none" '
            f'image-rendering="pixelated" style="image-rendering:pixelated"{opacity} '
            f'xlink:href="data:image/png;base64,{encoded}"/>']


def svg_text(rec: Recording, size_attrs: tuple[str, str], text_as_paths: bool = False) -> str:
    """The SVG document of a recording.

    Parameters
    ----------
    rec : Recording
        What was painted, in output coordinates.
    size_attrs : tuple of str
        The root's width and height attributes ("85mm", "1200"); the view box is the
        recording's size in logical pixels.
    text_as_paths : bool
        Write each text run as its filled outline (no fonts needed to view it).
    """
    w, h = rec.size
    clip_ids: dict[int, str] = {}
    defs: list[str] = []
    seen: dict[str, str] = {}
    for index, clip in enumerate(rec.clips):
        d = path_d(clip)
        if d not in seen:  # a painter restores a clip by setting it again: write it once
            seen[d] = f"c{len(seen)}"
            rule = (' clip-rule="evenodd"' if clip.fillRule() == Qt.FillRule.OddEvenFill
                    else "")
            defs.append(f'<clipPath id="{seen[d]}" clipPathUnits="userSpaceOnUse">'
                        f'<path d="{d or "M0 0"}"{rule}/></clipPath>')
        clip_ids[index] = seen[d]
    body: list[str] = []
    fonts = _Fonts()
    hatches = _Hatches()
    group = None
    for item in rec.items:
        clip = clip_ids.get(item.clip)
        if clip != group:
            if group is not None:
                body.append("</g>")
            if clip is not None:
                body.append(f'<g clip-path="url(#{clip})">')
            group = clip
        if isinstance(item, PathRun):
            element = _path_element(item, hatches)
            if element:
                body.append(element)
        elif isinstance(item, TextRun):
            if text_as_paths:
                body.append(f'<path d="{path_d(item.outline())}"'
                            f'{_paint_attrs("fill", item.color)}/>')
            else:
                body.append(_text_element(item, fonts))
        else:
            body.extend(_image_elements(item))
    if group is not None:
        body.append("</g>")
    head = ['<?xml version="1.0" encoding="UTF-8"?>',
            f'<svg xmlns="http://www.w3.org/2000/svg" '
            f'xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" '
            f"width={quoteattr(size_attrs[0])} height={quoteattr(size_attrs[1])} "
            f'viewBox="0 0 {w} {h}">',
            "<title>linscope figure</title>"]
    defs += hatches.defs
    if defs:
        head += ["<defs>", *defs, "</defs>"]
    return "\n".join([*head, *body, "</svg>", ""])


def write_recording(rec: Recording, path: str | Path, size_attrs: tuple[str, str],
                    text_as_paths: bool = False) -> bool:
    """Write ``rec`` to ``path`` as SVG (UTF-8); False when the file cannot be written."""
    try:
        Path(path).write_text(svg_text(rec, size_attrs, text_as_paths), encoding="utf-8")
    except OSError:
        return False
    return True
