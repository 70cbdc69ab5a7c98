"""How numbers are written for people: one rule for the window, the inspector and the CLI."""

from __future__ import annotations

__all__ = ["format_value"]


def format_value(x: float, digits: int = 4, zero_below: float = 1e-12) -> str:
    """Short human text for a number: ``0.7071``, ``-2``, ``1.2e-05``.

    Values below ``zero_below`` in size print as ``0``: on screen, round-off such as
    ``-1.2e-17`` is noise; pass ``zero_below=0`` where every digit matters.
    """
    if x == 0 or abs(x) < zero_below:
        return "0"
    text = f"{x:.{digits}g}"
    if "e" not in text and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
