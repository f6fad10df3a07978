"""Plain types of the auth domain: roles and the authenticated principal."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """What a user may do.

    - ``admin``: 发展改革委 climate office 双碳办 (碳达峰碳中和工作领导小组办公室); every write.
    - ``unit_editor``: editor of a 部门/区县 (department or district government), bound to one
      organisation unit (单位); edits the tasks where that unit is 牵头单位 lead unit or
      责任单位 responsible unit.
    - ``enterprise``: 重点用能单位 key energy-consuming enterprise, bound to one enterprise by its
      统一社会信用代码 unified social credit code; submits its own meter data.
    - ``viewer``: reads only.
    - ``review_officer``: 节能审查 review officer of the development and reform commission's
      energy-saving office; decides project applications (审查意见).
    """

    ADMIN = "admin"
    UNIT_EDITOR = "unit_editor"
    ENTERPRISE = "enterprise"
    VIEWER = "viewer"
    REVIEW_OFFICER = "review_officer"

    @property
    def label(self) -> str:
        """Bilingual label for tables and pages."""
        return _LABELS[self]


_LABELS = {
    Role.ADMIN: "管理员 admin",
    Role.UNIT_EDITOR: "单位编辑 unit editor",
    Role.ENTERPRISE: "重点用能单位 enterprise",
    Role.VIEWER: "只读 viewer",
    Role.REVIEW_OFFICER: "节能审查员 review officer",
}


@dataclass(frozen=True)
class Principal:
    """Who is making a request, as resolved from a token or a password."""

    user_id: int
    username: str
    role: Role
    #: Name of the organisation unit (``org_units.name``) a unit_editor is bound to.
    unit_name: str | None = None
    #: 统一社会信用代码 of the enterprise an ``enterprise`` user is bound to.
    enterprise_code: str | None = None
