# The two commands of the README: `make run` and `make test`. Needs only Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# `make run`: links in e-mails and calendar files follow PORT unless PORTAL_BASE_URL is set
# (in the environment, or in .env, which honcho reads for every process).
# Both commands are the embedded default on a developer's machine: debug is asked for here,
# since the settings default to production (and refuse to start without its secrets).
DJANGO_DEBUG ?= true
export DJANGO_DEBUG

.PHONY: run test test-e2e lint messages install requirements check-requirements loadtest

# Pinned and hashed (pip-tools): requirements.txt is production, requirements-dev.txt adds
# the embedded default's process runner, the tests and the tools. Edit the .in files.
$(BIN)/.installed-runtime: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(BIN)/.installed-dev: $(BIN)/.installed-runtime requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(BIN)/.installed-runtime

## make run: install, migrate, load the demo, then web + Celery worker + beat under honcho.
run: $(BIN)/.installed-dev
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo ""
	@echo "  The portal runs on http://127.0.0.1:$(PORT)/"
	@echo "  Demo logins (password demo-wellbeing-2026): employee@demo.example, peer@demo.example,"
	@echo "  coordinator@demo.example, psychologist@demo.example, manager@demo.example,"
	@echo "  wellbeing@demo.example, counsellor@demo.example, admin@demo.example, dpo@demo.example"
	@echo "  Every role but employee asks for a TOTP code: run"
	@echo "      $(BIN)/python manage.py demo_totp"
	@echo "  for the current one, or add the secret JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP to an"
	@echo "  authenticator app (see README)."
	@echo ""
	WEB_PORT=$(PORT) PORTAL_BASE_URL="$${PORTAL_BASE_URL:-http://127.0.0.1:$(PORT)}" $(BIN)/honcho start -f Procfile.dev

## make test: the whole suite. Uses DATABASE_URL when set (PostgreSQL), SQLite otherwise.
## In parallel (pytest-xdist, one worker per core; each worker has its own test database):
## on two cores the suite takes about 5 minutes instead of 8. TEST_WORKERS=0 runs it in one process.
## TEST_ARGS go to pytest as they are (e.g. TEST_ARGS="--ignore=tests/e2e" or a path).
TEST_WORKERS ?= auto
TEST_ARGS ?=
test: $(BIN)/.installed-dev
	$(BIN)/python -m pytest -p no:cacheprovider -n $(TEST_WORKERS) $(TEST_ARGS)

test-e2e: $(BIN)/.installed-dev
	$(BIN)/python -m pytest -p no:cacheprovider -n $(TEST_WORKERS) tests/e2e

## make loadtest: Locust against gunicorn and PostgreSQL on this machine (docs/performance.md, "Load test").
loadtest: $(BIN)/.installed-dev
	loadtests/run.sh

lint: $(BIN)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## make messages: refresh every catalogue (the project's in locale/, each app's in <app>/locale/:
## makemessages puts a string in the catalogue of the app it is found in), then compile them.
## Dutch and Danish are written in the .po files themselves.
messages: $(BIN)/.installed-dev
	$(BIN)/python manage.py makemessages -l nl -l da --no-wrap --no-obsolete --ignore=.venv --ignore=tests --ignore=scripts \
		--ignore=var --ignore=staticfiles --ignore=static
	$(BIN)/python manage.py compilemessages --ignore=.venv

## make requirements: pin requirements*.txt (with hashes) from requirements*.in.
requirements: $(BIN)/.installed-dev
	scripts/requirements.sh compile

check-requirements: $(BIN)/.installed-dev
	scripts/requirements.sh check
