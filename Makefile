# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck migrate seed assets bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

## Start the app on SQLite (var/cohesion.db) with demo data, at http://127.0.0.1:8000
run: $(STAMP)
	$(BIN)/cohesion migrate
	$(BIN)/cohesion seed --demo --if-empty
	$(BIN)/cohesion serve --host 127.0.0.1 --port 8000

## Lint, type-check and run the whole test suite (PostgreSQL too when COHESION_TEST_DATABASE_URL is set)
test: $(STAMP)
	$(BIN)/ruff check app seed migrations tests
	$(BIN)/ruff format --check app seed migrations tests
	$(BIN)/mypy
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check --fix app seed migrations tests
	$(BIN)/ruff format app seed migrations tests

typecheck: $(STAMP)
	$(BIN)/mypy

migrate: $(STAMP)
	$(BIN)/cohesion migrate

seed: $(STAMP)
	$(BIN)/cohesion seed --demo

## National-scale benchmark: builds (or reuses) the datasets in var/bench, serves them as in production and
## writes bench/RESULTS.md. PostgreSQL too when COHESION_BENCH_POSTGRES_URL (default: local `bench`) answers.
## Smaller runs: make bench BENCH_ARGS="--places 40 --voices 100000 --requests 50"
bench: $(STAMP)
	$(BIN)/python -m bench.run --results bench/RESULTS.md $(BENCH_ARGS)

## Rebuild app/static from package.json and package-lock.json (byte for byte)
assets:
	npm ci --no-audit --no-fund
	npm run build

clean:
	rm -rf $(VENV) var node_modules
