"""The whole-batch check by columns (issue 17) gives the row-by-row check's answer: the same
rows (a large batch's as :class:`Readings`, made only when asked for), rejections, duplicates;
and the rows by point, points, time labels and earliest label the store reads of them."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carbonpeak.monitoring.model import (
    Batch,
    Readings,
    by_point,
    first_stamp,
    points_of,
    stamps_of,
)
from carbonpeak.monitoring.readings import validate as ingest
from tests.monitoring.conftest import CODE
from tests.monitoring.test_fast_paths import CLEAN_POINTS, MOSTLY_CLEAN, NOW, row_by_row

#: 00:00 CST on 1 January 2026, and labels of it as senders write them
T0 = datetime(2025, 12, 31, 16, tzinfo=UTC)
WRITINGS = (
    lambda ts: ts.astimezone(ingest.CST).isoformat(),
    lambda ts: ts.isoformat().replace("+00:00", "Z"),
    lambda ts: f" {ts.astimezone(ingest.CST).isoformat()} ",
    lambda ts: ts.isoformat(timespec="milliseconds"),
)


def _columns(items: list[Any], *, grid_from: int = 64) -> Batch:
    """``check_rows`` with every batch of 2+ rows checked whole by columns (as a large one)."""
    saved = ingest.COLUMNS_FROM, ingest._GRID_ARRAY_FROM
    ingest.COLUMNS_FROM, ingest._GRID_ARRAY_FROM = 2, grid_from
    try:
        return ingest.check_rows(items, points=CLEAN_POINTS, enterprise=CODE, now=NOW)
    finally:
        ingest.COLUMNS_FROM, ingest._GRID_ARRAY_FROM = saved


def _same_as_rows(batch: Batch) -> None:
    """What the store reads of ``batch.rows`` is what it reads of the plain tuple of them."""
    rows = tuple(batch.rows)
    assert by_point(batch.rows) == by_point(rows)
    assert [list(v) for v in by_point(batch.rows).values()] == [
        list(v) for v in by_point(rows).values()
    ]
    assert list(by_point(batch.rows)) == list(dict.fromkeys(r.point for r in rows))
    assert set(points_of(batch.rows)) == set(points_of(rows))
    assert set(stamps_of(batch.rows)) == set(stamps_of(rows))
    if rows:
        assert first_stamp(batch.rows) == first_stamp(rows)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(MOSTLY_CLEAN, max_size=12, unique_by=lambda i: (i["point"], i["ts"])),
    st.sampled_from([0, 64]),
)
def test_column_check_agrees_with_the_row_by_row_check(items: list[Any], grid_from: int) -> None:
    whole = _columns(items, grid_from=grid_from)
    assert whole == row_by_row(items)
    assert all(type(r.value) is float for r in whole.rows)
    _same_as_rows(whole)


@settings(max_examples=200, deadline=None)
@given(st.lists(MOSTLY_CLEAN, max_size=12))
def test_column_check_counts_repeats_as_the_row_by_row_check(items: list[Any]) -> None:
    assert _columns(items) == row_by_row(items)


#: a grid of points x 15-minute steps, in one of the orders senders use, with now and then
#: one row spoiled (a repeat, a bad value, label or code, an off-grid or early label)
@st.composite
def grids(draw: st.DrawFn) -> list[Any]:
    codes = draw(
        st.lists(
            st.sampled_from(["C1", "E1", " E1 ", "K1", "H1"]),
            min_size=1,
            max_size=3,
            unique_by=str.strip,
        )
    )
    steps = draw(st.integers(min_value=1, max_value=12))
    start = T0 + timedelta(hours=draw(st.integers(min_value=0, max_value=24)))
    write = draw(st.sampled_from(WRITINGS))
    items = [
        {"point": c, "ts": write(start + timedelta(minutes=15 * s)), "value": float(s + k)}
        for s in range(steps)
        for k, c in enumerate(codes)
    ]
    order = draw(st.sampled_from(["steps", "points", "shuffled"]))
    if order == "points":
        items.sort(key=lambda i: codes.index(i["point"]))
    elif order == "shuffled":
        random.Random(draw(st.integers(0, 2**16))).shuffle(items)
    spoil = draw(
        st.sampled_from(
            [None, "repeat", "conflict", "value", "int", "label", "naive", "off", "early", "code"]
        )
    )
    where = draw(st.integers(min_value=0, max_value=len(items) - 1))
    row = dict(items[where])
    if spoil == "repeat":
        items.insert(draw(st.integers(0, len(items))), row)
    elif spoil == "conflict":
        items.insert(draw(st.integers(0, len(items))), {**row, "value": row["value"] + 1})
    elif spoil is not None:
        items[where] = {
            **row,
            **{
                "value": {"value": draw(st.sampled_from([-1.0, float("nan"), "1", True]))},
                "int": {"value": draw(st.integers(0, 2**1001))},
                "label": {
                    "ts": draw(
                        st.sampled_from(
                            ["2026-02-30T00:00:00Z", "0001-01-01T00:00+01:00", 5, ["x"]]
                        )
                    )
                },
                "naive": {"ts": "2026-01-01T00:00:00"},
                "off": {"ts": write(start + timedelta(minutes=7))},
                "early": {"ts": write(T0 - timedelta(days=1))},
                "code": {"point": draw(st.sampled_from(["NOPE", "F1", ["C1"], ""]))},
            }[spoil],
        }
    return items


@settings(max_examples=400, deadline=None)
@given(grids(), st.sampled_from([0, 64]))
def test_grids_in_any_order_agree_with_the_row_by_row_check(
    items: list[Any], grid_from: int
) -> None:
    whole = _columns(items, grid_from=grid_from)
    assert whole == row_by_row(items)
    _same_as_rows(whole)


def test_a_large_clean_batch_is_held_by_point_and_makes_rows_only_when_asked() -> None:
    """A collector's back-fill: 3 points (one commissioned that day) x 400 steps, step by
    step; then the same rows point by point. The rows come back by point in row order, equal
    to the rows made one by one; the store's reads of them need no rows."""
    stamps = [T0 + timedelta(minutes=15 * s) for s in range(400)]
    items = [
        {"point": c, "ts": ts.astimezone(ingest.CST).isoformat(), "value": float(k + s)}
        for s, ts in enumerate(stamps)
        for k, c in enumerate(["C1", "K1", "E1"])
    ]
    for layout in (items, sorted(items, key=lambda i: i["point"])):
        batch = ingest.check_rows(layout, points=CLEAN_POINTS, enterprise=CODE, now=NOW)
        assert isinstance(batch.rows, Readings) and len(batch.rows) == 1200
        grouped = by_point(batch.rows)
        assert batch.rows._rows is None  # nothing made yet
        assert list(grouped) == list(dict.fromkeys(i["point"] for i in layout))
        assert list(grouped["K1"]) == stamps
        assert first_stamp(batch.rows) == stamps[0] and set(stamps_of(batch.rows)) == set(stamps)
        grouped["K1"].clear()  # the caller's copy
        assert len(by_point(batch.rows)["K1"]) == 400
        assert batch == row_by_row(layout)
        assert batch.rows[5] == tuple(batch.rows)[5] and batch.rows[5].index == 5


