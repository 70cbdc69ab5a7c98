"""Start the window: ``linscope [SCENE.json]``."""

from __future__ import annotations

import sys

__all__ = ["run_gui"]


def run_gui(scene: str | None = None) -> int:
    """Run the linscope window until it closes; opens ``scene`` when given."""
    from PySide6.QtWidgets import QApplication

    from app.main_window import MainWindow
    from views.common.style import configure_pyqtgraph

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("linscope")
    app.setOrganizationName("linscope")
    configure_pyqtgraph()
    window = MainWindow()
    window.offer_recovery()  # before a scene opens, so nothing unsaved is ever lost
    if scene is not None:
        window.open_scene(scene, confirm=True)  # recovered work of its lab: ask first
    window.show()
    window.raise_()
    window.activateWindow()
    return app.exec()
