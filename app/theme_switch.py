"""View → Theme: paper, lecture or dark, and colour-blind-safe colours, for the window.

Views read their colours when they build their items, so a switch builds every lab view
again in place (the presenter's path: same model, undo stack and view state). The choice is
remembered in the settings, like the presenter's scale.
"""

from __future__ import annotations

import os

from PySide6.QtWidgets import QApplication

from views.common import style
from views.common.themes import THEMES

__all__ = ["ThemeMixin", "apply_app_palette"]

_THEME_KEY = "view/theme"
_COLORBLIND_KEY = "view/colorblind"
_platform_palette = None  # the application's palette before a dark theme replaced it


def _settings():
    # Tests and scripted runs set LINSCOPE_NO_SETTINGS: nothing read from or left on disk.
    if os.environ.get("LINSCOPE_NO_SETTINGS"):
        return None
    from PySide6.QtCore import QSettings

    return QSettings("linscope", "linscope")


def apply_app_palette() -> None:
    """Give the window's own widgets (editors, panels, menus) the current theme's palette:
    light text on dark fields in a dark theme, the platform's palette otherwise."""
    global _platform_palette
    app = QApplication.instance()
    if app is None:
        return
    pal = style.qt_palette()
    if pal is not None:
        if _platform_palette is None:
            _platform_palette = app.palette()
        app.setPalette(pal)
    elif _platform_palette is not None:
        app.setPalette(_platform_palette)
        _platform_palette = None
    else:
        return
    # A widget with its own style sheet (the presets list) keeps the palette it was polished
    # with; setting its sheet again polishes it with the new one.
    for widget in app.allWidgets():
        sheet = widget.styleSheet()
        if sheet:
            widget.setStyleSheet(sheet)


class ThemeMixin:
    """The main window's theme commands (see :mod:`app.actions`: ``view.theme.*``)."""

    def restore_theme(self) -> None:
        """Take the theme remembered in the settings (before any view is built)."""
        s = _settings()
        if s is None:
            return
        name = str(s.value(_THEME_KEY, "paper"))
        colorblind = str(s.value(_COLORBLIND_KEY, "false")).lower() in ("true", "1")
        if name not in THEMES:
            name = "paper"
        style.set_theme(name, colorblind)
        apply_app_palette()

    def use_theme(self, name: str, colorblind: bool | None = None) -> None:
        """Draw every lab in theme ``name`` (colour-blind-safe when ``colorblind``; None:
        as now) from now on, rebuilding the views in place; remembered for the next start.

        Raises
        ------
        ValueError
            For a name that is not a theme.
        """
        now = style.theme()
        colorblind = now.colorblind if colorblind is None else bool(colorblind)
        if name not in THEMES:
            raise ValueError(f"no theme {name!r}: use one of {', '.join(THEMES)}")
        if (name, colorblind) != (now.name, now.colorblind):
            style.set_theme(name, colorblind)
            style.configure_pyqtgraph()
            apply_app_palette()
            self.presenter._rebuild_views()  # trimmed again while presenting
            s = _settings()
            if s is not None:
                s.setValue(_THEME_KEY, name)
                s.setValue(_COLORBLIND_KEY, colorblind)
        self.sync_theme_actions()

    def use_paper_theme(self) -> None:
        """Paper: white background, print-safe colours."""
        self.use_theme("paper")

    def use_lecture_theme(self) -> None:
        """Lecture: high contrast and thick lines for a projector."""
        self.use_theme("lecture")

    def use_dark_theme(self) -> None:
        """Dark: light lines and text on a dark background."""
        self.use_theme("dark")

    def toggle_colorblind(self) -> None:
        """Colour-blind-safe colours on or off, in the current theme."""
        act = self.actions.get("view.colorblind")
        on = act.isChecked() if act is not None else not style.theme().colorblind
        self.use_theme(style.theme().name, on)

    def sync_theme_actions(self) -> None:
        """Check the menu entries of the theme in use."""
        t = style.theme()
        for name in THEMES:
            act = self.actions.get(f"view.theme.{name}")
            if act is not None:
                act.setChecked(name == t.name)
        act = self.actions.get("view.colorblind")
        if act is not None:
            act.setChecked(t.colorblind)
