"""The Plane latency benchmark times edits and bare repaints of the same canvas, and
``linscope bench`` reports both and their ratio."""

from __future__ import annotations

import math

import pytest

from bench.plane import measure_plane_latency
from bench.run import _table


@pytest.fixture(scope="module")
def figures(qapp):
    return measure_plane_latency(edits=6, size=(600, 400), cpus=None)


def test_edits_and_bare_repaints_are_both_timed(figures):
    assert figures["edits"] == 6 and figures["size"] == [600, 400]
    for key in ("median_ms", "p95_ms", "repaint_median_ms", "repaint_p95_ms",
                "cpu_p95_ms", "repaint_cpu_p95_ms"):
        assert 0 < figures[key] < 2000, key  # every action ended in a paint, within timeout
    assert figures["median_ms"] <= figures["p95_ms"] <= figures["max_ms"]
    assert figures["repaint_median_ms"] <= figures["repaint_p95_ms"]


def test_ratios_are_edit_over_bare_repaint(figures):
    assert figures["p95_ratio"] == pytest.approx(figures["p95_ms"] / figures["repaint_p95_ms"])
    assert figures["median_ratio"] == pytest.approx(
        figures["median_ms"] / figures["repaint_median_ms"])
    assert figures["cpu_p95_ratio"] == pytest.approx(
        figures["cpu_p95_ms"] / figures["repaint_cpu_p95_ms"])
    assert all(math.isfinite(figures[k]) for k in ("p95_ratio", "median_ratio"))


def test_the_bench_table_shows_the_bare_repaint_and_the_ratio():
    case = {"case": "plane edit-to-paint", "median_s": 0.009, "p95_s": 0.012,
            "peak_bytes": None, "edits": 200, "repaint_median_s": 0.003,
            "repaint_p95_s": 0.004, "p95_ratio": 3.0, "cpu_p95_ratio": 2.9}
    table = _table({"device": "cpu", "backend": "numpy", "host": "x86_64, 2 cores",
                    "message": None, "cases": [case]})
    lines = table.splitlines()
    assert "median      9.00 ms" in lines[1] and "p95     12.00 ms" in lines[1]
    assert "bare repaint" in lines[2] and "median      3.00 ms" in lines[2]
    assert "p95      4.00 ms" in lines[2] and "3.00×" in lines[2]
