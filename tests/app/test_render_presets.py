"""Every shipped preset renders headless, through the same view code as the window."""

import xml.etree.ElementTree as ET

import pytest
from PySide6.QtGui import QImage

from app.cli import main
from app.labs import LABS
from models.core.presets import load_presets

PRESETS = load_presets()


def test_every_lab_has_presets_and_every_preset_a_lab():
    labs = {s.id for s in LABS}
    assert {p.lab for p in PRESETS} == labs


@pytest.mark.parametrize("preset", PRESETS, ids=lambda p: p.name)
def test_render_preset_to_svg(qapp, preset, tmp_path, capsys):
    out = tmp_path / f"{preset.name}.svg"
    assert main(["render", "--preset", preset.name, "-o", str(out), "--width", "640",
                 "--height", "480"]) == 0
    assert capsys.readouterr().out.strip() == f"wrote {out}"
    root = ET.parse(out).getroot()
    assert root.tag.endswith("svg") and root.get("viewBox") == "0 0 640 480"
    drawn = [e for e in root.iter() if e.tag.endswith(("path", "polyline", "polygon", "image",
                                                        "rect"))]
    assert len(drawn) > 5


@pytest.mark.parametrize("lab", [s.id for s in LABS])
def test_render_png_of_each_lab_is_sized_and_transparent(qapp, lab, tmp_path):
    preset = next(p for p in PRESETS if p.lab == lab)
    out = tmp_path / "fig.png"
    assert main(["render", "--preset", preset.name, "-o", str(out), "--width", "800",
                 "--height", "600", "--transparent"]) == 0
    img = QImage(str(out))
    assert (img.width(), img.height()) == (800, 600)
    assert img.hasAlphaChannel()
    alphas = {img.pixelColor(x, y).alpha() for x in range(0, 800, 37) for y in range(0, 600, 29)}
    assert 0 in alphas and 255 in alphas  # background left clear, the figure drawn on it
    # A figure, not an empty frame: many distinct colours, and ink over a good share of it.
    pixels = [img.pixel(x, y) for x in range(0, 800, 7) for y in range(0, 600, 7)]
    assert len(set(pixels)) > 40
    inked = sum(1 for p in pixels if (p >> 24) & 0xFF) / len(pixels)
    assert inked > 0.03, inked
