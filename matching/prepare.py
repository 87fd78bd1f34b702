"""Matching input: the standardised records from the warehouse, plus first-name forms.

Nickname canonicalisation uses the `nicknames` package's curated list (a
maintained source, not a hand-typed table). A name's forms are the name, the
canonical names it is a nickname of, and the record's preferred name with its
canonicals: two records share a form when one says Bill and the other William.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd
from nicknames import NickNamer

from matching import spec


@lru_cache(maxsize=1)
def _nick_namer() -> NickNamer:
    return NickNamer()


@lru_cache(maxsize=100_000)
def name_forms(name: str | None) -> tuple[str, ...]:
    if not name:
        return ()
    return tuple(sorted({name, *_nick_namer().canonicals_of(name)}))


def add_name_forms(records: pd.DataFrame) -> pd.DataFrame:
    forms = [
        sorted(set(name_forms(first)) | set(name_forms(preferred)))
        for first, preferred in zip(records.first_name_std, records.preferred_name_std, strict=True)
    ]
    return records.assign(name_forms=forms)


def read_records(warehouse: Path) -> pd.DataFrame:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        columns = ", ".join(spec.INPUT_COLUMNS)
        records = con.execute(
            f"select {columns} from intermediate.int_person_records_unioned order by record_id"
        ).df()
    return add_name_forms(records)
