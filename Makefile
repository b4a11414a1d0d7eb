# Secretariat — `make run` serves the demo, `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/secretariat
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
PYTEST_ARGS ?=

.PHONY: run install test test-sqlite test-postgres e2e lint typecheck format bench bench-postgres openapi messages check-migrations clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/secretariat migrate --noinput
	$(BIN)/secretariat collectstatic --noinput -v0
	$(BIN)/secretariat demo
	@echo "Serving http://127.0.0.1:$(PORT)/ — stop with Ctrl-C"
	$(BIN)/secretariat runserver 127.0.0.1:$(PORT)

test: install check-migrations lint typecheck
	scripts/ensure-chromium
	$(MAKE) test-sqlite
	$(MAKE) test-postgres

test-sqlite: install
	@echo "== test suite on SQLite (in-memory cache, in-process tasks) =="
	env -u REDIS_URL DATABASE_URL=sqlite:///var/test.sqlite3 $(BIN)/pytest $(PYTEST_ARGS)

test-postgres: install
	@echo "== test suite on PostgreSQL and Redis =="
	scripts/wait-for-services
	DATABASE_URL=$(POSTGRES_URL) REDIS_URL=$(TEST_REDIS_URL) $(BIN)/pytest $(PYTEST_ARGS)

e2e: install
	scripts/ensure-chromium
	$(BIN)/pytest e2e $(PYTEST_ARGS)

check-migrations: install
	$(BIN)/secretariat makemigrations --check --dry-run

lint: install
	$(BIN)/ruff check secretariat bench e2e
	$(BIN)/ruff format --check secretariat bench e2e

typecheck: install
	$(BIN)/mypy secretariat/*/services.py secretariat/*/selectors.py secretariat/*/permissions.py secretariat/*/api.py

format: install
	$(BIN)/ruff format secretariat bench e2e
	$(BIN)/ruff check --fix secretariat bench e2e

# SQLite + local-memory cache; on PostgreSQL + Redis when both are given (a throw-away
# database secretariat_bench_run is created on that server and dropped afterwards):
#   make bench BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/13
# Exits non-zero when any figure is short of its target. BENCH_ARGS=meetings runs one module.
BENCH_DATABASE_URL ?=
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/13
BENCH_ARGS ?=
bench: install
	BENCH_DATABASE_URL="$(BENCH_DATABASE_URL)" REDIS_URL="$(REDIS_URL)" $(BIN)/python bench/run.py $(BENCH_ARGS)

bench-postgres: install
	scripts/wait-for-services
	BENCH_DATABASE_URL=$(POSTGRES_URL) REDIS_URL=$(BENCH_REDIS_URL) $(BIN)/python bench/run.py $(BENCH_ARGS)

openapi: install
	$(BIN)/secretariat export_openapi --out docs/openapi.json

messages: install
	cd secretariat && ../$(BIN)/django-admin makemessages -l ko -l zh_Hans -l ja -l es --ignore 'static/*'
	cd secretariat && ../$(BIN)/django-admin compilemessages

clean:
	rm -rf $(VENV) var
