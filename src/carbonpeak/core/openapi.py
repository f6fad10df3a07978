"""What the OpenAPI document says about a file download (pure: plain dicts, no framework).

A route that answers with a file passes ``response_class=Response`` and
``responses=download(...)``, so the document shows the file's real media type, not JSON
(issue 15, finding 11)."""

from __future__ import annotations

from typing import Any

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
BINARY = {"type": "string", "format": "binary"}
TEXT = {"type": "string"}


def download(description: str, *media_types: str) -> dict[int | str, dict[str, Any]]:
    """``responses=`` of a route answering 200 with a file of one of ``media_types``."""
    content = {
        m: {"schema": TEXT if m.startswith("text/") or m.endswith("yaml") else BINARY}
        for m in media_types
    }
    return {200: {"description": description, "content": content}}
