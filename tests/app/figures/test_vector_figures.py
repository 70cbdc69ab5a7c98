"""SVG and PDF figures draw the same picture as the PNG, in the viewers people use.

Each lab's figure is rendered to PNG, SVG and PDF at the same size; the SVG is rasterised
with librsvg (rsvg-convert) and the PDF with poppler (pdftoppm) and compared with the PNG
as grey levels. Qt's own SVG generator failed this: librsvg drew its grid lines and arrows
as giant bars (``vector-effect`` under a ×89 transform).
"""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter

import numpy as np
import pytest

from tests.app.figures.pictures import (
    HEIGHT,
    WIDTH,
    blocks,
    grey,
    need,
    pdf_to_png,
    render,
    svg_to_png,
)

SVG = "{http://www.w3.org/2000/svg}"

#: One preset per lab; the long-context one draws its overview as an image.
PRESETS = ["symmetric", "svd-symmetric", "norms-unit-balls", "projection-acute",
           "product-2x2", "space-shear", "attention-small", "attention-large-4096"]

# Thresholds, in grey levels of 255. Qt, pango (librsvg) and poppler antialias and hint
# text differently and Qt draws hatch lines aliased, so single pixels differ: measured
# per-pixel means run from 0.6 (plane) to 6 (text-heavy figures) and 14 (a figure half
# covered by a one-pixel hatch). Averaged over 8×8 blocks (one hatch period), what a
# reader sees, every figure measured under 3. A misplaced axis or a stroke drawn as a bar
# moves whole blocks by ~100 (the old writer: a mean of 128).
PIXEL_MEAN = 16.0
BLOCK_MEAN = 4.5


@pytest.fixture(scope="module")
def figures(qapp, tmp_path_factory):
    """{preset: {suffix: path}}, each preset rendered once for the whole module."""
    folder = tmp_path_factory.mktemp("figures")
    cache: dict = {}

    def get(name: str):
        if name not in cache:
            cache[name] = render(name, folder)
        return cache[name]

    return get


def _difference(png, other) -> tuple[float, float]:
    a, b = grey(png), grey(other)
    assert a.shape == b.shape == (HEIGHT, WIDTH)
    return float(np.abs(a - b).mean()), float(np.abs(blocks(a) - blocks(b)).mean())


@pytest.mark.parametrize("name", PRESETS)
def test_svg_in_librsvg_draws_the_png(figures, name):
    files = figures(name)
    text = files[".svg"].read_text(encoding="utf-8")
    assert "vector-effect" not in text
    assert 'transform="matrix(' not in text
    pixel, block = _difference(files[".png"], svg_to_png(files[".svg"], WIDTH, HEIGHT))
    print(f"{name}: SVG vs PNG, mean |difference| {pixel:.2f} a pixel, {block:.2f} a block")
    assert pixel < PIXEL_MEAN and block < BLOCK_MEAN, (pixel, block)


@pytest.mark.parametrize("name", PRESETS)
def test_pdf_in_poppler_draws_the_png(figures, name):
    files = figures(name)
    pixel, block = _difference(files[".png"], pdf_to_png(files[".pdf"], WIDTH, HEIGHT))
    print(f"{name}: PDF vs PNG, mean |difference| {pixel:.2f} a pixel, {block:.2f} a block")
    assert pixel < PIXEL_MEAN and block < BLOCK_MEAN, (pixel, block)
    # Images are stored losslessly: JPEG tints a heatmap's colours.
    assert b"/DCTDecode" not in files[".pdf"].read_bytes()


