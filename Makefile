# Tryg: `make run` for development, `make serve` for the production setup, `make test` for the fast tests,
# `make test-all` for what CI runs, `make check` before a commit.
VENV    ?= .venv
PYTHON  ?= python3
PY      := $(VENV)/bin/python
PORT    ?= 8000
WORKERS ?= 2

.PHONY: install run serve test test-all lint audit sbom check messages loadtest clean

$(VENV)/.installed: pyproject.toml
	@# pysaml2 signs and verifies SAML messages with Debian's xmlsec1 (single sign-on).
	@command -v xmlsec1 >/dev/null 2>&1 || apt-get install -y -qq xmlsec1 || \
		{ echo "xmlsec1 is missing: sudo apt-get install xmlsec1"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

# Development: DEBUG on, demo data, mails printed to this console by the worker, links to the port served.
run: export DEBUG = true
run: export SITE_URL = http://127.0.0.1:$(PORT)
# The demo users keep their passwords, whatever the shell says about single sign-on.
run: export PASSWORD_LOGIN = true
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py db_worker --no-reload & worker=$$!; trap 'kill $$worker' EXIT; \
		$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Production: DEBUG off, settings from the environment (docs/operations.md), gunicorn and the mail worker.
serve: install
	$(PY) manage.py collectstatic --noinput
	$(PY) manage.py migrate --noinput
	$(PY) manage.py db_worker --no-reload & worker=$$!; trap 'kill $$worker' EXIT; \
		PORT=$(PORT) WORKERS=$(WORKERS) $(VENV)/bin/gunicorn --config gunicorn.conf.py

# The fast set: everything but the tests marked slow and the browser tests, on every core (pytest-xdist).
test: export DEBUG = true
test: install
	$(PY) -m pytest -m "not slow and not browser" -n auto $(PYTEST_ARGS)

# Everything, as CI runs it (PostgreSQL when DATABASE_URL is set).
test-all: export DEBUG = true
test-all: install
	$(PY) -m pytest $(PYTEST_ARGS)

# ruff, then mypy with django-stubs on what is annotated (pyproject.toml, [tool.mypy]).
lint: install
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	DEBUG=true $(VENV)/bin/mypy

# Known vulnerabilities in the installed packages, against .ci/audit-accepted.toml (.ci/audit.py says why it
# passes, with a warning, when the vulnerability service cannot be reached).
audit: install
	$(PY) .ci/audit.py

# The CycloneDX software bill of materials of the installed environment (CI keeps it with the build).
sbom: install
	$(VENV)/bin/cyclonedx-py environment $(PY) --pyproject pyproject.toml --output-reproducible -o sbom.cdx.json

# Format, lint, audit, migrations complete, and Django's deploy check with production-like settings.
check: lint audit
	env -u DATABASE_URL DEBUG=true $(PY) manage.py makemigrations --check --dry-run
	DEBUG=false SECRET_KEY=check-only-$$(head -c 48 /dev/urandom | base64 | tr -d '/+=') \
		ALLOWED_HOSTS=tryg.example.invalid $(PY) manage.py check --deploy --fail-level WARNING

messages: export DEBUG = true
messages: install
	$(PY) manage.py makemessages --locale da --no-location --ignore ".venv/*" --ignore "tests/*"
	$(PY) manage.py compilemessages --locale da --ignore ".venv/*"

# The load test (bench/README.md): a fresh PostgreSQL database, gunicorn with DEBUG off, locust; a few minutes.
loadtest: install
	$(PY) -m pip install --quiet -e ".[bench]"
	$(PY) bench/load_run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
