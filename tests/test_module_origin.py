"""The suite tests this tree: every module of app, views, models and bench it has loaded comes
from here. An editable install of another checkout stays on the import path, and a test that
imports a module by an old name (one this tree no longer has) would silently test that
checkout's copy instead."""

from __future__ import annotations

import sys
from pathlib import Path

import models.core.presets

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("app", "views", "models", "bench")


def test_every_loaded_project_module_is_from_this_tree():
    # Collection has imported every test module, and with them what they import, by now.
    loaded = {name: getattr(module, "__file__", None) for name, module in sys.modules.items()
              if name.split(".")[0] in PACKAGES}
    assert Path(loaded["models.core.presets"]) == Path(models.core.presets.__file__)
    assert Path(models.core.presets.__file__).resolve() == ROOT / "models/core/presets.py"
    strays = {name: path for name, path in loaded.items()
              if path is not None and not Path(path).resolve().is_relative_to(ROOT)}
    assert strays == {}
