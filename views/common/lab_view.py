"""The base every lab view derives from: how a view talks to the app.

A view draws what its model holds and turns gestures into *intents*: it never
changes the model itself. The app turns each intent into an undo command.
:class:`LabView` spells out the contract between a lab's view and the app.
"""

from __future__ import annotations

import functools
from abc import abstractmethod

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from models.core.view_state import ViewState
from views.common.matrix_editor import MatrixEditor, cell_name
from views.common.reflow import ReflowRow, scrolling_column
from views.common.style import PALETTE, ui_font

__all__ = ["LabView", "Toggle"]


class Toggle(tuple):
    """``(key, label, default)`` of one on/off view option; the app builds menus from these."""

    __slots__ = ()

    def __new__(cls, key: str, label: str, default: bool = True):
        return super().__new__(cls, (key, label, default))

    key = property(lambda self: self[0])
    label = property(lambda self: self[1])
    default = property(lambda self: self[2])


class LabView(QWidget):
    """Base class of lab views, and the whole contract between a lab's view and the app.

    What a lab view provides; the app and the shared code rely on nothing else:

    - :meth:`canvas` (abstract): the figure that export renders;
    - :meth:`refit` (default: nothing): fit the figure to its content again, once the
      canvas is laid out at a new size (headless rendering calls it before exporting);
    - :meth:`left_out` (default: none): the parts of the figure hidden because the canvas
      is too small for them, named for a person;
    - :meth:`refuse` (default: see there): the app refused an intent; show why;
    - :attr:`editor` (default None): the grid of the model's entries ``model.state.texts``,
      where the lab has one; the default :meth:`refuse` puts a refused entry back there;
    - :attr:`TOGGLES` and :meth:`_apply_options` (default: nothing): on/off options, and
      how the view shows a change of them;
    - :attr:`VIEW_STATE` and :meth:`_show_presentation` (default: nothing): the class of
      :attr:`view_state`, the view's own presentation state (toggles, time, camera…), and
      how the view shows a change of its other fields;
    - the signals below.

    A class that leaves an abstract method undefined cannot be constructed (TypeError):
    Qt's metaclass ignores :mod:`abc`, so ``__init__`` checks.

    Signals
    -------
    intent(str, dict, object)
        An edit the person asked for: undo text, keyword changes for the model's
        ``prepare``, and a merge key (edits with the same non-None key merge into one
        undo step, e.g. one drag).
    status(str)
        A message for the status bar.
    options_changed()
        A view option (toggle) changed.
    show_in_lab(str, dict, str)
        Show the same thing in another lab's picture: that lab's id, its scene ``model``
        object, and the undo text (the window switches to it as one undoable step).
    """

    intent = Signal(str, dict, object)
    status = Signal(str)
    options_changed = Signal()
    show_in_lab = Signal(str, dict, str)

    #: On/off options of this view, in menu order.
    TOGGLES: tuple[Toggle, ...] = ()
    #: The class of :attr:`view_state` (the same as the lab's ``LabSpec.view_state``).
    VIEW_STATE: type[ViewState] = ViewState
    #: The grid of the model's entries (``model.state.texts``), or None where the lab has
    #: none; a view that has one sets it in its constructor.
    editor: MatrixEditor | None = None

    def __init__(self, model, parent: QWidget | None = None) -> None:
        missing = _abstract_methods(type(self))
        if missing:
            raise TypeError(f"{type(self).__name__} does not implement {', '.join(missing)}")
        super().__init__(parent)
        self.model = model
        self.redraw_count = 0  # counts redraws triggered by model changes, for tests
        #: What this view shows that the maths does not need, saved in scenes; each view has
        #: its own (side by side, two views of one model keep their own time and camera).
        self.view_state = self.VIEW_STATE({t.key: t.default for t in self.TOGGLES})
        self._presented = self.view_state.state  # what the widgets show
        # The one connection to the view state: it is the view's own, and goes with it.
        self.view_state.changed.connect(self._on_view_state_changed)
        self._boxes: dict[str, QCheckBox] = {}  # the "Show" check boxes, by toggle key
        self._parked = False  # hidden by the window: model changes wait until shown again
        self._stale = False
        self._on_model = None

    # -- the one connection to the model ----------------------------------------------------
    def _connect_model(self, slot) -> None:
        """Connect ``slot(model)`` to the model's ``changed`` signal, once per view.

        The connection ends when the widget is destroyed (a closed side-by-side view must
        not be called back), and while the view is parked (:meth:`set_parked`) changes only
        mark it stale, so hidden labs sharing a model cost nothing per edit.
        """
        self._on_model = slot
        self.model.changed.connect(self._relay_model_change)
        self.destroyed.connect(lambda *_, m=self.model, f=self._relay_model_change:
                               m.changed.disconnect(f, missing_ok=True))

    def _relay_model_change(self, model) -> None:
        if self._parked:
            self._stale = True
            return
        self._on_model(model)

    def set_parked(self, parked: bool) -> None:
        """The window hides (True) or shows again (False) this view; catch up when shown."""
        self._parked = bool(parked)
        if not parked and self._stale and self._on_model is not None:
            self._stale = False
            self._on_model(self.model)

    # -- figure ----------------------------------------------------------------------------
    @abstractmethod
    def canvas(self):
        """The figure that export renders.

        Returns
        -------
        pg.GraphicsView
            A pyqtgraph view (a PlotWidget, a GraphicsLayoutWidget…) of this view's figure.
        """

    def refit(self) -> None:
        """Fit the figure's view range to its content again (after a pan, a zoom or a new
        size); by default there is nothing to fit."""

    def left_out(self) -> list[str]:
        """What the figure leaves out because its canvas is too small, as phrases a person
        reads ("the V heatmap", "the per-head panel"); [] when everything is shown.

        Called once the canvas is laid out at its size (``linscope render`` prints them).
        """
        return []

    # -- presentation state ------------------------------------------------------------------
    def _on_view_state_changed(self, view_state) -> None:
        """The view state changed: show what changed (toggles, then the other fields)."""
        old, new = self._presented, view_state.state
        self._presented = new
        if new.toggles != old.toggles:
            self._apply_options()
            self.options_changed.emit()
        if any(getattr(new, name) != getattr(old, name) for name in view_state.FIELDS):
            self._show_presentation(old)

    def _show_presentation(self, old) -> None:
        """Show the view state's fields (time, stage, camera) after one changed from ``old``
        (the previous :attr:`ViewState.state`); the toggles are :meth:`_apply_options`'.

        By default the view redraws as for a model change (one counted redraw; a parked view
        catches up when shown), drawing the model at the view state's time and camera.
        """
        self._relay_model_change(self.model)

    # -- options (thin wrappers over the view state's toggles) -------------------------------
    def option(self, key: str) -> bool:
        """Current value of the toggle ``key``."""
        return self.view_state.option(key)

    def set_option(self, key: str, on: bool) -> None:
        """Switch one toggle (``KeyError`` for an unknown key); the view shows it at once."""
        self.view_state.set_toggle(key, on)

    def view_options(self) -> dict:
        """Every toggle, by key."""
        return dict(self.view_state.state.toggles)

    def set_view_options(self, options: dict) -> None:
        """Switch toggles; unknown keys are ignored, values must be booleans (ValueError)."""
        known = {k: v for k, v in options.items() if k in self.view_state.state.toggles}
        self.view_state.update(toggles=known)

    def _apply_options(self) -> None:
        """Show or hide items after an option changed."""

    def _sync_toggle_boxes(self) -> None:
        """Tick the "Show" boxes as the options say, without their signals (no echo)."""
        toggles = self.view_state.state.toggles
        for key, box in self._boxes.items():
            on = toggles[key]
            if box.isChecked() != on:
                blocked = box.blockSignals(True)
                box.setChecked(on)
                box.blockSignals(blocked)

    def _sync_layers(self, canvas, keys=None) -> None:
        """Show the canvas layers named ``keys`` (default: every option) as the options say."""
        toggles = self.view_state.state.toggles
        for key in toggles if keys is None else keys:
            on = toggles[key]
            if canvas.layer_visible(key) != on:
                canvas.set_layer_visible(key, on)

    # -- side-panel pieces every lab builds the same way ---------------------------------------
    @staticmethod
    def _side_column() -> QVBoxLayout:
        """The left column's layout (entries, options, hints), with the labs' margins."""
        left = QVBoxLayout()
        left.setContentsMargins(8, 8, 4, 8)
        return left

    def _lay_out_row(self, left, canvas: QWidget, under: QWidget | None = None,
                     right: QWidget | None = None) -> None:
        """Lay the view out as ``left`` | ``canvas`` (``under`` below it) | ``right``.

        The row re-flows by its width (see :class:`~views.common.reflow.ReflowRow`): the
        left column scrolls when it is taller than the window, and ``right`` folds into a
        tab beside it when it would squeeze the figure.
        """
        panel = QWidget(self)
        panel.setLayout(left)
        centre = canvas
        if under is not None:
            centre = QWidget(self)
            column = QVBoxLayout(centre)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(canvas, 1)
            column.addWidget(under)
        self.reflow_row = ReflowRow(scrolling_column(panel), centre, right, self)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.reflow_row)

    def _build_toggle_box(self, font_size: int = 12) -> QGroupBox:
        """The "Show" group: one check box per toggle, kept in step with the options."""
        show = QGroupBox("Show", self)
        show.setFont(ui_font(font_size))
        layout = QVBoxLayout(show)
        for t in self.TOGGLES:
            box = QCheckBox(t.label, show)
            box.setChecked(self.option(t.key))
            box.toggled.connect(lambda on, key=t.key: self.set_option(key, on))
            layout.addWidget(box)
            self._boxes[t.key] = box
        return show

    def _hint(self, text: str, font_size: int = 11) -> QLabel:
        """A small grey line of help for the side panel."""
        hint = QLabel(text, self)
        hint.setWordWrap(True)  # a narrow column wraps it rather than widening
        hint.setFont(ui_font(font_size))
        hint.setStyleSheet(f"color: {PALETTE['muted']};")
        return hint

    # -- gestures → intents ------------------------------------------------------------------
    def _on_entry_edited(self, i: int, j: int, text: str) -> None:
        """A typed cell of ``editor`` (A's entries) becomes an "Edit aᵢⱼ" intent."""
        self.intent.emit(f"Edit a{i + 1}{j + 1}", {"entry": (i, j, text)}, None)

    # -- feedback from the app ---------------------------------------------------------------
    def refuse(self, changes: dict, message: str) -> None:
        """The app refused ``changes`` (the model's validation failed); show ``message``.

        A typed entry ``{"entry": (i, j, text)}`` of a view with an :attr:`editor` goes back
        to the model's text (see :meth:`_reset_editor`) with the message beside the grid;
        anything else becomes a status message.
        """
        if "entry" in changes and self.editor is not None:
            i, j, _ = changes["entry"]
            self._reset_editor()  # the old text stays
            self.editor.show_error(f"{cell_name(i, j)}: {message}")
        else:
            self.status.emit(message)

    def _reset_editor(self) -> None:
        """Put the model's entry texts back into ``editor`` after a refused edit."""
        self.editor.set_texts(self.model.state.texts)


@functools.cache
def _abstract_methods(cls: type) -> tuple[str, ...]:
    """The abstract methods ``cls`` leaves undefined (what :mod:`abc` would refuse)."""
    names = {name for klass in cls.__mro__ if issubclass(klass, LabView)
             for name, value in vars(klass).items()
             if getattr(value, "__isabstractmethod__", False)}
    return tuple(sorted(n for n in names
                        if getattr(getattr(cls, n), "__isabstractmethod__", False)))
