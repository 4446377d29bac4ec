# Wijktafel. `make run` sets everything up and starts a working instance with demo data;
# `make test` sets everything up and runs the whole suite (browser tests included).
.DEFAULT_GOAL := help
PY := .venv/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help setup run test check-deploy messages bench

help:  ## List the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

setup:  ## Install system packages, the venv, front-end files; compile messages
	@bash scripts/setup.sh

run: setup  ## Migrate, load the demo and serve on http://127.0.0.1:8000
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py load_demo
	$(PY) -m uvicorn config.asgi:application --host $(HOST) --port $(PORT) \
		--ws-max-size 65536 --ws-ping-interval 20 --no-access-log

test: setup  ## Run the whole test suite (unit, socket, API and browser tests)
	$(PY) -m pytest -p no:cacheprovider
	$(MAKE) --no-print-directory check-deploy

check-deploy:  ## Django's deployment checks with the production settings
	WIJKTAFEL_PRODUCTION=1 DJANGO_SECRET_KEY='ci-$(shell head -c 32 /dev/urandom | base64 | tr -dc a-zA-Z0-9)-long-enough-secret-key-for-check' \
		DJANGO_ALLOWED_HOSTS=wijktafel.example.nl WIJKTAFEL_SITE_URL=https://wijktafel.example.nl \
		$(PY) manage.py check --deploy --fail-level WARNING

messages:  ## Update the message catalogues after changing strings
	$(PY) manage.py makemessages -l nl -l en --ignore=.venv --ignore=node_modules --ignore=staticfiles
	$(PY) manage.py makemessages -d djangojs -l nl -l en --ignore=.venv --ignore=node_modules --ignore=staticfiles
