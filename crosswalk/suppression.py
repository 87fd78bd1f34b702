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

Totals may be given rather than summed: where a person counts in several cells of a
column (the executive table's totals count distinct persons), a column's arithmetic is
no longer a plain sum but still ties its entries together, so it is protected alike.
Row totals given are taken as published elsewhere (the overlap publishes persons per
program), so they are never hidden to protect another cell.

Across tables: the combinations are protected against every sum the other tables publish
(`combination_lines`), and a cell the executive table hides is never the sum of shown
combinations (`hidden_sums`). The lines are checked one at a time: a hidden count that only
several lines solved together would give back is not looked for.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

TOTAL = "Total"


@dataclass(frozen=True)
class Totals:
    """A table's totals, where they are not the sums of its cells."""

    rows: pd.Series  # by row label
    columns: pd.Series  # by column label
    grand: int


def with_totals(table: pd.DataFrame, totals: Totals | None = None) -> pd.DataFrame:
    out = table.copy()
    out[TOTAL] = out.sum(axis=1) if totals is None else totals.rows.reindex(out.index)
    out.loc[TOTAL] = out.sum(axis=0) if totals is None else [
        *totals.columns.reindex(table.columns), totals.grand]
    return out


def suppress(table: pd.DataFrame, low: int = 1, high: int = 10,
             totals: Totals | None = None) -> pd.DataFrame:
    """`table` of counts (rows x columns, no totals) -> the table with totals (its sums, or
    `totals`), hidden cells NaN."""
    full = with_totals(table.astype("int64"), totals).astype("int64")
    values = full.to_numpy()
    n_rows, n_cols = values.shape  # the last row and column are the totals
    cell = np.arange(values.size).reshape(values.shape)
    fixed: set[int] = set()
    if totals is None:
        lines = [Line(list(cell[r]), fallback=int(cell[r, -1])) for r in range(n_rows)]
        lines += [Line(list(cell[:, c]), fallback=int(cell[-1, c])) for c in range(n_cols)]
    else:
        # Given totals are distinct persons. A row total is never hidden to protect another
        # cell (the overlap publishes persons per program, so hiding it here would not). The
        # totals column is no sum, yet near one where few persons are in two rows: a lone
        # hidden row total would come back as the grand total less the others, so the grand
        # total goes with it.
        fixed = {int(cell[r, -1]) for r in range(n_rows - 1)}
        lines = [Line(list(cell[r])) for r in range(n_rows)]
        lines.append(Line(list(cell[:-1, -1]), fallback=int(cell[-1, -1])))
        lines += [Line(list(cell[:, c]), fallback=int(cell[-1, c])) for c in range(n_cols - 1)]
    hidden = protect(values.ravel(), primary(values.ravel(), low, high), lines, fixed)
    return pd.DataFrame(np.where(hidden.reshape(values.shape), np.nan, values),
                        index=full.index, columns=full.columns)


@dataclass(frozen=True)
class Line:
    """Entries whose sum is known (published here or elsewhere): one hidden entry alone in
    it is given back by subtraction. `fallback`: the entry hidden when no other can be (its
    total, where the total is in the table)."""

    entries: list[int]
    fallback: int | None = None


def primary(values: np.ndarray, low: int = 1, high: int = 10) -> np.ndarray:
    return (values >= low) & (values <= high)


def protect(values: np.ndarray, hidden: np.ndarray, lines: list[Line],
            fixed: set[int] = frozenset()) -> np.ndarray:
    """Complementary suppression over any lines (flat cell indices): until no line holds
    exactly one hidden entry, hide one more of its non-zero entries, preferably one in
    another line that holds a single hidden entry (one cell protects two lines), then the
    smallest; with none left, the line's fallback, else a zero (a hidden zero is as unknown
    as any other count). A `fixed` entry (published elsewhere) is never hidden here."""
    hidden = hidden.copy()
    through = [[] for _ in range(len(values))]
    for line in lines:
        for i in line.entries:
            through[i].append(line)

    def lone_elsewhere(i: int, line: Line) -> bool:
        return any(other is not line and hidden[other.entries].sum() == 1 for other in through[i])

    changed = True
    while changed:
        changed = False
        for line in lines:
            if hidden[line.entries].sum() != 1:
                continue
            open_ = [i for i in line.entries
                     if not hidden[i] and i != line.fallback and i not in fixed]
            fallback = [line.fallback] if line.fallback is not None and not hidden[line.fallback] else []
            choice = [i for i in open_ if values[i] > 0] or fallback or open_
            if choice:
                hidden[min(choice, key=lambda i: (not lone_elsewhere(i, line), values[i], i))] = True
                changed = True
    return hidden


def combination_lines(labels: list[str], top_level: int = 3) -> list[Line]:
    """The sums of counts by exact combination (`dcfs+fep`) that other tables publish: the
    persons in all, with each number of programs (`top_level` or more together), in each
    program, in each program with each number, in both of a pair."""
    members = [frozenset(label.split("+")) for label in labels]
    programs = sorted(frozenset().union(*members))
    level = [min(len(m), top_level) for m in members]
    levels = range(1, top_level + 1)
    sets = [[True] * len(members)]
    sets += [[lv == k for lv in level] for k in levels]
    sets += [[p in m for m in members] for p in programs]
    sets += [[p in m and lv == k for m, lv in zip(members, level, strict=True)]
             for p in programs for k in levels]
    sets += [[{a, b} <= m for m in members] for a in programs for b in programs if a < b]
    lines = [Line([i for i, inside in enumerate(s) if inside]) for s in sets]
    # A sum of one count is that count, published there under the same rule.
    return [line for line in lines if len(line.entries) > 1]


def hidden_sums(cells: list[tuple[str, int | None]], labels: list[str],
                top_level: int = 3) -> list[Line]:
    """The combination sums behind cells another table hides: (program, number of programs),
    with TOTAL for all programs and None for every number (the executive table's cells)."""
    members = [frozenset(label.split("+")) for label in labels]
    return [Line([i for i, m in enumerate(members)
                  if (program == TOTAL or program in m)
                  and (level is None or min(len(m), top_level) == level)])
            for program, level in cells]


def suppress_combinations(persons: pd.Series, top_level: int = 3, low: int = 1,
                          high: int = 10, concealed: list[Line] = ()) -> pd.Series:
    """Persons by exact combination of programs (one night) -> the same, hidden counts NaN,
    none given back by a sum another table publishes (`combination_lines`), and no sum another
    table hides (`concealed`, from `hidden_sums`) given back as the sum of shown counts."""
    values = persons.to_numpy(dtype="int64")
    hidden = primary(values, low, high)
    for line in concealed:
        if not hidden[line.entries].any():
            # Hiding one makes the line a published sum with a lone hidden entry, which
            # `protect` answers with a second.
            hidden[min(line.entries, key=lambda i: (values[i] == 0, values[i], i))] = True
    hidden = protect(values, hidden, combination_lines(list(persons.index), top_level))
    return persons.astype("float").where(~hidden)


@dataclass(frozen=True)
class Share:
    """A published share and the counts it divides (both in the table)."""

    numerator: str
    denominator: str


def suppress_measures(measures: pd.DataFrame, counts: list[str], shares: dict[str, Share],
                      means: dict[str, str], low: int = 1, high: int = 10) -> pd.DataFrame:
    """Rows of measures -> the same, with every count of 1 to 10 hidden; a share hidden with
    either of its counts (it and the other would give that back); where the difference of
    its counts (the few who did not) is 1 to 10, the share and the numerator hidden; a mean
    hidden with the count it averages over. A share whose counts are unknown is hidden. Each
    row stands alone: no row sums another."""
    small = {c: primary(measures[c].to_numpy(), low, high) for c in counts}
    few_not = {column: primary((measures[share.denominator] - measures[share.numerator]).to_numpy(),
                               low, high) for column, share in shares.items()}
    for column, share in shares.items():
        small[share.numerator] = small[share.numerator] | few_not[column]
    out = measures.copy()
    for column, share in shares.items():
        # A night measured before its counts were kept cannot be checked: hidden.
        unknown = measures[share.numerator].isna() | measures[share.denominator].isna()
        out[column] = out[column].mask(small[share.numerator] | small[share.denominator] | unknown)
    for column, over in means.items():
        out[column] = out[column].mask(small[over])
    for column in counts:
        out[column] = out[column].astype("Int64").mask(small[column])
    return out


def lone_hidden(hidden: np.ndarray, lines: list[Line]) -> list[Line]:
    """The lines a hidden entry is given back by (none, after `protect`)."""
    return [line for line in lines if hidden[line.entries].sum() == 1]


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


def suppress_counted(counts: pd.DataFrame, row_name: str, column_name: str,
                    order: str) -> pd.DataFrame:
    """Long counts (`row_name`, `column_name`, `order`, persons) whose TOTAL rows hold the
    distinct-person totals (as the int_*_counted models give them) -> published long form."""
    columns = counts[counts[column_name] != TOTAL].sort_values(order)[column_name].unique()
    is_cell = (counts[row_name] != TOTAL) & (counts[column_name] != TOTAL)
    table = counts[is_cell].pivot(index=row_name, columns=column_name, values="persons")
    margin = counts[~is_cell].set_index([row_name, column_name]).persons
    totals = Totals(rows=margin.xs(TOTAL, level=column_name),
                    columns=margin.xs(TOTAL, level=row_name).drop(TOTAL),
                    grand=int(margin[TOTAL, TOTAL]))
    return to_long(suppress(table[list(columns)], totals=totals), row_name, column_name)


def to_long(published: pd.DataFrame, row_name: str, column_name: str) -> pd.DataFrame:
    """One row per cell: labels, count (null when hidden), is_suppressed."""
    long = published.rename_axis(index=row_name).reset_index().melt(
        id_vars=row_name, var_name=column_name, value_name="persons")
    long["is_suppressed"] = long.persons.isna()
    long["persons"] = long.persons.astype("Int64")
    return long
