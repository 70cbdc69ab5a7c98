"""Time the Plane lab's edit-to-paint latency and print the figures as JSON.

Run from the repository root: ``python bench/plane_latency.py [EDITS]``. A PlaneView at
1200×800 with every overlay on (offscreen when there is no display) takes EDITS new
matrices (default 200); the figures are from ``model.update`` to the end of the
canvas's next paint, on 2 CPUs. The same run times as many bare repaints of the same
canvas, and the JSON gives edit→paint as a ratio to them (``p95_ratio``); a one-line
summary goes to stderr. It reports; it does not assert.
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
    print(summary(result), file=sys.stderr)


def summary(r: dict) -> str:
    """One line: edit→paint and bare repaint (median, p95) and their p95 ratio."""
    return (f"edit→paint median {r['median_ms']:.2f} ms, p95 {r['p95_ms']:.2f} ms; "
            f"bare repaint median {r['repaint_median_ms']:.2f} ms, "
            f"p95 {r['repaint_p95_ms']:.2f} ms; p95 ratio {r['p95_ratio']:.2f}×")


if __name__ == "__main__":
    main()
