# Portal de Buenas Prácticas Municipales — the two commands are `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
DEV_SETTINGS := portal.settings.dev
# Links in the admin, e-mails and canonical URLs follow the port actually served.
export WAGTAILADMIN_BASE_URL ?= http://127.0.0.1:$(PORT)
STAMP := $(VENV)/.installed
# Locks: pyproject.toml lists the direct dependencies; `make lock` pins everything with hashes.
# pip-compile resolves through pip itself, so it uses the index and find-links that pip is configured
# with (pip.conf, PIP_INDEX_URL, PIP_FIND_LINKS); LOCK_ARGS=--upgrade moves every pin to the newest.
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links $(LOCK_ARGS)
# `ruff format --check` in `make lint`: 0 until the tree has been formatted once (`ruff format .`).
# TODO(coordinator): set to 1 after the single `ruff format .` that follows the merges.
RUFF_FORMAT_CHECK ?= 1
# Development settings for manage.py only: `make test` keeps pytest's own (portal.settings.test).
MANAGE := DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(BIN)/python manage.py

.PHONY: run test install install-prod lock migrate demo lint pytest clean bench

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Falta $(PYTHON): instale Python 3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# The development set: production dependencies plus test and lint tools, exactly as locked.
$(STAMP): requirements/dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.txt
	@touch $(STAMP)

install: $(STAMP)

# Production only (a server without Docker, docs/deploy.md): no test tools.
install-prod: | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/prod.txt

# Regenerates the three locks from pyproject.toml (a few minutes). dev and tools are constrained to
# the versions of the set below them, so production runs exactly what the tests ran.
lock: | $(BIN)/python
	@$(BIN)/python -c "import piptools" 2>/dev/null || \
		$(BIN)/pip install --quiet "$$(grep -o '"pip-tools==[^"]*"' pyproject.toml | tr -d '"')"
	@mkdir -p requirements
	$(PIP_COMPILE) -o requirements/prod.txt pyproject.toml
	$(PIP_COMPILE) --extra dev --constraint requirements/prod.txt -o requirements/dev.txt pyproject.toml
	$(PIP_COMPILE) --extra tools --constraint requirements/dev.txt -o requirements/tools.txt pyproject.toml

migrate: install
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) load_demo_data

run: demo
	@$(MANAGE) demo_logins
	$(MANAGE) runserver 127.0.0.1:$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports
ifeq ($(RUFF_FORMAT_CHECK),1)
	$(BIN)/ruff format --check .
endif

pytest: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test: lint pytest

bench: install
	@for f in bench/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles .pytest_cache
