"""The one error a recording reports, and the optional packages it needs."""

from __future__ import annotations

import importlib

__all__ = ["RecordingError", "EXTRA_HINT", "require"]

#: What to install when a recording's packages are missing.
EXTRA_HINT = "pip install 'linscope[record]'"


class RecordingError(ValueError):
    """A recording that cannot be made: a quantity the lab does not have, an unknown format,
    a length or frame rate out of range, a missing optional package, an unwritable file.
    The message is one line for a person."""


def require(module: str, what: str):
    """Import ``module`` (an optional package) or raise :class:`RecordingError` naming the
    extra to install."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise RecordingError(f"{what} needs the optional package {module.split('.')[0]!r}: "
                             f"{EXTRA_HINT}") from None
