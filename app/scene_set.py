"""``--set name=value``: change one parameter of a preset or one field of a scene's model
before it is rendered, through the same checks as the window (the safe entry parser and the
lab's own scene validation). Nothing is evaluated: numbers go through
:func:`models.core.expr.parse_entry`, matrices through :func:`parse_matrix`.
"""

from __future__ import annotations

import copy
import re

from models.core.evented import SceneError
from models.core.expr import EntryError, format_value, parse_entry, parse_matrix

__all__ = ["SetError", "apply_sets", "split_set"]

# "30deg" / "30 deg" / "-1.5deg" → "deg(30)": the parser's own degree function.
_DEG = re.compile(r"(?<![A-Za-z_0-9.])([0-9]+\.?[0-9]*|\.[0-9]+)\s*deg\b")


class SetError(ValueError):
    """A ``--set`` that names nothing known or gives a value that is refused."""


def split_set(text: str) -> tuple[str, str]:
    """``"name=value"`` → ``("name", "value")``; raises :class:`SetError` otherwise."""
    name, sep, value = text.partition("=")
    name = name.strip()
    if not sep or not name:
        raise SetError(f"--set {text[:40]!r}: write NAME=VALUE, e.g. --set theta=30deg")
    return name, value.strip()


def _degrees(value: str) -> str:
    return _DEG.sub(r"deg(\1)", value)


def _number(name: str, value: str) -> float:
    try:
        return parse_entry(_degrees(value))
    except EntryError as err:
        raise SetError(f"--set {name}: {err}") from None


def _convert(name: str, old, value: str):
    """``value`` read as the kind of thing ``old`` is (a matrix, a vector, a number…)."""
    if isinstance(old, bool):
        if value.lower() in ("true", "1", "yes", "on"):
            return True
        if value.lower() in ("false", "0", "no", "off"):
            return False
        raise SetError(f"--set {name}: give true or false, not {value[:40]!r}")
    if isinstance(old, (int, float)):
        v = _number(name, value)
        return int(v) if isinstance(old, int) and v == int(v) else v
    if isinstance(old, list):
        try:
            texts, values = parse_matrix(_degrees(value))
        except EntryError as err:
            raise SetError(f"--set {name}: {err}") from None
        nested = bool(old) and isinstance(old[0], list)
        as_text = (old and isinstance(old[0], str)) or (nested and old[0]
                                                         and isinstance(old[0][0], str))
        rows = texts if as_text else values
        if nested:
            return rows
        if len(rows) == 1:
            return rows[0]
        if all(len(r) == 1 for r in rows):
            return [r[0] for r in rows]
        raise SetError(f"--set {name}: give a vector such as [1, 2]")
    if isinstance(old, str):
        return _degrees(value)
    raise SetError(f"--set {name}: this field cannot be set from the command line")


def apply_sets(doc: dict, sets: list[tuple[str, str]], preset=None) -> dict:
    """A copy of the scene document ``doc`` with each ``(name, value)`` applied.

    A name is the preset's parameter (its symbol, e.g. ``theta``, within its range) or a
    field of the model (``entries``, ``x``, ``p``…; ``a.b`` reaches into an object).

    Raises
    ------
    SetError
        An unknown name or a value the parser refuses; the lab's own checks come after
        (:func:`app.scenes.check_scene`).
    """
    from app.labs import lab_spec
    from app.scenes import preset_scene

    # Every field the lab has can be set, also those a preset leaves at their defaults.
    defaults = lab_spec(doc["lab"]).model_class()().to_dict()
    out = copy.deepcopy(doc)
    out["model"] = {**defaults, **out["model"]}
    for name, value in sets:
        param = getattr(preset, "param", None)
        if param is not None and name == param.symbol:
            v = _number(name, value)
            if not param.min <= v <= param.max:
                raise SetError(f"--set {name}: {format_value(v)} is outside "
                               f"{format_value(param.min)}…{format_value(param.max)}")
            fresh = preset_scene(preset, v)
            out["model"], out["preset"] = {**defaults, **fresh["model"]}, fresh.get("preset")
            continue
        holder, key = out["model"], name
        *path, key = name.split(".")
        for part in path:
            holder = holder.get(part) if isinstance(holder, dict) else None
        if not isinstance(holder, dict) or key not in holder:
            known = sorted(out["model"])
            if param is not None:
                known.insert(0, param.symbol)
            raise SetError(f"--set {name}: unknown name; this scene has {', '.join(known)}")
        holder[key] = _convert(name, holder[key], value)
    return out


def check_sets(doc: dict, sets, preset=None, base=None):
    """Apply ``sets`` and check the result as a scene; returns the checked scene.

    Raises
    ------
    SetError
        Naming the ``--set`` and why it is refused.
    """
    from app.scenes import check_scene

    changed = apply_sets(doc, sets, preset)
    try:
        return check_scene(changed, base=base)
    except SceneError as err:
        names = ", ".join(n for n, _ in sets)
        raise SetError(f"--set {names}: {err}") from None
