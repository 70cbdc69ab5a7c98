"""Side by side: a second view of the same model beside the lab on screen (View → Side by
side), or in a tab of its own when the window is too narrow for both."""

from __future__ import annotations

from app.labs import LABS

__all__ = ["SideBySideMixin", "SIDE_BY_SIDE_WIDTH"]

#: The narrowest window that shows two views beside each other.
SIDE_BY_SIDE_WIDTH = 1600


class SideBySideMixin:
    """The main window's second view: shown, placed and closed."""

    def toggle_split(self) -> None:
        """Show or hide a second view of the same model beside the current one."""
        if self.secondary is not None:
            self._close_secondary()
            self.actions["view.split"].setChecked(False)
            return
        partners = [s for s in LABS if s.share_key == self.spec.share_key and s.id != self.spec.id]
        spec = partners[0] if partners else self.spec
        self.secondary = self._make_view(spec)
        self._secondary_title = spec.title
        self._fit_splitter()
        self._place_secondary()
        if self.pages.indexOf(self.secondary) > 0:
            self.pages.setCurrentWidget(self.secondary)  # asked for: show it at once
        self.actions["view.split"].setChecked(True)

    def _place_secondary(self) -> None:
        """Put the second view beside the first when the window is wide enough for both
        (:data:`SIDE_BY_SIDE_WIDTH`), in a tab of its own otherwise."""
        second = self.secondary
        if second is None:
            return
        wide = self.width() >= SIDE_BY_SIDE_WIDTH
        if (self.splitter if wide else self.pages).indexOf(second) >= 0:
            return
        if wide:
            self.pages.removeTab(self.pages.indexOf(second))
            self.splitter.addWidget(second)
            second.show()  # a tab page that was not current is hidden
        else:
            self.pages.addTab(second, self._secondary_title)
        self.pages.setTabText(0, self.spec.title)

    def _fit_splitter(self) -> None:
        """The window may narrow to what the lab on screen needs: a second view beside it
        moves into a tab before it would be squeezed."""
        need = self.view.minimumSizeHint().width()
        if self.splitter.minimumWidth() != need:
            self.splitter.setMinimumWidth(need)

    def _close_secondary(self) -> None:
        index = self.pages.indexOf(self.secondary)
        if index > 0:
            self.pages.removeTab(index)
        self.secondary.close()  # a view stops its running work when it closes
        self.secondary.hide()
        self.secondary.setParent(None)
        self.secondary.deleteLater()
        self.secondary = None
