"""Permissions are pure: literal principals, no database."""

from __future__ import annotations

import pytest

from carbonpeak.auth.model import Principal, Role
from carbonpeak.auth.permissions import can_edit_task, can_submit_meter_data, require_role
from carbonpeak.core.errors import PermissionDenied

ADMIN = Principal(user_id=1, username="office", role=Role.ADMIN)
ENERGY_BUREAU = Principal(user_id=2, username="nyj", role=Role.UNIT_EDITOR, unit_name="市能源局")
ENTERPRISE = Principal(
    user_id=3, username="plant", role=Role.ENTERPRISE, enterprise_code="91520200MA6D00001L"
)
VIEWER = Principal(user_id=4, username="guest", role=Role.VIEWER)

LEAD = ["市发展改革委"]
RESPONSIBLE = ["市能源局", "市工业和信息化局"]


def test_admin_edits_any_task() -> None:
    assert can_edit_task(ADMIN, LEAD, RESPONSIBLE)
    assert can_edit_task(ADMIN, [], [])


def test_unit_editor_edits_tasks_of_its_unit_as_lead_or_responsible() -> None:
    assert can_edit_task(ENERGY_BUREAU, LEAD, RESPONSIBLE)  # responsible 责任单位
    assert can_edit_task(ENERGY_BUREAU, ["市能源局"], [])  # lead 牵头单位


def test_unit_editor_cannot_edit_another_units_task() -> None:
    assert not can_edit_task(ENERGY_BUREAU, ["市发展改革委"], ["市住房城乡建设局"])
    # Exact names: a unit whose name merely contains ours is another unit.
    assert not can_edit_task(ENERGY_BUREAU, ["六盘水市能源局"], [])


def test_unit_editor_without_unit_edits_nothing() -> None:
    unbound = Principal(user_id=5, username="x", role=Role.UNIT_EDITOR, unit_name=None)
    assert not can_edit_task(unbound, LEAD, RESPONSIBLE)


def test_lead_and_responsible_may_be_one_shot_iterators() -> None:
    assert can_edit_task(ENERGY_BUREAU, iter(LEAD), iter(RESPONSIBLE))


@pytest.mark.parametrize("principal", [ENTERPRISE, VIEWER])
def test_enterprise_and_viewer_never_edit_tasks(principal: Principal) -> None:
    assert not can_edit_task(principal, LEAD, RESPONSIBLE)


def test_meter_data_admin_or_own_enterprise_only() -> None:
    assert can_submit_meter_data(ADMIN, "91520200MA6D00001L")
    assert can_submit_meter_data(ENTERPRISE, "91520200MA6D00001L")
    assert not can_submit_meter_data(ENTERPRISE, "91520200MA6D000020")
    assert not can_submit_meter_data(ENERGY_BUREAU, "91520200MA6D00001L")
    assert not can_submit_meter_data(VIEWER, "91520200MA6D00001L")


def test_require_role_passes_for_listed_role() -> None:
    require_role(ADMIN, Role.ADMIN)
    require_role(ENERGY_BUREAU, Role.ADMIN, Role.UNIT_EDITOR)


def test_require_role_refuses_with_bilingual_message() -> None:
    with pytest.raises(PermissionDenied) as info:
        require_role(VIEWER, Role.ADMIN, Role.UNIT_EDITOR)
    message = str(info.value)
    assert "权限不足" in message
    assert "permission denied" in message
    assert "admin, unit_editor" in message
    assert "viewer" in message
    assert info.value.http_status == 403


def test_principal_is_frozen() -> None:
    with pytest.raises(AttributeError):
        ADMIN.role = Role.VIEWER  # type: ignore[misc]
