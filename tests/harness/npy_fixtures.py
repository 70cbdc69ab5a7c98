"""The ``.npy`` files beside the fuzzed scenes, and the bad paths a scene may point at.

Relative paths in a scene (``q.npy``) name files in the scene's own folder, so
:func:`write_fixtures` puts good, mis-shaped, non-finite and not-an-array files there.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

__all__ = ["bad_paths", "write_fixtures"]


def write_fixtures(folder: Path) -> None:
    """The ``.npy`` files and folders the relative paths of ``bad_path`` point at."""
    rng = np.random.default_rng(0)
    folder.mkdir(parents=True, exist_ok=True)
    np.save(folder / "q.npy", rng.standard_normal((2, 64, 8)).astype(np.float32))
    np.save(folder / "k.npy", rng.standard_normal((2, 64, 8)).astype(np.float32))
    np.save(folder / "k_wrong_shape.npy", rng.standard_normal((3, 5, 7)).astype(np.float32))
    bad = rng.standard_normal((2, 64, 8))
    bad[0, 1, 2] = np.nan
    np.save(folder / "nan.npy", bad)
    np.save(folder / "huge.npy", np.full((2, 16, 8), 3e38, dtype=np.float32))
    np.save(folder / "ints.npy", np.arange(2 * 64 * 8).reshape(2, 64, 8))
    np.save(folder / "flat.npy", np.zeros(16))
    np.save(folder / "objects.npy", np.array([{"a": 1}, None], dtype=object),
            allow_pickle=True)
    (folder / "text.npy").write_text("not an array\n", encoding="utf-8")
    (folder / "empty.npy").write_bytes(b"")
    (folder / "a_folder.npy").mkdir(exist_ok=True)


def bad_paths(folder: Path) -> list[str]:
    """Paths a scene may hold for Q or K: missing, too long, relative, not arrays, devices."""
    long_name = "q" * 300 + ".npy"
    return [
        "~nosuchuser/q.npy", "~/no-such-file-here.npy", long_name, "/tmp/" + long_name,
        "/" + "/".join(["d" * 200] * 25) + "/q.npy", "q.npy", "./k.npy", "../q.npy",
        "k_wrong_shape.npy", "nan.npy", "huge.npy", "ints.npy", "flat.npy", "objects.npy",
        "text.npy", "empty.npy", "a_folder.npy", str(folder), "/", ".", "", " ", "/dev/zero",
        "/dev/null", "/proc/self/status", "q.npy\u0000.txt", "file:///tmp/q.npy",
        str(folder / "q.npy"), "no/such/folder/q.npy", "\ud800.npy", "ü" * 200 + ".npy",
    ]
