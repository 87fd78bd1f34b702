"""The morning report's charts, laid out from hand-built mart rows."""

from datetime import date

import pandas as pd

from crosswalk.morning_report import combination_chart, concurrency_trend

NIGHT = date(2026, 11, 21)


def combinations() -> pd.DataFrame:
    rows = [("2026-10-31", "dcfs", 1, 40), ("2026-10-31", "dcfs+udc", 2, 5),
            ("2026-10-31", "fep+vr", 2, 7), ("2026-11-21", "dcfs", 1, 50),
            ("2026-11-21", "dcfs+udc", 2, 10), ("2026-11-21", "dcfs+fep+udc", 3, 2),
            ("2026-11-21", "fep+vr", 2, 25), ("2026-11-21", "udc", 1, 0)]
    frame = pd.DataFrame(rows, columns=["as_of_date", "combination", "program_count", "persons"])
    frame["as_of_date"] = pd.to_datetime(frame.as_of_date)
    return frame


def test_the_chart_lists_tonights_combinations_largest_first_with_dots_per_program():
    chart = combination_chart(combinations(), "udc", NIGHT)
    assert [c["combination"] for c in chart] == ["dcfs", "fep+vr", "dcfs+udc", "dcfs+fep+udc", "udc"]
    assert chart[3]["members"] == [True, False, True, False, True]  # dcfs jjs fep vr udc
    assert [c["is_mine"] for c in chart] == [False, False, True, True, True]
    assert [round(c["width"]) for c in chart] == [100, 50, 20, 4, 0]


def test_the_trend_lays_out_the_programs_rows_as_columns_scaled_to_the_highest():
    # The counting is marts.program_concurrency_trend's (a dbt unit test).
    trend = pd.DataFrame({"program": ["dcfs", "dcfs", "udc"],
                          "as_of_date": pd.to_datetime(["2026-10-31", "2026-11-21", "2026-11-21"]),
                          "persons_also_elsewhere": [5, 12, 30]})
    chart = concurrency_trend(trend, "dcfs")
    assert [(t["date"], t["persons"]) for t in chart] == [("2026-10-31", 5), ("2026-11-21", 12)]
    assert [round(t["height"]) for t in chart] == [42, 100]
