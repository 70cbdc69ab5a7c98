# The whole set-up on a fresh Debian/Ubuntu machine with Python 3.11+:
#   make run    create .venv if missing, install what running needs, start the window
#   make test   the same set-up plus the test tools, then lint, the import contract and the whole suite (headless)
#   make soak   long runs (not part of make test): the seeded monkey test, the full scene
#               fuzz and the layout sweep; reports go to out/
#   make gpu-check  on a machine with an NVIDIA GPU: the gpu extra, the GPU tests and the
#               CuPy benchmark, figures written to out/gpu-check.json
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Two stamps: `make run` installs only what running needs (a lecturer's first start), the
# test tools come with the first `make test`.
RUN_STAMP := $(VENV)/.run-stamp
STAMP := $(VENV)/.installed-stamp

SOAK_ACTIONS ?= 10000
SOAK_SEEDS ?= 1 2

.PHONY: run test lint bench soak gpu-check clean

$(RUN_STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e .
	@touch $(RUN_STAMP)

$(STAMP): $(RUN_STAMP)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

run: $(RUN_STAMP)
	@scripts/ensure-system-libs.sh --gui
	$(BIN)/linscope $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check app views models tests bench
	$(BIN)/lint-imports

test: $(STAMP)
	@scripts/ensure-system-libs.sh --test
	$(BIN)/ruff check app views models tests bench
	$(BIN)/lint-imports
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n auto

bench: $(RUN_STAMP)
	@scripts/ensure-system-libs.sh
	QT_QPA_PLATFORM=offscreen $(BIN)/linscope bench

# Every part runs even when an earlier one fails, so one soak reports everything it found;
# the target fails when any part did.
soak: $(STAMP)
	@scripts/ensure-system-libs.sh
	@mkdir -p out; status=0; \
	for seed in $(SOAK_SEEDS); do \
	  QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.harness.monkey --actions $(SOAK_ACTIONS) \
	    --seed $$seed --max-growth-mb 50 --report out/soak-seed$$seed.json || status=1; \
	done; \
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.harness.scene_fuzz --full \
	  --report out/scene-fuzz.json || status=1; \
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.harness.layout_sweep || status=1; \
	exit $$status

gpu-check: $(STAMP)
	@scripts/gpu-check.sh

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache .hypothesis
