"""Images decoded by Qt's reader for the Low-rank lab: the pixels written come back, rows
padded or not, and unreadable or oversized images are refused with a message."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from app.image_pixels import read_pixels
from models.lowrank.files import MatrixFileError, read_matrix


def _pixels(h, w, seed=0):
    return np.random.default_rng(seed).integers(0, 256, (h, w, 3), dtype=np.uint8)


@pytest.mark.parametrize("suffix", ["png", "bmp", "ppm", "tiff"])
@pytest.mark.parametrize(("h", "w"), [(5, 7), (3, 4)])  # 7 × 3 bytes per row needs padding
def test_lossless_images_come_back_exactly(tmp_path, suffix, h, w):
    pixels = _pixels(h, w)
    path = tmp_path / f"img.{suffix}"
    Image.fromarray(pixels).save(path)
    got = read_pixels(path)
    assert got.dtype == np.uint8 and got.shape == (h, w, 3) and got.flags.c_contiguous
    np.testing.assert_array_equal(got, pixels)


def test_a_png_written_by_qt_comes_back(tmp_path):
    from PySide6.QtGui import QColor, QImage

    image = QImage(3, 2, QImage.Format.Format_RGB32)
    for x in range(3):
        for y in range(2):
            image.setPixelColor(x, y, QColor(10 * x, 100 + y, 200 - x))
    path = tmp_path / "qt.png"
    assert image.save(str(path))
    got = read_pixels(path)
    assert got.shape == (2, 3, 3)
    assert got[1, 2].tolist() == [20, 101, 198]


def test_jpeg_is_close_to_what_pillow_decodes(tmp_path):
    smooth = np.linspace(0, 255, 32 * 48).reshape(32, 48).astype(np.uint8)
    pixels = np.stack([smooth, smooth[::-1], np.full_like(smooth, 128)], axis=-1)
    path = tmp_path / "photo.jpg"
    Image.fromarray(pixels).save(path, quality=95)
    got = read_pixels(path).astype(int)
    assert got.shape == (32, 48, 3)
    assert np.abs(got - np.asarray(Image.open(path)).astype(int)).max() <= 3


def test_greyscale_and_transparent_images_give_three_channels(tmp_path):
    grey = np.arange(12, dtype=np.uint8).reshape(3, 4) * 20
    Image.fromarray(grey, mode="L").save(tmp_path / "g.png")
    got = read_pixels(tmp_path / "g.png")
    np.testing.assert_array_equal(got, np.repeat(grey[..., None], 3, axis=2))
    rgba = np.dstack([_pixels(2, 2), np.full((2, 2), 255, np.uint8)])
    Image.fromarray(rgba, mode="RGBA").save(tmp_path / "a.png")
    np.testing.assert_array_equal(read_pixels(tmp_path / "a.png"), rgba[..., :3])


def test_unreadable_images_say_why(tmp_path):
    path = tmp_path / "broken.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n this is not the rest of a PNG")
    with pytest.raises(MatrixFileError, match=r"^broken\.png: it cannot be read as an image "
                       r"\(.+\)\.$"):
        read_pixels(path)
    with pytest.raises(MatrixFileError, match="no such file"):
        read_pixels(tmp_path / "gone.png")


def test_oversized_images_are_refused_before_decoding(tmp_path):
    Image.fromarray(_pixels(20, 30)).save(tmp_path / "big.png")
    with pytest.raises(MatrixFileError, match="30 × 20 pixels, more than the limit of 500"):
        read_pixels(tmp_path / "big.png", max_pixels=500)


def test_read_matrix_with_qts_reader_matches_numpy(tmp_path):
    pixels = _pixels(6, 9, seed=1)
    Image.fromarray(pixels).save(tmp_path / "p.png")
    got = read_matrix(tmp_path / "p.png", image_reader=read_pixels)
    p = pixels.astype(np.float64)
    luma = (0.2126 * p[..., 0] + 0.7152 * p[..., 1] + 0.0722 * p[..., 2]) / 255
    np.testing.assert_allclose(got.matrix, luma, atol=1e-6)
