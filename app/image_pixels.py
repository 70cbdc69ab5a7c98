"""Decoding an image file for the Low-rank lab with Qt's own reader (models cannot: they
never import Qt). PNG, JPEG, BMP, GIF, TIFF, WebP, PPM/PGM… whatever Qt's image plugins read,
a photo turned upright by its EXIF orientation."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from models.lowrank.files import MAX_ELEMENTS, MatrixFileError

__all__ = ["read_pixels"]


def read_pixels(path: str | Path, max_pixels: int = MAX_ELEMENTS) -> np.ndarray:
    """The pixels of an image file as RGB bytes.

    Parameters
    ----------
    path : str or Path
    max_pixels : int
        A larger image is refused from its header, before it is decoded.

    Returns
    -------
    ndarray (h, w, 3) of uint8
        A copy, C-contiguous. Transparency is dropped (the colour stored under it is kept);
        greyscale and palette images come back with three equal or looked-up channels.

    Raises
    ------
    MatrixFileError
        No such file, too many pixels, or a file Qt cannot decode (with Qt's reason).
    """
    from PySide6.QtGui import QImage, QImageReader

    path = Path(path)
    if not path.is_file():
        raise MatrixFileError("there is no such file" if not path.exists() else
                              "it is not a file", path)
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    size = reader.size()  # from the header; invalid when the format cannot tell
    if size.isValid() and size.width() * size.height() > max_pixels:
        raise MatrixFileError(f"the image has {size.width():,} × {size.height():,} pixels, "
                              f"more than the limit of {max_pixels:,}", path)
    image = reader.read()
    if image.isNull():
        raise MatrixFileError(f"it cannot be read as an image ({reader.errorString()})", path)
    w, h = image.width(), image.height()
    if w * h > max_pixels:
        raise MatrixFileError(f"the image has {w:,} × {h:,} pixels, more than the limit of "
                              f"{max_pixels:,}", path)
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    stride = rgb.bytesPerLine()  # rows are padded to 4 bytes
    rows = np.frombuffer(rgb.constBits(), np.uint8, count=stride * h).reshape(h, stride)
    # A copy, always: the rows are a view of the QImage's memory, freed with it.
    return rows[:, : 3 * w].reshape(h, w, 3).copy()
