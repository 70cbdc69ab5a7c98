"""The preset list: a click applies once, a double-click too, Enter applies."""

from models.core.presets import load_presets
from views.common.preset_panel import PresetPanel


def test_double_click_applies_once_and_enter_applies(qtbot):
    panel = PresetPanel()
    qtbot.addWidget(panel)
    panel.set_presets([p for p in load_presets() if p.lab == "plane"])
    chosen = []
    panel.preset_chosen.connect(lambda name, value: chosen.append(name))
    item = panel.list.item(1)
    panel.list.itemClicked.emit(item)
    panel.list.itemActivated.emit(item)  # what the second click of a double-click sends
    assert chosen == ["rotation"]
    panel._last_click = None
    panel.list.itemActivated.emit(panel.list.item(2))  # Enter on a row
    assert chosen == ["rotation", "scaling"]
    assert panel.slider.isVisibleTo(panel)  # a parameterised preset shows its slider
