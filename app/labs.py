"""The lab registry: one line per lab. Adding a lab means a model in models/, a view in
views/, presets in assets/presets, and one entry here."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

__all__ = ["LabSpec", "LABS", "lab_spec"]


@dataclass(frozen=True)
class LabSpec:
    """How the app builds one lab.

    Attributes
    ----------
    id : str
        The name used in scenes (``"lab": id``) and menus.
    title : str
        Shown to people.
    model : str
        ``"module:Class"`` of the model (imported lazily so the CLI stays light).
    view : str
        ``"module:Class"`` of the view.
    shares : str
        Labs with the same ``shares`` key show one shared model instance in the window:
        editing A in one updates every view of it.
    work : str
        ``"module:Class"`` of the controller that runs the view's heavy work off the GUI
        thread (built as ``Class(view, runner)``), or ``""`` when the lab has none.
    view_state : str
        ``"module:Class"`` of the view's presentation state (a
        :class:`models.core.view_state.ViewState`): what a scene's ``view`` object holds.
    setup : str
        ``"module:function"`` called once before the lab's model is first used: it gives the
        models what only the app has (the Low-rank lab's image reader is Qt's), or "".
    """

    id: str
    title: str
    model: str
    view: str
    shares: str = ""
    work: str = ""
    view_state: str = "models.core.view_state:ViewState"
    setup: str = ""

    def model_class(self):
        """The model class (a :class:`models.core.evented.LabModel`), its lab set up."""
        if self.setup:
            _load(self.setup)()
        return _load(self.model)

    def view_class(self):
        """The view class (a :class:`views.common.lab_view.LabView`)."""
        return _load(self.view)

    def view_state_class(self):
        """The class of the view's presentation state (checks a scene's ``view`` object)."""
        return _load(self.view_state)

    def make_view(self, model, runner=None, parent=None):
        """A view of ``model``, wired to the controller of its heavy work if the lab has one.

        Parameters
        ----------
        model : LabModel
        runner : TaskRunner, optional
            Where that work runs; None computes it synchronously (headless rendering).
        parent : QWidget, optional
        """
        view = self.view_class()(model, parent)
        if self.work:
            _load(self.work)(view, runner)  # a child of the view: it goes with it
        return view

    @property
    def share_key(self) -> str:
        """Key of the model instance this lab uses in a window."""
        return self.shares or self.id


def _load(ref: str):
    module, name = ref.split(":")
    return getattr(importlib.import_module(module), name)


LABS: tuple[LabSpec, ...] = (
    LabSpec("plane", "Plane (2×2 maps)", "models.plane.model:PlaneModel",
            "views.plane.view:PlaneView", shares="plane-A",
            view_state="models.plane.view_state:PlaneViewState"),
    LabSpec("svd", "SVD step by step", "models.plane.model:PlaneModel",
            "views.svd.view:SvdView", shares="plane-A",
            view_state="models.plane.view_state:SvdViewState"),
    LabSpec("norms", "Norms and unit balls", "models.plane.model:PlaneModel",
            "views.norms.view:NormsView", shares="plane-A"),
    LabSpec("projection", "Projection and the dot product",
            "models.projection.model:ProjectionModel", "views.projection.view:ProjectionView"),
    LabSpec("product", "Matrix product", "models.product.model:ProductModel",
            "views.product.view:ProductView"),
    LabSpec("space", "Space (3×3 and non-square maps)", "models.space.model:SpaceModel",
            "views.space.view:SpaceView", view_state="models.space.view_state:SpaceViewState"),
    LabSpec("attention", "Attention", "models.attention.model:AttentionModel",
            "views.attention.view:AttentionView", work="app.attention_jobs:AttentionJobs"),
    LabSpec("embeddings", "Embeddings", "models.embeddings.model:EmbeddingsModel",
            "views.embeddings.view:EmbeddingsView", work="app.embedding_files:VectorFiles",
            view_state="models.embeddings.view_state:EmbeddingsViewState"),
    LabSpec("lowrank", "Low rank and LoRA", "models.lowrank.model:LowRankModel",
            "views.lowrank.view:LowRankView", work="app.lowrank_jobs:LowRankJobs",
            setup="app.lowrank_jobs:setup"),
)


def lab_spec(lab_id: str) -> LabSpec:
    """The spec of ``lab_id``; raises ``KeyError`` with the known names."""
    for spec in LABS:
        if spec.id == lab_id:
            return spec
    raise KeyError(f"unknown lab {lab_id!r}; known labs: " + ", ".join(s.id for s in LABS))
