# Two commands a newcomer needs: `make run` and `make test`. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python

# The first Python 3.12+ found: python3.13, python3.12, python3, then pyenv's interpreters.
define FIND_PYTHON
for candidate in python3.13 python3.12 python3 \
    $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[2-9]*/bin/python 2>/dev/null | sort -rV) \
    $$( (command -v pyenv >/dev/null && ls -d $$(pyenv root)/versions/3.1[2-9]*/bin/python) 2>/dev/null | sort -rV); do \
  if command -v $$candidate >/dev/null 2>&1 && \
     $$candidate -c 'import sys, venv; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
    command -v $$candidate; exit 0; \
  fi; \
done; exit 1
endef

.PHONY: help install browser gettext wrk messages run test lint format smoke bench bench-data bench-http demo check-deploy backup-drill faults clean

help:
	@echo "make run    start the platform on http://127.0.0.1:8000 (web, worker, beat)"
	@echo "make test   lint and run the whole test suite"
	@echo "make messages  update and compile the Russian catalog (locale/ru) from the code"
	@echo "make bench  run the benchmarks in bench/ (bench-data, bench-http: see README)"
	@echo "make backup-drill  pg_dump DATABASE_URL, restore into a new database, compare row counts"
	@echo "make faults  Redis stopped, PostgreSQL cut, worker killed -9 under a loopback load"

$(BIN)/.installed: pyproject.toml requirements.lock
	@python="$$( $(FIND_PYTHON) )" || { \
	  echo "No Python 3.12 or newer with the venv module was found." >&2; \
	  echo "Install one, e.g. 'sudo apt-get install python3.12 python3.12-venv' (Debian/Ubuntu)," >&2; \
	  echo "or 'pyenv install 3.13', then run make again." >&2; exit 1; }; \
	echo "Using $$python ($$($$python --version))"; \
	[ -x $(PY) ] || $$python -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	@mkdir -p var
	@touch $@

install: $(BIN)/.installed

ADDR ?= 127.0.0.1:8000
run: export DEBUG ?= 1
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py run_platform --addr $(ADDR)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Tests read DATABASE_URL / REDIS_URL / CELERY_BROKER_URL when set (see .ci/run). They run
# on TEST_WORKERS parallel pytest-xdist workers (TEST_WORKERS=0: one process, serially).
TEST_WORKERS ?= 3
TEST_DIST ?= worksteal
test: export SECRET_KEY ?= test-only-secret-key-not-for-production-use-0123456789abcdef
test: export DJANGO_ALLOW_ASYNC_UNSAFE = true
test: export STATICFILES_BACKEND = django.contrib.staticfiles.storage.StaticFilesStorage
test: export WHITENOISE_AUTOREFRESH = 1
test: export SECURE_SSL_REDIRECT = 0
test: lint browser gettext
	$(BIN)/pytest -n $(TEST_WORKERS) --dist $(TEST_DIST) $(PYTEST_ARGS)

# Finds the Chromium the browser tests drive (installs Debian's when run as root on
# Debian), or stops with one line saying what to install. Skipped when PYTEST_ARGS
# deselects the browser tests.
browser: install
ifeq ($(findstring not browser,$(PYTEST_ARGS)),)
	@$(PY) tests/chromium.py
endif

# $(call debian_tool,COMMAND,PACKAGE,WHY): when COMMAND is missing, installs Debian's
# PACKAGE if run as root on Debian, else stops with one line saying what to install.
define debian_tool
	@command -v $(1) >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "--- installing $(2) for $(3)"; \
	    (apt-get install -y -qq $(2) || (apt-get update -qq && apt-get install -y -qq $(2))) >/dev/null; \
	  else \
	    echo "$(3) needs $(2): 'sudo apt-get install $(2)'." >&2; exit 1; \
	  fi; }
endef

# The translation catalog's tests run makemessages, which needs GNU gettext.
gettext:
	$(call debian_tool,xgettext,gettext,the translation catalog's tests)

# The HTTP benchmark's load generator.
wrk:
	$(call debian_tool,wrk,wrk,make bench-http)

# Update the Russian catalog from the code and templates, then compile it. Translate
# what it adds (empty msgstr), run it again, and commit both files.
messages: install gettext
	DEBUG=1 SECRET_KEY=messages $(PY) manage.py makemessages -l ru --add-location=file \
	  --no-obsolete --ignore=.venv --ignore=bench --ignore=tests --ignore=var \
	  --ignore=static --ignore=staticfiles --ignore=locale --ignore=build
	DEBUG=1 SECRET_KEY=messages $(PY) manage.py compilemessages -l ru --ignore=.venv

# The short subset CI also runs on the embedded default (SQLite, filesystem broker).
smoke: export SECRET_KEY ?= test-only-secret-key-not-for-production-use-0123456789abcdef
smoke: export DJANGO_ALLOW_ASYNC_UNSAFE = true
smoke: export STATICFILES_BACKEND = django.contrib.staticfiles.storage.StaticFilesStorage
smoke: export WHITENOISE_AUTOREFRESH = 1
smoke: export SECURE_SSL_REDIRECT = 0
smoke: install
	env -u DATABASE_URL -u REDIS_URL -u CELERY_BROKER_URL $(BIN)/pytest -m smoke $(PYTEST_ARGS)

bench: install
	$(PY) bench/bench_scheduler.py
	$(PY) bench/bench_matching.py

# A generated data set on PostgreSQL (bench/generate.py drops and refills the database
# named in BENCH_DATABASE_URL, which must start with "bench"); SCALE=0.01 takes seconds.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/bench
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/6
SCALE ?= 1
bench-data: install
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) bench/generate.py --scale $(SCALE)

# The key pages against a bare Django template page and a bare DRF list, in one run
# (gunicorn 2 sync workers, wrk at 16 connections). Runs bench-data first if needed.
bench-http: install wrk
	@[ -f var/bench-people-$(notdir $(BENCH_DATABASE_URL)).json ] || $(MAKE) bench-data
	DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=$(BENCH_REDIS_URL) $(PY) bench/bench_http.py $(BENCH_ARGS)

# The backup and restore drill on the PostgreSQL database of DATABASE_URL: pg_dump,
# restore into a new database, compare every table's row count (exits 1 on a difference).
backup-drill: export DEBUG ?= 1
backup-drill: install
	$(PY) manage.py backup_drill $(DRILL_ARGS)

# Faults under a bounded loopback load, on the PostgreSQL server of DATABASE_URL (its own
# database, its own redis-server on a free port): prints figures, exits 1 on a broken
# promise. E.g. FAULT_ARGS="--redis-down 300" for the five-minute outage.
faults: install
	$(PY) bench/faults.py $(FAULT_ARGS)

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache
