# Two commands on a fresh machine: `make run` (a populated portal on http://127.0.0.1:8000) and
# `make test` (the whole suite against real PostgreSQL, Redis, a Celery worker and Chromium).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The development switch: the portal defaults to DEBUG off, every target here is local work
# (`make DEBUG=0 ...` to try production settings). docker-compose.yml sets DEBUG=0.
export DEBUG ?= 1
# `make test` tries the same hypothesis examples on every run (the `ci` profile of tests/conftest.py).
test: export HYPOTHESIS_PROFILE := ci

.PHONY: system-packages run test test-quick install assets messages migrate seed demo lint check bench clean lock

# Debian keeps venv's pip bootstrap (ensurepip) in python3-venv: as root it is installed when
# missing (scripts/apt_install.sh). A venv left without pip by an earlier failure is completed.
$(STAMP): pyproject.toml requirements-dev.lock
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON))"; exit 1; }
	@$(PY) -m pip --version >/dev/null 2>&1 || $(PYTHON) -c 'import ensurepip' 2>/dev/null || \
	  scripts/apt_install.sh python3-venv $(notdir $(PYTHON))-venv || { \
	  echo "$(PYTHON) -m venv needs python3-venv: apt-get install python3-venv (or run make as root)"; exit 1; }
	@$(PY) -m pip --version >/dev/null 2>&1 || $(PYTHON) -m venv $(VENV) || { \
	  echo "venv failed: on Debian, apt-get install python3-venv"; exit 1; }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.lock
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

install: $(STAMP)

# After changing a range in pyproject.toml and installing: pin what was tested (both lock files).
lock:
	$(PY) scripts/lock_deps.py

system-packages:
	@scripts/system_packages.sh

assets: install system-packages
	$(PY) scripts/assets.py

messages: install system-packages
	$(PY) manage.py compilemessages --ignore '.venv/*' --ignore 'node_modules/*' -v 0

migrate: install
	@mkdir -p var
	$(PY) manage.py migrate --noinput -v 0

seed: migrate
	$(PY) manage.py load_seed

demo: seed
	DEBUG=1 $(PY) manage.py load_demo

run: assets messages demo
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) manage.py makemigrations --check --dry-run -v 0

# The whole suite on throwaway PostgreSQL and Redis; the suite starts its own Celery worker
# against the test database and drives Debian's Chromium. Servers stop also on failure.
test: assets messages lint
	scripts/audit_deps.sh
	@# `docker-compose config` validates the replicated deployment (tests/portal/test_deployment.py).
	@command -v docker-compose >/dev/null || scripts/apt_install.sh docker-compose || true
	scripts/with_services.sh $(PY) -m pytest -p no:cacheprovider $(PYTEST_ARGS)

# Quick work: SQLite, tasks in-process, no browser or integration tests.
test-quick: install
	$(PY) -m pytest -m "not integration and not browser" $(PYTEST_ARGS)

clean:
	rm -rf build var .pytest_cache

# Speed and memory at scale (issue 8): throwaway PostgreSQL and Redis, scale 1 and 10 data,
# gunicorn + wrk on loopback. Prints a table and writes bench/results/latest.json.
bench: assets messages
	scripts/with_services.sh $(PY) bench/run.py
