# Motietracker: `make run` (app with demo data) and `make test` (the whole suite).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test ci demo worker beat clean

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

# Development server on SQLite with Celery tasks run in-process.
run: install
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_demo
	@echo "Motietracker runs at http://$(HOST):$(PORT)/  (staff: http://$(HOST):$(PORT)/admin/, user 'beheer', password 'motietracker-demo')"
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

demo: install
	DEBUG=1 $(PY) manage.py load_demo

worker: install
	$(VENV)/bin/celery -A tracker worker --loglevel=info -Q celery,harvest

beat: install
	$(VENV)/bin/celery -A tracker beat --loglevel=info

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) var/*.sqlite3 .pytest_cache
