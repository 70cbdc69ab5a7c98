"""The Attention lab's part of a scene: the JSON types its ``model`` field must have.

Only types are checked here (ranges, files and shapes are the model's own validation), so
that ``"0.5"`` or ``1`` where a number or a boolean belongs is refused, never converted.
"""

from __future__ import annotations

import math

import numpy as np

from models.core.evented import SceneError

__all__ = ["is_real", "is_whole", "scene_changes"]

_SMALL_KEYS = ("mode", "sentence", "seed", "d_model", "d_k", "heads", "head", "causal",
               "padding", "masked", "temperature", "x")
_LARGE_KEYS = ("n", "h", "d", "seed", "head", "q_path", "k_path", "window")
_RENAMES = {"seed": "large_seed", "head": "large_head"}


def is_real(value) -> bool:
    """A real number: int or float (NumPy's too), not a bool and not text."""
    return (isinstance(value, (int, float, np.integer, np.floating))
            and not isinstance(value, (bool, np.bool_)))


def is_whole(value) -> bool:
    """A real number with no fractional part (``3`` or ``3.0``)."""
    return is_real(value) and math.isfinite(value) and float(value) == int(value)


def _check_types(data: dict, large: dict) -> None:
    numbers = [(f"model.{k}", data[k]) for k in ("seed", "d_model", "d_k", "heads", "head",
                                                 "padding", "temperature") if k in data]
    numbers += [(f"model.large.{k}", large[k]) for k in ("n", "h", "d", "seed", "head")
                if k in large]
    for name, value in numbers:
        if not is_real(value):
            raise SceneError(f"'{name}' must be a number, got {value!r}")
    if "causal" in data and not isinstance(data["causal"], bool):
        raise SceneError(f"'model.causal' must be true or false, got {data['causal']!r}")
    for key in ("mode", "logits", "sentence"):
        if key in data and not isinstance(data[key], str):
            raise SceneError(f"'model.{key}' must be text")
    for key in ("q_path", "k_path"):
        if large.get(key) is not None and not isinstance(large[key], str):
            raise SceneError(f"'model.large.{key}' must be text or null")
    if not isinstance(data.get("masked", []), list):
        raise SceneError("'model.masked' must be a list of [query, key] pairs")
    x = data.get("x")
    if x is not None and not (isinstance(x, list) and all(
            isinstance(row, list) and all(is_real(v) for v in row) for row in x)):
        raise SceneError("'model.x' must be a list of rows of numbers")


_REAL_KEYS = {"path": "real_path", "text": "real_text", "layer": "real_layer",
              "head": "real_head", "order": "real_order", "panel": "real_panel"}


def _real_changes(data: dict) -> dict:
    real = data.get("real", {})
    if not isinstance(real, dict):
        raise SceneError("'model.real' must be an object")
    unknown = sorted(set(real) - set(_REAL_KEYS))
    if unknown:
        raise SceneError("unknown fields in 'model.real': " + ", ".join(unknown))
    for key in ("layer", "head"):
        if key in real and not is_whole(real[key]):
            raise SceneError(f"'model.real.{key}' must be a whole number, got {real[key]!r}")
    for key in ("text", "order", "panel"):
        if key in real and not isinstance(real[key], str):
            raise SceneError(f"'model.real.{key}' must be text")
    if real.get("path") is not None and not isinstance(real["path"], str):
        raise SceneError("'model.real.path' must be text or null")
    return {_REAL_KEYS[k]: v for k, v in real.items()}


def scene_changes(data) -> tuple[dict, dict]:
    """The changes a scene's ``model`` field asks for, and its ``large`` part.

    Raises
    ------
    SceneError
        A field of the wrong JSON type; the message names it.
    """
    if not isinstance(data, dict):
        raise SceneError("'model' must be an object")
    large = data.get("large", {})
    if not isinstance(large, dict):
        raise SceneError("'model.large' must be an object")
    _check_types(data, large)
    changes = {k: data[k] for k in _SMALL_KEYS if k in data}
    if "logits" in data:
        changes["logits_text"] = data["logits"]
    for key in _LARGE_KEYS:
        if key in large:
            changes[_RENAMES.get(key, key)] = large[key]
    changes.update(_real_changes(data))
    return changes, large
