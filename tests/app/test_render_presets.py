"""Every shipped preset renders headless with ``linscope render``, through the same view code
as the window: each preset once, written as a transparent PNG and, from the same figure, as
SVG (building the view is what costs; writing a second format of it is cheap)."""

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

import app.export
from app.labs import LABS
from models.core.presets import load_presets

PRESETS = load_presets()

# Presets the labs' own tests and the course material name.
NAMED = {
    "product": {"product-2x3-3x2", "product-mismatch", "product-rotate-shear",
                "product-identity"},
    "projection": {"projection-acute", "projection-right-angle", "projection-obtuse",
                   "projection-onto-axis"},
    "space": {"space-rotation-z", "space-rotation-axis", "space-shear",
              "space-projection-plane", "space-singular", "space-scaling", "space-3x2-plane",
              "space-2x3-press", "space-least-squares"},
    "lowrank": {"lowrank-picture-5", "lowrank-picture-20", "lowrank-picture-50",
                "lowrank-rank3-noise", "lowrank-lora", "lowrank-2x2"},
}
# A label every figure of a lab writes: the picture is labelled, not only drawn.
LABEL = {"plane": "Aî", "svd": "σ₁", "norms": "‖x‖₁", "projection": "a·b", "product": "B",
         "space": "Aî", "attention": "weight", "embeddings": "σ₁", "lowrank": "singular values"}
WIDTH, HEIGHT = 800, 600


def test_every_lab_has_presets_and_every_preset_a_lab():
    labs = {s.id for s in LABS}
    assert {p.lab for p in PRESETS} == labs == set(LABEL)
    assert len([p for p in PRESETS if p.lab == "svd"]) >= 5


@pytest.mark.parametrize("lab", sorted(NAMED))
def test_the_named_presets_are_shipped(lab):
    names = {p.name for p in PRESETS if p.lab == lab}
    assert NAMED[lab] <= names
    if lab == "space":
        assert names == NAMED[lab]


@pytest.fixture
def also_svg(monkeypatch):
    """The renderer writes each figure it exports as SVG and PDF too, from the same laid-out
    canvas."""
    export_canvas = app.export.export_canvas

    def export_twice(canvas, path, spec=None):
        export_canvas(canvas, Path(path).with_suffix(".svg"), spec)
        export_canvas(canvas, Path(path).with_suffix(".pdf"), spec)
        return export_canvas(canvas, path, spec)

    monkeypatch.setattr(app.export, "export_canvas", export_twice)


@pytest.mark.parametrize("preset", PRESETS, ids=lambda p: p.name)
def test_every_preset_renders_headless(qapp, cli, also_svg, preset, tmp_path):
    out = tmp_path / f"{preset.name}.png"
    status, stdout, err = cli("render", "--preset", preset.name, "-o", str(out), "--width",
                              str(WIDTH), "--height", str(HEIGHT), "--transparent")
    assert (status, stdout.strip(), err) == (0, f"wrote {out}", "")
    img = QImage(str(out))
    assert (img.width(), img.height()) == (WIDTH, HEIGHT)
    assert img.hasAlphaChannel()
    # A figure, not an empty frame: many distinct colours, and ink over a good share of it,
    # on a background left clear.
    pixels = [img.pixel(x, y) for x in range(0, WIDTH, 7) for y in range(0, HEIGHT, 7)]
    alphas = {p >> 24 & 0xFF for p in pixels}
    assert 0 in alphas and 255 in alphas
    assert len(set(pixels)) > 40
    inked = sum(1 for a in (p >> 24 & 0xFF for p in pixels) if a) / len(pixels)
    assert inked > 0.03, inked
    root = ET.parse(out.with_suffix(".svg")).getroot()
    assert root.tag.endswith("svg") and root.get("viewBox") == f"0 0 {WIDTH} {HEIGHT}"
    assert len(list(root.iter())) > 20
    drawn = [e for e in root.iter() if e.tag.endswith(("path", "polyline", "polygon", "image",
                                                        "rect"))]
    assert len(drawn) > 5
    assert LABEL[preset.lab] in " ".join(t.strip() for t in root.itertext())
    pdf = out.with_suffix(".pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and b"/FontFile2" in pdf  # text with its font embedded
    assert b"/DCTDecode" not in pdf  # no JPEG: images are lossless
