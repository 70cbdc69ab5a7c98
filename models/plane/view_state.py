"""Presentation state of the labs of the shared 2×2 model, and the picture at a time.

The Plane lab plays I → A (the time t), the SVD lab plays I → Vᵀ → ΣVᵀ → A (the stage s);
the Norms lab has toggles only. What the Plane lab draws at time t is derived here from
the model and t (:func:`shown_geometry`), so the model itself never holds a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from models.core.view_state import Presentation, ViewField, ViewState, number_in
from models.plane.geometry import PlaneGeometry, plane_geometry
from models.plane.model import interpolate

__all__ = ["PlanePresentation", "PlaneViewState", "SvdPresentation", "SvdViewState",
           "shown_geometry"]


@dataclass(frozen=True)
class PlanePresentation(Presentation):
    """The Plane lab's toggles and its animation time ``t`` ∈ [0, 1] (1 shows A)."""

    t: float = 1.0


class PlaneViewState(ViewState):
    """Evented presentation state of a Plane view: toggles and the time t."""

    PRESENTATION = PlanePresentation
    FIELDS = MappingProxyType({"t": ViewField(number_in("t", 0.0, 1.0))})

    @property
    def t(self) -> float:
        """Animation time in [0, 1]: the picture shows (1 − t)·I + t·A."""
        return self._state.t

    def set_time(self, t: float) -> None:
        """Move to time ``t`` (a gesture's value, clamped to [0, 1]); notify once."""
        self.update(t=min(max(float(t), 0.0), 1.0))


@dataclass(frozen=True)
class SvdPresentation(Presentation):
    """The SVD lab's toggles and its stage time ``stage`` ∈ [0, 3] (3 shows A)."""

    stage: float = 3.0


class SvdViewState(ViewState):
    """Evented presentation state of an SVD view: toggles and the stage time s."""

    PRESENTATION = SvdPresentation
    FIELDS = MappingProxyType({"stage": ViewField(number_in("stage", 0.0, 3.0))})

    @property
    def stage(self) -> float:
        """Stage time s ∈ [0, 3]: 0 = I, 1 = Vᵀ, 2 = ΣVᵀ, 3 = A."""
        return self._state.stage

    def set_stage(self, s: float) -> None:
        """Move to stage time ``s`` (a gesture's value, clamped to [0, 3]); notify once."""
        self.update(stage=min(max(float(s), 0.0), 3.0))


_last: list = [None, None, None]  # the matrix, t and geometry derived last


def shown_geometry(model, t: float) -> PlaneGeometry:
    """The geometry of the matrix shown at time ``t``: (1 − t)·I + t·A.

    At t = 1 it is the model's own :attr:`~models.plane.model.PlaneModel.geometry`; at other
    times the last result is kept, so redrawing the same frame (a layer switched on while
    paused) does not decompose the matrix again.
    """
    if t >= 1.0:
        return model.geometry
    a = model.matrix  # moving x keeps this very array: the geometry stays valid
    if _last[0] is not a or _last[1] != t:
        _last[:] = [a, t, plane_geometry(interpolate(a, t))]
    return _last[2]
