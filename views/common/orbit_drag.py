"""Drag to orbit: the mouse handling every 3-D canvas shares (the Space lab's solids, the
Embeddings lab's scatter). A left-button drag that starts where :meth:`orbit_starts_at`
allows turns the camera by :meth:`orbit`; the cursor shows a closed hand meanwhile."""

from __future__ import annotations

from PySide6.QtCore import Qt

__all__ = ["OrbitDrag"]


class OrbitDrag:
    """Mixin for a ``QGraphicsView`` canvas; put it before the Qt class in the bases.

    The canvas defines ``orbit(dx_px, dy_px)`` (ask for the camera turned as a drag by that
    many pixels would) and may narrow :meth:`orbit_starts_at`.
    """

    _drag_last = None

    def orbit_starts_at(self, ev) -> bool:
        """Whether a left press at ``ev`` starts an orbit (everywhere, by default)."""
        return True

    def mousePressEvent(self, ev) -> None:  # noqa: N802 - Qt API
        if ev.button() == Qt.MouseButton.LeftButton and self.orbit_starts_at(ev):
            self._drag_last = ev.position()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            ev.accept()
            return
        super().mousePressEvent(ev)

    def mouseMoveEvent(self, ev) -> None:  # noqa: N802 - Qt API
        if self._drag_last is not None and ev.buttons() & Qt.MouseButton.LeftButton:
            d = ev.position() - self._drag_last
            self._drag_last = ev.position()
            self.orbit(d.x(), d.y())
            ev.accept()
            return
        super().mouseMoveEvent(ev)

    def mouseReleaseEvent(self, ev) -> None:  # noqa: N802 - Qt API
        if ev.button() == Qt.MouseButton.LeftButton and self._drag_last is not None:
            self._drag_last = None
            self.viewport().unsetCursor()
            ev.accept()
            return
        super().mouseReleaseEvent(ev)
