"""Reporting periods, value calendars and early-warning decisions (pure)."""

from __future__ import annotations

from datetime import date

import pytest

from carbonpeak.core.errors import InputError
from carbonpeak.tracking.model import Status
from carbonpeak.tracking.progress.periods import expected_period_end, periods_for_year
from carbonpeak.tracking.warnings.rules import moved_to_alert, overdue_value_warning, status_warning


def test_periods_and_deadlines() -> None:
    ps = periods_for_year(2024)
    assert [(p.key, p.ends_on, p.due_on) for p in ps] == [
        ("2024Q1", date(2024, 3, 31), date(2024, 4, 15)),
        ("2024Q2", date(2024, 6, 30), date(2024, 7, 15)),
        ("2024Q3", date(2024, 9, 30), date(2024, 10, 15)),
        ("2024Q4", date(2024, 12, 31), date(2025, 1, 15)),
        ("2024", date(2024, 12, 31), date(2025, 1, 31)),
    ]
    with pytest.raises(InputError, match="year"):
        periods_for_year(1900)


def test_expected_period_end() -> None:
    # annual, 120 days' lag: on 2025-05-01 the 2024 value is due (cut-off 2025-01-01)
    assert expected_period_end("annual", date(2025, 5, 1), 120) == date(2024, 12, 31)
    assert expected_period_end("annual", date(2025, 4, 1), 120) == date(2023, 12, 31)
    assert expected_period_end("quarterly", date(2025, 5, 1), 30) == date(2025, 3, 31)
    assert expected_period_end("monthly", date(2025, 5, 1), 0) == date(2025, 4, 30)
    with pytest.raises(InputError, match="frequency"):
        expected_period_end("weekly", date(2025, 5, 1), 0)


def test_status_warnings_only_on_a_worsening_move() -> None:
    assert moved_to_alert(Status.ON_TRACK, Status.AT_RISK)
    assert moved_to_alert(Status.AT_RISK, Status.OFF_TRACK)
    assert moved_to_alert(Status.NO_DATA, Status.AT_RISK)
    assert not moved_to_alert(Status.OFF_TRACK, Status.AT_RISK)  # an improvement
    assert not moved_to_alert(Status.ON_TRACK, Status.ACHIEVED)
    w = status_warning(
        key="k",
        target="1.3:t1",
        previous=Status.ON_TRACK,
        current=Status.OFF_TRACK,
        explanation_zh="说明",
        explanation_en="why",
        units=("市能源局",),
    )
    assert (
        w is not None
        and w.kind == "status_off_track"
        and "由「进度正常」变为「进度滞后」" in w.message
    )


def test_overdue_value_warning() -> None:
    w = overdue_value_warning(
        indicator_id=7,
        indicator="森林覆盖率",
        frequency="annual",
        lag_days=120,
        last_on=date(2023, 12, 31),
        as_of=date(2025, 6, 1),
    )
    assert w is not None and w.key == "value_overdue:7:2024-12-31"
    assert (
        overdue_value_warning(
            indicator_id=7,
            indicator="x",
            frequency="annual",
            lag_days=120,
            last_on=date(2024, 12, 31),
            as_of=date(2025, 6, 1),
        )
        is None
    )
