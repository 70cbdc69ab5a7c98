"""``linscope bench``: measure the heavy paths and print the figures (never asserts a speed).

Cases: the Plane edit-to-paint latency, with a bare repaint of the same canvas in the same
run and the ratio of the two p95s; attention_overview at n = 1024 and 4096 (h = 8,
d = 64, causal) and, on a GPU, n = 16384 and 131072 (h = 8, d = 128); a 2048×2048
attention_tile; matmul at 1024, 4096 and 8192; on a GPU also the n = 4096 overview on
NumPy for the speed-up; the Embeddings lab's top-10 cosine search for 1 and 1,000 queries
over 400,000 × 50 vectors (and 1,000,000 × 300 on a GPU or without --quick) and the PCA of
400,000 × 50; the Low-rank lab's full SVD of 1024², 2048² and 4096² float32 (4096² left out
of --quick on the CPU), its randomised top-64 SVD of 4096² and of a 4096 × 11008
MLP-shaped matrix, and its rank-k recomposition per slider step at 1024²; a real model's
attention: a randomly initialised GPT-2 small (124M parameters, written as a safetensors
folder in a temporary directory) opened (load time and peak memory) and run on 512 tokens
keeping all 144 heads' weights.
"""

from __future__ import annotations

import json
import os
import platform

__all__ = ["run_bench", "collect"]


def _plane_case(quick: bool) -> dict:
    from app.render import ensure_qapp
    from bench.plane import measure_plane_latency

    ensure_qapp(headless=True)
    r = measure_plane_latency(edits=50 if quick else 200)
    return {"case": "plane edit-to-paint", "median_s": r["median_ms"] / 1e3,
            "p95_s": r["p95_ms"] / 1e3, "peak_bytes": None, "edits": r["edits"],
            "repaint_median_s": r["repaint_median_ms"] / 1e3,
            "repaint_p95_s": r["repaint_p95_ms"] / 1e3, "p95_ratio": r["p95_ratio"],
            "cpu_p95_ratio": r["cpu_p95_ratio"]}


def _embedding_cases(backend, quick: bool, gpu: bool, reps: int) -> list:
    from bench.embeddings import bench_pca, bench_top_k

    sizes = [(400_000, 50)] + ([(1_000_000, 300)] if gpu or not quick else [])
    cases: list = []
    for n, d in sizes:
        big = n * d > 50_000_000 and not gpu  # one timed run of the CPU's slowest cases
        for m in (1, 1000):
            r = 1 if big and m > 1 else reps
            cases.append((f"top-10 {m}q {n}x{d}", lambda n=n, d=d, m=m, r=r: bench_top_k(
                n, d, m, backend=backend, repeats=r)))
    cases.append(("pca 400000x50", lambda: bench_pca(400_000, 50, backend=backend,
                                                     repeats=reps)))
    return cases


