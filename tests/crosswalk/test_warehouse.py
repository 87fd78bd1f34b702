"""The published warehouse opens in the DuckDB CLI analysts install (1.x), views and all."""

import subprocess
import sys
from pathlib import Path

import duckdb

from crosswalk import warehouse
from crosswalk.settings import get_paths

CLI = Path(sys.executable).parent / "duckdb"  # duckdb-cli 1.5, a dev dependency


def cli(database: Path, sql: str) -> str:
    done = subprocess.run([str(CLI), "-readonly", "-csv", str(database), "-c", sql],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_published_build_opens_in_the_1_x_cli_with_its_views_and_descriptions(data_dir):
    paths = get_paths()
    paths.work_warehouse.parent.mkdir(parents=True)
    with duckdb.connect(str(paths.work_warehouse)) as con:
        con.execute("create schema marts; create schema staging")
        con.execute("create table marts.people as select 'P1' as person_id union all select 'P2'")
        con.execute("comment on column marts.people.person_id is 'The person.'")
        con.execute("create view staging.v as select count(*) as n from marts.people")
    published = warehouse.publish(paths)
    assert cli(published, "select n from staging.v").split() == ["n", "2"]
    assert cli(published, "select comment from duckdb_columns() "
                          "where table_name = 'people'").split("\n")[1] == "The person."
    assert not published.with_suffix(".duckdb.publishing").exists()
