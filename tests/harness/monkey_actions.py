"""The monkey's actions: every gesture a person can make in the window, as data.

:data:`ACTIONS` lists ``(name, weight, planner)``; the runner (:mod:`tests.harness.monkey`)
draws a name by weight from the run's seeded ``random.Random``, asks the planner for the
steps (:class:`~tests.harness.monkey_gestures.Step`) and times each with the watchdog.
Planners live with what they act on: :mod:`~tests.harness.monkey_gestures` (widgets of the
labs), :mod:`~tests.harness.monkey_window` (window, presets, long-context mode) and
:mod:`~tests.harness.monkey_files` (save, reopen, damaged files, export).
"""

from __future__ import annotations

from collections.abc import Callable

from tests.harness.monkey_files import plan_export, plan_open_bad, plan_save_reopen
from tests.harness.monkey_gestures import (
    Step,
    plan_button,
    plan_canvas_mouse,
    plan_check,
    plan_combo,
    plan_drag,
    plan_radio,
    plan_slider,
    plan_spin,
    plan_type_entry,
    plan_type_line,
    visible_views,
)
from tests.harness.monkey_present import plan_deck, plan_present, plan_present_key
from tests.harness.monkey_window import (
    plan_fullscreen,
    plan_lab,
    plan_large_cancel,
    plan_new,
    plan_preset,
    plan_preset_param,
    plan_redo,
    plan_resize,
    plan_shortcut,
    plan_show_toggle,
    plan_split,
    plan_undo,
    plan_wait,
)

__all__ = ["ACTIONS", "Step", "visible_views"]


#: (name, weight, planner). Weights follow how often a person does each thing.
ACTIONS: tuple[tuple[str, float, Callable], ...] = (
    ("type_entry", 14, plan_type_entry),
    ("type_line", 5, plan_type_line),
    ("drag", 10, plan_drag),
    ("canvas_mouse", 6, plan_canvas_mouse),
    ("slider", 7, plan_slider),
    ("spin", 5, plan_spin),
    ("check", 3, plan_check),
    ("combo", 2, plan_combo),
    ("button", 3, plan_button),
    ("radio", 2, plan_radio),
    ("preset", 6, plan_preset),
    ("preset_param", 4, plan_preset_param),
    ("undo", 6, plan_undo),
    ("redo", 4, plan_redo),
    ("split", 3, plan_split),
    ("lab", 5, plan_lab),
    ("shortcut", 3, plan_shortcut),
    ("show_toggle", 3, plan_show_toggle),
    ("resize", 3, plan_resize),
    ("wait", 2, plan_wait),
    ("new", 1, plan_new),
    ("fullscreen", 0.5, plan_fullscreen),
    ("save_reopen", 2, plan_save_reopen),
    ("open_bad", 1, plan_open_bad),
    ("export", 1.5, plan_export),
    ("large_cancel", 1.5, plan_large_cancel),
    ("present", 1, plan_present),
    ("present_key", 3, plan_present_key),
    ("deck", 2, plan_deck),
)
