# Portal de Buenas Prácticas Municipales — the two commands are `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
DEV_SETTINGS := portal.settings.dev
# Links in the admin, e-mails and canonical URLs follow the port actually served.
export WAGTAILADMIN_BASE_URL ?= http://127.0.0.1:$(PORT)
STAMP := $(VENV)/.installed
# Development settings for manage.py only: `make test` keeps pytest's own (portal.settings.test).
MANAGE := DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(BIN)/python manage.py

.PHONY: run test install migrate demo lint pytest clean bench

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Falta $(PYTHON): instale Python 3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $(STAMP)

install: $(STAMP)

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

pytest: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test: lint pytest

bench: install
	@for f in bench/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles .pytest_cache
