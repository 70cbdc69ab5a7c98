"""Time the pooled attention overview on NumPy and print the figures.

Run from the repository root: ``python bench/attention_overview.py``.
Prints the median and 95th-percentile time and the peak extra memory of a
512 x 512 max-pooled causal overview for n = 1024 and n = 4096 tokens
(h = 8 heads, d = 64). It reports; it does not assert.
"""

from __future__ import annotations

import sys
from pathlib import Path

try:
    from models.core.backend import select_backend
except ImportError:  # running from a checkout that is not installed
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from models.core.backend import select_backend

from bench.attention import bench_overview

MIB = 2**20


def main() -> None:
    backend = select_backend("numpy")
    print(f"device: {backend.device}")
    for n in (1024, 4096):
        r = bench_overview(n, 8, 64, causal=True, backend=backend, repeats=7)
        peak = "n/a" if r["peak_bytes"] is None else f"{r['peak_bytes'] / MIB:.1f} MiB"
        print(
            f"{r['case']}: median {r['median_s']:.3f} s, p95 {r['p95_s']:.3f} s, "
            f"peak {peak}, max RSS +{r['rss_increase_bytes'] / MIB:.1f} MiB"
        )


if __name__ == "__main__":
    main()
