"""Presentation state of an Embeddings view: its toggles (the 2-D / 3-D switch among them)
and the orbit camera of the 3-D scatter."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType

from models.core.view_state import Presentation, ViewField, ViewState
from models.embeddings.orbit import OrbitCamera

__all__ = ["EmbeddingsPresentation", "EmbeddingsViewState", "THREE_D"]

#: The toggle key of the 3-D scatter (off: the plane of the first two components).
THREE_D = "three_d"


@dataclass(frozen=True)
class EmbeddingsPresentation(Presentation):
    """An Embeddings view's toggles and the ``camera`` of its 3-D scatter."""

    camera: OrbitCamera = field(default_factory=OrbitCamera)


class EmbeddingsViewState(ViewState):
    """Evented presentation state of an Embeddings view: toggles and the orbit camera."""

    PRESENTATION = EmbeddingsPresentation
    FIELDS = MappingProxyType({"camera": ViewField(OrbitCamera.from_dict, OrbitCamera.to_dict)})

    @property
    def camera(self) -> OrbitCamera:
        """Where the 3-D scatter is seen from."""
        return self._state.camera

    @property
    def three_d(self) -> bool:
        """Whether the scatter is drawn in 3-D (False where the view has no such toggle)."""
        return bool(self._state.toggles.get(THREE_D, False))

    def set_camera(self, camera: OrbitCamera) -> None:
        """Move the camera; notify once (nothing when it does not move)."""
        self.update(camera=camera)
