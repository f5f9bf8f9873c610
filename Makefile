# Motietracker: `make run` (app with demo data) and `make test` (the whole suite).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Where links in e-mails, List-Unsubscribe and the annex point: this server (0.0.0.0 listens on every
# interface; links then name this machine as 127.0.0.1). Set SITE_URL to override.
SITE_URL ?= http://$(if $(filter 0.0.0.0 ::,$(HOST)),127.0.0.1,$(HOST)):$(PORT)

.PHONY: install run test typecheck ci demo worker beat clean

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

# axe-core (package.json) for the browser tests' accessibility check; nothing from npm is served.
# Without npm the app still runs and that one check skips locally (CI installs npm).
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --loglevel=error && touch $@ || echo "npm ci failed: the axe-core browser check will skip"; \
	else \
		echo "npm not found: the axe-core browser check will skip (apt-get install npm)"; \
	fi

# Development server on SQLite with Celery tasks run in-process; the beat schedule runs inside the
# server (retries, digests, overdue check) and mail is printed to this terminal (console backend).
run: install
	DEBUG=1 SITE_URL=$(SITE_URL) $(PY) manage.py migrate --noinput
	DEBUG=1 SITE_URL=$(SITE_URL) $(PY) manage.py load_demo
	@echo "Motietracker runs at $(SITE_URL)/  (staff: $(SITE_URL)/admin/, user 'beheer', password 'motietracker-demo'); e-mail is printed here, not sent (console backend)"
	DEBUG=1 SITE_URL=$(SITE_URL) $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

# mypy with the Django and DRF stubs on the whole project; fails on any error (CI runs it too).
typecheck: install
	VENV=$(VENV) bash scripts/typecheck.sh

demo: install
	DEBUG=1 SITE_URL=$(SITE_URL) $(PY) manage.py load_demo

worker: install
	$(VENV)/bin/celery -A tracker worker --loglevel=info -Q celery,harvest

beat: install
	$(VENV)/bin/celery -A tracker beat --loglevel=info

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) var/*.sqlite3 .pytest_cache .mypy_cache