def collect(backend_name: str | None = None, quick: bool = False, progress=print) -> dict:
    """Run every case; returns ``{"device", "backend", "host", "cases": [...]}``."""
    from bench.attention import bench_matmul, bench_overview, bench_tile
    from models.core.backend import last_message, numpy_backend, select_backend

    backend = select_backend(backend_name)
    reps = 2 if quick else 5
    gpu = backend.name == "cupy"
    cases: list[tuple[str, object]] = [("plane", lambda: _plane_case(quick))]
    for n in (1024, 4096):
        cases.append((f"overview n={n}", lambda n=n: bench_overview(
            n, 8, 64, causal=True, backend=backend, repeats=reps)))
    if gpu:
        for n in (16384, 131072):
            cases.append((f"overview n={n}", lambda n=n: bench_overview(
                n, 8, 128, causal=True, backend=backend, repeats=reps)))
        cases.append(("overview n=4096 numpy", lambda: bench_overview(
            4096, 8, 64, causal=True, backend=numpy_backend(), repeats=reps)))
    tile_n = 16384 if gpu else 4096
    cases.append(("tile 2048", lambda: bench_tile(tile_n, 2048, 8, 64, backend=backend,
                                                  repeats=reps)))
    sizes = (1024, 4096, 8192) if (gpu or not quick) else (1024, 2048)
    for size in sizes:
        cases.append((f"matmul {size}", lambda size=size: bench_matmul(
            size, backend=backend, repeats=reps if size < 8192 or gpu else 1)))
    cases += _embedding_cases(backend, quick, gpu, reps)
    from bench.lowrank import lowrank_cases

    cases += lowrank_cases(backend, quick, gpu, reps)
    from bench.model_attention import bench_gpt2_small

    cases.append(("gpt2-small n=512", lambda: bench_gpt2_small(
        512, backend=backend, repeats=2 if quick else 3)))
    results = []
    for label, fn in cases:
        progress(f"… {label}")
        try:
            results.append(fn())
        except Exception as err:  # noqa: BLE001 - a failed case is reported, not fatal
            results.append({"case": label, "error": f"{type(err).__name__}: {err}"})
    out = {"device": backend.device, "backend": backend.name,
           "host": f"{platform.machine()}, {os.cpu_count()} cores",
           "message": last_message(), "cases": results}
    if gpu:
        g = next((c for c in results if "4096" in str(c.get("case")) and "overview" in
                  str(c.get("case")) and c.get("backend") == "cupy"), None)
        c = next((c for c in results if c.get("backend") == "numpy" and "overview" in
                  str(c.get("case"))), None)
        if g and c and g.get("median_s"):
            out["speedup_overview_4096"] = c["median_s"] / g["median_s"]
    return out


def _table(result: dict) -> str:
    lines = [f"device: {result['device']} ({result['backend']}); host {result['host']}"]
    if result.get("message"):
        lines.append(f"note: {result['message']}")
    for c in result["cases"]:
        if "error" in c:
            lines.append(f"{c['case']:<40} failed: {c['error']}")
            continue
        peak = c.get("peak_bytes")
        extra = f"  peak {peak / 2**20:.0f} MiB" if peak else ""
        if "tflops" in c:
            extra += f"  {c['tflops']:.2f} TFLOP/s"
        lines.append(f"{c['case']:<40} median {c['median_s'] * 1e3:9.2f} ms"
                     f"  p95 {c['p95_s'] * 1e3:9.2f} ms{extra}")
        if "jump_median_s" in c:  # the recomposition case: far moves of the slider
            lines.append(f"{'  a jump of k (10, 300, 50, 500, 100)':<40} median"
                         f" {c['jump_median_s'] * 1e3:9.2f} ms")
        if "load_s" in c:  # the model case: opening the folder
            lines.append(f"{'  load of the weights':<40} {c['load_s'] * 1e3:9.2f} ms"
                         f"  peak {c['load_peak_bytes'] / 2**20:.0f} MiB"
                         f"  (process max RSS {c['maxrss_bytes'] / 2**20:.0f} MiB)")
        if "repaint_p95_s" in c:  # the plane case: the same canvas repainted, unchanged
            lines.append(f"{'  bare repaint of the same canvas':<40} median"
                         f" {c['repaint_median_s'] * 1e3:9.2f} ms"
                         f"  p95 {c['repaint_p95_s'] * 1e3:9.2f} ms"
                         f"  edit/repaint p95 {c['p95_ratio']:.2f}×")
    if "speedup_overview_4096" in result:
        lines.append(f"GPU speed-up, overview n=4096: {result['speedup_overview_4096']:.1f}×")
    return "\n".join(lines)


def run_bench(args) -> int:
    """The ``bench`` command: a table, or one JSON object with ``--json``."""
    import sys

    choice = getattr(args, "bench_backend", None) or getattr(args, "backend", None)
    quiet = args.json
    result = collect(choice, args.quick,
                     progress=(lambda _m: None) if quiet else
                     (lambda m: print(m, file=sys.stderr)))
    print(json.dumps(result, indent=None) if args.json else _table(result))
    return 0
