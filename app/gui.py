"""Start the window: ``linscope [SCENE.json] [--lab LAB] [--preset NAME]`` and
``linscope present DECK.json``."""

from __future__ import annotations

import sys

__all__ = ["make_window", "run_gui"]


def make_window(scene: str | None = None, lab: str | None = None, preset: str | None = None,
                deck: str | None = None, present: bool = False, interactive: bool = True,
                theme: str | None = None, colorblind: bool | None = None):
    """The main window as the command line asks for it (not yet shown).

    Parameters
    ----------
    scene : str, optional
        A scene file to open.
    lab : str, optional
        The lab to show first (a lab id, checked by the caller).
    preset : str, optional
        A preset to apply (it shows its own lab).
    deck : str, optional
        A deck file to open; its first slide is shown.
    present : bool
        Enter presenter mode when the window has one.
    interactive : bool
        See :class:`app.main_window.MainWindow`.
    theme, colorblind : optional
        The theme to draw in and its colour-blind-safe variant (None: as remembered).
    """
    from app.main_window import MainWindow
    from views.common.style import theme as window_theme

    window = MainWindow(interactive=interactive)
    if theme is not None or colorblind is not None:
        window.use_theme(theme or window_theme().name, colorblind)
    window.offer_recovery()  # before a scene opens, so nothing unsaved is ever lost
    if lab is not None:
        window.switch_lab(lab)
    if preset is not None:
        window.apply_preset(preset)
    if scene is not None:
        window.open_scene(scene, confirm=True)  # recovered work of its lab: ask first
    if deck is not None:
        window.deck.open(deck)
    if present:
        presenter = getattr(window, "presenter", None)
        if presenter is not None:
            presenter.enter()
    return window


def run_gui(scene: str | None = None, lab: str | None = None, preset: str | None = None,
            deck: str | None = None, present: bool = False, theme: str | None = None,
            colorblind: bool | None = None) -> int:
    """Run the linscope window until it closes (see :func:`make_window`)."""
    from PySide6.QtWidgets import QApplication

    from views.common.style import configure_pyqtgraph

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("linscope")
    app.setOrganizationName("linscope")
    configure_pyqtgraph()
    window = make_window(scene, lab, preset, deck, present, theme=theme, colorblind=colorblind)
    if not window.isVisible():  # presenter mode may already have shown it full screen
        window.show()
    window.raise_()
    window.activateWindow()
    return app.exec()
