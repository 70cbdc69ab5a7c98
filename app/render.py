"""Headless rendering: a scene (or preset) straight to PNG/SVG/PDF without a display,
through the same view code as the window."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

from app.figure_spec import FigureSpec
from app.scenes import CheckedScene, build_lab

__all__ = ["RenderError", "TITLE_BAND", "ensure_qapp", "open_figure", "paint_slide",
           "render_checked", "render_deck"]


class RenderError(ValueError):
    """A scene whose inputs no picture can show (a file of Q holding NaN, say)."""


def ensure_qapp(headless: bool = False):
    """The QApplication, created if needed (offscreen when asked or when there is no display)."""
    if headless or not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from views.common.style import configure_pyqtgraph

    app = QApplication.instance() or QApplication(["linscope"])
    configure_pyqtgraph()
    return app


@contextmanager
def open_figure(checked: CheckedScene, spec: FigureSpec | None = None):
    """Build a checked scene's lab offscreen as a figure and yield ``(model, view, canvas)``.

    The canvas is laid out at the spec's layout size (the pixels asked for, or the physical
    size at 96 per inch), in figure style: no drag handles or interaction hints, the spec's
    font size, line widths scaled to match, its theme. Everything drawn while the block
    runs (frames of a recording too) keeps that style. The view is closed on leaving.

    Raises
    ------
    RenderError
        The scene's inputs cannot be drawn (checked before anything is built).
    """
    from PySide6.QtCore import Qt

    from views.common.style import figure_output

    spec = spec or FigureSpec()
    try:
        checked.spec.model_class()(checked.state).check_inputs()
    except ValueError as err:
        raise RenderError(str(err)) from None
    app = ensure_qapp(headless=True)
    width, height = spec.layout_px()
    with figure_output(font_pt=spec.effective_font_pt(), theme=spec.theme,
                       colorblind=spec.colorblind):
        # The same scene path as the window; no task runner, so heavy work (long-context
        # attention) is computed synchronously and is in the picture.
        model, view = build_lab(checked)
        canvas = view.canvas()
        canvas.setParent(None)  # lay the figure out alone, at the requested size
        # A canvas's minimum size is for the window; kept here, it would make a small
        # figure (85 mm × 60 mm) taller than asked, and export would squash it to fit.
        canvas.setMinimumSize(0, 0)
        # Laid out as if shown, never on a screen (the window exports through here too).
        canvas.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        canvas.resize(width, height)
        canvas.show()
        app.processEvents()
        view.refit()  # every lab view has one (LabView's does nothing)
        app.processEvents()
        try:
            yield model, view, canvas
        finally:
            canvas.close()
            view.close()
            canvas.deleteLater()
            view.deleteLater()
            app.processEvents()


def render_checked(checked: CheckedScene, out: str | Path, spec: FigureSpec | None = None,
                   left_out: list[str] | None = None) -> Path:
    """Render a checked scene's canvas to ``out`` (.png, .svg or .pdf) as ``spec`` asks.

    The canvas is laid out at the requested size (not scaled), so labels keep their size
    in a large figure and text has the requested point size in a physical one. What the
    layout had no room for (``LabView.left_out``) is appended to ``left_out``.

    Raises
    ------
    RenderError
        The scene's inputs cannot be drawn (checked before anything is drawn).
    ExportError
        The figure cannot be written.
    """
    from app.export import export_canvas

    spec = spec or FigureSpec()
    with open_figure(checked, spec) as (_model, view, canvas):
        path = export_canvas(canvas, out, spec)
        if left_out is not None:
            left_out.extend(view.left_out())
        return path


#: Height, in points, of the band above each figure in a deck's PDF that names the slide.
TITLE_BAND = 48


def render_deck(checked: list[CheckedScene], titles: list[str], out: str | Path,
                width: int = 1200, height: int = 900) -> Path:
    """Render every slide of a deck as one page of a PDF (a handout), headless.

    Each page holds the slide's title above its figure, laid out at ``width``×``height``
    as :func:`render_checked` lays one out. The file is written beside ``out`` first and
    renamed over it, so a failure leaves no half-written handout.

    Parameters
    ----------
    checked : list of CheckedScene
        The slides' scenes, each checked completely.
    titles : list of str
        A title per slide.
    out : path-like
        The PDF to write.

    Raises
    ------
    RenderError
        A slide's inputs cannot be drawn (checked before anything is drawn), or the deck
        has no slides.
    ExportError
        The PDF cannot be written.
    """
    from PySide6.QtCore import QMarginsF, QSizeF
    from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

    from app.export import ExportError, publish

    if not checked:
        raise RenderError("the deck has no slides")
    for n, c in enumerate(checked, start=1):
        try:
            c.spec.model_class()(c.state).check_inputs()
        except ValueError as err:
            raise RenderError(f"slide {n}: {err}") from None
    out = Path(out)
    tmp = out.with_name(f".{out.name}.part")
    ensure_qapp(headless=True)
    writer = QPdfWriter(str(tmp))
    writer.setResolution(72)  # one pixel of the figure is one point of the page
    writer.setPageSize(QPageSize(QSizeF(width, height + TITLE_BAND), QPageSize.Unit.Point))
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)
    writer.setTitle("linscope deck")
    painter = QPainter()
    if not painter.begin(writer):
        raise ExportError(f"could not write {out.name}")
    try:
        for n, (c, title) in enumerate(zip(checked, titles, strict=True)):
            if n:
                writer.newPage()
            paint_slide(painter, c, f"{n + 1}. {title}", width, height)
    finally:
        ok = painter.end()
    return publish(tmp, out, ok)


def paint_slide(painter, checked: CheckedScene, title: str, width: int, height: int) -> None:
    """Paint one slide with ``painter``: ``title`` in a band above the figure, the figure
    laid out at ``width``×``height`` (through the same scene path as the window)."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QPainter

    app = ensure_qapp(headless=True)
    model, view = build_lab(checked)
    canvas = view.canvas()
    canvas.setParent(None)
    canvas.resize(width, height)
    canvas.show()
    app.processEvents()
    view.refit()
    app.processEvents()
    try:
        brush = canvas.backgroundBrush()
        paper = (brush.color() if brush.style() != Qt.BrushStyle.NoBrush
                 else QColor("white"))
        painter.fillRect(QRectF(0, 0, width, height + TITLE_BAND), paper)
        font = QFont()
        font.setPixelSize(22)
        painter.setFont(font)
        painter.setPen(QColor("black" if paper.lightness() > 127 else "white"))
        painter.drawText(QRectF(16, 0, width - 32, TITLE_BAND),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         title)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        canvas.scene().update()
        src = canvas.mapToScene(canvas.viewport().rect()).boundingRect()
        canvas.scene().render(painter, QRectF(0, TITLE_BAND, width, height), src,
                              Qt.AspectRatioMode.IgnoreAspectRatio)
    finally:
        canvas.close()
        view.close()
        canvas.deleteLater()
        view.deleteLater()
        del model  # the view goes first; the model is dropped with it
        app.processEvents()
