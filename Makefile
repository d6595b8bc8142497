# tazcrawler: `make crawl` runs the main job, `make test` the whole test suite.
# Both set up the virtual environment first (pinned by pyproject.toml and constraints.txt).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install redis-server crawl sample-warc test lint audit bench clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

# Debian's Redis server for the shared frontier's tests (testsite/redis_server.py starts
# it on 127.0.0.1 in a temporary folder); installed with apt-get when missing, as root.
redis-server:
	@command -v redis-server >/dev/null || { \
		[ "$$(id -u)" = 0 ] || { echo "redis-server is missing: install Debian's redis-server package (as root: make redis-server)" >&2; exit 1; }; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; }

crawl: $(STAMP)
	$(BIN)/tazcrawler sample --output output

# Record the bundled sample archive (tazcrawler/sample/sample.warc.gz) again from the local
# test site (testsite/, a development tool that is not installed); `make crawl` replays it.
sample-warc: $(STAMP)
	$(BIN)/python -m testsite.record_sample --output output/sample-record

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Pins against known advisories, offline (pip-audit's advisory sources are out of reach here).
audit: $(STAMP)
	$(BIN)/python tools/audit_pins.py constraints.txt pyproject.toml

test: lint audit redis-server
	$(BIN)/pytest -n 2

# Figures, not a test (BENCHMARKS.md): installs the "bench" extra (aiohttp, pyinstrument;
# trafilatura is a runtime dependency) on top of the test set-up; about 18 minutes on 2 cores.
BENCH_STAMP := $(VENV)/.bench-installed

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test,bench]'
	touch $@

bench: $(BENCH_STAMP)
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.rerun
	$(BIN)/python -m bench.store
	$(BIN)/python -m bench.workers

clean:
	rm -rf $(VENV) output/*.jsonl output/*.graphml output/*.gexf output/*.parquet output/*.csv \
		output/README.md output/graph-neighbourhood.* output/runs output/job output/state.sqlite3*