@pytest.mark.parametrize("minutes", [1, 15, 60, 1440])
def test_grid_by_numpy_is_the_grid_of_off_grid(minutes: int) -> None:
    """The worst distance from the grid, by numpy over many labels, is :func:`off_grid`'s."""
    rnd = random.Random(minutes)
    instants = [
        T0 + timedelta(seconds=rnd.randrange(0, 10**7), microseconds=rnd.choice([0, 1, 999_999]))
        for _ in range(500)
    ]
    epochs = [ts.timestamp() for ts in instants]
    expected = max(ingest.off_grid(ts, minutes) for ts in instants)
    assert ingest._worst_off_grid(epochs, minutes) == expected
    assert ingest._worst_off_grid(epochs[:10], minutes) == max(
        ingest.off_grid(ts, minutes) for ts in instants[:10]
    )


def test_labels_are_read_once_and_forgotten_when_too_many(monkeypatch: pytest.MonkeyPatch) -> None:
    """A time label read once is remembered (the next batch with it reads no text), the
    window is still checked against each batch's clock, and the memory is emptied when full."""
    monkeypatch.setattr(ingest, "_LABELS", {})
    monkeypatch.setattr(ingest, "LABELS_KEPT", 6)

    def items(steps: range) -> list[Any]:
        return [
            {"point": c, "ts": (T0 + timedelta(minutes=15 * s)).isoformat(), "value": 1.0}
            for s in steps
            for c in ("C1", "E1")
        ]

    cold = _columns(items(range(4)))
    assert isinstance(cold.rows, Readings) and len(ingest._LABELS) == 4
    assert _columns(items(range(4))) == cold == row_by_row(items(range(4)))
    # the same labels, received before they are plausible: refused row by row
    early = ingest.check_rows(
        items(range(4)), points=CLEAN_POINTS, enterprise=CODE, now=T0 - timedelta(days=2)
    )
    assert not early.rows and len(early.rejected) == 8
    assert "in the future" in early.rejected[0].error
    assert _columns(items(range(2, 6))) == row_by_row(items(range(2, 6)))
    assert len(ingest._LABELS) == 6
    assert _columns(items(range(6, 8))) == row_by_row(items(range(6, 8)))
    assert len(ingest._LABELS) == 2  # emptied, then the new ones


@pytest.mark.parametrize(
    "label", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:00:00-05:00", " 0001-01-01T00:30+01:00 "]
)
@pytest.mark.parametrize("columns_from", [2, 10**9])
def test_a_label_beyond_the_calendar_in_utc_is_refused_by_row(
    label: str, columns_from: int
) -> None:
    """A label with an offset that moves it out of years 1-9999 in UTC was a crash (a 500):
    refused by row and field like any unreadable label, alone or in a batch."""
    good = {"point": "C1", "ts": (T0 + timedelta(minutes=15)).isoformat(), "value": 1.0}
    for items in ([{**good, "ts": label}], [good, {**good, "ts": label}]):
        saved = ingest.COLUMNS_FROM
        ingest.COLUMNS_FROM = columns_from
        try:
            batch = ingest.check_rows(items, points=CLEAN_POINTS, enterprise=CODE, now=NOW)
        finally:
            ingest.COLUMNS_FROM = saved
        assert batch == row_by_row(items)
        assert [r.index for r in batch.rejected] == [len(items) - 1]
        assert (
            batch.rejected[0].error.startswith("ts ") and "out of range" in batch.rejected[0].error
        )
