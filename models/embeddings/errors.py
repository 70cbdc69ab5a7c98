"""What reading a person's word-vector file can raise.

Every refusal is one :class:`EmbeddingFileError` (a :class:`ValueError`) whose message is one
sentence naming the file and, where it helps, the 1-based line and field; the app shows it as
it is. A cancelled load raises :class:`LoadCancelled`, which is no error of the file.
"""

from __future__ import annotations

from pathlib import Path


class EmbeddingFileError(ValueError):
    """A word-vector file that cannot be read as one.

    Parameters
    ----------
    message : str
        One sentence saying what is wrong, without the file's name.
    path : str or Path, optional
        The file at fault; its name starts the message.
    line : int, optional
        The 1-based line (or row of an array) at fault.
    field : int, optional
        The 1-based field of that line, counting a label column as field 1.

    Attributes
    ----------
    path, line, field
        As given, so a caller can point at the place without parsing the message.
    """

    def __init__(self, message: str, path: str | Path | None = None,
                 line: int | None = None, field: int | None = None) -> None:
        self.path = None if path is None else Path(path)
        self.line = line
        self.field = field
        text = message if self.path is None else f"{self.path.name}: {message}"
        if not text.endswith("."):
            text += "."
        super().__init__(text)


class EmbeddingTooLarge(EmbeddingFileError):
    """A file over a limit: too many bytes, vectors or dimensions.

    A subclass so the app can suggest a remedy (a smaller file, a higher limit) that a
    malformed file would not deserve.
    """


class LoadCancelled(Exception):
    """The person cancelled the load; nothing was kept."""
