"""The Low-rank benchmarks time what the lab runs, on small sizes here, and ``linscope
bench`` lists the cases the issue asks for."""

from __future__ import annotations

from bench.lowrank import (
    _slider_path,
    bench_full_svd,
    bench_recompose,
    bench_truncated_svd,
    lowrank_cases,
)
from bench.run import _table
from models.core.backend import numpy_backend


def test_each_case_returns_its_figures():
    backend = numpy_backend()
    full = bench_full_svd(64, backend=backend, repeats=2)
    light = bench_full_svd(32, backend=backend, repeats=1, light=True)
    top = bench_truncated_svd(120, 200, 8, backend=backend, repeats=1)
    rec = bench_recompose(128, k=20, steps=10, jumps=(5, 60))
    for r in (full, light, top, rec):
        assert 0 < r["min_s"] <= r["median_s"] <= r["p95_s"]
    assert full["case"] == "full SVD 64×64 float32" and full["peak_bytes"] > 0
    assert light["repeats"] == 1 and light["peak_bytes"] is None
    assert top["case"] == "top-8 randomised SVD 120×200"
    assert rec["repeats"] == 10 and rec["jump_median_s"] > 0 and rec["jumps"] == [5, 60]
    assert "a jump of k" in _table({"device": "cpu", "backend": "numpy", "host": "x",
                                    "cases": [rec]})


def test_the_slider_moves_by_one_around_k():
    path = _slider_path(100, 8)
    assert path == [101, 102, 101, 100, 101, 102, 101, 100]


def test_the_cases_cover_the_issue_and_quick_spares_the_cpu():
    backend = numpy_backend()
    full = [label for label, _ in lowrank_cases(backend, quick=False, gpu=False, reps=2)]
    assert full == ["full SVD 1024", "full SVD 2048", "full SVD 4096",
                    "top-64 SVD 4096x4096", "top-64 SVD 4096x11008",
                    "rank-k recomposition 1024"]
    quick = [label for label, _ in lowrank_cases(backend, quick=True, gpu=False, reps=2)]
    assert "full SVD 4096" not in quick and len(quick) == 5
