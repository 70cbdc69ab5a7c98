"""The main window: one lab at a time (optionally two views side by side), presets, undo,
scenes and figures. Menus, toolbar and palette come from :mod:`app.actions`."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabWidget,
)

from app.actions import ACTIONS, MENUS
from app.autosave import Autosaver
from app.copy_actions import CopyActionsMixin
from app.deck_controller import DeckController
from app.deck_menu import add_deck_menu
from app.dialogs import DialogsMixin
from app.documents import LabDocument
from app.labs import LABS, LabSpec, lab_spec
from app.presenter import Presenter
from app.recording.window import RecordingMixin
from app.scene_ops import SceneOpsMixin
from app.scenes import apply_scene, check_scene, preset_scene
from app.side_by_side import SideBySideMixin
from app.tasks import TaskRunner
from app.theme_switch import ThemeMixin
from app.undo import push_edit, push_state
from models.core.presets import load_presets
from views.common.preset_panel import PresetPanel

__all__ = ["MainWindow"]

#: The narrowest window that shows two views side by side; below it the second is a tab.


class MainWindow(ThemeMixin, SceneOpsMixin, DialogsMixin, RecordingMixin, CopyActionsMixin,
                 SideBySideMixin, QMainWindow):
    """The linscope window.

    Parameters
    ----------
    interactive : bool
        When False (tests, scripted use) errors go to :attr:`last_error` and the status
        bar instead of message boxes, closing never asks about unsaved changes, and a save
        that needs a file name records the lab in :attr:`name_requests` instead of asking.

    Each model (labs sharing one share it) is a :class:`~app.documents.LabDocument` with its
    own undo stack, file and saved state; the shown lab's stack is the undo group's active
    one, so Undo and Save act on the lab on screen and never on another.
    """

    def __init__(self, interactive: bool = True) -> None:
        super().__init__()
        self.interactive = interactive
        self.last_error: str | None = None
        self.name_requests: list[str] = []  # labs whose Save needed a name (scripted use)
        self.undo_group = QUndoGroup(self)
        self.documents: dict[str, LabDocument] = {}  # by share key
        self.task_runner = TaskRunner(self)  # heavy lab work runs here, off the GUI thread
        self.views: dict[str, object] = {}
        self.kept_view_states: dict[str, object] = {}  # of views dropped to rebuild lazily
        self.presets = load_presets()
        self.spec: LabSpec = LABS[0]
        self.secondary = None
        self._param_drag = 0
        self.restore_theme()  # before any view is built: views take their colours then
        self._fit_to_screen()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        # Side by side in a window narrower than SIDE_BY_SIDE_WIDTH: the second view is a tab.
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        self.pages.setTabBarAutoHide(True)
        self.pages.addTab(self.splitter, "")
        self.setCentralWidget(self.pages)
        self.preset_panel = PresetPanel()
        self.preset_panel.preset_chosen.connect(self.apply_preset)
        self.preset_panel.param_moved.connect(self._param_moved)
        self.preset_panel.slider.sliderReleased.connect(self._param_released)
        dock = QDockWidget("Presets", self)
        dock.setObjectName("presets")
        dock.setWidget(self.preset_panel)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        self.preset_dock = dock
        self.status_label = QLabel()
        self.statusBar().addPermanentWidget(self.status_label)
        self._build_actions()
        self.sync_theme_actions()
        self.follow_copy_actions()
        self.presenter = Presenter(self)  # View → Present (F5)
        self.deck = DeckController(self)  # the open deck of slides, if any
        add_deck_menu(self)
        self.autosaver = Autosaver(self.recovery_scenes, parent=self)
        self.switch_lab(self.spec.id)

    def _fit_to_screen(self) -> None:
        # Most of the screen: the labs are figures, and a projector's pixels are precious;
        # never more than the screen has (a window manager adds its frame around it).
        screen = QGuiApplication.primaryScreen()
        room = screen.availableGeometry() if screen is not None else None
        if room is None:
            self.resize(1280, 720)
            return
        small = room.width() <= 1440  # a projector: every pixel to the lab
        share = 1.0 if small else 0.96
        self.resize(min(1920, int(room.width() * share)),
                    min(1200, int(room.height() * (1.0 if small else 0.95)) - 28))

    # -- actions ---------------------------------------------------------------------------
    def _build_actions(self) -> None:
        self.actions: dict[str, QAction] = {}
        menus = {name: self.menuBar().addMenu(name) for name in MENUS}
        groups: dict[str, QActionGroup] = {}
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("main-toolbar")
        for spec in ACTIONS:
            act = QAction(spec.text, self)
            act.setShortcuts([QKeySequence(s) for s in spec.shortcuts])
            act.setStatusTip(spec.tip)
            act.setToolTip(spec.tip or spec.text.replace("&", "").rstrip("…"))
            act.setCheckable(spec.checkable)
            act.triggered.connect(getattr(self, spec.handler))
            if spec.step:
                self._follow_undo_group(act, spec.text, spec.step)
            if spec.group:
                groups.setdefault(spec.group, QActionGroup(self)).addAction(act)
            if spec.submenu and (spec.menu, spec.submenu) not in menus:
                menus[spec.menu].addSeparator()
                menus[spec.menu, spec.submenu] = menus[spec.menu].addMenu(spec.submenu)
            menus[(spec.menu, spec.submenu) if spec.submenu else spec.menu].addAction(act)
            if spec.toolbar:
                toolbar.addAction(act)
            self.addAction(act)
            self.actions[spec.id] = act
        toolbar.addSeparator()
        toolbar.addWidget(QLabel(" Lab: "))
        self.lab_box = QComboBox()
        self.lab_box.setToolTip(f"Which lab to show (Ctrl+1 … Ctrl+{min(len(LABS), 9)})")
        for lab in LABS:
            self.lab_box.addItem(lab.title, lab.id)
        self.lab_box.activated.connect(lambda i: self.switch_lab(self.lab_box.itemData(i)))
        toolbar.addWidget(self.lab_box)
        self.toggle_menu = menus["&View"].addMenu("Show")
        group = QActionGroup(self)
        for n, lab in enumerate(LABS, start=1):
            act = QAction(lab.title, self, checkable=True)
            if n <= 9:
                act.setShortcut(QKeySequence(f"Ctrl+{n}"))
            act.triggered.connect(lambda _=False, lab_id=lab.id: self.switch_lab(lab_id))
            group.addAction(act)
            menus["&Lab"].addAction(act)
            self.actions[f"lab.{lab.id}"] = act

    def _follow_undo_group(self, act: QAction, base: str, step: str) -> None:
        """Keep ``act`` (Undo or Redo) naming the active lab's next step, enabled only when
        there is one; the toolbar shows the short, steady ``base`` text."""
        group = self.undo_group
        text_changed, can_changed = ((group.undoTextChanged, group.canUndoChanged)
                                     if step == "undo" else
                                     (group.redoTextChanged, group.canRedoChanged))
        plain = base.replace("&", "")
        act.setIconText(plain)

        def name(text: str) -> None:
            act.setText(f"{base} {text.replace('&', '&&')}" if text else base)
            act.setToolTip(f"{plain} {text}" if text else plain)

        text_changed.connect(name)
        can_changed.connect(act.setEnabled)
        act.setEnabled(False)

    def undo(self) -> None:
        """Undo the last step of the lab on screen."""
        self.undo_group.undo()

    def redo(self) -> None:
        """Redo the next step of the lab on screen."""
        self.undo_group.redo()

    # -- labs ------------------------------------------------------------------------------
    def document(self, spec: LabSpec | None = None) -> LabDocument:
        """The document of ``spec``'s model (default: the lab on screen), made on first use."""
        spec = self.spec if spec is None else spec
        key = spec.share_key
        if key not in self.documents:
            doc = LabDocument(key, spec.model_class()(), spec.id, self.undo_group)
            doc.stack.indexChanged.connect(self._edited)
            self.documents[key] = doc
        return self.documents[key]

    def model_for(self, spec: LabSpec):
        """The window's model for ``spec`` (shared between labs with the same share key)."""
        return self.document(spec).model

    @property
    def models(self) -> dict[str, object]:
        """Every model made so far, by share key."""
        return {k: d.model for k, d in self.documents.items()}

    @property
    def undo_stack(self):
        """The undo stack of the lab on screen (and of the labs sharing its model)."""
        return self.document().stack

    @property
    def path(self) -> Path | None:
        """The file of the lab on screen: where Save writes, what the title names."""
        return self.document().path

    def _make_view(self, spec: LabSpec):
        doc = self.document(spec)
        view = spec.make_view(doc.model, self.task_runner)  # heavy work runs off the GUI thread
        view.intent.connect(lambda text, changes, key, v=view: self._on_intent(
            v, doc, text, changes, key))
        view.status.connect(lambda msg: self.statusBar().showMessage(msg, 6000))
        view.show_in_lab.connect(self.show_in_lab)
        # A toggle switched anywhere else (its check box, a preset, a scene) shows in the menu.
        view.options_changed.connect(lambda v=view: self._sync_toggle_menu(v))
        return view

    def view_for(self, lab_id: str):
        """The (cached) main view of lab ``lab_id``."""
        if lab_id not in self.views:
            view = self.views[lab_id] = self._make_view(lab_spec(lab_id))
            if lab_id in self.kept_view_states:  # dropped by a presenter rescale: as it was
                view.view_state.apply(self.kept_view_states.pop(lab_id))
            presenter = getattr(self, "presenter", None)  # None while the window is built
            if presenter is not None and presenter.active:
                presenter.trim_new_views()
        return self.views[lab_id]

    @property
    def view(self):
        """The view of the current lab."""
        return self.view_for(self.spec.id)

    def switch_lab(self, lab_id: str) -> None:
        """Show lab ``lab_id`` (its model is kept, so switching back loses nothing)."""
        self.spec = lab_spec(lab_id)
        doc = self.document()
        doc.lab_id = lab_id
        self.undo_group.setActiveStack(doc.stack)
        view = self.view_for(lab_id)
        for i in range(self.splitter.count()):
            other = self.splitter.widget(i)
            other.hide()
            other.set_parked(True)  # hidden labs skip redraws until shown again
        if self.splitter.indexOf(view) < 0:
            self.splitter.insertWidget(0, view)
        view.set_parked(False)
        view.show()
        if self.secondary is not None:
            self._close_secondary()
            self.actions["view.split"].setChecked(False)
        self.actions[f"lab.{lab_id}"].setChecked(True)
        self.lab_box.setCurrentIndex(self.lab_box.findData(lab_id))
        self.preset_panel.set_presets([p for p in self.presets if p.lab == lab_id])
        self._fit_splitter()
        self._rebuild_toggles()
        self._update_title()

    def _rebuild_toggles(self) -> None:
        self.toggle_menu.clear()
        view = self.view
        for t in view.TOGGLES:
            act = self.toggle_menu.addAction(t.label)
            act.setCheckable(True)
            act.setChecked(view.option(t.key))
            act.toggled.connect(lambda on, key=t.key, v=view: v.set_option(key, on))

    def _sync_toggle_menu(self, view) -> None:
        """Tick View → Show as ``view``'s toggles say, when it is the lab on screen (without
        the entries' signals: no echo)."""
        if view is not self.views.get(self.spec.id):
            return
        for act, t in zip(self.toggle_menu.actions(), view.TOGGLES, strict=False):
            on = view.option(t.key)
            if act.isChecked() != on:
                blocked = act.blockSignals(True)
                act.setChecked(on)
                act.blockSignals(blocked)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._place_secondary()  # once per size change

    # -- edits -----------------------------------------------------------------------------
    def _on_intent(self, view, doc: LabDocument, text: str, changes: dict, merge_key) -> None:
        message = push_edit(doc.stack, doc.model, text, changes, merge_key)
        if message is not None:
            view.refuse(changes, message)
            self.statusBar().showMessage(message, 6000)

    def apply_preset(self, name: str, value=None, merge_key=None) -> None:
        """Apply preset ``name`` (with its parameter at ``value``) as one undoable edit."""
        preset = next(p for p in self.presets if p.name == name)
        if preset.lab != self.spec.id:
            self.switch_lab(preset.lab)
        checked = check_scene(preset_scene(preset, value))
        doc = self.document(checked.spec)
        apply_scene(checked, doc.model, self.view, set_state=lambda state: push_state(
            doc.stack, doc.model, f"Preset {name}", state, merge_key))
        self.statusBar().showMessage(preset.description, 8000)

    def _param_moved(self, name: str, value: float) -> None:
        # One slider drag merges into one undo step.
        self.apply_preset(name, value, merge_key=("preset-param", name, self._param_drag))

    def _param_released(self) -> None:
        self._param_drag += 1

    def new_scene(self) -> None:
        """Reset the current lab's model to its default state (undoable)."""
        doc = self.document()
        fresh = type(doc.model)()
        push_state(doc.stack, doc.model, "New scene", fresh.state)

    def _update_title(self, *_args) -> None:
        doc = self.document()
        name = doc.path.name if doc.path else "untitled"
        dirty = " •" if doc.dirty else ""
        others = self.dirty_titles(exclude=doc)
        elsewhere = f" (• unsaved: {', '.join(others)})" if others else ""
        self.setWindowTitle(f"{name}{dirty} — {self.spec.title}{elsewhere} — linscope")

    def report_error(self, title: str, message: str) -> str:
        """Tell the person what went wrong (message box, or status bar when scripted)."""
        self.last_error = message
        self.statusBar().showMessage(message, 10000)
        if self.interactive:
            QMessageBox.warning(self, title, message)
        return message

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self.interactive and self.deck.dirty and not self.deck.close():
            event.ignore()  # slides added, removed or moved: the deck asked, and was kept
            return
        if self.interactive and self.is_dirty() and not self.confirm_discard():
            event.ignore()
            return
        self.autosaver.discard()
        self.task_runner.shutdown()
        for view in list(self.views.values()) + [self.secondary]:
            if view is not None:
                view.close()
        super().closeEvent(event)
