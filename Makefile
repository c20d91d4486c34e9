# Two commands: `make run` (a demo site on SQLite) and `make test`.
# Needs only python3 >= 3.11; npm is optional (axe-core for the accessibility tests).

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check --quiet
MANAGE := $(PY) manage.py
RUNSERVER_ADDR ?= 127.0.0.1:8000
PYTEST_ARGS ?=

# Stamps live inside the virtualenv, so deleting .venv also forgets what was installed.
RUNTIME_STAMP := $(VENV)/.installed-requirements
DEV_STAMP := $(VENV)/.installed-requirements-dev

.DEFAULT_GOAL := help
.PHONY: help run test lint check messages migrate axe clean distclean

help:
	@echo "make run        virtualenv, migrate, demo data, serve on http://$(RUNSERVER_ADDR)"
	@echo "make test       run the test suite (PYTEST_ARGS=... to pass options to pytest)"
	@echo "make lint       ruff check, ruff format --check and the layering contract"
	@echo "make check      missing migrations and 'check --deploy' with production settings"
	@echo "make clean      remove caches and build output (distclean: also .venv, node_modules)"

$(PY):
	$(PYTHON) -m venv $(VENV)

$(RUNTIME_STAMP): requirements.txt | $(PY)
	$(PIP) install -r requirements.txt
	@touch $@

# requirements-dev.txt includes requirements.txt, so it depends on both.
$(DEV_STAMP): requirements-dev.txt $(RUNTIME_STAMP)
	$(PIP) install -r requirements-dev.txt
	@touch $@

# GNU gettext when present; otherwise Babel (a runtime requirement), so a machine with
# nothing but Python still gets the Chinese catalogue.
messages: $(RUNTIME_STAMP)
	@if [ -z "$$(find locale -name '*.po' 2>/dev/null | head -n 1)" ]; then \
		: no catalogues yet; \
	elif command -v msgfmt >/dev/null 2>&1; then \
		$(MANAGE) compilemessages --ignore=$(VENV) --ignore=node_modules; \
	else \
		for domain in django djangojs; do \
			if [ -n "$$(find locale -path "*/LC_MESSAGES/$$domain.po" | head -n 1)" ]; then \
				$(VENV)/bin/pybabel compile -d locale -D $$domain || exit 1; \
			fi; \
		done; \
	fi

migrate: $(RUNTIME_STAMP)
	$(MANAGE) migrate --noinput

run: migrate messages
	$(MANAGE) seed_demo
	$(MANAGE) create_demo_admin
	$(MANAGE) create_demo_producer
	$(MANAGE) runserver $(RUNSERVER_ADDR)

# axe-core for the accessibility tests; without npm those tests skip locally (and fail in CI).
axe:
	@if command -v npm >/dev/null 2>&1 && { [ ! -f node_modules/axe-core/axe.min.js ] \
		|| [ package-lock.json -nt node_modules/.package-lock.json ]; }; then \
		npm ci --no-audit --no-fund; \
	fi

test: $(DEV_STAMP) axe messages
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(DEV_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

# The deploy check runs with the variables production sets; the key is random each time.
check: $(RUNTIME_STAMP)
	$(MANAGE) makemigrations --check --dry-run
	DEBUG=0 ALLOWED_HOSTS=example.org \
	SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))')" \
	LABEL_SIGNING_KEYS="1:$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(32))')" \
		$(MANAGE) check --deploy --fail-level WARNING

clean:
	find . -path ./$(VENV) -prune -o -path ./node_modules -prune -o \
		\( -name __pycache__ -o -name '*.mo' \) -print0 | xargs -0 rm -rf
	rm -rf .pytest_cache .ruff_cache staticfiles test-results

distclean: clean
	rm -rf $(VENV) node_modules
