"""What a recording moves: the animation time t (Plane, Space), the SVD stage, the softmax
temperature (Attention) or a parameterised preset's parameter (θ of a rotation…).

Each quantity is swept from one end of its range to the other, one value per frame; a
:class:`Sweep` knows the values and how to show one of them in a lab's model and view.
Time and stage are presentation state (the view state), temperature and the preset's
parameter are model state, set through the model's own validated ``update``/``apply``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import numpy as np

from app.labs import LABS, lab_spec
from app.recording.errors import RecordingError

__all__ = ["QUANTITIES", "Sweep", "labs_with", "quantities_of", "make_sweep",
           "TEMPERATURE_RANGE"]

#: Every quantity a recording can move, with what it means to a person.
QUANTITIES: dict[str, str] = {
    "t": "time t (I → A)",
    "stage": "SVD stage (I → Vᵀ → ΣVᵀ → A)",
    "temperature": "softmax temperature",
    "theta": "the preset's parameter (θ, k, s…)",
}
#: The temperatures swept, log-spaced: the Attention lab's own slider range.
TEMPERATURE_RANGE = (0.1, 10.0)


@dataclass(frozen=True)
class Sweep:
    """The values one quantity takes, frame by frame, and how to show one.

    Attributes
    ----------
    name : str
        The quantity (a key of :data:`QUANTITIES`).
    values : tuple of float
        One value per frame, first to last.
    show : callable
        ``show(model, view, value)`` puts the lab at ``value`` (one validated change).
    text : str
        What moves, for messages ("t from 0 to 1").
    """

    name: str
    values: tuple[float, ...]
    show: Callable[[object, object, float], None]
    text: str


@cache
def _state_fields(lab_id: str) -> frozenset[str]:
    state = lab_spec(lab_id).model_class()().state
    return frozenset(f.name for f in dataclasses.fields(state))


def _view_fields(lab_id: str) -> frozenset[str]:
    return frozenset(lab_spec(lab_id).view_state_class().FIELDS)


def _param_preset(checked):
    """The parameterised preset the scene comes from, or None."""
    from app.scenes import find_preset

    ref = checked.doc.get("preset")
    if not isinstance(ref, dict) or not isinstance(ref.get("name"), str):
        return None
    try:
        preset = find_preset(ref["name"])
    except KeyError:
        return None
    if preset.param is None or preset.lab != checked.spec.id:
        return None
    return preset


def _lab_has(lab_id: str, name: str) -> bool:
    if name in ("t", "stage"):
        return name in _view_fields(lab_id)
    if name == "temperature":
        return name in _state_fields(lab_id)
    from models.core.presets import load_presets

    return any(p.lab == lab_id and p.param is not None for p in load_presets())


def labs_with(name: str) -> list[str]:
    """The labs (ids) in which ``name`` can move."""
    return [s.id for s in LABS if _lab_has(s.id, name)]


def quantities_of(checked) -> list[str]:
    """The quantities that can move in a checked scene, in :data:`QUANTITIES` order
    (``theta`` only for a scene made from a parameterised preset)."""
    lab = checked.spec.id
    out = [q for q in ("t", "stage", "temperature") if _lab_has(lab, q)]
    if _param_preset(checked) is not None:
        out.append("theta")
    return out


def make_sweep(checked, name: str, frames: int) -> Sweep:
    """The sweep of ``name`` over ``frames`` frames for a checked scene.

    Raises
    ------
    RecordingError
        An unknown quantity, or one this scene's lab does not have (naming the labs that
        have it).
    """
    if name not in QUANTITIES:
        raise RecordingError(f"cannot animate {name!r}; choose one of "
                             + ", ".join(QUANTITIES))
    if name not in quantities_of(checked):
        raise RecordingError(_missing(checked, name))
    n = int(frames)
    if name == "t":
        return Sweep(name, tuple(np.linspace(0.0, 1.0, n)), _set_view("t"),
                     "t from 0 (I) to 1 (A)")
    if name == "stage":
        return Sweep(name, tuple(np.linspace(0.0, 3.0, n)), _set_view("stage"),
                     "the SVD stage from I to A")
    if name == "temperature":
        lo, hi = TEMPERATURE_RANGE
        return Sweep(name, tuple(np.geomspace(lo, hi, n)), _set_temperature,
                     f"the temperature from {lo:g} to {hi:g}")
    preset = _param_preset(checked)
    prm = preset.param

    def show(model, _view, value: float) -> None:
        model.apply(type(model).state_from_dict(preset.model_for(value)))

    return Sweep(name, tuple(np.linspace(prm.min, prm.max, n)), show,
                 f"{prm.label} of {preset.name} from {prm.min:.4g} to {prm.max:.4g}")


def _set_view(field: str):
    def show(_model, view, value: float) -> None:
        view.view_state.update(**{field: float(value)})

    return show


def _set_temperature(model, _view, value: float) -> None:
    model.update(temperature=float(value))


def _missing(checked, name: str) -> str:
    lab = checked.spec.id
    if name == "theta" and _lab_has(lab, name):
        return ("'theta' moves a preset's parameter: this scene is not made from a "
                "parameterised preset (such as rotation, scaling or shear)")
    labs = labs_with(name)
    where = f"labs that have it: {', '.join(labs)}" if labs else "no lab has it"
    return f"the {lab} lab has no {name} ({QUANTITIES[name]}) to animate; {where}"
