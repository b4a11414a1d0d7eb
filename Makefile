# Secretariat — `make run` serves the demo (gunicorn + uvicorn workers, SQLite), `make dev` with
# Django's reloading server, `make prod` the production profile (PostgreSQL, Redis, workers); `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/secretariat
# Under pytest-xdist, worker gwN uses the Redis database N below this one (settings/test.py).
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
PYTEST_ARGS ?=
# Parallel test workers (pytest-xdist); TEST_WORKERS=0 runs everything in one process. Three on
# two cores: the browser tests wait on Chromium and the live server, and a third worker fills that
# time (SQLite pass 8m28s with two, 7m10s with three; PostgreSQL 7m25s with either).
TEST_WORKERS ?= 3
XDIST := $(if $(filter-out 0,$(TEST_WORKERS)),-n $(TEST_WORKERS) --dist load,-n 0)

.PHONY: run dev prod audit-deps drills install test test-sqlite test-postgres e2e lint typecheck format bench bench-postgres bench-load mutants openapi messages check-migrations clean

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
	BIND=127.0.0.1:$(PORT) MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072 $(BIN)/gunicorn -c python:secretariat.config.gunicorn secretariat.config.asgi:application

# Django's development server, reloading on every code change (DEBUG stays off unless DEBUG=1).
dev: install
	$(BIN)/secretariat migrate --noinput
	$(BIN)/secretariat demo
	$(BIN)/secretariat runserver 127.0.0.1:$(PORT)

# The production profile on this machine: PostgreSQL, Redis, gunicorn's app processes and RQ
# task workers with the production settings over plain HTTP (scripts/prod says what differs).
#   make prod PROD_DEMO=1 WEB_CONCURRENCY=4 TASK_WORKERS=2
prod: install
	PYTHON=$(abspath $(BIN))/python PORT=$(PORT) scripts/prod

test: install check-migrations lint typecheck
	scripts/ensure-chromium
	@mkdir -p var && rm -f var/test-times
	@TIMED_LOG=var/test-times $(MAKE) --no-print-directory test-sqlite
	@TIMED_LOG=var/test-times $(MAKE) --no-print-directory test-postgres
	@awk '{ total += $$NF; printf "   %-16s %dm%02ds\n", $$1 " " $$2, $$NF / 60, $$NF % 60 } \
	  END { printf "== both passes: %dm%02ds wall time ==\n", total / 60, total % 60 }' var/test-times

# The fuzzer (marker `fuzz`) and tests marked `once` (real models, real server processes:
# the same on every database) run in the SQLite pass only. The fuzzer: it is derandomised, so a second run
# would repeat the same requests; SQLite is where out-of-range integers become server errors
# (PostgreSQL compares them as numeric and answers), and the pass without a database server
# is the cheaper one.
test-sqlite: install
	@echo "== test suite on SQLite (in-memory cache, in-process tasks) =="
	@mkdir -p var
	env -u REDIS_URL DATABASE_URL=sqlite:///var/test.sqlite3 scripts/timed "SQLite pass" \
	  $(BIN)/pytest $(XDIST) $(PYTEST_ARGS)

test-postgres: install
	@echo "== test suite on PostgreSQL and Redis =="
	scripts/wait-for-services
	DATABASE_URL=$(POSTGRES_URL) REDIS_URL=$(TEST_REDIS_URL) scripts/timed "PostgreSQL pass" \
	  $(BIN)/pytest $(XDIST) -m "not fuzz and not once" $(PYTEST_ARGS)

# Fault drills and backup round trips (docs/operations.md): the tests marked `drill` on both
# databases, then scripts/drills.py, which starts its own PostgreSQL cluster and redis-server
# (never the shared ones), breaks them and prints one `DRILL name PASS|FAIL|SKIP` line each.
drills: install
	@echo "== backup round trip on SQLite and on PostgreSQL =="
	SECRETARIAT_DRILLS=1 env -u REDIS_URL DATABASE_URL=sqlite:///var/test.sqlite3 \
	  $(BIN)/pytest -n 0 -q -m drill $(PYTEST_ARGS)
	SECRETARIAT_DRILLS=1 DATABASE_URL=$(POSTGRES_URL) REDIS_URL=$(TEST_REDIS_URL) \
	  $(BIN)/pytest -n 0 -q -m drill $(PYTEST_ARGS)
	@echo "== fault drills on a throw-away PostgreSQL and Redis, with the demo =="
	$(BIN)/python scripts/drills.py $(DRILLS)

e2e: install
	scripts/ensure-chromium
	$(BIN)/pytest e2e $(PYTEST_ARGS)

check-migrations: install
	$(BIN)/secretariat makemigrations --check --dry-run

lint: install
	$(BIN)/ruff check secretariat bench e2e scripts
	$(BIN)/ruff format --check secretariat bench e2e scripts

typecheck: install
	$(BIN)/mypy secretariat/*/services.py secretariat/*/selectors.py secretariat/*/selectors/*.py secretariat/*/permissions.py secretariat/*/api.py

format: install
	$(BIN)/ruff format secretariat bench e2e scripts
	$(BIN)/ruff check --fix secretariat bench e2e scripts

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

# pip-audit of the pinned dependencies, in CI as a step of its own: it needs PyPI's
# vulnerability data, and `make test` must run offline (scripts/audit-deps says what it does
# when the data cannot be reached).
audit-deps: install
	BIN=$(BIN) scripts/audit-deps
# The ministerial load scenario (bench/load/, Locust) against the production profile started
# on this machine: 105 signed-in delegates with the live map open and 500 public readers for
# 10 minutes, then the outcome page's throughput against the trivial view's. Needs the local
# PostgreSQL and Redis; its database is kept between runs (sessions are reused).
#   make bench-load LOAD_ARGS="--duration 30 --delegates 10 --readers 50"    # a smoke run
LOAD_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/secretariat_load
LOAD_REDIS_URL ?= redis://127.0.0.1:6379/12
LOAD_ARGS ?=
bench-load: install
	scripts/wait-for-services
	LOAD_DATABASE_URL=$(LOAD_DATABASE_URL) LOAD_REDIS_URL=$(LOAD_REDIS_URL) \
	  $(BIN)/python -m bench.load $(LOAD_ARGS)

# Named faults put into a copy of the tree, one at a time: each must make its tests fail.
mutants: install
	$(BIN)/python scripts/mutants.py $(MUTANTS)

openapi: install
	$(BIN)/secretariat export_openapi --out docs/openapi.json

messages: install
	cd secretariat && ../$(BIN)/django-admin makemessages -l ko -l zh_Hans -l ja -l es --ignore 'static/*'
	cd secretariat && ../$(BIN)/django-admin compilemessages

clean:
	rm -rf $(VENV) var
