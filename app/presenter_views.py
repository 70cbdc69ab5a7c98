"""The lab views while presenting: built again at the presenter's scale, and trimmed to the
figure, the entry grid and the playback row."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSizePolicy, QStackedWidget, QTabBar, QWidget

from app.labs import LABS, lab_spec
from views.common.playback_bar import PlaybackBar

__all__ = ["rebuild_views", "trim_views"]


def rebuild_views(window) -> None:
    """Build the shown lab view of ``window`` again (at the style's scale now), from the
    same model and with the same view state, in the old one's place; the hidden ones are
    closed and built again when next shown, with their view state (nine labs rebuilt at
    once took seconds). Models and undo stacks are not touched."""
    for lab_id, old in list(window.views.items()):
        if lab_id != window.spec.id:
            window.kept_view_states[lab_id] = old.view_state.state
            del window.views[lab_id]
            _drop(window, old)
            continue
        new = window._make_view(lab_spec(lab_id))
        _replace(window, old, new)
        window.views[lab_id] = new
        new.set_parked(False)
        new.setVisible(True)
    if window.secondary is not None:
        spec = next(s for s in LABS if s.view_class() is type(window.secondary))
        new = window._make_view(spec)
        _replace(window, window.secondary, new)
        window.secondary = new
        new.show()
    window._rebuild_toggles()  # the View → Show entries act on the new views


def trim_views(window, done: list) -> None:
    """Hide each view's side panels but the figure, the entry grid and the playback row;
    views in ``done`` are skipped, and the trimmed ones are added to it."""
    for view in [*window.views.values(), window.secondary]:
        if view is None or view in done:
            continue
        done.append(view)
        keep = [view.canvas(), getattr(view, "editor", None), *view.findChildren(PlaybackBar)]
        _hide_all_but(view, [k for k in keep if k is not None])


def _replace(window, old, new) -> None:
    new.view_state.apply(old.view_state.state)
    at = window.splitter.indexOf(old)
    if at >= 0:
        window.splitter.replaceWidget(at, new)
    _drop(window, old)


def _drop(window, old) -> None:
    old.close()  # a view stops its running work when it closes
    old.hide()
    old.setParent(None)
    old.deleteLater()


def _hide_all_but(widget: QWidget, keep: list) -> None:
    """Hide what ``widget`` holds except the widgets ``keep`` and the containers they sit
    in, however deep (a scrolling column inside a tab inside a row)."""
    if isinstance(widget, QStackedWidget):  # show the page that holds what is kept
        widget.setCurrentWidget(next(p for p in map(widget.widget, range(widget.count()))
                                     if any(p is k or p.isAncestorOf(k) for k in keep)))
    for child in widget.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
        if child.isWindow() or child.isHidden() or any(child is k for k in keep):
            continue
        if any(child.isAncestorOf(k) for k in keep):
            _hide_all_but(child, keep)
        elif isinstance(widget, QStackedWidget):
            # A folded panel (a tab page): out of sight and out of the width it asks for.
            child.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        elif isinstance(child, QTabBar) or not child.objectName().startswith("qt_"):
            # Qt's own parts of a container (a scroll area's bars, a tab bar) stay as they are.
            child.hide()
