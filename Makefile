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

.PHONY: setup generate run test test-fast evaluate train lint clean bench lock

setup: $(VENV)/.installed

# uv resolves and installs the locked set in seconds; pip alone backtracks for minutes.
$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv
	$(BIN)/uv pip sync --quiet --python $(BIN)/python requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $@

generate: setup
	$(BIN)/crosswalk generate --people $(PEOPLE) --seed $(SEED) --date $(DATE) --noise $(NOISE) --noise-scale $(NOISE_SCALE)

run: generate
	$(BIN)/crosswalk run --date $(DATE)

evaluate: setup
	$(BIN)/crosswalk evaluate --date $(DATE)

train: setup
	$(BIN)/crosswalk train

test: setup
	$(BIN)/python -m pytest

# Everything but the end-to-end nights (marked e2e): under a minute.
test-fast: setup
	$(BIN)/python -m pytest -m "not e2e"

# sqlfluff's dbt templater compiles the project, so the profile's paths must be set.
LINT_DIR := data/lint
lint: setup
	$(BIN)/ruff check crosswalk crosswalk_bench matching dags tests
	mkdir -p $(LINT_DIR)
	CROSSWALK_WAREHOUSE_PATH=$(LINT_DIR)/build.duckdb CROSSWALK_HISTORY_PATH=$(LINT_DIR)/history.duckdb \
	CROSSWALK_RAW_DIR=$(LINT_DIR)/raw CROSSWALK_AUDIT_DIR=$(LINT_DIR)/audit \
		$(BIN)/sqlfluff lint dbt_project

# Regenerate the lock after changing pyproject.toml dependencies.
lock: setup
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements.lock

clean:
	rm -rf data/landing data/raw data/audit data/truth data/warehouse data/exports data/airflow data/dbt data/state data/review

# Accuracy and timings against plain Splink; BENCH_SIZES=100000,1000000 for the large set.
BENCH_SIZES ?= 100000
bench: setup
	$(BIN)/crosswalk bench --sizes $(BENCH_SIZES)
