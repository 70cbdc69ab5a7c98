"""Presentation state of one lab view: what the view shows that the mathematics does not
need — which layers are on (toggles), the animation time, the SVD stage, the 3D camera.

It lives apart from the lab model: changing it is not an undo step, leaves the lab's
document saved, and two views of one model (side by side) each keep their own. Like
:class:`models.core.evented.LabModel`, a :class:`ViewState` holds one frozen dataclass and
emits :attr:`ViewState.changed` once per applied change; a change is validated first, and
a refused one leaves everything as it was.

In a scene it is the ``view`` object: one boolean per toggle, plus the lab's presentation
fields (see :attr:`ViewState.FIELDS`). Reading a scene merges: what the scene leaves out
keeps its current value, so a fresh lab shows the defaults.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, ClassVar, NamedTuple

from psygnal import Signal

from models.core.evented import SceneError

__all__ = ["Presentation", "ViewState", "ViewField", "number_in"]


@dataclass(frozen=True)
class Presentation:
    """The presentation values of a view (a lab's subclass adds its fields, with defaults).

    Attributes
    ----------
    toggles : Mapping[str, bool]
        Every on/off option of the view, by key (read-only).
    """

    toggles: Mapping[str, bool] = field(default_factory=lambda: MappingProxyType({}))


class ViewField(NamedTuple):
    """How one presentation field reads from and writes to a scene's ``view`` object.

    Attributes
    ----------
    parse : callable
        JSON value (or a value already parsed) → the field's value; raises ``ValueError``
        with a message for a person.
    dump : callable
        The field's value → JSON.
    """

    parse: Callable[[Any], Any]
    dump: Callable[[Any], Any] = float


def number_in(name: str, low: float, high: float) -> Callable[[Any], float]:
    """A :attr:`ViewField.parse` that accepts a finite number in [``low``, ``high``]."""

    def parse(value) -> float:
        if (isinstance(value, bool) or not isinstance(value, (int, float))
                or not math.isfinite(value) or not low <= value <= high):
            raise ValueError(f"view {name!r} must be a number from {low:g} to {high:g}")
        return float(value)

    return parse


class ViewState:
    """Evented presentation state of one lab view: one frozen :class:`Presentation`, one
    :attr:`changed` signal per applied change.

    A lab with presentation fields subclasses it, setting :attr:`PRESENTATION` (its frozen
    dataclass) and :attr:`FIELDS`; a lab with toggles only uses this class as it is.

    Parameters
    ----------
    toggles : Mapping[str, bool]
        The view's toggles and their defaults (the view declares them, with their labels).
    """

    #: The frozen dataclass of this lab's presentation values.
    PRESENTATION: ClassVar[type[Presentation]] = Presentation
    #: The presentation fields besides the toggles: JSON name → how it reads and writes.
    FIELDS: ClassVar[Mapping[str, ViewField]] = MappingProxyType({})

    changed = Signal(object)  # emits the view state itself after a new state is in place

    def __init__(self, toggles: Mapping[str, bool] | None = None) -> None:
        self._state = self.PRESENTATION(toggles=MappingProxyType(
            {str(k): bool(v) for k, v in (toggles or {}).items()}))

    @property
    def state(self) -> Presentation:
        """The current immutable presentation values."""
        return self._state

    def option(self, key: str) -> bool:
        """Whether toggle ``key`` is on (``KeyError`` for a key the view does not have)."""
        return self._state.toggles[key]

    # -- changes ---------------------------------------------------------------------------
    def prepare(self, **changes: Any) -> Presentation:
        """Validate ``changes`` and return the new state; raises ``ValueError`` with a message.

        ``toggles={key: bool}`` switches some toggles (the others keep their value); any
        other keyword is a field of :attr:`FIELDS`.
        """
        s = self._state
        new: dict[str, Any] = {}
        toggles = changes.pop("toggles", None)
        if toggles is not None:
            merged = dict(s.toggles)
            for key, on in toggles.items():
                if key not in merged:
                    raise ValueError(f"this view has no option {key!r}")
                if not isinstance(on, bool):
                    raise ValueError(f"view option {key!r} must be true or false")
                merged[key] = on
            new["toggles"] = MappingProxyType(merged)
        for name, value in changes.items():
            if name not in self.FIELDS:
                raise ValueError(f"this view has no field {name!r}")
            new[name] = self.FIELDS[name].parse(value)
        return dataclasses.replace(s, **new)

    def apply(self, state: Presentation) -> None:
        """Make ``state`` current and notify once; nothing happens when it is unchanged."""
        if state == self._state:
            return
        self._state = state
        self.changed.emit(self)

    def update(self, **changes: Any) -> None:
        """``prepare`` then ``apply``: one validated change, at most one notification."""
        self.apply(self.prepare(**changes))

    def set_toggle(self, key: str, on: bool) -> None:
        """Switch toggle ``key`` (``KeyError`` for a key the view does not have)."""
        if key not in self._state.toggles:
            raise KeyError(key)
        self.update(toggles={key: bool(on)})

    # -- scenes ----------------------------------------------------------------------------
    def to_dict(self) -> dict:
        """The scene's ``view`` object: every toggle, then every field."""
        out: dict[str, Any] = dict(self._state.toggles)
        for name, spec in self.FIELDS.items():
            out[name] = spec.dump(getattr(self._state, name))
        return out

    @classmethod
    def check(cls, view: dict, model: dict | None = None) -> dict:
        """Check a scene's ``view`` object and return the changes it stands for.

        Parameters
        ----------
        view : dict
            The scene's ``view`` object: toggles (booleans) and this lab's fields.
        model : dict, optional
            The scene's ``model`` object, for fields that older scenes kept there.

        Returns
        -------
        dict
            Keyword changes for :meth:`load` (``toggles`` and the fields present).

        Raises
        ------
        SceneError
            For a value of the wrong kind or out of range, with a message.
        """
        changes: dict[str, Any] = {}
        toggles = {}
        for key, value in view.items():
            try:
                if key in cls.FIELDS:
                    changes[key] = cls.FIELDS[key].parse(value)
                elif not isinstance(value, bool):
                    raise ValueError(f"view option {key!r} must be true or false")
                else:
                    toggles[key] = value
            except ValueError as err:
                raise SceneError(str(err)) from None
        changes["toggles"] = toggles
        return changes

    def load(self, changes: dict) -> None:
        """Apply changes from :meth:`check` (toggles this view does not have are ignored,
        so a scene of a lab can name options of another view of the same model)."""
        changes = dict(changes)
        toggles = changes.pop("toggles", {})
        known = {k: v for k, v in toggles.items() if k in self._state.toggles}
        self.update(toggles=known, **changes)
