"""Scenes ↔ labs: check a scene document completely before anything is applied, then apply
it to a lab's model and view through :func:`apply_scene`. The window applies scenes to the
model and view it has; the headless renderer and the tests build a fresh pair with
:func:`build_lab`, which applies through the same function."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.labs import LabSpec, lab_spec
from models.core.evented import SceneError
from models.core.presets import Preset, load_presets
from models.core.scene import make_scene, read_scene

__all__ = ["CheckedScene", "check_scene", "load_scene_file", "preset_scene", "find_preset",
           "apply_scene", "build_lab", "scene_of"]


@dataclass(frozen=True)
class CheckedScene:
    """A scene that passed every check: ready to apply without failing."""

    spec: LabSpec
    state: object
    view: dict  # changes for the view's ViewState.load (see ViewState.check)
    doc: dict


def check_scene(doc: dict, base: str | Path | None = None) -> CheckedScene:
    """Validate the lab, its model state and its view state (toggles, time, camera…).

    Parameters
    ----------
    doc : dict
        A scene document (see :func:`models.core.scene.parse_scene`).
    base : str or Path, optional
        The folder relative file paths in the scene are read from (the scene file's
        folder); None for the working folder.

    Raises
    ------
    SceneError
        With a message naming what is wrong; nothing is applied anywhere.
    """
    try:
        spec = lab_spec(doc["lab"])
    except KeyError as err:
        raise SceneError(str(err.args[0])) from None
    model_class = spec.model_class()
    try:
        state = model_class.state_from_dict(doc["model"],
                                            base=None if base is None else str(base))
        # Deriving is the last check: a state that cannot be shown must not reach a window.
        model_class(state)
    except ValueError as err:  # SceneError and EntryError are ValueErrors too
        raise SceneError(str(err)) from None
    view = spec.view_state_class().check(doc.get("view", {}), doc["model"])
    return CheckedScene(spec, state, view, doc)


def load_scene_file(path: str | Path) -> CheckedScene:
    """Read a scene file and check it, reading its relative file paths from its folder.

    Raises
    ------
    SceneError
        The file cannot be read or is not a valid scene; the message says why.
    """
    path = Path(path)
    return check_scene(read_scene(path), base=path.absolute().parent)


def find_preset(name: str) -> Preset:
    """The preset called ``name``; ``KeyError`` lists the known names."""
    for p in load_presets():
        if p.name == name:
            return p
    raise KeyError(f"unknown preset {name!r}; run 'linscope presets' for the list")


def preset_scene(preset: Preset, value: float | None = None) -> dict:
    """The scene document a preset stands for (its parameter at ``value`` or the default)."""
    extra = {}
    if preset.param is not None:
        extra["preset"] = {"name": preset.name,
                           "value": preset.param.default if value is None else float(value)}
    return make_scene(preset.lab, preset.model_for(value), preset.view, **extra)


def apply_scene(checked: CheckedScene, model, view, set_state=None) -> None:
    """Show a checked scene in a lab: its model state, then its view state (what the scene
    leaves out of the view keeps its value).

    Parameters
    ----------
    checked : CheckedScene
        The scene, checked completely (applying it cannot fail).
    model : LabModel
        The model of ``checked.spec``'s lab.
    view : LabView
        A view of ``model``.
    set_state : callable, optional
        ``set_state(state)`` makes the state current (the window passes an undoable
        command for a preset); by default ``model.apply``.
    """
    (model.apply if set_state is None else set_state)(checked.state)
    view.view_state.load(checked.view)


def build_lab(checked: CheckedScene, parent=None, runner=None):
    """Make a fresh model and view and apply a checked scene; returns ``(model, view)``.

    ``runner`` runs the view's heavy work (see :meth:`app.labs.LabSpec.make_view`); None
    computes it synchronously.
    """
    spec = checked.spec
    model = spec.model_class()()
    view = spec.make_view(model, runner, parent)
    apply_scene(checked, model, view)
    return model, view


def scene_of(spec: LabSpec, model, view) -> dict:
    """The scene document for what a lab shows now."""
    return make_scene(spec.id, model.to_dict(), view.view_state.to_dict())
