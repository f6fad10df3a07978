"""Registry types and the one validation path of readings (hand-made payloads)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from carbonpeak.core.errors import InputError
from carbonpeak.monitoring.model import Enterprise, Kind, Point, Process, Purpose, parse_purpose
from carbonpeak.monitoring.readings.validate import check_payload, parse_ts

CODE = "91520200MA6D00001L"  # valid test code (tests/conftest.py)
OTHER = "91520200MA6D00002P"
NOW = datetime(2026, 3, 1, tzinfo=UTC)


def points() -> dict[str, Point]:
    return {
        "E1": Point("E1", CODE, "电力", Purpose.PURCHASED, "kWh", kind=Kind.COUNTER),
        "C1": Point("C1", CODE, "raw_coal", Purpose.CONSUMED, "t"),
        "X1": Point("X1", OTHER, "natural_gas", Purpose.PURCHASED, "m**3"),
    }


def test_enterprise_code_is_checked_with_its_check_character() -> None:
    assert Enterprise(" 91520200ma6d00001l ", "甲钢铁").code == CODE
    with pytest.raises(InputError, match="check character should be L"):
        Enterprise("91520200MA6D00001A", "甲钢铁")


def test_point_normalises_energy_and_refuses_bad_definitions() -> None:
    assert points()["E1"].energy == "electricity"
    with pytest.raises(InputError, match="unknown energy type"):
        Point("P", CODE, "煤饼", Purpose.CONSUMED, "t")
    with pytest.raises(InputError, match="needs a product"):
        Point("P", CODE, "", Purpose.OUTPUT, "t")
    with pytest.raises(InputError, match="unknown unit"):
        Point("P", CODE, "raw_coal", Purpose.CONSUMED, "furlongs-ish")
    with pytest.raises(InputError, match="multiplier"):
        Point("P", CODE, "raw_coal", Purpose.CONSUMED, "t", multiplier=0)
    with pytest.raises(InputError, match="no energy points"):
        Process("S", CODE, "烧结", (), "O")
    assert parse_purpose("外购") is Purpose.PURCHASED


def test_ts_needs_an_offset_and_is_kept_as_utc() -> None:
    assert parse_ts("2026-01-01T08:00:00+08:00") == datetime(2026, 1, 1, tzinfo=UTC)
    assert parse_ts("2026-01-01T00:00:00Z") == datetime(2026, 1, 1, tzinfo=UTC)
    with pytest.raises(ValueError, match="no UTC offset"):
        parse_ts("2026-01-01T08:00:00")


def test_each_bad_row_is_rejected_with_its_index_and_reason() -> None:
    payload = {
        "enterprise": CODE,
        "readings": [
            {"point": "E1", "ts": "2026-01-01T00:00:00+08:00", "value": 10},  # 0 ok
            {"point": "E1", "ts": "2026-01-01T00:00:00+08:00", "value": 10},  # 1 duplicate
            {"point": "E1", "ts": "2026-01-01T00:00:00+08:00", "value": 11},  # 2 conflict
            {"point": "NOPE", "ts": "2026-01-01T00:00:00+08:00", "value": 1},  # 3 unknown
            {"point": "C1", "ts": "2026-01-01 00:00", "value": 1},  # 4 no offset
            {"point": "C1", "ts": "2026-01-01T00:00:00+08:00", "value": "1"},  # 5 string
            {"point": "C1", "ts": "2026-01-01T00:00:00+08:00", "value": -1},  # 6 negative
            {"point": "C1", "ts": "2026-01-01T00:00:00+08:00", "value": True},  # 7 bool
            {"point": "C1", "ts": "2099-01-01T00:00:00+08:00", "value": 1},  # 8 future
            {"point": "C1", "ts": "2026-01-01T00:15:00+08:00"},  # 9 no value
            "not an object",  # 10
            {"point": "C1", "ts": "2026-01-01T00:15:00+08:00", "value": 1, "x": 2},  # 11
            {"point": "C1", "ts": "2026-01-01T00:15:00+08:00", "value": 2, "correction": True},
            {"point": "C1", "ts": "2026-01-01T00:30:00+08:00", "value": 2.5},  # 13 ok
        ],
    }
    batch = check_payload(payload, points=points(), now=NOW)
    assert [r.index for r in batch.rows] == [0, 13]
    assert batch.duplicates == 1
    reasons = {r.index: r.error for r in batch.rejected}
    assert sorted(reasons) == [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    assert "same batch" in reasons[2]
    assert "unknown point NOPE" in reasons[3]
    assert "no UTC offset" in reasons[4]
    assert "must be a number" in reasons[5] and "must be a number" in reasons[7]
    assert "negative" in reasons[6]
    assert "future" in reasons[8]
    assert "value is missing" in reasons[9]
    assert "must be an object" in reasons[10]
    assert "unknown fields x" in reasons[11]
    assert "needs a reason" in reasons[12]


def test_points_of_another_enterprise_are_reported_as_foreign() -> None:
    payload = {
        "enterprise": CODE,
        "readings": [{"point": "X1", "ts": "2026-01-01T00:00:00+08:00", "value": 1}],
    }
    batch = check_payload(payload, points=points(), now=NOW)
    assert batch.foreign_points == ("X1",)
    assert not batch.rows


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ([], "must be a JSON object"),
        ({"readings": []}, "enterprise"),
        ({"enterprise": "123", "readings": []}, "must be 18 characters"),
        ({"enterprise": CODE, "readings": "x"}, "readings must be an array"),
        ({"enterprise": CODE, "readings": [], "extra": 1}, "unknown fields extra"),
    ],
)
def test_malformed_payload_is_refused_whole(payload: object, message: str) -> None:
    with pytest.raises(InputError, match=message):
        check_payload(payload, points=points(), now=NOW)


def test_a_correction_carries_its_reason() -> None:
    payload = {
        "enterprise": CODE,
        "readings": [
            {
                "point": "C1",
                "ts": "2026-01-01T00:00:00+08:00",
                "value": 3,
                "correction": True,
                "reason": "表计校准后重报",
            }
        ],
    }
    (row,) = check_payload(payload, points=points(), now=NOW).rows
    assert row.correction == "表计校准后重报"
