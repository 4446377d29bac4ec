# Wijktafel. `make run` sets everything up and starts a working instance with demo data;
# `make test` sets everything up and runs the whole suite (browser tests included).
.DEFAULT_GOAL := help
PY := .venv/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# DATABASE_URL and REDIS_URL of the project's own PostgreSQL and Redis (scripts/services.sh).
SERVICES_ENV = eval "$$(bash scripts/services.sh env)"

# The suite runs in parallel; scripts/test.sh runs its passes (it says how and why).
TEST_WORKERS ?= 3
TESTS = TEST_WORKERS=$(TEST_WORKERS) bash scripts/test.sh

.PHONY: help setup run test check lint check-deploy messages bench services services-stop test-postgres faults

help:  ## List the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

setup:  ## Install system packages, the venv, front-end files; compile messages
	@bash scripts/setup.sh

# scripts/run.py starts the web server and the task worker (jobs and mail) together; Ctrl-C stops
# both, and when one of them stops the other is stopped too.
run: setup  ## Migrate, load the demo and serve on http://127.0.0.1:8000, with the task worker
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py load_demo
	$(PY) scripts/run.py --host $(HOST) --port $(PORT) \
		--ws-max-size 65536 --ws-ping-interval 20 --no-access-log

test: setup services  ## The whole suite: lint, everything on SQLite and the backend-sensitive part on PostgreSQL side by side, deploy checks
	$(MAKE) --no-print-directory lint
	$(TESTS) all
	$(MAKE) --no-print-directory check-deploy

check: setup  ## The quick tier for daily work (a few minutes): lint and the fast tests, on SQLite
	$(MAKE) --no-print-directory lint
	HYPOTHESIS_PROFILE=dev $(TESTS) sqlite -m "not slow"

lint:  ## ruff: the lint rules and the formatting (pyproject.toml)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

services:  ## Start the project's own PostgreSQL/PostGIS and Redis on loopback (installs them)
	@bash scripts/services.sh start

services-stop:  ## Stop them (the data stays in .services/)
	@bash scripts/services.sh stop

test-postgres: setup services  ## The backend-sensitive part of the suite on PostgreSQL/PostGIS, with the two-worker tests
	$(TESTS) postgres

faults: setup services  ## Long fault drills on PostgreSQL, Redis and SQLite (not in every CI run)
	$(SERVICES_ENV) && WIJKTAFEL_FAULTS=1 $(PY) -m pytest -p no:cacheprovider -s -v tests/faults

check-deploy:  ## Django's deployment checks with the production settings
	WIJKTAFEL_PRODUCTION=1 DJANGO_SECRET_KEY='ci-$(shell head -c 32 /dev/urandom | base64 | tr -dc a-zA-Z0-9)-long-enough-secret-key-for-check' \
		DJANGO_ALLOWED_HOSTS=wijktafel.example.nl WIJKTAFEL_SITE_URL=https://wijktafel.example.nl \
		$(PY) manage.py check --deploy --fail-level WARNING

messages:  ## Update the message catalogues after changing strings
	$(PY) manage.py makemessages -l nl -l en --ignore=.venv --ignore=node_modules --ignore=staticfiles
	$(PY) manage.py makemessages -d djangojs -l nl -l en --ignore=.venv --ignore=node_modules --ignore=staticfiles

bench:  ## Run the benchmarks in bench/ (fan-out, capacity, HTTP, connect storm, report, appraisal live, slow phone, flood); they print their figures
	$(PY) bench/fanout.py
	$(PY) bench/capacity.py
	$(PY) bench/http.py
	$(PY) bench/http.py --postgres
	$(PY) bench/connect_storm.py
	$(PY) bench/report.py
	$(PY) bench/appraisal_live.py
	$(PY) bench/slow_phone.py
	$(PY) bench/flood.py
