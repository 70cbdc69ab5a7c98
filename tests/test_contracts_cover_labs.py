"""Every registered lab is held by the import-linter contracts: a new lab's packages cannot
be forgotten in pyproject.toml, where a missing name would silently exempt them."""

import tomllib
from pathlib import Path

from app.labs import LABS

ROOT = Path(__file__).resolve().parents[1]


def _contracts() -> dict[str, dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return {c["name"]: c for c in config["tool"]["importlinter"]["contracts"]}


def _packages(ref: str) -> str:
    """``models.plane.model:PlaneModel`` → ``models.plane``."""
    return ".".join(ref.split(":")[0].split(".")[:2])


def test_every_lab_is_in_the_import_contracts():
    contracts = _contracts()
    view_packages = {_packages(s.view) for s in LABS}
    # A lab's model package may come before its view is registered (its engine first): it
    # is held by the contracts from the start. (core, linalg and deck are shared, no lab.)
    model_packages = {_packages(s.model) for s in LABS} | {
        f"models.{d.name}" for d in (ROOT / "models").iterdir()
        if (d / "__init__.py").exists() and d.name not in ("core", "linalg", "deck")}
    independent = next(c for c in contracts.values() if c["type"] == "independence")
    assert set(independent["modules"]) == view_packages
    shared_views = contracts["shared view code knows no lab's views"]["forbidden_modules"]
    assert set(shared_views) == view_packages
    for name in ("shared models know no lab", "shared view code knows no lab's model"):
        assert set(contracts[name]["forbidden_modules"]) == model_packages, name
    # each lab's views are forbidden every model package but their own
    for view in view_packages:
        own = {_packages(s.model) for s in LABS if _packages(s.view) == view}
        rules = [c for c in contracts.values()
                 if c["type"] == "forbidden" and view in c.get("source_modules", [])
                 and set(c["forbidden_modules"]) <= model_packages]
        assert len(rules) == 1, view
        assert set(rules[0]["forbidden_modules"]) == model_packages - own, view
