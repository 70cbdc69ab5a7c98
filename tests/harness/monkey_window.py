"""The monkey's window-level actions: undo and redo, side by side, lab switches, View >
Show toggles, window sizes, full screen, waiting, a new scene, presets and their slider,
and the attention lab's long-context mode with Cancel (closing a side-by-side view while
it computes, now and then). Planners work as in :mod:`tests.harness.monkey_gestures`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.harness import gestures, inputs
from tests.harness.monkey_gestures import Step, lab_of

__all__ = ["plan_fullscreen", "plan_lab", "plan_large_cancel", "plan_new", "plan_preset",
           "plan_preset_param", "plan_redo", "plan_resize", "plan_shortcut", "plan_show_toggle",
           "plan_split", "plan_undo", "plan_wait"]


# -- window --------------------------------------------------------------------------------
def _trigger(ctx, action_id: str, label: str) -> list[Step] | None:
    act = ctx.window.actions.get(action_id)
    if act is None:
        return None
    return [Step(label, act.trigger)]


def plan_undo(ctx):
    """Edit > Undo."""
    return _trigger(ctx, "edit.undo", f"undo in {lab_of(ctx)}")


def plan_redo(ctx):
    """Edit > Redo."""
    return _trigger(ctx, "edit.redo", f"redo in {lab_of(ctx)}")


def plan_split(ctx):
    """View > Side by side, on or off."""
    return _trigger(ctx, "view.split", f"side by side on/off in {lab_of(ctx)}")


def plan_new(ctx):
    """File > New scene."""
    return _trigger(ctx, "file.new", f"new scene in {lab_of(ctx)}")


def plan_fullscreen(ctx):
    """View > Full screen, on or off."""
    return _trigger(ctx, "view.fullscreen", f"full screen on/off in {lab_of(ctx)}")


def plan_lab(ctx) -> list[Step] | None:
    """Switch lab from the Lab menu, or step the toolbar's lab box with a key."""
    from app.labs import LABS

    if ctx.rng.random() < 0.3:  # the toolbar's lab box, from the keyboard
        box = ctx.window.lab_box
        key = ctx.rng.choice((Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_Home, Qt.Key.Key_End))
        return [Step(f"lab box key {key.name} from lab {lab_of(ctx)}",
                     lambda: QTest.keyClick(box, key))]
    # Labs not switched to yet come first, so a short run still visits every lab however
    # many there are; then any lab at random.
    seen = ctx.__dict__.setdefault("labs_switched_to", set())
    fresh = [spec.id for spec in LABS if spec.id not in seen]
    lab = fresh[0] if fresh else ctx.rng.choice(LABS).id
    seen.add(lab)
    return _trigger(ctx, f"lab.{lab}", f"switch to lab {lab}")


#: Shortcuts a person presses while working; the ones that open dialogs or quit are left
#: out (a dialog would wait for a person forever).
_SHORTCUTS = (("Ctrl+Z", Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier),
              ("Ctrl+Shift+Z", Qt.Key.Key_Z,
               Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier),
              ("Ctrl+Y", Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier),
              ("Ctrl+\\", Qt.Key.Key_Backslash, Qt.KeyboardModifier.ControlModifier),
              ("Ctrl+N", Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier),
              *((f"Ctrl+{k}", getattr(Qt.Key, f"Key_{k}"), Qt.KeyboardModifier.ControlModifier)
                for k in range(1, 8)))


def plan_shortcut(ctx) -> list[Step] | None:
    """Press a keyboard shortcut (to the focus widget, as a keyboard does)."""
    from PySide6.QtWidgets import QApplication

    name, key, mods = ctx.rng.choice(_SHORTCUTS)

    def press():
        # To whatever has the focus, as a keyboard would: Ctrl+Z in a line edit is its own.
        target = QApplication.focusWidget() or ctx.window
        QTest.keyClick(target, key, mods)

    return [Step(f"press {name} in {lab_of(ctx)}", press)]


