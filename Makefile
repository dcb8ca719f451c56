# Two commands matter: `make run` (the site with demo content) and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install messages lock audit run test test-postgres test-e2e test-live-search search-node lint format check load-data reset-db bench clean
.PHONY: serve smoke-production loadtest bench-search bench-search-node

help: ## Show this help
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-14s %s\n", $$1, $$2}'

# The exact versions (and their hashes) come from requirements.lock, made by `make lock`; the
# project itself is installed on top of them, adding nothing.
$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

# The compiled catalogues (locale/*/LC_MESSAGES/django.mo) are generated, never committed: each
# is made from its .po by msgfmt (Debian's gettext) whenever the .po is newer, as compilemessages
# does, its format checks included.
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

%.mo: %.po
	@command -v msgfmt >/dev/null || { echo "msgfmt is needed to compile $<: sudo apt-get install gettext"; exit 1; }
	msgfmt --check-format --output-file $@ $<

install: $(VENV)/.installed $(CATALOGUES) ## Create .venv with everything the site and the tests need, and compile the catalogues

messages: install ## Extract the marked strings into locale/{fr,es,ar}/LC_MESSAGES/django.po (then translate them)
	PYTHON=$(PY) scripts/messages

# Resolves pyproject.toml's dependencies (with the dev, elasticsearch and opensearch extras) for every
# platform and Python 3.11 onwards; versions already in the lock are kept unless
# LOCK_ARGS=--upgrade (all) or LOCK_ARGS="--upgrade-package NAME".
LOCK_ARGS ?=
lock: ## Refresh requirements.lock (pinned versions with hashes) from pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet "uv>=0.5,<1"
	$(BIN)/uv pip compile pyproject.toml --extra dev --extra elasticsearch --extra opensearch --universal \
		--python-version 3.11 --generate-hashes --custom-compile-command "make lock" \
		--quiet --output-file requirements.lock $(LOCK_ARGS)

audit: install ## Check the locked versions against PyPI's vulnerability data (pip-audit)
	scripts/audit

run: install ## Serve the site with demo content at http://127.0.0.1:8000/ (first run loads it)
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) setup_demo
	@echo "Serving http://$(HOST):$(PORT)/ (admin: http://$(HOST):$(PORT)/admin/)"
	$(MANAGE) runserver $(HOST):$(PORT)

serve: install ## Run the production stack (gunicorn + task worker) at http://$(HOST):$(PORT)/; see README
	HOST=$(HOST) PORT=$(PORT) PYTHON=$(PY) scripts/serve

smoke-production: install ## Boot the production stack on throwaway PostgreSQL and Redis and smoke-test it
	scripts/with-postgres scripts/with-redis $(PY) scripts/smoke_production.py

# One test process per core (pytest-xdist); TEST_WORKERS=0 runs them in this process.
TEST_WORKERS ?= auto

test: install ## Run the whole test suite on SQLite (browser tests included; the search node's in `make test-live-search`)
	$(BIN)/pytest -q -n $(TEST_WORKERS) -m "not search_node" --durations=15

test-postgres: install ## Run the test suite on a throwaway PostgreSQL cluster and Redis (browser and whole-data tests run in `make test`)
	KB_FUZZ_EXAMPLES=20 scripts/with-postgres scripts/with-redis $(BIN)/pytest -q -n $(TEST_WORKERS) -m "not e2e and not data and not search_node" --durations=15

# A real OpenSearch node (scripts/with-search-node; needs java and mvn): the wrapper's own tests,
# then the live search suite and the benchmark's node measures (tests/bench/test_search_node_bench.py)
# against a node of their own. Nothing may be skipped here.
test-live-search: install ## Run the live search tests against a throwaway OpenSearch node (needs java and mvn)
	scripts/with-search-node --build
	$(PY) -m pytest -q -p no:xdist -rs tests/test_search_node.py
	scripts/with-search-node $(PY) -m pytest -q -p no:xdist -rs tests/search/test_es_live*.py \
		tests/bench/test_search_node_bench.py

search-node: ## Start a throwaway OpenSearch node for development and wait (Ctrl-C stops it)
	scripts/with-search-node sh -c 'echo "OPENSEARCH_URL=$$OPENSEARCH_URL (pid $$SEARCH_NODE_PID); Ctrl-C stops it"; while :; do sleep 3600; done'

lint: install ## Check code and templates (ruff, djhtml)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates

format: install ## Format code and templates
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml templates

check: install ## Django system checks and missing migrations
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

load-data: install ## Load the frameworks, organisations and sample practices from data/
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) import_frameworks data/frameworks
	$(MANAGE) import_organisations data/organisations.json
	$(MANAGE) import_practices data/practices-sample.json

reset-db: ## Delete the development database and media, then load the demo again
	rm -f db.sqlite3
	rm -rf media
	$(MAKE) --no-print-directory load-data
	$(MANAGE) setup_demo

bench: install ## Benchmark practice search at 1,000, 10,000 and 100,000 practices (bench/results/)
	$(PY) -m bench.run $(BENCH_ARGS)

# The same query mix on an OpenSearch node beside the database engine and the FTS5 floor, at
# 100,000 practices (generated once into /tmp/kb-bench/, then reused; see README, "Running at
# scale"), and the node alone at 1,000,000 practices (bulk-generated into it, no database).
SEARCH_NODE_HEAP ?= 2g
BENCH_SEARCH_ARGS ?= --sizes 100000 --reuse-db --no-http
bench-search: install ## Benchmark the opensearch engine against the database engine (100,000 practices)
	SEARCH_NODE_HEAP=$(SEARCH_NODE_HEAP) scripts/with-search-node \
		$(PY) -m bench.run --engine opensearch $(BENCH_SEARCH_ARGS)

BENCH_NODE_ARGS ?= --size 1000000
BENCH_NODE_HEAP ?= 4g
bench-search-node: install ## Benchmark the OpenSearch node alone at 1,000,000 practices (not in CI)
	SEARCH_NODE_HEAP=$(BENCH_NODE_HEAP) scripts/with-search-node $(PY) -m bench.search_node $(BENCH_NODE_ARGS)

# The HTTP load test: wrk against the production stack, PostgreSQL, 10,000 practices (about 3 min).
loadtest: install ## Load-test the production stack with wrk (cached pages, distinct queries, a 60 s soak)
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y wrk; } || \
		{ echo "wrk is needed: sudo apt-get install wrk"; exit 1; }
	scripts/with-postgres $(PY) -m bench.loadtest $(LOADTEST_ARGS)

clean: ## Remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
