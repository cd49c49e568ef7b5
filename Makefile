# keyplan: `make demo` runs the product with a demo portfolio; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
BIND ?= 127.0.0.1:8000

.PHONY: setup demo test test-run test-run-no-browser test-fast lint format messages translations static migrate clean

setup: $(VENV)/.deps node_modules/.deps static messages migrate

$(VENV)/.deps: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip sync --quiet --python $(BIN)/python requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $@

node_modules/.deps: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static: keyplan/static/vendor/.built
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0

keyplan/static/vendor/.built: node_modules/.deps scripts/build-static.mjs
	npm run --silent build
	touch $@

# Compiled with Babel (a dependency), so no system gettext is needed.
# A catalog is compiled only when its .po changed, so a second `make setup` (a test run
# beside another one) rewrites nothing the first is reading.
MO_FILES := keyplan/locale/ru/LC_MESSAGES/django.mo keyplan/locale/pl/LC_MESSAGES/django.mo
messages: $(MO_FILES)

keyplan/locale/%/LC_MESSAGES/django.mo: keyplan/locale/%/LC_MESSAGES/django.po $(VENV)/.deps
	$(BIN)/pybabel compile --domain django --directory keyplan/locale --locale $* --statistics

migrate: $(VENV)/.deps
	$(BIN)/python manage.py migrate --noinput --verbosity 0

demo: setup
	$(BIN)/keyplan demo --bind $(BIND)

# The test settings are named here: a DJANGO_SETTINGS_MODULE in the environment would
# otherwise win over pyproject's and run the suite with production-like settings.
# Browser journeys run in their own pytest process: Playwright keeps an event loop
# running in the main thread for the whole session, which Django's sync-only checks see.
test: setup
	bash scripts/ensure-chromium.sh
	$(MAKE) --no-print-directory test-run

# The suite without the setup step, for a second database run beside a first one (.ci/run).
# KEYPLAN_BROWSER_LOCK (set by .ci/run): a file another run holds while it works; the
# browser journeys wait for it, so Chromium's timing never competes with that run.
test-run: test-run-no-browser
	$(if $(KEYPLAN_BROWSER_LOCK),flock $(KEYPLAN_BROWSER_LOCK)) env DJANGO_SETTINGS_MODULE=keyplan.settings.test $(BIN)/pytest -m browser $(PYTEST_ARGS)

# Everything but the browser journeys, without the setup step (CI's PostgreSQL run).
test-run-no-browser:
	DJANGO_SETTINGS_MODULE=keyplan.settings.test $(BIN)/pytest -m "not browser" $(PYTEST_ARGS)

test-fast: setup
	DJANGO_SETTINGS_MODULE=keyplan.settings.test $(BIN)/pytest -m "not browser" $(PYTEST_ARGS)

# ruff (lint, complexity, format), mypy over the whole package, and the import graph
# (layers, no two-way or private imports, module and function size).
lint: $(VENV)/.deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy keyplan
	DJANGO_SETTINGS_MODULE=keyplan.settings.test $(BIN)/pytest -q -p no:cacheprovider tests/core/test_architecture.py

format: $(VENV)/.deps
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Re-extract strings into the ru/pl catalogs (needs GNU gettext), for translators.
translations: $(VENV)/.deps
	cd keyplan && ../$(BIN)/python ../manage.py makemessages --locale ru --locale pl --no-obsolete --ignore 'static/vendor/*'

clean:
	rm -rf $(VENV) node_modules keyplan/static/vendor
