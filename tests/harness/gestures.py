"""A person's gestures on real widgets, for the harnesses: typing into a matrix cell or a
line, dragging a handle or a slider, clicking, wheeling and dragging on a canvas.

Where a gesture can be sent as real input (``QTest`` key and mouse events) it is; text
that ``QTest.keyClicks`` cannot type (anything non-ASCII) is put into the open editor
directly, as an input method would, and committed with Enter.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QSlider, QWidget

__all__ = ["click_at", "drag_handle", "drag_on", "drag_slider", "handles_of", "type_in_cell",
           "type_in_line", "wheel_at"]

_LEFT = Qt.MouseButton.LeftButton
_NO_MOD = Qt.KeyboardModifier.NoModifier


def _typeable(text: str) -> bool:
    return text.isascii() and text.isprintable()


def _enter_text(widget: QLineEdit, text: str) -> None:
    """Replace ``widget``'s text with ``text`` as typed, then press Enter."""
    widget.setFocus()
    widget.selectAll()
    if _typeable(text) and text:
        QTest.keyClick(widget, Qt.Key.Key_Backspace)
        QTest.keyClicks(widget, text)
    else:
        widget.setText(text)  # QTest aborts on non-ASCII; an input method would set it
    QTest.keyClick(widget, Qt.Key.Key_Return)


def type_in_cell(editor, i: int, j: int, text: str) -> None:
    """Open cell (i, j) of a :class:`views.common.matrix_editor.MatrixEditor`, type ``text`` and
    press Enter (the commit reaches the model once the event loop runs)."""
    table = editor.table
    item = table.item(i, j)
    if item is None:
        return
    table.setCurrentCell(i, j)
    table.editItem(item)
    # The open editor has the focus. Asking the table for it (``indexWidget``,
    # ``findChildren``) would make PySide tie a wrapper of every editor ever opened to the
    # table: a leak of the harness's own, not the app's.
    line = QApplication.focusWidget()
    if not isinstance(line, QLineEdit) or not line.isVisible():
        # No editor opened (the table is hidden): commit the way the delegate would.
        item.setText(text)
        return
    _enter_text(line, text)


def type_in_line(line: QLineEdit, text: str) -> None:
    """Type ``text`` into a line edit and press Enter."""
    _enter_text(line, text)


def drag_slider(slider: QSlider, values) -> None:
    """Press the slider's handle, move it through ``values`` and release it (one drag)."""
    slider.setSliderDown(True)  # emits sliderPressed, as a mouse press on the handle does
    for v in values:
        slider.setValue(int(v))
        QApplication.processEvents()
    slider.setSliderDown(False)  # emits sliderReleased


def handles_of(canvas) -> list:
    """The visible drag handles (:class:`views.common.items.Handle`) on a canvas."""
    from views.common.items import Handle

    scene = canvas.scene() if hasattr(canvas, "scene") else None
    if scene is None:
        return []
    return [it for it in scene.items() if isinstance(it, Handle) and it.isVisible()]


def _viewport_point(canvas, handle) -> QPoint:
    return canvas.mapFromScene(handle.scenePos())


def drag_handle(canvas, handle, moves, via_mouse: bool, fine: bool = False) -> None:
    """Drag ``handle`` through ``moves`` (pixel offsets from where it starts).

    ``via_mouse`` sends real mouse events to the canvas's viewport; otherwise the handle's
    own drag entry points are called (``begin_drag``, ``drag_to``, ``end_drag``), with the
    offsets turned into data coordinates the same way.
    """
    start = _viewport_point(canvas, handle)
    if via_mouse:
        port = canvas.viewport()
        mods = Qt.KeyboardModifier.ShiftModifier if fine else _NO_MOD
        QTest.mousePress(port, _LEFT, mods, start)
        for dx, dy in moves:
            QTest.mouseMove(port, start + QPoint(int(dx), int(dy)))
            QApplication.processEvents()
        end = start + QPoint(int(moves[-1][0]), int(moves[-1][1])) if moves else start
        QTest.mouseRelease(port, _LEFT, mods, end)
        return
    parent = handle.parentItem()
    handle.begin_drag()
    for dx, dy in moves:
        scene_pt = canvas.mapToScene(start + QPoint(int(dx), int(dy)))
        p = parent.mapFromScene(scene_pt) if parent is not None else scene_pt
        handle.drag_to(p.x(), p.y(), fine)
        QApplication.processEvents()
    handle.end_drag()


def click_at(widget: QWidget, x: int, y: int, double: bool = False) -> None:
    """Click (or double-click) the left button at (x, y) of ``widget``."""
    if double:
        QTest.mouseDClick(widget, _LEFT, _NO_MOD, QPoint(x, y))
    else:
        QTest.mouseClick(widget, _LEFT, _NO_MOD, QPoint(x, y))


def drag_on(widget: QWidget, start: tuple[int, int], end: tuple[int, int], steps: int = 6,
            button=_LEFT) -> None:
    """Press at ``start``, move in ``steps`` to ``end`` and release (pan, orbit, select)."""
    p0 = QPoint(*start)
    QTest.mousePress(widget, button, _NO_MOD, p0)
    for k in range(1, steps + 1):
        f = k / steps
        QTest.mouseMove(widget, QPoint(round(start[0] + f * (end[0] - start[0])),
                                       round(start[1] + f * (end[1] - start[1]))))
        QApplication.processEvents()
    QTest.mouseRelease(widget, button, _NO_MOD, QPoint(*end))


def wheel_at(widget: QWidget, x: int, y: int, clicks: int) -> None:
    """Turn the mouse wheel by ``clicks`` notches (positive: away from the person)."""
    pos = QPointF(x, y)
    ev = QWheelEvent(pos, widget.mapToGlobal(pos), QPoint(0, 0), QPoint(0, 120 * clicks),
                     Qt.MouseButton.NoButton, _NO_MOD, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, ev)
