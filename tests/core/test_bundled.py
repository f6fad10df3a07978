"""The shared readers of the package's data files."""

from __future__ import annotations

from carbonpeak.core.bundled import csv_rows, listed, name_index


def test_listed_drops_empty_items() -> None:
    assert listed("原煤;raw coal;") == ("原煤", "raw coal")
    assert listed("") == ()


def test_name_index_is_case_insensitive_and_first_entry_wins() -> None:
    index = name_index([("a", ["Coke ", "焦炭"]), ("b", ["coke", "Gas"])])
    assert index == {"coke": "a", "焦炭": "a", "gas": "b"}


def test_csv_rows_reads_a_bundled_table() -> None:
    rows = csv_rows("carbonpeak.factors", "data", "fuels.csv")
    assert rows[0].keys() >= {"id", "name_zh", "aliases"}
    assert any(r["name_zh"] == "原煤" for r in rows)
