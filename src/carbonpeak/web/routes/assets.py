"""plotly.js served from the installed ``plotly`` Python package (nothing from a CDN).

The URL carries the package version, so browsers may cache the file for a year.
"""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

from carbonpeak.core.errors import NotFound
from carbonpeak.web.templating import PLOTLY_VERSION

router = APIRouter(include_in_schema=False)


def plotly_js_path() -> Path:
    """``plotly/package_data/plotly.min.js`` of the installed package (not imported)."""
    spec = find_spec("plotly")
    if spec is None or not spec.submodule_search_locations:
        raise NotFound("plotly 未安装 / the plotly package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "package_data" / "plotly.min.js"


@router.get(f"/vendor/plotly-{PLOTLY_VERSION}.min.js")
def plotly_js() -> FileResponse:
    return FileResponse(
        plotly_js_path(),
        media_type="text/javascript; charset=utf-8",
        headers={"Cache-Control": "public, max-age=31536000, immutable"},
    )
