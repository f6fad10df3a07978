"""Users, roles, API tokens and permissions (用户、角色、令牌、权限).

Read top-down: ``model.py`` (plain types) → ``passwords.py``, ``tokens.py``, ``uscc.py``,
``permissions.py`` (pure) → ``orm.py`` (organisation units, users, tokens)/``service.py``
(database) → ``api.py`` (the request dependencies ``current_principal``/``optional_principal``
that every router uses, imported from ``carbonpeak.auth.api`` by API adapters only, and the
auth and audit-log routes) / ``cli.py``.
"""

from carbonpeak.auth.model import Principal, Role
from carbonpeak.auth.orm import OrgUnitRow
from carbonpeak.auth.permissions import can_edit_task, require_role
from carbonpeak.auth.service import (
    authenticate,
    authenticate_password,
    create_user,
    end_session,
    end_sessions,
    get_user_by_username,
    principal_of,
    session_version,
    set_password,
    start_session,
)
from carbonpeak.auth.throttle import Throttled, login_throttle
from carbonpeak.auth.uscc import check_character
from carbonpeak.auth.uscc import normalize as normalize_uscc
from carbonpeak.auth.uscc import problem as uscc_problem

__all__ = [
    "OrgUnitRow",
    "Principal",
    "Role",
    "Throttled",
    "authenticate",
    "authenticate_password",
    "can_edit_task",
    "check_character",
    "create_user",
    "end_session",
    "end_sessions",
    "get_user_by_username",
    "login_throttle",
    "normalize_uscc",
    "principal_of",
    "require_role",
    "session_version",
    "set_password",
    "start_session",
    "uscc_problem",
]
