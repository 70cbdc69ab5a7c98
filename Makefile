# The whole set-up on a fresh Debian/Ubuntu machine with Python 3.11+:
#   make run    create .venv if missing, install, start the window
#   make test   the same set-up, then lint, the import contract and the whole suite (headless)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
	@scripts/ensure-system-libs.sh --gui
	$(BIN)/linscope $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check app views models tests bench
	$(BIN)/lint-imports

test: $(STAMP)
	@scripts/ensure-system-libs.sh
	$(BIN)/ruff check app views models tests bench
	$(BIN)/lint-imports
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

bench: $(STAMP)
	@scripts/ensure-system-libs.sh
	QT_QPA_PLATFORM=offscreen $(BIN)/linscope bench

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache .hypothesis
