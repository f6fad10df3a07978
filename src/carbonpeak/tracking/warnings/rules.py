"""Early warnings (预警), pure: which changes and delays deserve an alert.

- a target that moves to at risk or off track (from a better status, or from no status);
- an indicator value that is overdue (the latest period's value is not in ``lag_days`` after
  the period ended);
- a progress report that is past its deadline and not submitted.

Each warning has a ``key`` so that the service raises it once, however often it checks.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from carbonpeak.tracking.model import STATUS_RANK, Status, Warning
from carbonpeak.tracking.progress.periods import expected_period_end

ALERT_STATUSES = (Status.AT_RISK, Status.OFF_TRACK)


def moved_to_alert(previous: Status | None, current: Status) -> bool:
    """Whether going from ``previous`` to ``current`` calls for a warning.

    >>> moved_to_alert(Status.ON_TRACK, Status.AT_RISK)
    True
    >>> moved_to_alert(Status.AT_RISK, Status.AT_RISK)
    False
    >>> moved_to_alert(Status.OFF_TRACK, Status.AT_RISK), moved_to_alert(None, Status.OFF_TRACK)
    (False, True)
    """
    if current not in ALERT_STATUSES or previous == current:
        return False
    if previous is None or previous == Status.NO_DATA:
        return True
    return STATUS_RANK[current] > STATUS_RANK[previous]


def status_warning(
    *,
    key: str,
    target: str,
    previous: Status | None,
    current: Status,
    explanation_zh: str,
    explanation_en: str,
    units: Iterable[str] = (),
) -> Warning | None:
    """The warning for a status change of ``target`` (a label such as ``1.3:t1 非化石…``)."""
    if not moved_to_alert(previous, current):
        return None
    before_zh = previous.zh if previous else "无"
    before_en = previous.value if previous else "none"
    return Warning(
        kind=f"status_{current.value}",
        key=key,
        message_zh=f"目标预警：{target} 由「{before_zh}」变为「{current.zh}」。{explanation_zh}",
        message_en=f"target warning: {target} moved from {before_en} to {current.value}. "
        f"{explanation_en}",
        units=tuple(units),
    )


def overdue_value_warning(
    *,
    indicator_id: int,
    indicator: str,
    frequency: str,
    lag_days: int,
    last_on: date | None,
    as_of: date,
    units: Iterable[str] = (),
) -> Warning | None:
    """The warning for an indicator whose value for the latest due period is not in.

    >>> w = overdue_value_warning(indicator_id=1, indicator="森林覆盖率", frequency="annual",
    ...     lag_days=90, last_on=date(2022, 12, 31), as_of=date(2024, 5, 1))
    >>> w.key
    'value_overdue:1:2023-12-31'
    """
    expected = expected_period_end(frequency, as_of, lag_days)
    if last_on is not None and last_on >= expected:
        return None
    last_zh = str(last_on) if last_on else "无"
    last_en = str(last_on) if last_on else "none"
    return Warning(
        kind="value_overdue",
        key=f"value_overdue:{indicator_id}:{expected}",
        message_zh=f"数值逾期：指标「{indicator}」截至 {expected} 的数值应于 {lag_days} 天内报送，"
        f"最新数值日期为 {last_zh}",
        message_en=f"value overdue: indicator {indicator!r} is due a value for the period ending "
        f"{expected} (within {lag_days} days); latest value: {last_en}",
        units=tuple(units),
    )


def overdue_report_warning(
    *, task_key: str, task_title: str, period_key: str, due_on: date, units: Iterable[str] = ()
) -> Warning:
    return Warning(
        kind="report_overdue",
        key=f"report_overdue:{task_key}:{period_key}",
        message_zh=f"报告逾期：任务 {task_key}「{task_title}」{period_key} 进展报告"
        f"应于 {due_on} 前提交",
        message_en=f"report overdue: the {period_key} progress report on task {task_key} "
        f"was due by {due_on}",
        units=tuple(units),
    )