def test_a_physical_figure_has_its_size_and_nine_point_text(qapp, tmp_path):
    from app.figure_spec import FigureSpec, parse_length

    spec = FigureSpec(parse_length("85mm"), parse_length("60mm"))
    files = render("symmetric", tmp_path, spec, (".svg", ".pdf"))
    root = ET.parse(files[".svg"]).getroot()
    assert (root.get("width"), root.get("height")) == ("85mm", "60mm")
    view = [float(v) for v in root.get("viewBox").split()]
    assert view[2] == pytest.approx(85 / 25.4 * 96, abs=1)
    assert view[3] == pytest.approx(60 / 25.4 * 96, abs=1)
    assert root.find(f"{SVG}title").text == "linscope figure"
    # View box units are logical pixels, 96 to the inch: a point is 96/72 of them.
    sizes = [round(float(t.get("font-size")) * 72 / 96, 1) for t in root.iter(f"{SVG}text")]
    assert len(sizes) > 5
    assert all(0.8 * 9 <= s <= 1.4 * 9 for s in sizes), sizes
    assert Counter(sizes).most_common(1)[0][0] == 9.0

    info = subprocess.run([need("pdfinfo"), str(files[".pdf"])], capture_output=True,
                          text=True, check=True).stdout
    w, h = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
    assert w == pytest.approx(85 / 25.4 * 72, abs=1) and h == pytest.approx(60 / 25.4 * 72,
                                                                            abs=1)
    assert re.search(r"Title:\s+linscope figure", info)
    fonts = subprocess.run([need("pdffonts"), str(files[".pdf"])], capture_output=True,
                           text=True, check=True).stdout.splitlines()[2:]
    assert fonts, "the PDF has no fonts: its text is not text"
    # Columns: name type encoding emb sub uni object ID; every font is embedded.
    assert all(line.split()[-5] == "yes" for line in fonts), fonts
    # The labels are bold: the bold face itself is embedded, not the regular one for both.
    assert any("Bold" in line.split()[0] for line in fonts), fonts
    # Text sizes read back from the PDF: poppler's word boxes are one line tall, which for
    # DejaVu Sans is 1.164 em (ascent 0.928 + descent 0.236).
    words = subprocess.run([need("pdftotext"), "-bbox", str(files[".pdf"]), "-"],
                           capture_output=True, text=True, check=True).stdout
    boxes = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', words)
    pdf_sizes = [round((float(b) - float(a)) / 1.1641, 1) for a, b in boxes]
    assert len(pdf_sizes) > 5
    assert all(0.8 * 9 - 0.1 <= s <= 1.4 * 9 + 0.1 for s in pdf_sizes), pdf_sizes
    assert Counter(pdf_sizes).most_common(1)[0][0] == pytest.approx(9.0, abs=0.1)


def test_heatmap_cells_are_vector_rectangles(figures):
    files = figures("attention-small")
    root = ET.parse(files[".svg"]).getroot()
    assert not list(root.iter(f"{SVG}image"))
    groups = [g for g in root.iter(f"{SVG}g") if g.get("shape-rendering") == "crispEdges"]
    fills = [{r.get("fill") for r in g.iter(f"{SVG}rect")} for g in groups]
    # The preset has seven tokens: a 7×7 heatmap of scores has 49 different colours.
    assert max(len(f) for f in fills) >= 7 * 7
    assert b"/DCTDecode" not in files[".pdf"].read_bytes()


def test_a_large_image_is_embedded_crisp(figures):
    root = ET.parse(figures("attention-large-4096")[".svg"]).getroot()
    images = list(root.iter(f"{SVG}image"))
    assert images
    for image in images:
        assert image.get("preserveAspectRatio") == "none"
        assert "pixelated" in image.get("style")
        assert image.get("{http://www.w3.org/1999/xlink}href").startswith(
            "data:image/png;base64,")


def test_text_as_paths_leaves_no_text(qapp, tmp_path):
    from app.figure_spec import FigureSpec, Length

    spec = FigureSpec(Length(WIDTH, "px"), Length(HEIGHT, "px"), text_as_paths=True)
    outlined = render("symmetric", tmp_path, spec, (".svg",), stem="outlined")[".svg"]
    plain = render("symmetric", tmp_path, suffixes=(".svg",))[".svg"]
    root, before = ET.parse(outlined).getroot(), ET.parse(plain).getroot()
    texts = len(list(before.iter(f"{SVG}text")))
    assert texts > 5
    assert not list(root.iter(f"{SVG}text"))
    paths = len(list(root.iter(f"{SVG}path")))
    assert paths >= len(list(before.iter(f"{SVG}path"))) + texts


def test_plot_is_clipped_by_a_clip_path(figures):
    root = ET.parse(figures("symmetric")[".svg"]).getroot()
    clips = {c.get("id") for c in root.iter(f"{SVG}clipPath")}
    assert clips
    used = {g.get("clip-path") for g in root.iter(f"{SVG}g") if g.get("clip-path")}
    assert used and used <= {f"url(#{c})" for c in clips}
