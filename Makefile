# crosswalk: `make run` and `make test` work on a fresh clone (they create .venv first).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PEOPLE ?= 10000
SEED ?= 42
# The default extract date lives in crosswalk.settings (expanded once setup has run).
DATE ?= $(shell $(BIN)/python -c "from crosswalk.settings import DEFAULT_EXTRACT_DATE as d; print(d)")
NOISE ?= clerical
NOISE_SCALE ?= 1
export DO_NOT_TRACK := 1

.PHONY: setup generate run airflow test test-fast evaluate train lint clean bench lock wheel

setup: $(VENV)/.installed

# uv resolves and installs the locked set in seconds; pip alone backtracks for minutes.
# A checkout gets the dev lock (runtime and tools); a deployment installs requirements.lock
# (runtime only) and the wheel. Bytecode is compiled at install (uv does not by default):
# where PYTHONDONTWRITEBYTECODE is set (this machine sets it), every process would compile
# Airflow, dbt and GX from source again, about 10 s each.
$(VENV)/.installed: pyproject.toml requirements-dev.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv
	$(BIN)/uv pip sync --quiet --compile-bytecode --python $(BIN)/python requirements-dev.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $@

generate: setup
	$(BIN)/crosswalk generate --people $(PEOPLE) --seed $(SEED) --date $(DATE) --noise $(NOISE) --noise-scale $(NOISE_SCALE)

run: generate
	$(BIN)/crosswalk run --date $(DATE)

# A real Airflow (scheduler, dag-processor, api-server; SQLite) with the nightly DAG, on
# the same data as `make run`: UI at http://localhost:$(AIRFLOW_PORT). Ctrl-C stops it.
AIRFLOW_PORT ?= 8080
airflow: setup
	$(BIN)/crosswalk airflow --port $(AIRFLOW_PORT)

evaluate: setup
	$(BIN)/crosswalk evaluate --date $(DATE)

train: setup
	$(BIN)/crosswalk train

# Two workers, each test file on one of them (its module fixtures are built once), dealt in
# the order tests/conftest.py collects them (xdist would sort files by their test count).
TEST_WORKERS ?= 2
test: setup
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

# Everything but the end-to-end nights (marked e2e): under a minute.
test-fast: setup
	$(BIN)/python -m pytest -m "not e2e"

# sqlfluff's dbt templater compiles the project, so the profile's paths must be set.
LINT_DIR := data/lint
lint: setup
	$(BIN)/ruff check crosswalk crosswalk_bench matching dags tests
	mkdir -p $(LINT_DIR)
	CROSSWALK_SECURE_PATH=$(LINT_DIR)/secure.duckdb CROSSWALK_WAREHOUSE_PATH=$(LINT_DIR)/build.duckdb \
	CROSSWALK_HISTORY_PATH=$(LINT_DIR)/history.duckdb \
	CROSSWALK_RAW_DIR=$(LINT_DIR)/raw CROSSWALK_AUDIT_DIR=$(LINT_DIR)/audit \
		$(BIN)/sqlfluff lint dbt_project

# Regenerate the locks after changing pyproject.toml dependencies; the runtime lock takes
# the dev lock's versions, so the two never disagree.
lock: setup
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements-dev.lock
	$(BIN)/uv pip compile pyproject.toml --python-version 3.11 --constraint requirements-dev.lock \
		-o requirements.lock

# The wheel a deployment installs (with requirements.lock): code, dbt project, suites, DAG.
wheel: setup
	$(BIN)/uv build --wheel --out-dir dist .

clean:
	rm -rf data/landing data/raw data/audit data/truth data/warehouse data/exports data/airflow data/airflow-server data/state data/run.lock data/review

# Accuracy and timings against plain Splink; BENCH_SIZES=100000,1000000 for the large set.
BENCH_SIZES ?= 100000
bench: setup
	$(BIN)/crosswalk bench --sizes $(BENCH_SIZES)
