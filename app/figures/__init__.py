"""Vector figures: linscope's own SVG and PDF writers, fed by a paint callback.

``paint(painter)`` draws the whole figure into the logical rectangle (0, 0, width,
height), 96 logical pixels to the inch. It is drawn once on a recording device
(:mod:`app.figures.device`, :mod:`app.figures.recorder`) that keeps every primitive in
output coordinates (:mod:`app.figures.primitives`), and the recording is then written
as SVG (:mod:`app.figures.svg_writer`) or PDF (:mod:`app.figures.pdf_writer`).
"""

from __future__ import annotations

from pathlib import Path

from app.figures import pdf_writer, svg_writer
from app.figures.device import record
from app.figures.recorder import Recording

__all__ = ["Recording", "record", "write_pdf", "write_svg"]


def write_svg(paint, size, path: str | Path, *, size_attrs=("1200", "900"),
              text_as_paths: bool = False) -> bool:
    """Paint a figure of ``size`` logical pixels into an SVG file.

    Parameters
    ----------
    paint : callable
        ``paint(painter)`` draws the figure, background included unless transparent.
    size : tuple of int
        The figure's size in logical pixels; the SVG's view box is ``0 0 width height``.
    path : path-like
        The file to write.
    size_attrs : tuple of str
        The root's ``width`` and ``height`` attributes, e.g. ("85mm", "60mm").
    text_as_paths : bool
        Write text as filled outlines instead of ``<text>``.

    Returns
    -------
    bool
        Whether the file was written.
    """
    rec = record(paint, tuple(size))
    return rec is not None and svg_writer.write_recording(rec, path, size_attrs, text_as_paths)


def write_pdf(paint, size, path: str | Path, *, page_pt=(900.0, 675.0)) -> bool:
    """Paint a figure of ``size`` logical pixels into a one-page PDF of ``page_pt`` points
    (the figure scaled to fill the page).

    Returns
    -------
    bool
        Whether the file was written.
    """
    rec = record(paint, tuple(size))
    return rec is not None and pdf_writer.write_recording(rec, path, page_pt)
