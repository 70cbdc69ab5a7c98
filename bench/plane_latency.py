"""Time the Plane lab's edit-to-paint latency and print the figures as JSON.

Run from the repository root: ``python bench/plane_latency.py [EDITS]``. A PlaneView at
1200×800 with every overlay on (offscreen when there is no display) takes EDITS new
matrices (default 200); the figures are from ``model.update`` to the end of the
canvas's next paint, on 2 CPUs. It reports; it does not assert.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

try:
    from bench.plane import measure_plane_latency
except ImportError:  # running from a checkout that is not installed
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from bench.plane import measure_plane_latency


def main() -> None:
    edits = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    result = measure_plane_latency(edits=edits)
    print(json.dumps({k: round(v, 3) if isinstance(v, float) else v
                      for k, v in result.items()}, indent=2))


if __name__ == "__main__":
    main()
