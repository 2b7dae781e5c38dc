# The README's two commands: `make run` and `make test`. Both create .venv when missing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint fixtures bench clean pywb redis-server chromium mutation

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# pywb (the replay tool our WARCs are proven against) pins old redis/cryptography that
# clash with our dependencies, so it lives in its own venv; tests run its commands.
PYWB_VENV  := .venv-pywb
PYWB_STAMP := $(PYWB_VENV)/.installed

$(PYWB_STAMP):
	test -x $(PYWB_VENV)/bin/python || $(PYTHON) -m venv $(PYWB_VENV)
	$(PYWB_VENV)/bin/python -m pip install --quiet 'pywb>=2.8'
	touch $(PYWB_STAMP)

pywb: $(PYWB_STAMP)

run: $(STAMP)
	$(BIN)/dodarchive run

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The shared-frontier tests run a real redis-server (Debian's package; we run as root).
# Without it they fail, never skip; DODARCHIVE_TEST_REDIS_URL names a running one instead.
redis-server:
	command -v redis-server >/dev/null || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server; }

# The report test renders the page in a real headless browser (Debian's chromium).
chromium:
	command -v chromium >/dev/null || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; }

test: lint $(PYWB_STAMP) redis-server chromium
	$(BIN)/pytest

# Benchmarks (offline, minutes; not part of `make test`): figures into bench/RESULTS.md.
# BENCH_MEMORY_MB sets the WARC sizes of the memory benchmark.
BENCH_MEMORY_MB ?= 100 1000
bench: $(STAMP)
	$(BIN)/python bench/bench_extract_core.py --pages 2000  # prints; its section is by hand
	$(BIN)/python bench/bench_extract_cli.py --pages 2000
	$(BIN)/python bench/bench_crawl.py --copies 25 --rounds 3
	$(BIN)/python bench/bench_memory.py --sizes-mb $(BENCH_MEMORY_MB)
	$(BIN)/python bench/bench_politeness.py  # prints; its section is by hand

# Mutation testing of the core modules: one module at a time, each against its own test
# files (scripts/mutation.py: MODULES), then the named mutants mutmut cannot make
# (scripts/hand_mutants.py). About 20 min for ~2,800 mutants on 2 shared cores; MUTANTS
# narrows it to some modules, e.g. MUTANTS='sites captures'. Survivors: `cd
# mutants/<module> && $(BIN)/mutmut show NAME`; explained in bench/mutation-survivors.md.
MUTANTS ?=
mutation: $(STAMP)
	$(BIN)/python scripts/mutation.py $(MUTANTS)
	$(BIN)/python scripts/hand_mutants.py

# Rebuild the committed fixture WARCs from ../shared/corpus (maintainers only).
fixtures: $(STAMP)
	$(BIN)/python scripts/reconstruct_seed_page.py
	$(BIN)/python scripts/build_fixture_warcs.py

clean:
	rm -rf $(VENV) $(PYWB_VENV) out mutants .pytest_cache .mypy_cache .ruff_cache
