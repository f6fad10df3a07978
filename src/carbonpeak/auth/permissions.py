"""Who may do what. Pure functions over a ``Principal``: no database, no HTTP."""

from __future__ import annotations

from collections.abc import Iterable

from carbonpeak.auth.model import Principal, Role
from carbonpeak.core.errors import PermissionDenied


def can_edit_task(
    principal: Principal, lead_units: Iterable[str], responsible_units: Iterable[str]
) -> bool:
    """Whether ``principal`` may edit a task with these lead (牵头单位) and responsible
    (责任单位) units.

    Admins always may; a unit_editor only if its unit is among the task's lead or responsible
    units (names compared exactly: callers pass canonical ``org_units.name`` values);
    enterprises and viewers never.
    """
    if principal.role == Role.ADMIN:
        return True
    if principal.role == Role.UNIT_EDITOR and principal.unit_name:
        return principal.unit_name in {*lead_units, *responsible_units}
    return False


def can_submit_meter_data(principal: Principal, enterprise_code: str) -> bool:
    """Whether ``principal`` may submit 能耗 meter data for the enterprise with this code."""
    if principal.role == Role.ADMIN:
        return True
    return principal.role == Role.ENTERPRISE and principal.enterprise_code == enterprise_code


def require_role(principal: Principal, *roles: Role) -> None:
    """Raise ``PermissionDenied`` unless the principal has one of ``roles``."""
    if principal.role in roles:
        return
    wanted = ", ".join(str(r) for r in roles) or "-"
    message = (
        f"权限不足：需要角色 {wanted}，当前用户 {principal.username} 的角色为 {principal.role} / "
        f"permission denied: requires role {wanted}; "
        f"user {principal.username} has role {principal.role}"
    )
    raise PermissionDenied(message)
