"""Web pages. The full web application is a later issue; this is the landing page."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

router = APIRouter()

_INDEX = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>carbonpeak 碳达峰平台</title></head>
<body><h1>carbonpeak 碳达峰实施方案平台</h1>
<ul>
<li><a href="/docs">API 文档 / API docs (OpenAPI)</a></li>
<li><a href="/api/v1/plans">方案列表 / plans</a></li>
</ul></body></html>"""


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def index() -> str:
    return _INDEX