def plan_show_toggle(ctx) -> list[Step] | None:
    """Toggle one of View > Show's options."""
    acts = [a for a in ctx.window.toggle_menu.actions() if a.isEnabled()]
    if not acts:
        return None
    a = ctx.rng.choice(acts)
    return [Step(f"View > Show > {a.text()!r} in {lab_of(ctx)}", a.trigger)]


def plan_resize(ctx) -> list[Step] | None:
    """Resize the window (600×400 to 2560×1440, odd sizes included)."""
    w, h = inputs.window_size(ctx.rng)
    return [Step(f"resize window to {w}x{h} in {lab_of(ctx)}", lambda: ctx.window.resize(w, h))]


def plan_wait(ctx) -> list[Step] | None:
    """Let the event loop run for a moment (playback, timers, workers)."""
    ms = ctx.rng.randint(20, 400)
    return [Step(f"wait {ms} ms in {lab_of(ctx)}", lambda: QTest.qWait(ms))]

# -- presets -------------------------------------------------------------------------------
def _click_preset(panel, row: int) -> None:
    lst = panel.list
    item = lst.item(row)
    lst.scrollToItem(item)
    rect = lst.visualItemRect(item)
    if rect.isValid() and lst.viewport().rect().contains(rect.center()):
        QTest.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.NoModifier, rect.center())
    else:  # the list is too short to show the row: choose it the way a click does
        lst.itemClicked.emit(item)


def plan_preset(ctx) -> list[Step] | None:
    """Click a preset in the list."""
    panel = ctx.window.preset_panel
    if panel.list.count() == 0:
        return None
    row = ctx.rng.randrange(panel.list.count())
    name = panel.list.item(row).data(Qt.ItemDataRole.UserRole)
    return [Step(f"preset {name!r} in {lab_of(ctx)}", lambda: _click_preset(panel, row))]


def plan_preset_param(ctx) -> list[Step] | None:
    """Drag the preset parameter slider, or choose a preset that has one."""
    panel = ctx.window.preset_panel
    if panel.slider.isVisible():
        values = [ctx.rng.randint(0, panel.slider.maximum())
                  for _ in range(ctx.rng.randint(1, 6))]
        return [Step(f"slide preset parameter through {values} in {lab_of(ctx)}",
                     lambda: gestures.drag_slider(panel.slider, values))]
    rows = [r for r in range(panel.list.count())
            if panel.list.item(r).text().split("\n")[0].endswith("⟷")]
    if not rows:
        return None
    row = ctx.rng.choice(rows)
    name = panel.list.item(row).data(Qt.ItemDataRole.UserRole)
    return [Step(f"preset {name!r} (with a slider) in {lab_of(ctx)}",
                 lambda: _click_preset(panel, row))]

# -- the attention lab's long-context mode ---------------------------------------------------
def plan_large_cancel(ctx) -> list[Step] | None:
    """Long-context attention: start a big computation, then Cancel it."""
    w = ctx.window
    rng = ctx.rng
    n = rng.choice((2048, 4096, 8192, 16384))
    steps = []
    if w.spec.id != "attention":
        steps.append(Step("switch to lab attention (long context)",
                          w.actions["lab.attention"].trigger))

    def large_mode():
        w.view.mode_buttons.button(1).click()

    def set_n():
        w.view.large.controls.n.setValue(n)

    def cancel():
        button = w.view.large.controls.cancel
        if button.isEnabled():
            button.click()

    steps += [Step("attention: choose Long context", large_mode),
              Step(f"attention: set n = {n}", set_n),
              Step("attention: wait 60 ms", lambda: QTest.qWait(60))]
    if rng.random() < 0.4:  # close a side-by-side view while it computes
        steps += [Step("attention: side by side on", w.actions["view.split"].trigger),
                  Step("attention: wait 40 ms", lambda: QTest.qWait(40)),
                  Step("attention: side by side off", w.actions["view.split"].trigger)]
    steps.append(Step("attention: press Cancel", cancel))
    return steps
