"""Plain types of the tracking domain: statuses, task states, observations, status results.

Words users know: 指标 indicator, 目标 target, 基期值 base value, 进度轨迹 trajectory,
已完成 achieved, 进度正常 on track, 存在风险 at risk, 进度滞后 off track, 无数据 no data,
预警 warning, 进展报告 progress report, 审核 review, 考核 assessment, 表彰 commend,
通报 notify (通报批评和约谈问责).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    """Where a target stands. Ordered from best to worst by :data:`STATUS_RANK`."""

    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NO_DATA = "no_data"

    @property
    def zh(self) -> str:
        return STATUS_ZH[self]

    @property
    def label(self) -> str:
        """Bilingual label for tables: ``进度正常 on track``."""
        return f"{STATUS_ZH[self]} {self.value.replace('_', ' ')}"


STATUS_ZH = {
    Status.ACHIEVED: "已完成",
    Status.ON_TRACK: "进度正常",
    Status.AT_RISK: "存在风险",
    Status.OFF_TRACK: "进度滞后",
    Status.NO_DATA: "无数据",
}
STATUS_RANK = {
    Status.ACHIEVED: 0,
    Status.ON_TRACK: 1,
    Status.AT_RISK: 2,
    Status.OFF_TRACK: 3,
    Status.NO_DATA: 4,
}


class Trajectory(StrEnum):
    """How the expected value moves from the base value to the target.

    - ``linear``: a straight line between (base date, base value) and (target date, target).
    - ``step``: the base value until the target date, then the target (judged at the end only).
    - ``exponential``: a constant rate of change (base and target must both be > 0).
    """

    LINEAR = "linear"
    STEP = "step"
    EXPONENTIAL = "exponential"


class TaskState(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    DELAYED = "delayed"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return f"{TASK_STATE_ZH[self]} {self.value.replace('_', ' ')}"


TASK_STATE_ZH = {
    TaskState.NOT_STARTED: "未启动",
    TaskState.IN_PROGRESS: "推进中",
    TaskState.COMPLETED: "已完成",
    TaskState.DELAYED: "滞后",
    TaskState.CANCELLED: "已取消",
}


class ReportState(StrEnum):
    """A progress report: written (draft), submitted, then approved or returned with comments."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"

    @property
    def label(self) -> str:
        return f"{REPORT_STATE_ZH[self]} {self.value}"


REPORT_STATE_ZH = {
    ReportState.DRAFT: "草稿",
    ReportState.SUBMITTED: "已提交",
    ReportState.APPROVED: "已通过",
    ReportState.RETURNED: "已退回",
}


#: How often an indicator gets a value (its value calendar: ``progress/periods.py``).
FREQUENCIES = ("annual", "quarterly", "monthly")


class PeriodKind(StrEnum):
    QUARTERLY = "quarterly"
    ANNUAL = "annual"


class Category(StrEnum):
    """What an indicator controls, for the weights of the assessment: 以碳强度控制为主、
    碳排放总量控制为辅 (intensity primary, total secondary)."""

    INTENSITY = "intensity"
    TOTAL = "total"
    OTHER = "other"


class ComputedKind(StrEnum):
    """Indicators the accounting engine computes (not typed in by people)."""

    ENERGY_INTENSITY = "energy_intensity"
    CO2_INTENSITY = "co2_intensity"
    NON_FOSSIL_SHARE = "non_fossil_share"


class Origin(StrEnum):
    """Where an indicator value came from."""

    MANUAL = "manual"
    COMPUTED = "computed"
    MONITORING = "monitoring"
    IMPORT = "import"
    DEMO = "demo"


@dataclass(frozen=True)
class Observation:
    """One current indicator value: the value observed for the period ending ``on``."""

    on: date
    value: float


@dataclass(frozen=True)
class TargetSpec:
    """A target as the status computation needs it (from a plan target and its link).

    ``change`` set (``decrease``/``increase``) means the target is a relative change in
    percent of the value in ``base_year`` (比2005年下降65%): observations are levels.
    """

    comparator: str
    value: float
    value_max: float | None = None
    year: int | None = None
    change: str | None = None
    base_year: int | None = None
    base_value: float | None = None
    trajectory: Trajectory = Trajectory.LINEAR
    tolerance: float | None = None
    aspirational: bool = False
    unit: str = ""


@dataclass(frozen=True)
class StatusResult:
    """A status with the numbers it came from and a bilingual explanation."""

    status: Status
    explanation_zh: str
    explanation_en: str
    latest: Observation | None = None
    measured: float | None = None
    expected: float | None = None
    base_value: float | None = None
    base_on: date | None = None
    met: bool = False
    shortfall: float | None = None
    overridden: bool = False
    computed_status: Status | None = None
    override_reason: str | None = None

    @property
    def explanation(self) -> str:
        return f"{self.explanation_zh} / {self.explanation_en}"


@dataclass(frozen=True)
class Warning:
    """An early warning (预警): a target that moved to at risk/off track, an overdue value or
    an overdue progress report. ``key`` identifies it so that it is raised once."""

    kind: str
    key: str
    message_zh: str
    message_en: str
    units: tuple[str, ...] = field(default_factory=tuple)

    @property
    def message(self) -> str:
        return f"{self.message_zh} / {self.message_en}"


@dataclass(frozen=True)
class Owed:
    """A report a unit owes: not yet submitted (or submitted after its deadline)."""

    period: str
    task: str
    task_title: str
    lead_units: tuple[str, ...]
    due_on: date
    state: str | None
    overdue: bool
    late: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "task": self.task,
            "task_title": self.task_title,
            "lead_units": list(self.lead_units),
            "due_on": self.due_on.isoformat(),
            "state": self.state,
            "overdue": self.overdue,
            "late": self.late,
        }
