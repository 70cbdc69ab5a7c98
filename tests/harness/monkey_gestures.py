"""The monkey's gestures on the widgets of the labs on screen: typing into matrix cells and
lines, dragging handles, clicking and wheeling on canvases, sliders, spin boxes, check
boxes, buttons and lists.

Each planner looks at the window as it is now, draws its choices from the run's seeded
``random.Random`` (``ctx.rng``) and returns the :class:`Step` list that carries the action
out, or None when the action does not apply (no handle on screen, say). The label of a
step says exactly what was done, so a failure names its action.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSlider,
    QSpinBox,
    QTableWidget,
)

from tests.harness import gestures, inputs

__all__ = ["Step", "lab_of", "plan_button", "plan_canvas_mouse", "plan_check", "plan_combo",
           "plan_drag", "plan_radio", "plan_slider", "plan_spin", "plan_type_entry",
           "plan_type_line", "visible_views"]


@dataclass(frozen=True)
class Step:
    """One timed call of an action."""

    label: str
    run: Callable[[], object]


# -- what is on screen ---------------------------------------------------------------------
def visible_views(window) -> list:
    """The lab views on screen: the current one and the side-by-side one, if any."""
    views = [window.view, getattr(window, "secondary", None)]
    return [v for v in views if v is not None and v.isVisible()]


def _widgets(ctx, kind) -> list:
    out = []
    for view in visible_views(ctx.window):
        out += [w for w in view.findChildren(kind) if w.isVisible() and w.isEnabled()]
    return out


def _name(w) -> str:
    text = w.text() if hasattr(w, "text") and callable(w.text) else ""
    tip = w.toolTip().split("\n")[0][:40] if hasattr(w, "toolTip") else ""
    return f"{type(w).__name__}({text or tip!r})"


def lab_of(ctx) -> str:
    """The id of the lab on screen (for labels)."""
    return ctx.window.spec.id


# -- typing --------------------------------------------------------------------------------
def plan_type_entry(ctx) -> list[Step] | None:
    """Type a good, bad or odd entry into a cell of a matrix editor on screen."""
    from views.common.matrix_editor import MatrixEditor

    editors = _widgets(ctx, MatrixEditor)
    if not editors:
        return None
    ed = ctx.rng.choice(editors)
    m, n = ed.shape()
    i, j = ctx.rng.randrange(m), ctx.rng.randrange(n)
    text = inputs.entry_text(ctx.rng)
    return [Step(f"type {text!r} into {lab_of(ctx)} {ed.title.text()} cell ({i},{j})",
                 lambda: gestures.type_in_cell(ed, i, j, text))]


def _line_pool(view, line):
    owners = (("small_controls", "sentence", inputs.SENTENCES),
              ("softmax", "logits", inputs.LOGITS), (None, "p_edit", inputs.P_TEXTS))
    for owner, attr, pool in owners:
        holder = getattr(view, owner, None) if owner else view
        if holder is not None and getattr(holder, attr, None) is line:
            return pool
    return inputs.ENTRY_GOOD + inputs.ENTRY_BAD


def plan_type_line(ctx) -> list[Step] | None:
    """Type into a line edit on screen (a sentence, logits, p) and press Enter."""
    lines = []
    for view in visible_views(ctx.window):
        for w in view.findChildren(QLineEdit):
            # Spin boxes and table cells have their own line edits: other actions own them.
            if isinstance(w.parent(), QAbstractSpinBox) or _inside(w, QTableWidget):
                continue
            if w.isVisible() and w.isEnabled() and not w.isReadOnly():
                lines.append((view, w))
    if not lines:
        return None
    view, line = ctx.rng.choice(lines)
    text = inputs.line_text(ctx.rng, _line_pool(view, line))
    return [Step(f"type {text[:60]!r} into {lab_of(ctx)} {_name(line)}",
                 lambda: gestures.type_in_line(line, text))]


def _inside(w, kind) -> bool:
    p = w.parent()
    while p is not None:
        if isinstance(p, kind):
            return True
        p = p.parent()
    return False


# -- pointer -------------------------------------------------------------------------------
def plan_drag(ctx) -> list[Step] | None:
    """Drag a handle on a canvas, with the mouse or through its drag entry points."""
    found = [(v.canvas(), h) for v in visible_views(ctx.window)
             for h in gestures.handles_of(v.canvas())]
    if not found:
        return None
    canvas, handle = ctx.rng.choice(found)
    rng = ctx.rng
    reach = 2000 if rng.random() < 0.1 else 250  # now and then far off the canvas
    moves = [(rng.randint(-reach, reach), rng.randint(-reach, reach))
             for _ in range(rng.randint(1, 8))]
    mouse, fine = rng.random() < 0.5, rng.random() < 0.2
    how = "mouse" if mouse else "entry points"
    return [Step(f"drag {lab_of(ctx)} handle {found.index((canvas, handle))} by {moves} "
                 f"({how}{', shift' if fine else ''})",
                 lambda: gestures.drag_handle(canvas, handle, moves, mouse, fine))]


def plan_canvas_mouse(ctx) -> list[Step] | None:
    """Click, double-click, drag, wheel or hover somewhere on a canvas."""
    views = visible_views(ctx.window)
    if not views:
        return None
    canvas = ctx.rng.choice(views).canvas()
    port = canvas.viewport() if hasattr(canvas, "viewport") else canvas
    w, h = max(port.width(), 2), max(port.height(), 2)
    rng = ctx.rng
    x, y = rng.randrange(w), rng.randrange(h)
    kind = rng.choice(("click", "double", "drag", "wheel", "hover"))
    if kind == "click":
        run = lambda: gestures.click_at(port, x, y)  # noqa: E731
    elif kind == "double":
        run = lambda: gestures.click_at(port, x, y, double=True)  # noqa: E731
    elif kind == "drag":
        end = (rng.randrange(w), rng.randrange(h))
        run = lambda: gestures.drag_on(port, (x, y), end)  # noqa: E731
        kind += f" to {end}"
    elif kind == "wheel":
        clicks = rng.choice((-5, -2, -1, 1, 2, 5))
        run = lambda: gestures.wheel_at(port, x, y, clicks)  # noqa: E731
        kind += f" {clicks:+d}"
    else:
        run = lambda: QTest.mouseMove(port, QPoint(x, y))  # noqa: E731
    return [Step(f"{kind} on {lab_of(ctx)} canvas at ({x},{y})", run)]


def plan_slider(ctx) -> list[Step] | None:
    """Drag a slider on screen through a few values, or step it with a key."""
    sliders = _widgets(ctx, QSlider)
    if not sliders:
        return None
    s = ctx.rng.choice(sliders)
    lo, hi = s.minimum(), s.maximum()
    values = [ctx.rng.randint(lo, hi) for _ in range(ctx.rng.randint(1, 6))]
    if ctx.rng.random() < 0.3:
        key = ctx.rng.choice((Qt.Key.Key_Right, Qt.Key.Key_Left, Qt.Key.Key_PageUp,
                              Qt.Key.Key_End, Qt.Key.Key_Home))
        return [Step(f"key {key.name} on {lab_of(ctx)} slider {_name(s)}",
                     lambda: QTest.keyClick(s, key))]
    return [Step(f"slide {lab_of(ctx)} {_name(s)} through {values}",
                 lambda: gestures.drag_slider(s, values))]


# -- controls ------------------------------------------------------------------------------
def _spin_value(rng, spin: QSpinBox) -> int:
    lo, hi = spin.minimum(), spin.maximum()
    # Sizes far above a few thousand would have every later action wait on huge arrays;
    # the largest ones are still reached now and then (and usually cancelled soon after).
    cap = hi if hi <= 4096 or rng.random() < 0.03 else min(hi, 4096)
    return rng.choice((lo, min(lo + 1, hi), cap, rng.randint(lo, cap), rng.randint(lo, cap)))


def plan_spin(ctx) -> list[Step] | None:
    """Set a spin box (sizes capped now and then) or type into it."""
    spins = _widgets(ctx, QSpinBox)
    if not spins:
        return None
    s = ctx.rng.choice(spins)
    if ctx.rng.random() < 0.25:
        text = ctx.rng.choice(("99999999", "-5", "abc", "", "12", "1e3", "٣"))
        return [Step(f"type {text!r} into {lab_of(ctx)} {_name(s)}",
                     lambda: gestures.type_in_line(s.lineEdit(), text))]
    v = _spin_value(ctx.rng, s)
    return [Step(f"set {lab_of(ctx)} {_name(s)} to {v}", lambda: s.setValue(v))]


def _clicker(ctx, kind, verb: str) -> list[Step] | None:
    widgets = _widgets(ctx, kind)
    if kind is QPushButton:
        # Buttons ending in "…" open a file dialog, which would wait for a person forever.
        widgets = [w for w in widgets if not w.text().endswith("…")]
    if not widgets:
        return None
    w = ctx.rng.choice(widgets)
    return [Step(f"{verb} {lab_of(ctx)} {_name(w)}", w.click)]


def plan_check(ctx):
    """Toggle a check box on screen."""
    return _clicker(ctx, QCheckBox, "toggle")


def plan_button(ctx):
    """Press a button on screen (not one that opens a file dialog)."""
    return _clicker(ctx, QPushButton, "press")


def plan_radio(ctx):
    """Choose a radio button on screen."""
    return _clicker(ctx, QRadioButton, "choose")


def plan_combo(ctx) -> list[Step] | None:
    """Pick an item of a combo box on screen."""
    boxes = [b for b in _widgets(ctx, QComboBox) if b.count() > 0]
    if not boxes:
        return None
    b = ctx.rng.choice(boxes)
    k = ctx.rng.randrange(b.count())
    return [Step(f"pick {b.itemText(k)!r} in {lab_of(ctx)} {_name(b)}",
                 lambda: b.setCurrentIndex(k))]
