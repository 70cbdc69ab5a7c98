"""A laser pointer for presenting: a red dot with a soft halo that follows the pointer over
a figure.

The pointer is a widget laid over the figure, never an item in the figure's scene, so an
exported figure never shows it; it lets every mouse event through to the figure below.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QPainter, QRadialGradient
from PySide6.QtWidgets import QWidget

from views.common.style import color

__all__ = ["LaserPointer"]

_LASER = "laser"  # the theme's laser red


class LaserPointer(QWidget):
    """The dot, drawn over ``target`` (a figure) inside ``parent``.

    Parameters
    ----------
    parent : QWidget
        The widget the overlay is a child of: an ancestor of ``target`` that is not part
        of what export draws.
    radius : float
        Radius of the solid dot in pixels; the halo reaches three times as far.

    Attributes
    ----------
    spot : QPoint or None
        Where the dot is, in this widget's coordinates (None while hidden).
    """

    def __init__(self, parent: QWidget, radius: float = 7.0) -> None:
        super().__init__(parent)
        self.radius = float(radius)
        self.spot: QPoint | None = None
        self._target: QWidget | None = None
        # Clicks and drags go to the figure underneath: the pointer only shows.
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setAttribute(Qt.WidgetAttribute.WA_TranslucentBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hide()

    def point_at(self, target: QWidget, global_pos: QPoint) -> None:
        """Show the dot at ``global_pos`` (screen pixels) over ``target``.

        The overlay covers ``target``'s rectangle; a position outside it hides the dot.
        """
        if target is not self._target or not self.isVisible():
            self._target = target
            top_left = target.mapTo(self.parentWidget(), QPoint(0, 0))
            self.setGeometry(QRect(top_left, target.size()))
        local = self.mapFromGlobal(global_pos)
        if not self.rect().contains(local):
            self.stop()
            return
        old, self.spot = self.spot, local
        self.show()
        self.raise_()
        # Repaint only where the dot was and where it is: a move costs two small patches.
        reach = int(self.radius * 3) + 2
        if old is not None:
            self.update(QRect(old.x() - reach, old.y() - reach, 2 * reach, 2 * reach))
        self.update(QRect(local.x() - reach, local.y() - reach, 2 * reach, 2 * reach))

    def stop(self) -> None:
        """Hide the dot."""
        self.spot = None
        self._target = None
        self.hide()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self.spot is None:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        centre = QPointF(self.spot)
        halo = QRadialGradient(centre, self.radius * 3)
        halo.setColorAt(0.0, color(_LASER, 150))
        halo.setColorAt(0.35, color(_LASER, 80))
        halo.setColorAt(1.0, color(_LASER, 0))
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(halo)
        p.drawEllipse(centre, self.radius * 3, self.radius * 3)
        p.setBrush(color(_LASER))
        p.drawEllipse(centre, self.radius, self.radius)
        p.end()
