"""Figure style: what the window shows as interaction (drag handles, "(click)", "▶" and
"drag" hints, hover state) stays in the window; every preset's figure leaves it out."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGraphicsSimpleTextItem, QGraphicsTextItem

from app.figure_spec import FigureSpec, Length
from app.render import open_figure, render_checked
from app.scenes import build_lab, check_scene, preset_scene
from models.core.presets import load_presets
from views.common.items import Handle

SIZE = (480, 360)
SPEC = FigureSpec(Length(SIZE[0], "px"), Length(SIZE[1], "px"))
PRESETS = load_presets()
HINTS = ("click", "▶", "drag")
#: Labs whose window has drag handles on its vectors' tips.
HANDLED = {"plane", "svd", "norms", "projection"}


def _texts(scene) -> list[str]:
    out = []
    for item in scene.items():
        if isinstance(item, QGraphicsTextItem):
            out.append(item.toPlainText())
        elif isinstance(item, QGraphicsSimpleTextItem):
            out.append(item.text())
    return out


def _hints(scene) -> list[str]:
    return [t for t in _texts(scene) if any(h in t.lower() for h in HINTS)]


def _handles(scene) -> list[Handle]:
    return [item for item in scene.items() if isinstance(item, Handle)]


def _window_canvas(qtbot, checked):
    """The preset's canvas as the window shows it (not a figure)."""
    _model, view = build_lab(checked)
    qtbot.addWidget(view)
    canvas = view.canvas()
    canvas.setParent(None)
    qtbot.addWidget(canvas)
    canvas.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    canvas.resize(*SIZE)
    canvas.show()
    view.refit()
    return view, canvas


#: Handles belong to a lab's canvas and hints to the attention and product labs: one preset
#: of each lab, and every small attention preset (each shows other panels and hints).
SAMPLE = [p for p in PRESETS if p.lab == "attention" and "large" not in p.name] + [
    next(p for p in PRESETS if p.lab == lab) for lab in sorted({p.lab for p in PRESETS})
    if lab != "attention"]


@pytest.mark.parametrize("preset", SAMPLE, ids=[p.name for p in SAMPLE])
def test_a_figure_has_no_handles_or_hints_the_window_keeps_them(qtbot, preset):
    checked = check_scene(preset_scene(preset))
    with open_figure(checked, SPEC) as (_model, _view, canvas):
        scene = canvas.scene()
        assert scene.items(), "the figure draws something"
        assert _handles(scene) == []
        assert _hints(scene) == []
    _view, canvas = _window_canvas(qtbot, checked)
    handles = _handles(canvas.scene())
    if preset.lab in HANDLED:  # the check above can fail: the window has them
        assert handles and all(h.isVisible() for h in handles)
    else:
        assert handles == []


def test_the_window_keeps_the_attention_hints(qtbot):
    preset = next(p for p in PRESETS if p.name == "attention-small")
    checked = check_scene(preset_scene(preset))
    _view, canvas = _window_canvas(qtbot, checked)
    assert any("(click)" in t for t in _texts(canvas.scene()))


def test_window_handles_still_drag_after_a_figure_was_built(qtbot):
    """Figure style ends with the figure: a window view built afterwards has live handles."""
    preset = next(p for p in PRESETS if p.name == "symmetric")
    checked = check_scene(preset_scene(preset))
    with open_figure(checked, SPEC):
        pass
    _view, canvas = _window_canvas(qtbot, checked)
    handle = canvas.handle("x")
    assert handle.scene() is canvas.scene() and handle.isVisible()


def _shapes(svg: str) -> int:
    """Shapes drawn in an SVG (the writer draws every outline, handles too, as a path)."""
    return len(re.findall(r"<(?:path|circle|ellipse)\b", svg))


def _one_per_lab():
    seen: dict[str, object] = {}
    for p in PRESETS:
        if p.lab not in seen and (p.lab != "attention" or p.name == "attention-small"):
            seen[p.lab] = p
    return list(seen.values())


@pytest.mark.parametrize("preset", _one_per_lab(), ids=lambda p: p.lab)
def test_the_svg_of_each_lab_has_no_handle_circles_or_hints(qtbot, preset, tmp_path):
    checked = check_scene(preset_scene(preset))
    svg = render_checked(checked, tmp_path / "figure.svg", SPEC).read_text(encoding="utf-8")
    # Embedded pictures are base64 data, not words: "drag" can occur in it by chance.
    words = re.sub(r'href="data:[^"]*"', "", svg).lower()
    for hint in HINTS:
        assert hint not in words
    if preset.lab in HANDLED:  # the same canvas built for the window writes its handles
        from app.export import export_canvas

        # The same canvas built for the window writes its handles too: one shape more for
        # each handle it shows, at the same size, and nothing else differs.
        _view, canvas = _window_canvas(qtbot, checked)
        shown = [h for h in canvas.scene().items() if isinstance(h, Handle) and h.isVisible()]
        window = export_canvas(canvas, tmp_path / "window.svg", SPEC)
        assert shown
        assert _shapes(window.read_text(encoding="utf-8")) >= _shapes(svg) + len(shown)
