"""``GET /api/v1/review/twohigh``: the two-high list (a login is needed)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends

from carbonpeak.auth import Principal, Role, require_role
from carbonpeak.auth.api import current_principal
from carbonpeak.core.responses import Open
from carbonpeak.db.api import Db
from carbonpeak.review.twohigh.service import two_high_list

router = APIRouter()
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


class TwoHighList(Open):
    """The two-high list (两高项目清单): projects, metered plants, the scope's source and the
    two-high industries (code → name)."""

    projects: list[dict[str, Any]]
    plants: list[dict[str, Any]]
    scope_source: str
    industries: dict[str, str]


@router.get("/twohigh", summary="两高项目清单 / the two-high list", response_model=TwoHighList)
def get_twohigh(db: Db, principal: CurrentPrincipal, until: date | None = None) -> dict[str, Any]:
    require_role(principal, Role.REVIEW_OFFICER, Role.ADMIN, Role.VIEWER, Role.UNIT_EDITOR)
    return two_high_list(db_session=db, until=until)
