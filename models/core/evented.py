"""The evented-state base every lab model shares.

A lab model holds one immutable state object (a frozen dataclass whose arrays are
read-only copies). Changing anything means building a new state and applying it:
validation happens first (:meth:`LabModel.prepare` raises a ``ValueError`` with a
message for a person), then :meth:`LabModel.apply` swaps the state, derives what
depends on it, and emits :attr:`LabModel.changed` exactly once. Undo stores two
states, so undo and redo are exact and cheap.
"""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

import numpy as np
from psygnal import Signal

__all__ = ["LabModel", "SceneError", "frozen_array"]


class SceneError(ValueError):
    """A scene document (or part of one) that cannot be loaded; the message says why."""


def frozen_array(values, shape: tuple[int, ...] | None = None) -> np.ndarray:
    """A float64, C-contiguous, read-only copy of ``values`` (checked finite and shaped)."""
    a = np.array(values, dtype=np.float64, copy=True, order="C")
    if shape is not None and a.shape != shape:
        raise ValueError(f"expected shape {shape}, got {a.shape}")
    if not np.all(np.isfinite(a)):
        raise ValueError("values must be finite")
    a.setflags(write=False)
    return a


class LabModel:
    """Base of the lab models: one immutable state, one ``changed`` signal per applied edit.

    Subclasses set :attr:`lab_id`, implement :meth:`prepare`, :meth:`_derive`,
    :meth:`to_dict` and :meth:`state_from_dict`.
    """

    lab_id: ClassVar[str] = ""
    changed = Signal(object)  # emits the model itself after a new state is in place

    def __init__(self, state) -> None:
        self._state = state
        self._derive()

    @property
    def state(self):
        """The current immutable state."""
        return self._state

    def prepare(self, **changes: Any):
        """Validate ``changes`` and return the new state; raises ``ValueError`` with a message."""
        try:
            return dataclasses.replace(self._state, **changes)
        except TypeError as err:
            raise ValueError(str(err)) from None

    def apply(self, state) -> None:
        """Make ``state`` current, derive from it, and notify once."""
        self._state = state
        self._derive()
        self.changed.emit(self)

    def update(self, **changes: Any) -> None:
        """``prepare`` then ``apply``: one validated edit, one notification."""
        self.apply(self.prepare(**changes))

    def _derive(self) -> None:
        """Recompute derived quantities from the current state (no signal)."""

    def to_dict(self) -> dict:
        """The JSON form of the state stored in a scene's ``model`` field."""
        raise NotImplementedError

    @classmethod
    def state_from_dict(cls, data: dict, base: str | None = None):
        """Build a state from a scene's ``model`` field, checked completely.

        Parameters
        ----------
        data : dict
            The scene's ``model`` field, as parsed from JSON.
        base : str, optional
            The scene file's folder: a relative file path in the scene is read from there
            (None: the working folder). Labs without files ignore it.

        Raises
        ------
        SceneError
            For anything wrong, with a message; never another exception.
        """
        raise NotImplementedError

    def check_inputs(self) -> None:
        """Read and check what the state only names (such as files of values).

        Opening a scene reads as little as it can; a headless render calls this before
        drawing, so that values no picture can show are refused, not drawn as a blank.

        Raises
        ------
        ValueError
            With a message for a person. The default has nothing to check.
        """

    def load_dict(self, data: dict) -> None:
        """Validate a scene's ``model`` field and apply it (nothing changes on error)."""
        self.apply(self.state_from_dict(data))
