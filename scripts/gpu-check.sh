#!/usr/bin/env bash
# Verify the CuPy path on a real NVIDIA GPU, in one command (make gpu-check):
#   1. find the device (nvidia-smi); without one, stop here with one line and status 3
#   2. install the gpu extra into the venv (pip install -e '.[gpu]')
#   3. check that CuPy sees the device
#   4. run the GPU-marked tests (pytest -m gpu); they must run, not skip, and pass
#   5. run linscope bench --backend cupy --json
#   6. write the figures (device, driver, CuPy, the pytest summary, the bench JSON) to
#      out/gpu-check.json (GPU_CHECK_OUT overrides), logs beside it
# Status: 0 all passed; 3 no usable GPU; 4 the install or CuPy failed; 5 the GPU tests
# failed or did not run; 6 the benchmark failed. Each failure prints one line on stderr.
set -u -o pipefail

cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
OUT=${GPU_CHECK_OUT:-out/gpu-check.json}
LOGS=$(dirname "$OUT")

fail() {  # fail STATUS MESSAGE
  echo "gpu-check: $2" >&2
  exit "$1"
}

command -v nvidia-smi >/dev/null 2>&1 \
  || fail 3 "no NVIDIA GPU here (nvidia-smi not found); run make gpu-check on a machine with an NVIDIA GPU and its driver"
device=$(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null \
         | head -n 1)
[[ -n "$device" ]] \
  || fail 3 "nvidia-smi is installed but reports no usable GPU (is the driver loaded?)"
[[ -x "$PY" ]] || fail 4 "no virtual environment at $PY; run make test once first"

mkdir -p "$LOGS"
"$PY" -m pip install --quiet -e '.[gpu]' >"$LOGS/gpu-install.log" 2>&1 \
  || fail 4 "pip install -e '.[gpu]' failed; see $LOGS/gpu-install.log"
"$PY" -c 'import cupy, sys; sys.exit(0 if cupy.cuda.runtime.getDeviceCount() > 0 else 1)' \
  >"$LOGS/gpu-cupy.log" 2>&1 \
  || fail 4 "CuPy is installed but sees no CUDA device (driver too old for CUDA 12?); see $LOGS/gpu-cupy.log"

QT_QPA_PLATFORM=offscreen LINSCOPE_BACKEND=cupy "$PY" -m pytest -m gpu -p no:cacheprovider \
  -o addopts="" -q -rs --junitxml="$LOGS/gpu-pytest.xml" tests >"$LOGS/gpu-pytest.log" 2>&1
tests_status=$?
QT_QPA_PLATFORM=offscreen "$PY" -m app bench --backend cupy --json >"$LOGS/gpu-bench.json" \
  2>"$LOGS/gpu-bench.log"
bench_status=$?

DEVICE="$device" TESTS_STATUS=$tests_status BENCH_STATUS=$bench_status OUT="$OUT" LOGS="$LOGS" \
  "$PY" - <<'EOF'
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path

logs = Path(os.environ["LOGS"])
name, driver, memory = [p.strip() for p in (os.environ["DEVICE"].split(",") + ["", ""])[:3]]
tests_status, bench_status = int(os.environ["TESTS_STATUS"]), int(os.environ["BENCH_STATUS"])
counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
try:
    root = ET.parse(logs / "gpu-pytest.xml").getroot()
    suite = root if root.tag == "testsuite" else root.find("testsuite")
    counts = {k: int(suite.get(k, 0)) for k in counts}
except (OSError, ET.ParseError, AttributeError):
    pass  # pytest never got as far as writing results: reported below
counts["passed"] = counts["tests"] - counts["failures"] - counts["errors"] - counts["skipped"]
lines = (logs / "gpu-pytest.log").read_text(errors="replace").strip().splitlines()
try:
    bench = json.loads((logs / "gpu-bench.json").read_text())
except (OSError, ValueError):
    bench = None
try:
    import cupy

    cupy_info = {"version": cupy.__version__,
                 "cuda_runtime": cupy.cuda.runtime.runtimeGetVersion(),
                 "cuda_driver": cupy.cuda.runtime.driverGetVersion()}
except Exception as err:  # noqa: BLE001 - reported in the figures
    cupy_info = {"error": f"{type(err).__name__}: {err}"}
try:
    commit = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True,
                            check=False).stdout.strip()
except OSError:
    commit = ""
failed_cases = [c for c in (bench or {}).get("cases", []) if "error" in c]
report = {
    "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    "commit": commit,
    "device": {"name": name, "driver": driver, "memory": memory},
    "cupy": cupy_info,
    "pytest": dict(counts, status=tests_status, summary=lines[-1] if lines else ""),
    "bench": bench,
    "bench_status": bench_status,
}
out = Path(os.environ["OUT"])
out.write_text(json.dumps(report, indent=2) + "\n")
print(f"gpu-check: {name} (driver {driver}): GPU tests {counts['passed']} passed, "
      f"{counts['failures'] + counts['errors']} failed, {counts['skipped']} skipped; "
      f"bench on {(bench or {}).get('device', '?')}; figures in {out}")
# The tests must have run on the device: all skipped means CuPy found no device after all.
if tests_status != 0 or counts["passed"] == 0:
    print(f"gpu-check: the GPU tests failed or did not run (pytest status {tests_status}, "
          f"{counts['passed']} passed); see {logs / 'gpu-pytest.log'}", file=sys.stderr)
    sys.exit(5)
if bench_status != 0 or bench is None or bench.get("backend") != "cupy" or failed_cases:
    why = (f"status {bench_status}" if bench_status or bench is None else
           f"it ran on {bench.get('backend')}" if bench.get("backend") != "cupy" else
           f"{len(failed_cases)} cases failed, first: {failed_cases[0]['error']}")
    print(f"gpu-check: linscope bench --backend cupy failed ({why}); see {out}",
          file=sys.stderr)
    sys.exit(6)
EOF
