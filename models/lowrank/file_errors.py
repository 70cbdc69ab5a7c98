"""What opening a matrix file for the Low-rank lab can raise.

Every refusal is one :class:`MatrixFileError` (a :class:`ValueError`) whose message is one
sentence starting with the file's name and, for text, naming the 1-based line at fault; the
app and the command line show it as it is.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["MatrixFileError"]


class MatrixFileError(ValueError):
    """A file that cannot be opened as a matrix.

    Parameters
    ----------
    message : str
        One sentence saying what is wrong, without the file's name.
    path : str or Path, optional
        The file at fault; its name starts the message.
    line : int, optional
        The 1-based line of a text file at fault.

    Attributes
    ----------
    path, line
        As given, so a caller can point at the place without parsing the message.
    """

    def __init__(self, message: str, path: str | Path | None = None,
                 line: int | None = None) -> None:
        self.path = None if path is None else Path(path)
        self.line = line
        text = message if self.path is None else f"{self.path.name}: {message}"
        text = " ".join(text.splitlines())
        super().__init__(text if text.endswith(".") else text + ".")
