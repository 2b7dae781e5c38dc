# The README's two commands: `make run` and `make test`. Both create .venv when missing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint fixtures bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/dodarchive run

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

# Rebuild the committed fixture WARCs from ../shared/corpus (maintainers only).
fixtures: $(STAMP)
	$(BIN)/python scripts/reconstruct_seed_page.py
	$(BIN)/python scripts/build_fixture_warcs.py

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
