"""Presets: named, described starting points for each lab, kept as JSON under assets/presets.

A preset file holds ``{"lab": ID, "presets": [{"name", "description", "model", "view",
"param"?}]}``. A parameterised preset (rotation by θ, scaling by k, shear by s) names a
variable in ``param`` ({"symbol", "label", "min", "max", "default"}); that symbol may
appear in the model's entry texts and is replaced by its value when the preset is applied,
so the entries remain plain typed text (e.g. ``cos(0.5236)``).
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from models.core.expr import format_value

__all__ = ["Preset", "PresetParam", "load_presets", "PRESET_DIR", "substitute", "nice_text"]

def _preset_dir() -> Path:
    """assets/presets in a checkout (editable install), else where a wheel installed them."""
    here = Path(__file__).resolve().parents[2] / "assets" / "presets"
    if here.is_dir():
        return here
    return Path(sys.prefix) / "share" / "linscope" / "presets"


PRESET_DIR = _preset_dir()
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class PresetParam:
    """The slider of a parameterised preset."""

    symbol: str
    label: str
    min: float
    max: float
    default: float


@dataclass(frozen=True)
class Preset:
    """One named starting point of a lab."""

    name: str
    lab: str
    description: str
    model: dict
    view: dict = field(default_factory=dict)
    param: PresetParam | None = None

    def model_for(self, value: float | None = None) -> dict:
        """The model dict with the parameter (if any) replaced by ``value`` (or its default)."""
        if self.param is None:
            return json.loads(json.dumps(self.model))
        v = self.param.default if value is None else float(value)
        return substitute(self.model, self.param.symbol, v)


def substitute(obj, symbol: str, value: float):
    """Replace the whole word ``symbol`` by ``value`` in every string inside ``obj``."""
    pattern = re.compile(rf"(?<![A-Za-z_0-9]){re.escape(symbol)}(?![A-Za-z_0-9])")
    text = nice_text(value)
    if value < 0:
        text = f"({text})"
    if isinstance(obj, str):
        return pattern.sub(text, obj)
    if isinstance(obj, list):
        return [substitute(x, symbol, value) for x in obj]
    if isinstance(obj, dict):
        return {k: substitute(v, symbol, value) for k, v in obj.items()}
    return obj


def nice_text(value: float) -> str:
    """Exact short text for a parameter value: ``pi/6`` or ``3/4`` when it is one, else the
    shortest decimal that reads back as the same float."""
    for q in (1, 2, 3, 4, 6, 8, 12):
        k = round(value * q / np.pi)
        if k and abs(value - k * np.pi / q) <= 1e-9 * max(1.0, abs(value)):
            num = "pi" if abs(k) == 1 else f"{abs(k)}pi"
            sign = "-" if k < 0 else ""
            return f"{sign}{num}" if q == 1 else f"{sign}{num}/{q}"
    for q in (1, 2, 3, 4, 5, 8, 10):
        k = round(value * q)
        if abs(value - k / q) <= 1e-12 * max(1.0, abs(value)):
            return str(k) if q == 1 else f"{k}/{q}"
    return repr(float(value)) if len(repr(float(value))) <= 12 else format_value(value, 10)


def _param(d) -> PresetParam | None:
    if d is None:
        return None
    return PresetParam(str(d["symbol"]), str(d.get("label", d["symbol"])), float(d["min"]),
                       float(d["max"]), float(d["default"]))


def load_presets(folder: Path | None = None) -> list[Preset]:
    """All presets shipped with linscope, in file then listing order.

    Raises
    ------
    ValueError
        A malformed preset file or a duplicated or badly formed name (a packaging error).
    """
    out: list[Preset] = []
    seen: set[str] = set()
    folder = folder or PRESET_DIR
    files = sorted(folder.glob("*.json"))
    if not files:
        raise ValueError(f"no presets found in {folder}: linscope is not installed completely")
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        lab = data["lab"]
        for p in data["presets"]:
            name = p["name"]
            if not _NAME.match(name) or name in seen:
                raise ValueError(f"{path.name}: bad or duplicated preset name {name!r}")
            seen.add(name)
            out.append(Preset(name, lab, p["description"], p["model"], p.get("view", {}),
                              _param(p.get("param"))))
    return out
