# Two commands for a new user (see README): `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-live test-faults test-browser install lint format migrate demo worker clean

# Re-install only when pyproject.toml changed; a second `make run` reuses the venv.
$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py demo

# Web server and an embedded Celery worker (+ beat) on the filesystem broker under var/;
# Ctrl-C stops both.
run: demo
	@echo "Starting the worker and the web server on http://$(HOST):$(PORT)/ (Ctrl-C stops both)"
	@$(VENV)/bin/celery -A config worker --beat --loglevel=INFO --concurrency=2 \
		--schedule=var/celerybeat-schedule & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

worker: install
	$(VENV)/bin/celery -A config worker --beat --loglevel=INFO

# The suite on the embedded default: SQLite, eager Celery, no service needed.
test: install
	$(VENV)/bin/pytest

# Tests against PostgreSQL, Redis and a real worker (set DATABASE_URL and CELERY_BROKER_URL).
test-live: install
	CELERY_TASK_ALWAYS_EAGER=false $(VENV)/bin/pytest -m live

# Faults (tests/faults): kills workers, restarts a Redis of its own on port 6390 and cuts the
# database; its own session so that no other worker shares that broker.
test-faults: install
	CELERY_TASK_ALWAYS_EAGER=false CELERY_BROKER_URL=redis://127.0.0.1:6390/0 \
		$(VENV)/bin/pytest -m faults tests/faults

# Real-browser journeys (Debian's /usr/bin/chromium via Playwright) against a live server,
# PostgreSQL, Redis and a real worker (same variables as test-live); screenshots go to
# var/screenshots/.
test-browser: install
	CELERY_TASK_ALWAYS_EAGER=false $(VENV)/bin/pytest -m browser tests/browser

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) var .pytest_cache
