"""Helpers for the vector figure tests: render a preset, rasterise SVG and PDF with the
tools people view them with (librsvg, poppler), compare pictures as arrays."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

#: Figures compared pixel for pixel: the same size for PNG, SVG and PDF.
WIDTH, HEIGHT = 640, 480


def need(tool: str) -> str:
    """The path of a command-line tool, or skip the test when it is not installed."""
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} is not installed")
    return path


def grey(path: Path) -> np.ndarray:
    """A picture file as a float array of grey levels 0…255 (transparency over white)."""
    from PySide6.QtGui import QColor, QImage, QPainter

    src = QImage(str(path))
    assert not src.isNull(), path
    img = QImage(src.size(), QImage.Format.Format_ARGB32)
    img.fill(QColor("white"))
    painter = QPainter(img)
    painter.drawImage(0, 0, src)
    painter.end()
    img = img.convertToFormat(QImage.Format.Format_Grayscale8)
    data = np.frombuffer(img.constBits(), np.uint8, img.sizeInBytes())
    return data.reshape(img.height(), img.bytesPerLine())[:, :img.width()].astype(float)


def blocks(a: np.ndarray, k: int = 8) -> np.ndarray:
    """Means over k×k blocks: what a reader sees, with antialiasing averaged out."""
    h, w = (a.shape[0] // k) * k, (a.shape[1] // k) * k
    return a[:h, :w].reshape(h // k, k, w // k, k).mean(axis=(1, 3))


def svg_to_png(svg: Path, width: int, height: int) -> Path:
    out = svg.with_suffix(".svg.png")
    subprocess.run([need("rsvg-convert"), "-w", str(width), "-h", str(height), "-b", "white",
                    "-o", str(out), str(svg)], check=True, timeout=60)
    return out


def pdf_to_png(pdf: Path, width: int, height: int) -> Path:
    stem = pdf.with_suffix(".pdf")
    subprocess.run([need("pdftoppm"), "-r", "72", "-png", "-singlefile",
                    "-scale-to-x", str(width), "-scale-to-y", str(height), str(pdf),
                    str(stem)], check=True, timeout=60)
    return stem.with_suffix(".pdf.png")


def render(name: str, folder: Path, spec=None, suffixes=(".png", ".svg", ".pdf"),
           stem: str | None = None) -> dict[str, Path]:
    """Render preset ``name`` headless to each suffix in ``folder``; {suffix: path}."""
    from app.figure_spec import FigureSpec, Length
    from app.render import render_checked
    from app.scenes import check_scene, find_preset, preset_scene

    spec = spec or FigureSpec(Length(WIDTH, "px"), Length(HEIGHT, "px"))
    checked = check_scene(preset_scene(find_preset(name)))
    return {s: render_checked(checked, folder / f"{stem or name}{s}", spec) for s in suffixes}
