"""``make gpu-check`` (scripts/gpu-check.sh) without a GPU: it stops with one clear line;
and, with the device, pip, pytest and the benchmark stood in for, it writes the figures
and fails when the GPU tests only skipped or the benchmark did not run on CuPy."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "gpu-check.sh"

_FAKE_SMI = """#!/bin/sh
echo "NVIDIA H100 80GB HBM3, 550.54.15, 81559 MiB"
"""

# Stands in for the venv's python: pip and the CuPy probe succeed, pytest writes the
# results the test asks for, the benchmark prints the JSON it is given; anything else
# (the script's report) runs on the real interpreter.
_FAKE_PY = """#!/bin/sh
if [ "$1" = "-m" ] && [ "$2" = "pip" ]; then exit 0; fi
if [ "$1" = "-c" ]; then exit 0; fi
if [ "$1" = "-m" ] && [ "$2" = "pytest" ]; then
  for a in "$@"; do case $a in --junitxml=*) xml=${a#--junitxml=};; esac; done
  echo "<testsuites><testsuite tests=\\"$FAKE_TESTS\\" failures=\\"0\\" errors=\\"0\\" \\
skipped=\\"$FAKE_SKIPPED\\"/></testsuites>" > "$xml"
  echo "$FAKE_TESTS tests"
  exit "$FAKE_PYTEST_STATUS"
fi
if [ "$1" = "-m" ] && [ "$2" = "app" ]; then echo "$FAKE_BENCH"; exit 0; fi
exec "$REAL_PYTHON" "$@"
"""


def _run(tmp_path: Path, with_gpu: bool, **fake: str):
    # PATH holds only what the script uses, so a real nvidia-smi cannot be found.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    for tool in ("dirname", "head", "mkdir", "git"):
        found = shutil.which(tool)
        if found:
            (bin_dir / tool).symlink_to(found)
    python = bin_dir / "python"
    python.write_text(_FAKE_PY)
    python.chmod(0o755)
    if with_gpu:
        smi = bin_dir / "nvidia-smi"
        smi.write_text(_FAKE_SMI)
        smi.chmod(0o755)
    out = tmp_path / "figures" / "gpu-check.json"
    env = dict(os.environ, PATH=str(bin_dir), PYTHON=str(python),
               REAL_PYTHON=sys.executable, GPU_CHECK_OUT=str(out), **fake)
    proc = subprocess.run([shutil.which("bash"), str(SCRIPT)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    return proc, out


_BENCH = json.dumps({"device": "NVIDIA H100 80GB HBM3", "backend": "cupy",
                     "cases": [{"case": "tile 2048", "median_s": 0.004}]})


def test_without_a_gpu_it_fails_with_one_line(tmp_path):
    proc, out = _run(tmp_path, with_gpu=False)
    assert proc.returncode == 3
    assert proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) == 1 and "no NVIDIA GPU" in proc.stderr
    assert not out.exists()


def test_with_a_gpu_it_writes_the_device_the_tests_and_the_bench(tmp_path):
    proc, out = _run(tmp_path, with_gpu=True, FAKE_TESTS="12", FAKE_SKIPPED="0",
                     FAKE_PYTEST_STATUS="0", FAKE_BENCH=_BENCH)
    assert proc.returncode == 0, proc.stderr
    figures = json.loads(out.read_text())
    assert figures["device"] == {"name": "NVIDIA H100 80GB HBM3", "driver": "550.54.15",
                                 "memory": "81559 MiB"}
    assert figures["pytest"]["passed"] == 12 and figures["pytest"]["status"] == 0
    assert figures["bench"]["cases"][0]["median_s"] == 0.004
    assert "12 passed" in proc.stdout


def test_gpu_tests_that_only_skip_fail_the_check(tmp_path):
    proc, out = _run(tmp_path, with_gpu=True, FAKE_TESTS="12", FAKE_SKIPPED="12",
                     FAKE_PYTEST_STATUS="0", FAKE_BENCH=_BENCH)
    assert proc.returncode == 5
    assert proc.stderr.strip().splitlines()[-1].startswith("gpu-check: the GPU tests failed")
    assert json.loads(out.read_text())["pytest"]["skipped"] == 12  # the figures are kept


def test_a_bench_that_fell_back_to_numpy_fails_the_check(tmp_path):
    numpy_bench = _BENCH.replace('"cupy"', '"numpy"')
    proc, _out = _run(tmp_path, with_gpu=True, FAKE_TESTS="12", FAKE_SKIPPED="0",
                      FAKE_PYTEST_STATUS="0", FAKE_BENCH=numpy_bench)
    assert proc.returncode == 6
    assert "it ran on numpy" in proc.stderr
