# Developer entry points. `make` alone lists them.
#
# Everything runs from the project's own virtualenv (.venv), created on first use from
# Python 3.11. With no DATABASE_URL / REDIS_URL set, the app runs on the embedded default:
# SQLite and Celery's filesystem broker under var/ (or $VAR_DIR).

.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PORT ?= 8000
PYTEST_ARGS ?=

# The Procfile's commands (python, celery) resolve to the virtualenv's.
export PATH := $(CURDIR)/$(BIN):$(PATH)

# Stamps: pip runs again only when pyproject.toml changes.
DEV_STAMP := $(VENV)/.installed-dev
TEST_STAMP := $(VENV)/.installed-test

.PHONY: messages help install run test lint format migrate seed check-deploy vendor-static

help: ## list the targets
	@echo "Targets:"
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)
ifneq ($(wildcard bench/__main__.py),)
	@printf "  make %-14s %s\n" bench "run the benchmarks (python -m bench)"
endif

$(PY):
	@if [ -z "$(PYTHON)" ]; then echo "Python 3.11 not found: install it or pass PYTHON=/path/to/python3.11" >&2; exit 1; fi
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || { \
		echo "$(PYTHON) is not Python 3.11: pass PYTHON=/path/to/python3.11" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(DEV_STAMP): $(PY) pyproject.toml
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

$(TEST_STAMP): $(PY) pyproject.toml
	$(PY) -m pip install --quiet -e ".[test]"
	@touch $@

install: $(DEV_STAMP) ## create .venv and install the app (and honcho, for make run)

migrate: $(DEV_STAMP) ## apply the database migrations
	$(PY) manage.py migrate --noinput

seed: migrate ## load the demo organisations, users and records (idempotent)
	$(PY) manage.py seed_demo --url http://localhost:$(PORT)/

run: seed ## install, migrate, seed, then run web + worker + beat (Ctrl-C stops all three)
	@echo
	@echo "  Retentie: http://localhost:$(PORT)/  (admin: http://localhost:$(PORT)/admin/)"
	@echo "  Demo logins: see the seed_demo output above or README.md. Ctrl-C stops web, worker and beat."
	@echo "  Records officers, DPOs and administrators need a code too: $(PY) manage.py demo_totp <username>"
	@echo
	$(BIN)/honcho start --port $(PORT)

test: $(TEST_STAMP) ## install the test dependencies and run the whole suite (pytest)
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(TEST_STAMP) ## ruff check and ruff format --check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(TEST_STAMP) ## ruff format and the safe ruff fixes
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Production settings need SECRET_KEY, AUDIT_HMAC_KEY, WEBHOOK_SECRET_KEYS and ALLOWED_HOSTS:
# the real ones when exported, otherwise throw-away values, so the check runs anywhere.
check-deploy: $(DEV_STAMP) ## manage.py check --deploy with the production settings
	DJANGO_SETTINGS_MODULE=config.settings.production \
	SECRET_KEY="$${SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')}" \
	AUDIT_HMAC_KEY="$${AUDIT_HMAC_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')}" \
	WEBHOOK_SECRET_KEYS="$${WEBHOOK_SECRET_KEYS:-$$($(PY) -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')}" \
	ALLOWED_HOSTS="$${ALLOWED_HOSTS:-example.test}" \
	$(PY) manage.py check --deploy --fail-level WARNING

vendor-static: ## re-vendor the browser assets into static/vendor (needs npm)
	bash scripts/vendor_static.sh

messages: $(DEV_STAMP) ## update the Welsh and Dutch catalogues and export what needs translating (needs gettext)
	$(PY) manage.py makemessages -l cy -l nl --ignore ".venv/*" --ignore "var/*" --ignore "static/*" --ignore "tests/*" --ignore "bench/*"
	$(PY) scripts/po_todo.py export cy 1 var/translations
	$(PY) scripts/po_todo.py export nl 1 var/translations
	@echo "Translate var/translations/*.json into *.out.json, then: $(PY) scripts/po_todo.py import <lang> <file>; $(PY) manage.py compilemessages -l cy -l nl"

ifneq ($(wildcard bench/__main__.py),)
.PHONY: bench
bench: $(TEST_STAMP)
	@[ -n "$$DATABASE_URL" ] || { echo "make bench: set DATABASE_URL to a scratch PostgreSQL database (it is truncated)" >&2; exit 2; }
	$(PY) -m bench $(BENCH_ARGS)
endif
