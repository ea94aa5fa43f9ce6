# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Every package the app and its tests use, at one version and hash (`make lock` writes them from
# pyproject.toml); the runtime lock is the same versions without the dev extra, for the Dockerfile.
LOCK := requirements.lock
RUNTIME_LOCK := requirements-runtime.lock
UV_VERSION := 0.13.9
# The locks hold the build backend too, so the app itself is built from hash-checked packages.
BUILD_REQUIRES := $(BIN)/python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['build-system']['requires']))"
UV_COMPILE := $(BIN)/uv pip compile --quiet --no-config --generate-hashes --python-version 3.11 \
	--python-platform linux --custom-compile-command "make lock" $(LOCK_ARGS)

# The single sign-on tests run a real OpenID Connect provider, the npm package oidc-provider, installed
# (with the asset build's packages) exactly as package-lock.json says.
NODE_STAMP := node_modules/.package-lock.json

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund

.PHONY: run test lint typecheck migrate seed assets bench clean lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)

# `pip check` fails when pyproject.toml asks for something the lock does not hold: run `make lock`.
$(STAMP): pyproject.toml $(LOCK) | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	touch $(STAMP)

## Write the lock files again from pyproject.toml, keeping locked versions that still fit; to take updates:
## make lock LOCK_ARGS=--upgrade (everything) or LOCK_ARGS="--upgrade-package NAME"
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet uv==$(UV_VERSION)
	$(BUILD_REQUIRES) | $(UV_COMPILE) --extra dev pyproject.toml - -o $(LOCK)
	$(BUILD_REQUIRES) | $(UV_COMPILE) pyproject.toml - -c $(LOCK) -o $(RUNTIME_LOCK)

## Start the app on SQLite (var/cohesion.db) with demo data, at http://127.0.0.1:8000
run: $(STAMP)
	$(BIN)/cohesion migrate
	$(BIN)/cohesion seed --demo --if-empty
	$(BIN)/cohesion serve --host 127.0.0.1 --port 8000

## Lint, type-check and run the whole test suite (PostgreSQL too when COHESION_TEST_DATABASE_URL is set):
## the everyday tests in parallel, one pytest-xdist worker per core, then the slow ones (real servers,
## Chromium, load, benchmark) one at a time. Only the everyday tests: .venv/bin/pytest -m "not slow" -n auto
# The slow run goes ahead even when the everyday run fails, so that one run reports every failure; the
# recipe fails if either did.
test: $(STAMP) $(NODE_STAMP)
	$(BIN)/ruff check app seed migrations tests
	$(BIN)/ruff format --check app seed migrations tests
	$(BIN)/mypy
	$(BIN)/pytest -m "not slow" -n auto; everyday=$$?; \
	$(BIN)/pytest -m slow; slow=$$?; \
	test $$everyday -eq 0 && test $$slow -eq 0

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
