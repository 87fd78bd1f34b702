"""Small-cell suppression for de-identified tables, with complementary suppression.

A count from 1 to 10 could identify someone, so it is not published (primary
suppression). Hiding it is not enough when the row or column total is shown: a
line (a row or column with its total) holding one hidden entry gives it back by
subtraction. So, until no line holds exactly one hidden entry, one more visible
cell of such a line is hidden (complementary suppression), or its total when no
cell is left. The cell chosen is preferably one whose crossing line also holds
a single hidden entry, so one cell protects two lines; among those, the
smallest. Totals take part as entries of the totals row and column, so a hidden
total is protected the same way.

This defeats recovery by row and column arithmetic. It is a heuristic, not a
proven optimum, but it reaches the fewest cells on tables like the executive one
(one small count: a rectangle of four cells, where smallest-first alone hid six).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

TOTAL = "Total"


def with_totals(table: pd.DataFrame) -> pd.DataFrame:
    out = table.copy()
    out[TOTAL] = out.sum(axis=1)
    out.loc[TOTAL] = out.sum(axis=0)
    return out


def suppress(table: pd.DataFrame, low: int = 1, high: int = 10) -> pd.DataFrame:
    """`table` of counts (rows x columns, no totals) -> the table with totals, hidden cells NaN."""
    full = with_totals(table.astype("int64"))
    values = full.to_numpy()
    hidden = (values >= low) & (values <= high)
    n_rows, n_cols = values.shape  # the last row and column are the totals

    def lone_hidden_across(r: int, c: int, along_row: bool) -> bool:
        crossing = hidden[:, c] if along_row else hidden[r, :]
        return crossing.sum() == 1

    lines = [(True, [(r, c) for c in range(n_cols)]) for r in range(n_rows)]
    lines += [(False, [(r, c) for r in range(n_rows)]) for c in range(n_cols)]
    changed = True
    while changed:
        changed = False
        for along_row, line in lines:
            if sum(hidden[r, c] for r, c in line) != 1:
                continue
            cells = [(not lone_hidden_across(r, c, along_row), values[r, c], r, c)
                     for r, c in line[:-1] if not hidden[r, c] and values[r, c] > 0]
            *_, r, c = min(cells) if cells else (None, None, *line[-1])
            hidden[r, c] = True
            changed = True
    return pd.DataFrame(np.where(hidden, np.nan, values), index=full.index, columns=full.columns)


def recoverable(published: pd.DataFrame) -> list[tuple[str, str]]:
    """Hidden entries that row or column arithmetic gives back (none, after `suppress`)."""
    hidden = published.isna().to_numpy()
    found = []
    n_rows, n_cols = hidden.shape
    for r in range(n_rows):
        if hidden[r].sum() == 1:
            found.append((published.index[r], published.columns[int(hidden[r].argmax())]))
    for c in range(n_cols):
        if hidden[:, c].sum() == 1:
            found.append((published.index[int(hidden[:, c].argmax())], published.columns[c]))
    return found


def to_long(published: pd.DataFrame, row_name: str, column_name: str) -> pd.DataFrame:
    """One row per cell: labels, count (null when hidden), is_suppressed."""
    long = published.rename_axis(index=row_name).reset_index().melt(
        id_vars=row_name, var_name=column_name, value_name="persons")
    long["is_suppressed"] = long.persons.isna()
    long["persons"] = long.persons.astype("Int64")
    return long
