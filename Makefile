# tazcrawler: `make crawl` runs the main job, `make test` the whole test suite.
# Both set up the virtual environment first (pinned by pyproject.toml and constraints.txt).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install crawl test lint clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

crawl: $(STAMP)
	$(BIN)/tazcrawler sample --output output

lint: $(STAMP)
	$(BIN)/ruff check .

test: lint
	$(BIN)/pytest -n 2

clean:
	rm -rf $(VENV) output/*.jsonl output/*.graphml
