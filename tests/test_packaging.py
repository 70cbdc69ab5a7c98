"""A wheel carries the whole program: every package of app, views, models and bench (found in
the source tree here, so a new lab's folder is checked the day it appears), the presets and
the Embeddings lab's shipped word vectors, which an installed copy then finds under its
prefix."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

import numpy
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("app", "views", "models", "bench")
PRESETS = ROOT / "assets" / "presets"
DECKS = ROOT / "assets" / "decks"
EMBEDDINGS = ROOT / "assets" / "embeddings"
# What a fresh clone would not hold: the copy built from leaves these out.
_NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "__pycache__", "*.egg-info", "build",
                                     "dist", "out", ".pytest_cache", ".ruff_cache",
                                     ".hypothesis")


def _setuptools_version() -> tuple[int, ...]:
    try:
        return tuple(int(p) for p in metadata.version("setuptools").split(".")[:2])
    except (metadata.PackageNotFoundError, ValueError):
        return (0,)


def _source_modules() -> set[str]:
    """Every module file of the four packages, as a path inside the wheel."""
    out = set()
    for top in PACKAGES:
        for init in (ROOT / top).rglob("__init__.py"):
            if "__pycache__" in init.parts:
                continue
            out.update(p.relative_to(ROOT).as_posix() for p in init.parent.glob("*.py"))
    return out


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel ``pip wheel . --no-deps --no-build-isolation`` builds from a copy of this tree
    (a copy, so that the build's own files never land in the working tree)."""
    # pyproject.toml's SPDX licence string needs setuptools 77; without build isolation the
    # build uses the setuptools installed here (``pip install -e '.[test]'`` brings it).
    if _setuptools_version() < (77,):
        pytest.skip("building the wheel offline needs setuptools >= 77 here; "
                    "pip install -e '.[test]' installs it")
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "src"
    shutil.copytree(ROOT, source, ignore=_NOT_SOURCE)
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps",
                           "--no-build-isolation", "--no-index", "-q", "-w", str(tmp / "dist")],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (built,) = (tmp / "dist").glob("linscope-*.whl")
    return built


def test_the_wheel_holds_every_package_and_module(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = _source_modules()
    packages = {m for m in modules if m.endswith("/__init__.py")}
    # The tree really has the nested packages of the layout (one folder per lab).
    assert {"models/plane/__init__.py", "views/common/__init__.py",
            "bench/__init__.py"} <= packages
    assert sorted(modules - names) == []
    assert not any(n.startswith("tests/") for n in names)  # the tests stay out


def test_the_wheel_carries_every_preset_to_share(wheel):
    with zipfile.ZipFile(wheel) as zf:
        carried = {Path(n).name: zf.read(n) for n in zf.namelist()
                   if n.split("/", 1)[0].endswith(".data")
                   and "/data/share/linscope/presets/" in n}
    shipped = {p.name: p.read_bytes() for p in PRESETS.glob("*.json")}
    assert len(shipped) >= 7  # one file per lab at least
    assert sorted(carried) == sorted(shipped)
    assert all(carried[name] == shipped[name] for name in shipped)


def test_the_wheel_carries_the_example_decks_to_share(wheel):
    with zipfile.ZipFile(wheel) as zf:
        carried = {Path(n).name: zf.read(n) for n in zf.namelist()
                   if n.split("/", 1)[0].endswith(".data")
                   and "/data/share/linscope/decks/" in n}
    shipped = {p.name: p.read_bytes() for p in DECKS.glob("*.json")}
    assert "course.json" in shipped
    assert carried == shipped


def test_the_wheel_carries_the_shipped_word_vectors_and_their_licence_to_share(wheel):
    with zipfile.ZipFile(wheel) as zf:
        carried = {Path(n).name: zf.read(n) for n in zf.namelist()
                   if n.split("/", 1)[0].endswith(".data")
                   and "/data/share/linscope/embeddings/" in n}
    shipped = {p.name: p.read_bytes() for p in EMBEDDINGS.iterdir() if p.is_file()}
    assert {"glove-6b-50d-20k.npy", "glove-6b-50d-20k.txt", "LICENSE-GloVe.txt"} <= set(shipped)
    assert carried == shipped


def test_an_installed_wheel_finds_its_presets_and_word_vectors_under_its_prefix(wheel, tmp_path):
    from models.core.presets import load_presets

    env = tmp_path / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True,
                   timeout=120)
    python = env / "bin" / "python"
    proc = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install",
                           "--no-deps", "--no-index", "-q", str(wheel)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # The installed code needs NumPy; only its folder is lent to the new environment, so
    # models comes from the installed wheel, never from this checkout.
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()"
                           "['purelib'])"], capture_output=True, text=True, check=True)
    numpy_home = Path(numpy.__file__).parents[1]
    (Path(site.stdout.strip()) / "_numpy_home.pth").write_text(f"{numpy_home}\n")
    probe = ("import json, models.core.presets as p, models.embeddings.data as e; "
             "print(json.dumps({'file': p.__file__, 'dir': str(p.PRESET_DIR), "
             "'names': [q.name for q in p.load_presets()], 'emb_dir': str(e.SHIPPED_DIR), "
             "'emb_shape': list(e.load_shipped().vectors.shape)}))")
    proc = subprocess.run([str(python), "-I", "-c", probe], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout)
    assert Path(found["file"]).is_relative_to(env)
    assert Path(found["dir"]) == env / "share" / "linscope" / "presets"
    assert found["names"] == [p.name for p in load_presets()]
    assert Path(found["emb_dir"]) == env / "share" / "linscope" / "embeddings"
    assert found["emb_shape"] == [20000, 50]
