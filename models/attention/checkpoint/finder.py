"""Model folders already on this machine, in the Hugging Face hub's cache.

The cache keeps each downloaded model as ``models--<org>--<name>/snapshots/<revision>/``,
its files links into ``blobs/``. A snapshot is offered when it holds ``config.json``,
``tokenizer.json`` and safetensors weights (one file or an index of shards). Nothing is
ever downloaded: this only looks.
"""

from __future__ import annotations

import os
from pathlib import Path

from models.attention.checkpoint.tokens import TOKENIZER_FILE
from models.attention.checkpoint.weights import INDEX_FILE, WEIGHTS_FILE

__all__ = ["default_cache_root", "find_model_folders", "is_model_folder"]


def default_cache_root() -> Path:
    """The hub cache as ``huggingface_hub`` finds it: ``$HF_HUB_CACHE``, else
    ``$HF_HOME/hub``, else ``$XDG_CACHE_HOME/huggingface/hub``, else
    ``~/.cache/huggingface/hub``."""
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"]).expanduser()
    if os.environ.get("HF_HOME"):
        return Path(os.environ["HF_HOME"]).expanduser() / "hub"
    base = os.environ.get("XDG_CACHE_HOME") or "~/.cache"
    return Path(base).expanduser() / "huggingface" / "hub"


def is_model_folder(folder: str | Path) -> bool:
    """Whether ``folder`` holds config.json, tokenizer.json and safetensors weights."""
    folder = Path(folder)
    try:
        return ((folder / "config.json").is_file() and (folder / TOKENIZER_FILE).is_file()
                and ((folder / WEIGHTS_FILE).is_file() or (folder / INDEX_FILE).is_file()))
    except OSError:
        return False


def find_model_folders(cache_root: str | Path | None = None) -> list[Path]:
    """The snapshot folders of the hub cache that linscope could open.

    Parameters
    ----------
    cache_root : str or Path, optional
        The cache's ``hub`` folder; None uses :func:`default_cache_root`.

    Returns
    -------
    list of Path
        Sorted by model, then revision; empty when there is no cache. The architecture is
        not checked here (:func:`~models.attention.checkpoint.read_config` says).
    """
    root = Path(cache_root).expanduser() if cache_root is not None else default_cache_root()
    try:
        repos = sorted(p for p in root.glob("models--*") if p.is_dir())
    except OSError:
        return []
    found = []
    for repo in repos:
        try:
            snapshots = sorted(p for p in (repo / "snapshots").iterdir() if p.is_dir())
        except OSError:
            continue
        found.extend(s for s in snapshots if is_model_folder(s))
    return found
