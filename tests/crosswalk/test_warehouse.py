"""The published analysts' file opens in the DuckDB CLI analysts install (1.x), views and all;
the secure file beside it is its owner's alone."""

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
    warehouse.start_build(paths)
    with duckdb.connect(str(paths.work_warehouse)) as con:
        con.execute("create schema marts; create schema deidentified")
        con.execute("create table marts.people as select 'P1' as person_id union all select 'P2'")
        con.execute("comment on column marts.people.person_id is 'The person.'")
        con.execute("create view deidentified.v as select count(*) as n from marts.people")
    with duckdb.connect(str(paths.work_secure)) as con:
        con.execute("create schema staging; create table staging.names as select 'Ana' as first_name")
    paths.published_warehouse.parent.mkdir(parents=True)
    paths.published_warehouse.write_bytes(b"last night's")
    paths.published_warehouse.chmod(0o640)  # as an administrator granted it
    published = warehouse.publish(paths)
    assert published.stat().st_mode & 0o777 == 0o640
    assert cli(published, "select n from deidentified.v").split() == ["n", "2"]
    assert cli(published, "select count(*) as n from duckdb_tables() "
                          "where schema_name = 'staging'").split() == ["n", "0"]
    secure = paths.secure_warehouse
    assert (secure.stat().st_mode & 0o777, secure.parent.stat().st_mode & 0o777) == (0o600, 0o700)
    assert cli(secure, "select first_name from staging.names").split() == ["first_name", "Ana"]
    assert cli(published, "select comment from duckdb_columns() "
                          "where table_name = 'people'").split("\n")[1] == "The person."
    assert not published.with_suffix(".duckdb.publishing").exists()
