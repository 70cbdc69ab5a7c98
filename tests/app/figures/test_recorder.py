"""The recording engine keeps geometry in output units: transforms applied to coordinates,
real stroke widths, clips as the painter sets and restores them, text as text."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

SVG = "{http://www.w3.org/2000/svg}"


def _svg(paint, tmp_path, size=(200, 100), **kw):
    from app.figures import write_svg

    path = tmp_path / "t.svg"
    assert write_svg(paint, size, path, **kw)
    return path.read_text(encoding="utf-8"), ET.parse(path).getroot()


def test_a_cosmetic_pen_under_a_large_transform_keeps_its_width(qapp, tmp_path):
    from PySide6.QtCore import QLineF, Qt
    from PySide6.QtGui import QColor, QPen

    def paint(p):
        p.translate(100, 50)
        p.scale(89, -89)  # a plot's data transform: y up, 89 pixels a unit
        pen = QPen(QColor("#123456"), 2)
        pen.setCosmetic(True)
        p.setPen(pen)
        p.drawLine(QLineF(-1, 0, 1, 0.5))
        thick = QPen(QColor("red"), 0.05)  # non-cosmetic: scales with the transform
        thick.setStyle(Qt.PenStyle.DashLine)
        p.setPen(thick)
        p.drawLine(QLineF(0, -0.5, 0, 0.5))

    text, root = _svg(paint, tmp_path)
    assert "transform" not in text and "vector-effect" not in text
    first, second = root.iter(f"{SVG}path")
    assert first.get("d") == "M11 50L189 5.5"
    assert first.get("stroke-width") == "2" and first.get("stroke") == "#123456"
    assert float(second.get("stroke-width")) == pytest.approx(0.05 * 89, abs=0.01)
    # Qt's dash line is 4 widths on, 2 off.
    dashes = [float(d) for d in second.get("stroke-dasharray").split(",")]
    assert dashes == pytest.approx([4 * 4.45, 2 * 4.45], abs=0.02)


def test_clips_follow_save_restore_and_intersection(qapp, tmp_path):
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor

    def paint(p):
        p.save()
        p.translate(10, 10)
        p.setClipRect(QRectF(0, 0, 100, 50))
        p.setClipRect(QRectF(50, 0, 100, 100), Qt.ClipOperation.IntersectClip)
        p.fillRect(QRectF(0, 0, 200, 200), QColor("blue"))
        p.restore()
        p.fillRect(QRectF(0, 0, 5, 5), QColor("red"))

    _text, root = _svg(paint, tmp_path)
    clip = next(root.iter(f"{SVG}clipPath"))

    xs = [float(v) for v in clip[0].get("d").replace("M", " ").replace("L", " ")
          .replace("Z", " ").split()]
    assert (min(xs[0::2]), max(xs[0::2]), min(xs[1::2]), max(xs[1::2])) == (60, 110, 10, 60)
    groups = [g for g in root.iter(f"{SVG}g") if g.get("clip-path")]
    assert len(groups) == 1 and len(list(groups[0])) == 1
    # The red square after restore is drawn unclipped, outside the group.
    assert root[-1].get("fill") == "#ff0000"


def test_text_is_escaped_sized_and_turned(qapp, tmp_path):
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QColor, QFont

    def paint(p):
        font = QFont("DejaVu Sans")
        font.setPointSizeF(9)
        p.setFont(font)
        p.setPen(QColor("#336699"))
        p.drawText(QPointF(10, 20), "a<b & λ‖x‖₂")
        p.translate(50, 80)
        p.rotate(-90)
        p.drawText(QPointF(0, 0), "y")

    text, root = _svg(paint, tmp_path)
    runs = list(root.iter(f"{SVG}text"))
    assert "".join(t.text for t in runs[:-1]) == "a<b & λ‖x‖₂"
    assert "&lt;b &amp;" in text and "λ" in text  # UTF-8, not character references
    assert float(runs[0].get("font-size")) == pytest.approx(12)  # 9 pt at 96 per inch
    assert runs[0].get("fill") == "#336699"
    assert runs[-1].get("transform") == "rotate(-90 50 80)"
    _t, outlined = _svg(paint, tmp_path, text_as_paths=True)
    assert not list(outlined.iter(f"{SVG}text"))
    assert len(list(outlined.iter(f"{SVG}path"))) == len(runs)


def test_a_small_image_becomes_cells_in_place(qapp, tmp_path):
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QImage

    image = QImage(3, 2, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    image.setPixelColor(0, 0, QColor("red"))
    image.setPixelColor(1, 0, QColor("red"))

    def paint(p):
        p.translate(0, 100)
        p.scale(10, -10)  # drawn upside down, as a y-up plot draws a heatmap
        p.drawImage(QRectF(0, 0, 3, 2), image)

    _text, root = _svg(paint, tmp_path)
    cells = [(r.get("fill"), r.get("x"), r.get("y"), r.get("width"), r.get("height"))
             for r in root.iter(f"{SVG}rect")]
    # Row 0 (red, red, white) lands at the bottom: y from 90 to 100.
    assert cells == [("#ff0000", "0", "90", "20", "10"), ("#ffffff", "20", "90", "10", "10"),
                     ("#ffffff", "0", "80", "30", "10")]


def test_text_is_written_at_the_pixel_size_qt_laid_it_out_with(qapp, tmp_path):
    """13 pt is 17.33 px, but Qt lays text out at 17 px; a run written at 17.33 came out 2 %
    wider than its box in librsvg, which clipped its end."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QFont, QFontInfo

    font = QFont("DejaVu Sans")
    font.setPointSizeF(13)

    def paint(p):
        p.setFont(font)
        p.drawText(QPointF(10, 40), "Attention weights")

    _text, root = _svg(paint, tmp_path)
    size = float(next(root.iter(f"{SVG}text")).get("font-size"))
    assert size == QFontInfo(font).pixelSize() == 17
