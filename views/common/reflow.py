"""A lab view's row that re-flows by the room it gets: side panels beside the figure when
the window is wide, folded into tabs when it is not (a projector at 1280×720 or 1024×768).

The row is ``side | centre | details``: ``side`` (the entries, options and hints) scrolls
vertically, so a tall column never makes the window taller than the screen; ``details`` (an
inspector) stands on the right while the figure keeps a square-ish shape, and moves into a
second tab beside ``side`` when it would squeeze the figure.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QTabWidget,
    QWidget,
)

__all__ = ["ReflowRow", "scrolling_column"]

#: The narrowest the figure may get before the details fold into a tab, in pixels; and the
#: width : height it should keep at least (a square-ish figure reads best on a projector).
MIN_FIGURE_WIDTH = 420
MIN_FIGURE_ASPECT = 0.9


def scrolling_column(panel: QWidget, parent: QWidget | None = None) -> QScrollArea:
    """``panel`` in a frameless area that scrolls vertically only, as wide as ``panel`` wants.

    A column taller than the screen then scrolls instead of pushing the window's minimum
    height past the screen; its width follows the panel's own (a long word-wrapped label
    does not widen it).
    """
    area = _FittedScroll(parent)
    area.setWidget(panel)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
    panel.installEventFilter(area)  # its hint changes (a shown label): the width follows
    area.fit_width()
    return area


class _FittedScroll(QScrollArea):
    """A vertical scroll area whose width is its widget's hint plus room for the scroll bar."""

    def fit_width(self) -> None:
        panel = self.widget()
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        width = max(panel.sizeHint().width(), panel.minimumSizeHint().width()) + bar
        if width != self.width() or self.minimumWidth() != width:
            self.setFixedWidth(width)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.fit_width()
        return super().eventFilter(watched, event)


class ReflowRow(QWidget):
    """``side | centre | details``, with ``details`` in a tab beside ``side`` when narrow.

    Parameters
    ----------
    side : QWidget
        The left column (usually from :func:`scrolling_column`); tab "Controls".
    centre : QWidget
        The figure and what stands under it; it takes all the remaining width.
    details : QWidget, optional
        The right-hand panel (an inspector); tab "Details" when the row is narrow.

    Attributes
    ----------
    tabs : QTabWidget
        Holds ``side`` (and ``details`` when folded); its tab bar shows only with two tabs.
    """

    def __init__(self, side: QWidget, centre: QWidget, details: QWidget | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.side, self.centre, self.details = side, centre, details
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.setTabBarAutoHide(True)
        self.tabs.addTab(side, "Controls")
        self.tabs.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Expanding)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.tabs)
        row.addWidget(centre, 1)
        if details is not None:  # folded until the row knows its width: it never asks for more
            self.tabs.addTab(details, "Details")
        self._row = row

    @property
    def folded(self) -> bool:
        """Whether ``details`` is a tab beside ``side`` (the row is too narrow for both)."""
        return self.details is not None and self.tabs.indexOf(self.details) >= 0

    def fits_unfolded(self, width: int, height: int) -> bool:
        """Whether a row ``width`` × ``height`` leaves the figure room beside both panels."""
        if self.details is None:
            return True
        panels = self.side.sizeHint().width() + self.details.sizeHint().width()
        figure = max(MIN_FIGURE_WIDTH, int(MIN_FIGURE_ASPECT * height))
        return width - panels >= figure

    def reflow(self, width: int | None = None, height: int | None = None) -> None:
        """Fold or unfold ``details`` for a row of this size (default: the current one)."""
        if self.details is None:
            return
        width = self.width() if width is None else width
        height = self.height() if height is None else height
        fold = not self.fits_unfolded(width, height)
        if fold == self.folded:
            return
        if fold:
            self._row.removeWidget(self.details)
            self.tabs.addTab(self.details, "Details")
        else:
            self.tabs.removeTab(self.tabs.indexOf(self.details))
            self._row.addWidget(self.details)
            self.details.show()  # a tab page that was not current is hidden

    def minimumSizeHint(self):  # noqa: N802 - Qt's name
        # As small as the folded row: a window never has to grow to unfold the details.
        hint = super().minimumSizeHint()
        if self.details is not None and not self.folded:
            details = max(self.details.minimumWidth(), self.details.minimumSizeHint().width())
            hint.setWidth(hint.width() - details - self._row.spacing())
        return hint

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        # The layout changes once per size change, never in a paint.
        self.reflow(event.size().width(), event.size().height())
        super().resizeEvent(event)
