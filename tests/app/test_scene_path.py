"""One scene path: a scene opened in the window and one built headless (``linscope render``,
tests) hold the same model state and view options in every lab."""

from __future__ import annotations

from app.labs import LABS
from app.scenes import build_lab, load_scene_file, preset_scene
from models.core.presets import load_presets
from models.core.scene import write_scene


def _scene(spec) -> dict:
    """The lab's last preset with every view option the opposite of its default."""
    preset = [p for p in load_presets() if p.lab == spec.id][-1]
    doc = preset_scene(preset)
    doc["view"] = {t.key: not t.default for t in spec.view_class().TOGGLES}
    return doc


def test_the_window_and_a_headless_build_show_a_scene_alike(window, tmp_path):
    for spec in LABS:
        doc = _scene(spec)
        path = tmp_path / f"{spec.id}.json"
        write_scene(path, doc)
        assert window.open_scene(path) is None
        model, view = build_lab(load_scene_file(path))
        try:
            shown = window.model_for(spec).to_dict()
            assert shown == model.to_dict() != type(model)().to_dict(), spec.id
            assert window.view.view_options() == view.view_options() == doc["view"], spec.id
            menu = {a.text(): a.isChecked() for a in window.toggle_menu.actions()}
            assert menu == {t.label: doc["view"][t.key] for t in spec.view_class().TOGGLES}
        finally:
            view.close()
            view.deleteLater()


def test_a_preset_is_one_undo_step_for_its_state_and_sets_its_view_options(window):
    window.switch_lab("norms")
    model = window.model_for(window.spec)
    before = model.state
    window.view.set_option("images", True)
    window.apply_preset("norms-unit-balls")  # its scene turns the images off
    assert model.state is not before and window.undo_stack.count() == 1
    assert window.view.option("images") is False
    window.undo()
    assert model.state is before
