"""Shared end-to-end fixtures: every test here is marked `e2e` (`make test-fast` skips them)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from crosswalk.orchestration import run_dag
from crosswalk.settings import Paths, get_paths


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)


@contextmanager
def _module_data_dir(tmp_path_factory, name: str) -> Iterator[Paths]:
    patch = pytest.MonkeyPatch()
    patch.setenv("CROSSWALK_DATA_DIR", str(tmp_path_factory.mktemp(name)))
    try:
        yield get_paths()
    finally:
        patch.undo()


def _run_nights(paths: Paths, *nights: date) -> None:
    for night in nights:
        state = run_dag(paths, night)
        assert state == "success", f"the night of {night} ended {state}"


def _query(paths: Paths, sql: str, *params) -> pd.DataFrame:
    with duckdb.connect(str(paths.published_warehouse), read_only=True) as con:
        return con.execute(sql, list(params)).df()


def _secure_query(paths: Paths, sql: str, *params) -> pd.DataFrame:
    with duckdb.connect(str(paths.secure_warehouse), read_only=True) as con:
        return con.execute(sql, list(params)).df()


def _mart_hashes(warehouse: Path) -> dict[str, str]:
    """Each mart's sorted contents, hashed: equal whatever order its rows were written in."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        marts = [t for (t,) in con.execute("select table_name from duckdb_tables() "
                                           "where schema_name = 'marts' order by 1").fetchall()]
        return {t: hashlib.sha256(repr(con.execute(
            f"select * from marts.{t} order by all").fetchall()).encode()).hexdigest()
            for t in marts}


@pytest.fixture(scope="session")
def mart_hashes():
    """`mart_hashes(warehouse)`: {mart: hash of its sorted rows}."""
    return _mart_hashes


@pytest.fixture(scope="session")
def module_data_dir():
    """`with module_data_dir(tmp_path_factory, name) as paths:` a fixture's own CROSSWALK_DATA_DIR."""
    return _module_data_dir


@pytest.fixture(scope="session")
def run_nights():
    """`run_nights(paths, *dates)`: each night through the real DAG, in order; any failure fails."""
    return _run_nights


@pytest.fixture(scope="session")
def query():
    """`query(paths, sql, *params)`: the published analysts' file, read-only, as an analyst
    reads it."""
    return _query


@pytest.fixture(scope="session")
def secure_query():
    """`secure_query(paths, sql, *params)`: the published secure file (staging, intermediate,
    linkage), read-only."""
    return _secure_query
