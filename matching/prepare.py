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
from jellyfish import metaphone
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


@lru_cache(maxsize=200_000)
def sound(name: str | None) -> str | None:
    """Metaphone key: Phillips and Filips, Thompson and Tomson sound alike."""
    return (metaphone(name) or None) if name else None


def add_name_forms(records: pd.DataFrame) -> pd.DataFrame:
    """`name_forms`: first-name forms; `known_names`: every full name the record is known by;
    `first_name_sound`, `last_name_sound`: phonetic keys.

    Full names are first + last as standardised (letters only), plus the preferred
    name with the surname and each alias (UDC), so an alias on one record can meet
    the legal name on another.
    """
    forms, known = [], []
    for first, preferred, last, aliases in zip(records.first_name_std, records.preferred_name_std,
                                               records.last_name_std, records.alias_names_std,
                                               strict=True):
        forms.append(sorted(set(name_forms(first)) | set(name_forms(preferred))))
        names = {f + last for f in (first, preferred) if f and last}
        known.append(sorted(names | set(aliases if aliases is not None else ())))
    return records.assign(name_forms=forms, known_names=known,
                          first_name_sound=records.first_name_std.map(sound),
                          last_name_sound=records.last_name_std.map(sound))


def read_records(warehouse: Path) -> pd.DataFrame:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        columns = ", ".join(spec.INPUT_COLUMNS)
        records = con.execute(
            f"select {columns} from intermediate.int_person_records_unioned order by record_id"
        ).df()
    return add_name_forms(records)
