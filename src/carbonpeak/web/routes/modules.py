"""Pages of modules not built yet: an honest "under construction" page naming the issue
that brings each one — no placeholder numbers."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from carbonpeak.db.api import Db
from carbonpeak.web import plan_data
from carbonpeak.web.nav import MODULES, Module
from carbonpeak.web.session import PageUser
from carbonpeak.web.templating import render

router = APIRouter(include_in_schema=False)


def _add(module: Module) -> None:
    def page(request: Request, db: Db, _user: PageUser) -> Response:
        plan = plan_data.first_plan(db)
        return render(request, "building.html", {"module": module, "plan": plan})

    router.add_api_route(module.path, page, methods=["GET"], name=f"module_{module.key}")


for _module in MODULES:
    if not _module.built:
        _add(_module)
