# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck migrate seed assets clean

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

## Rebuild app/static from package.json and package-lock.json (byte for byte)
assets:
	npm ci --no-audit --no-fund
	npm run build

clean:
	rm -rf $(VENV) var node_modules
