"""Readings plausibility: a time label before the accepted window (a reset meter clock, e.g.
1800-01-01), before the point's 投运日期 commissioning date, or ahead of the clock is refused
with its reason; a label off an interval point's reporting grid is refused (never merged into
a period), and one off a counter's grid is stored and flagged by the quality rule
``alignment`` (quality_rules.csv)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from carbonpeak.monitoring.model import Kind, Point, Purpose
from carbonpeak.monitoring.quality.rules import load_config, misaligned
from carbonpeak.monitoring.readings.validate import check_payload

CODE = "91520200MA6D00001L"
NOW = datetime(2026, 1, 2, 12, 0, tzinfo=UTC)
POINTS = {
    "C1": Point("C1", CODE, "raw_coal", Purpose.CONSUMED, "t", interval_minutes=60),
    "N1": Point(
        "N1",
        CODE,
        "raw_coal",
        Purpose.CONSUMED,
        "t",
        interval_minutes=60,
        commissioned=date(2025, 7, 1),
    ),
    "E1": Point("E1", CODE, "electricity", Purpose.CONSUMED, "kWh", kind=Kind.COUNTER),
}


def batch(ts: str, point: str = "C1") -> tuple[int, list[str]]:
    payload = {"enterprise": CODE, "readings": [{"point": point, "ts": ts, "value": 1.0}]}
    b = check_payload(payload, points=POINTS, now=NOW)
    return len(b.rows), [r.error for r in b.rejected]


def test_a_reading_from_1800_is_refused_with_its_reason() -> None:
    accepted, errors = batch("1800-01-01T00:00:00+08:00")
    assert accepted == 0 and "before the earliest accepted time 2000-01-01" in errors[0]
    assert batch("2026-01-02T08:00:00+08:00")[0] == 1


def test_the_window_start_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CARBONPEAK_READINGS_EARLIEST", "2025-06-01")
    accepted, errors = batch("2025-01-01T00:00:00+08:00")
    assert accepted == 0 and "2025-06-01" in errors[0]


def test_a_reading_more_than_a_day_ahead_is_refused() -> None:
    """The window is the quality rule ``future`` (1 d): NOW is 2026-01-02 20:00 CST."""
    accepted, errors = batch("2026-01-03T21:00:00+08:00")
    assert accepted == 0 and "in the future: more than 1 d ahead" in errors[0]
    assert "quality rule future" in errors[0]
    assert batch("2026-01-03T20:00:00+08:00")[0] == 1  # exactly a day ahead: accepted
    assert batch("2026-01-02T23:00:00+08:00")[0] == 1  # 3 h ahead (was refused at 5 min)


def test_the_future_window_is_read_from_the_rules_file(tmp_path: Path) -> None:
    from importlib import resources

    bundled = (resources.files("carbonpeak.monitoring") / "data" / "quality_rules.csv").read_text(
        "utf-8"
    )
    assert "future,no,future_tolerance,1,d," in bundled
    path = tmp_path / "rules.csv"
    path.write_text(bundled.replace("future_tolerance,1,d,", "future_tolerance,6,h,"), "utf-8")
    assert load_config(path).rules.future_tolerance == timedelta(hours=6)
    assert load_config().rules.future_tolerance == timedelta(days=1)


def test_an_off_grid_label_on_an_hourly_point_is_a_finding() -> None:
    rules = load_config().rules
    on = datetime(2026, 1, 1, 20, 0, tzinfo=UTC)  # 04:00 CST
    off = datetime(2026, 1, 1, 20, 7, 13, tzinfo=UTC)  # 04:07:13 CST
    (finding,) = misaligned("C1", [on, off], minutes=60, rules=rules)
    assert finding.rule == "alignment" and "433 s" in finding.detail


def test_a_reading_before_the_commissioning_date_is_refused() -> None:
    accepted, errors = batch("2025-06-30T23:00:00+08:00", "N1")
    assert accepted == 0
    assert "before point N1's commissioning date 2025-07-01" in errors[0]
    assert "投运日期" in errors[0] and errors[0].startswith("ts ")
    assert batch("2025-07-01T00:00:00+08:00", "N1")[0] == 1  # local midnight of that day


def test_an_off_grid_label_on_an_interval_point_is_refused_not_merged() -> None:
    accepted, errors = batch("2026-01-01T04:07:13+08:00")
    assert accepted == 0
    assert "433 s off point C1's 60-minute grid" in errors[0]
    assert "not merged" in errors[0]
    # within the alignment tolerance (1 min) it is on the grid
    assert batch("2026-01-01T04:00:59+08:00")[0] == 1
    assert batch("2026-01-01T03:59:30+08:00")[0] == 1


def test_an_off_grid_counter_reading_is_stored_and_flagged() -> None:
    accepted, errors = batch("2026-01-01T04:07:13+08:00", "E1")
    assert accepted == 1 and errors == []
    ts = datetime(2026, 1, 1, 20, 7, 13, tzinfo=UTC)
    (finding,) = misaligned("E1", [ts], minutes=15, rules=load_config().rules)
    assert finding.rule == "alignment"
