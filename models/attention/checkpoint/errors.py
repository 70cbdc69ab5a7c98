"""The two ways opening a model folder can fail that a person must be told about.

:class:`ModelFolderError` is a folder that cannot be read as a model (a missing or damaged
file, an architecture linscope does not implement, too little memory); its message is one
line naming the file or the architecture. :class:`MissingExtra` is a Python package that is
not installed; its message says which extra of linscope brings it.
"""

from __future__ import annotations

__all__ = ["EXTRA_HINT", "MissingExtra", "ModelFolderError"]

#: How to install what reading a model's tokenizer and weights needs.
EXTRA_HINT = "pip install 'linscope[models]'"


class ModelFolderError(ValueError):
    """A model folder that cannot be opened; the message is one line for a person.

    Parameters
    ----------
    message : str
        What is wrong, naming the missing file, the damaged tensor or the architecture.
    """

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(str(message).split()))


class MissingExtra(ImportError):
    """A package of the ``models`` extra is not installed.

    Parameters
    ----------
    package : str
        The missing package (``"tokenizers"``).
    what : str
        What needs it (``"reading tokenizer.json"``).
    """

    def __init__(self, package: str, what: str) -> None:
        super().__init__(f"{what} needs the {package} package, which is not installed: "
                         f"{EXTRA_HINT}", name=package)
        self.package = package
