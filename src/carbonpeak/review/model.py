"""Plain types the review sub-packages share: a project as declared (固定资产投资项目), its
energy uses by fuel, its products, and the stages and decisions of the review workflow.

A project file (YAML) or a register row becomes a :class:`Project`
(:mod:`carbonpeak.review.assessment.projectfile`); the assessment reads it; the register
stores it as JSON.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class Stage(StrEnum):
    """项目阶段 stage of a project."""

    PLANNED = "拟建"
    BUILDING = "在建"
    EXISTING = "存量"


class Status(StrEnum):
    """Where an application is in the review (申报 → 审查 → 意见 → 投产). ``exempt`` is the end
    state of a project below the thresholds (审查权限 ``none``: 不单独进行节能审查): it takes no
    审查意见, so it never waits for one (:func:`status_on_submission`)."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    CONDITIONAL = "conditional"
    REJECTED = "rejected"
    COMMISSIONED = "commissioned"
    EXEMPT = "exempt"

    @property
    def label(self) -> str:
        return STATUS_ZH[self]


STATUS_ZH = {
    Status.DRAFT: "草稿",
    Status.SUBMITTED: "已申报",
    Status.APPROVED: "审查通过",
    Status.CONDITIONAL: "有条件通过",
    Status.REJECTED: "不予通过",
    Status.COMMISSIONED: "已投产",
    Status.EXEMPT: "不单独进行节能审查",
}


def status_on_submission(authority: str) -> Status:
    """The status a submitted application takes from its review authority (审查权限,
    ``review/data/authority.csv``): ``none`` — below 1,000 tce/yr (当量值) and 500万kWh, not
    reviewed separately — is ``exempt`` at once, an end state (no decision, no quota debit, no
    commissioning: :mod:`carbonpeak.review.workflow.rules`); every other waits for a decision.

    >>> status_on_submission("none").label
    '不单独进行节能审查'
    >>> status_on_submission("local"), status_on_submission("provincial")
    (<Status.SUBMITTED: 'submitted'>, <Status.SUBMITTED: 'submitted'>)
    """
    return Status.EXEMPT if authority == "none" else Status.SUBMITTED


class Outcome(StrEnum):
    """审查意见 the review officer's decision."""

    APPROVE = "approve"
    CONDITIONAL = "conditional"
    REJECT = "reject"

    @property
    def status(self) -> Status:
        return {
            Outcome.APPROVE: Status.APPROVED,
            Outcome.CONDITIONAL: Status.CONDITIONAL,
            Outcome.REJECT: Status.REJECTED,
        }[self]


@dataclass(frozen=True)
class EnergyUse:
    """One line of annual energy use: a fuel (factor-library id), quantity and unit as
    written. ``field`` is where it came from (``annual[1]``) for error messages."""

    fuel: str
    quantity: float
    unit: str
    field: str = ""


@dataclass(frozen=True)
class Product:
    """A product and its annual output; ``unit_consumption`` the declared unit energy
    consumption (in the benchmark's unit) where the applicant gives it."""

    product: str
    output: float
    unit: str
    unit_consumption: float | None = None


@dataclass(frozen=True)
class Project:
    """固定资产投资项目 as declared for the energy review (节能审查)."""

    name: str
    industry: str
    district: str
    start_year: int
    annual: tuple[EnergyUse, ...]
    feedstock: tuple[EnergyUse, ...] = ()
    renewable_kwh: float = 0.0
    renewable_kind: str = "solar"
    products: tuple[Product, ...] = ()
    value_added_10k_yuan: float = 0.0
    owner_uscc: str = ""
    owner_name: str = ""
    stage: Stage = Stage.PLANNED
    reconstruction: bool = False
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["stage"] = self.stage.value
        data.pop("extra", None)
        return data
