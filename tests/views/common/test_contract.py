"""The view contract (LabView, MatrixLabView) and the layer-visibility API of the canvases,
checked on every registered lab."""

import pyqtgraph as pg
import pytest

from app.labs import LABS
from models.plane.model import PlaneModel
from views.common.lab_view import LabView
from views.common.layer_toggles import LayerToggles
from views.common.matrix_lab import MatrixLabView


class _NoCanvas(LabView):
    pass


class _NoShow(MatrixLabView):
    def canvas(self):
        return None


def test_a_view_without_the_abstract_methods_is_refused(qtbot):
    with pytest.raises(TypeError, match="canvas"):
        _NoCanvas(PlaneModel())
    with pytest.raises(TypeError, match="_show"):
        _NoShow(PlaneModel())


@pytest.fixture(params=[spec.id for spec in LABS])
def lab(request, show_lab):
    spec = next(s for s in LABS if s.id == request.param)
    return show_lab(spec.view_class(), spec.model_class()(), size=(900, 700))


def test_every_lab_view_keeps_the_contract(lab):
    model, view, _ = lab
    assert isinstance(view, LabView)
    canvas = view.canvas()
    assert isinstance(canvas, pg.GraphicsView)
    view.refit()  # defined by every view (LabView's does nothing)
    assert view.canvas() is canvas
    # The editor is declared: a grid of the model's entries, or None.
    assert view.editor is None or view.editor.texts() == list(model.state.texts)


def test_toggles_switch_the_canvas_layers_and_their_items(lab):
    _, view, _ = lab
    canvas = view.canvas()
    if not isinstance(canvas, LayerToggles):
        pytest.skip("this lab's figure has no on/off layers")
    keys = [t.key for t in view.TOGGLES if t.key in canvas._visible]
    assert keys
    for key in keys:
        for on in (not view.option(key), view.option(key)):
            view.set_option(key, on)
            assert canvas.layer_visible(key) is on
            items = canvas._layers[key]
            if not on:
                assert not any(item.isVisible() for item in items), key
    with pytest.raises(KeyError):
        canvas.set_layer_visible("no such layer", True)


def test_projection_grid_hides_with_its_toggle(show_lab):
    spec = next(s for s in LABS if s.id == "projection")
    _, view, _ = show_lab(spec.view_class(), spec.model_class()())
    grid = view.canvas().items["grid"]
    view.set_option("grid", False)
    assert not grid.isVisible()
    view.set_option("grid", True)
    assert grid.isVisible() and len(grid.xData) > 0
