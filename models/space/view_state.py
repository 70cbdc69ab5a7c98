"""Presentation state of a Space view — its toggles, the animation time t and the camera —
and the picture at a time, derived from the model and t."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType

from models.core.evented import SceneError
from models.core.view_state import Presentation, ViewField, ViewState, number_in
from models.space.camera import Camera
from models.space.geometry import SpaceGeometry, space_geometry

__all__ = ["SpacePresentation", "SpaceViewState", "parse_camera", "shown_geometry"]

_CAMERA_KEYS = ("azimuth", "elevation", "zoom")


def parse_camera(value) -> Camera:
    """A camera from its JSON object (angles wrapped and clamped, zoom clamped, as
    :meth:`Camera.make` does); a :class:`Camera` passes as it is.

    Raises
    ------
    ValueError
        Not an object of numbers azimuth, elevation (and optionally zoom).
    """
    if isinstance(value, Camera):
        return value
    if not isinstance(value, dict):
        raise ValueError("view 'camera' must be an object")
    defaults = Camera()
    numbers = [value.get(k, getattr(defaults, k)) for k in _CAMERA_KEYS]
    if any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in numbers):
        raise ValueError("view 'camera' needs numbers azimuth, elevation and zoom")
    try:
        return Camera.make(*numbers)
    except ValueError:  # infinite or NaN
        raise ValueError("view 'camera' needs finite numbers azimuth, elevation and zoom"
                         ) from None


@dataclass(frozen=True)
class SpacePresentation(Presentation):
    """A Space view's toggles, its animation time ``t`` ∈ [0, 1] and its ``camera``."""

    t: float = 1.0
    camera: Camera = field(default_factory=Camera)


class SpaceViewState(ViewState):
    """Evented presentation state of a Space view: toggles, the time t and the camera."""

    PRESENTATION = SpacePresentation
    FIELDS = MappingProxyType({"t": ViewField(number_in("t", 0.0, 1.0)),
                               "camera": ViewField(parse_camera, Camera.to_dict)})

    @property
    def t(self) -> float:
        """Animation time in [0, 1]: the picture shows (1 − t)·I + t·A."""
        return self._state.t

    @property
    def camera(self) -> Camera:
        """Where the picture is seen from."""
        return self._state.camera

    def set_time(self, t: float) -> None:
        """Move to time ``t`` (a gesture's value, clamped to [0, 1]); notify once."""
        self.update(t=min(max(float(t), 0.0), 1.0))

    def set_camera(self, camera: Camera) -> None:
        """Move the camera; notify once (nothing when it does not move)."""
        self.update(camera=camera)

    @classmethod
    def check(cls, view: dict, model: dict | None = None) -> dict:
        """As :meth:`ViewState.check`; a scene written before the view held the camera has it
        in ``model.camera``, which is read when ``view.camera`` is absent."""
        changes = super().check(view, model)
        legacy = (model or {}).get("camera")
        if "camera" not in changes and legacy is not None:
            try:
                changes["camera"] = parse_camera(legacy)
            except ValueError as err:
                raise SceneError(str(err).replace("view 'camera'", "'model.camera'")) from None
        return changes


_last: list = [None, None, None]  # the model state, t and geometry derived last


def shown_geometry(model, t: float) -> SpaceGeometry:
    """The geometry of the map shown at time ``t``: (1 − t)·I + t·A, with x and b.

    At t = 1 it is the model's own :attr:`~models.space.model.SpaceModel.geometry`; at other
    times the last result is kept, so turning the camera while paused does not derive the
    same frame again.
    """
    if t >= 1.0:
        return model.geometry
    s = model.state
    if _last[0] is not s or _last[1] != t:
        _last[:] = [s, t, space_geometry(s.matrix, t, s.x, s.b)]
    return _last[2]
