"""Tokenising with a folder's ``tokenizer.json``, and showing tokens to people.

The ``tokenizers`` package runs the file exactly as it is written (normaliser,
pre-tokeniser, model, post-processor: BERT's ``[CLS] … [SEP]`` included). It is imported
only here and only when text is tokenised, so a forward pass from token ids needs nothing
beyond NumPy.

How a token is shown (:func:`readable_token`):

- byte-level tokens (GPT-2, SmolLM2) are decoded to their text: ``Ġthe`` → ``␣the``,
  ``Ċ`` → ``⏎``; a token holding part of a character's UTF-8 bytes shows them as ``\\xe2``;
- sentencepiece tokens: ``▁the`` → ``␣the``, ``<0x0A>`` → ``⏎``;
- WordPiece (BERT): a word's continuation ``##ing`` → ``·ing``; ``[CLS]`` stays ``[CLS]``.

Everywhere a space is shown as ``␣``, a newline as ``⏎``, a tab as ``⇥`` and a carriage
return as ``␍``, so a token's white space is visible in a heatmap's labels.
"""

from __future__ import annotations

import importlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from models.attention.checkpoint.errors import MissingExtra, ModelFolderError

__all__ = ["TOKENIZER_FILE", "Tokenizer", "Tokens", "readable_token"]

TOKENIZER_FILE = "tokenizer.json"
_VISIBLE = str.maketrans({" ": "␣", "\n": "⏎", "\t": "⇥", "\r": "␍"})
_SP_BYTE = re.compile(r"^<0x([0-9A-Fa-f]{2})>$")


def _byte_decoder() -> dict[str, int]:
    """GPT-2's map from the printable characters of byte-level tokens back to bytes."""
    keep = [*range(ord("!"), ord("~") + 1), *range(ord("¡"), ord("¬") + 1),
            *range(ord("®"), ord("ÿ") + 1)]
    chars = list(keep)
    extra = 0
    for b in range(256):
        if b not in keep:
            keep.append(b)
            chars.append(256 + extra)
            extra += 1
    return {chr(c): b for b, c in zip(keep, chars, strict=True)}


_BYTES = _byte_decoder()


def readable_token(raw: str, architecture: str, *, byte_level: bool | None = None) -> str:
    """A token as a person should read it (the convention is in the module's docstring).

    Parameters
    ----------
    raw : str
        The tokenizer's own token string (``Ġthe``, ``##ing``, ``▁the``).
    architecture : str
        ``"bert"`` reads WordPiece's ``##``; the others byte-level or sentencepiece tokens.
    byte_level : bool, optional
        Whether the tokenizer is byte-level; None guesses from the characters.

    Returns
    -------
    str
    """
    if architecture == "bert":
        text = "·" + raw[2:] if raw.startswith("##") and len(raw) > 2 else raw
        return text.translate(_VISIBLE)
    match = _SP_BYTE.match(raw)
    if match:
        raw = chr(int(match.group(1), 16)) if int(match.group(1), 16) < 128 else raw
    elif "▁" in raw:
        raw = raw.replace("▁", " ")
    elif byte_level or (byte_level is None and all(ch in _BYTES for ch in raw)):
        if all(ch in _BYTES for ch in raw):
            raw = bytes(_BYTES[ch] for ch in raw).decode("utf-8", errors="backslashreplace")
    return raw.translate(_VISIBLE)


@dataclass(frozen=True)
class Tokens:
    """A text's tokens.

    Attributes
    ----------
    ids : ndarray of int64, shape (n,)
    tokens : list of str
        The tokenizer's raw strings (``Ġthe``, ``##ing``, ``[CLS]``).
    readable : list of str
        The same for people (``␣the``, ``·ing``, ``[CLS]``).
    text : str
        What was tokenised.
    """

    ids: np.ndarray
    tokens: list[str]
    readable: list[str]
    text: str = ""

    def __len__(self) -> int:
        return len(self.tokens)


def _import_tokenizers() -> Any:
    try:
        return importlib.import_module("tokenizers")
    except ImportError:
        raise MissingExtra("tokenizers", "reading a model's tokenizer.json") from None


def _is_byte_level(doc: Any) -> bool:
    """Whether any part of the tokenizer (pre-tokeniser, decoder…) is a ByteLevel one."""
    if isinstance(doc, dict):
        return doc.get("type") == "ByteLevel" or any(_is_byte_level(v) for k, v in doc.items()
                                                    if k not in ("model", "added_tokens"))
    if isinstance(doc, list):
        return any(_is_byte_level(v) for v in doc)
    return False


class Tokenizer:
    """A folder's ``tokenizer.json``, ready to tokenise.

    Parameters
    ----------
    folder : str or Path
    architecture : str
        How tokens are made readable (see :func:`readable_token`).

    Raises
    ------
    ModelFolderError
        tokenizer.json is missing or cannot be read (named).
    MissingExtra
        The ``tokenizers`` package is not installed.
    """

    def __init__(self, folder: str | Path, architecture: str) -> None:
        folder = Path(folder)
        path = folder / TOKENIZER_FILE
        if not path.is_file():
            raise ModelFolderError(f"{folder.name}: {TOKENIZER_FILE} is missing (linscope "
                                   "tokenises with the folder's own tokenizer)")
        module = _import_tokenizers()
        try:
            self._doc_byte_level = _is_byte_level(json.loads(path.read_text("utf-8")))
            self._tokenizer = module.Tokenizer.from_file(str(path))
        except Exception as err:  # noqa: BLE001 - the Rust side raises its own exception types
            first = str(err).splitlines()[0] if str(err) else type(err).__name__
            raise ModelFolderError(f"{folder.name}: {TOKENIZER_FILE} cannot be read "
                                   f"({first})") from None
        self.architecture = architecture

    def __call__(self, text: str) -> Tokens:
        """Tokenise ``text`` as the file says, special tokens included."""
        encoding = self._tokenizer.encode(str(text))
        raw = list(encoding.tokens)
        readable = [readable_token(t, self.architecture, byte_level=self._doc_byte_level)
                    for t in raw]
        return Tokens(np.asarray(encoding.ids, dtype=np.int64), raw, readable, str(text))
