"""Headless rendering: a scene (or preset) straight to PNG/SVG/PDF without a display,
through the same view code as the window."""

from __future__ import annotations

import os
from pathlib import Path

from app.scenes import CheckedScene, build_lab

__all__ = ["RenderError", "ensure_qapp", "render_checked"]


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


def render_checked(checked: CheckedScene, out: str | Path, width: int = 1200,
                   height: int = 900, transparent: bool = False) -> Path:
    """Render a checked scene's canvas at ``width``×``height`` pixels to ``out``.

    The canvas is laid out at exactly that size (not scaled), so labels keep their
    on-screen size in a large figure.

    Raises
    ------
    RenderError
        The scene's inputs cannot be drawn (checked before anything is drawn).
    ExportError
        The figure cannot be written.
    """
    from app.export import export_canvas

    try:
        checked.spec.model_class()(checked.state).check_inputs()
    except ValueError as err:
        raise RenderError(str(err)) from None
    app = ensure_qapp(headless=True)
    # The same scene path as the window; no task runner, so heavy work (long-context
    # attention) is computed synchronously and is in the picture.
    model, view = build_lab(checked)
    canvas = view.canvas()
    canvas.setParent(None)  # lay the figure out alone, at the requested size
    canvas.resize(width, height)
    canvas.show()
    app.processEvents()
    view.refit()  # every lab view has one (LabView's does nothing)
    app.processEvents()
    try:
        return export_canvas(canvas, out, width, height, transparent)
    finally:
        canvas.close()
        view.close()
        canvas.deleteLater()
        view.deleteLater()
        app.processEvents()
