# Tryg: `make run` serves the app on SQLite with demo data; `make test` runs the whole suite.
VENV   ?= .venv
PYTHON ?= python3
PY     := $(VENV)/bin/python
PORT   ?= 8000

# Local development and tests run with DEBUG on unless the caller says otherwise.
export DEBUG ?= true

.PHONY: install run test lint messages check-deploy clean loadtest

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .

messages: install
	$(PY) manage.py makemessages --locale da --ignore ".venv/*" --ignore "tests/*"
	$(PY) manage.py compilemessages --locale da --ignore ".venv/*"

# The load test (bench/README.md): a fresh PostgreSQL database, gunicorn with DEBUG off, locust; a few minutes.
loadtest: install
	$(PY) -m pip install --quiet -e ".[bench]"
	$(PY) bench/load_run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
