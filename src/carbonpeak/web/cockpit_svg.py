"""Inline SVG of the leaders' cockpit (领导驾驶舱), drawn on the server so that the wall
display needs no script and no network: the district map (a choropleth of the shipped
boundaries, each district a link) and the emissions line chart with the projection's band.

Pure: plain values in, SVG text out (escaped); the page places it as is.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup, escape

MAP_FILE = Path(__file__).parent / "static" / "maps" / "liupanshui-districts.geojson"
#: Sequential colour scale (light → dark green-blue), lowest value first; no data is grey.
SCALE = ("#d9f0d3", "#a6dba0", "#5aae61", "#1b7837", "#00441b")
NO_DATA = "#d0d0d0"
Point = tuple[float, float]


@dataclass(frozen=True)
class District:
    code: str
    name: str
    #: Rings of each polygon, in longitude/latitude.
    polygons: tuple[tuple[tuple[Point, ...], ...], ...]


@lru_cache(maxsize=1)
def districts() -> tuple[District, ...]:
    """The shipped district boundaries (see ``static/maps/README.md`` for their source)."""
    data = json.loads(MAP_FILE.read_text(encoding="utf-8"))
    return tuple(
        District(
            f["properties"]["code"],
            f["properties"]["name"],
            tuple(
                tuple(tuple((float(x), float(y)) for x, y in ring) for ring in poly)
                for poly in f["geometry"]["coordinates"]
            ),
        )
        for f in data["features"]
    )


@lru_cache(maxsize=1)
def map_attribution() -> tuple[str, str]:
    """The attribution the boundaries' licence asks for (text, link), from the map file."""
    data = json.loads(MAP_FILE.read_text(encoding="utf-8"))
    return str(data.get("attribution", "")), str(data.get("attribution_url", ""))


def colour(value: float | None, low: float, high: float) -> str:
    """The scale colour of ``value`` between ``low`` and ``high`` (equal steps).

    >>> colour(None, 0, 1), colour(0, 0, 10), colour(10, 0, 10), colour(5, 5, 5)
    ('#d0d0d0', '#d9f0d3', '#00441b', '#5aae61')
    """
    if value is None:
        return NO_DATA
    if high <= low:
        return SCALE[len(SCALE) // 2]
    step = min(len(SCALE) - 1, int((value - low) / (high - low) * len(SCALE)))
    return SCALE[max(0, step)]


def district_map(
    values: dict[str, float | None],
    labels: dict[str, str],
    hrefs: dict[str, str],
    title: str,
    *,
    width: int = 420,
    height: int = 360,
) -> Markup:
    """A choropleth of ``values`` by district code: each district is a link (``hrefs``) with
    a tooltip (``labels``); the projection is equirectangular, scaled by cos(latitude)."""
    shapes = districts()
    xs = [x for d in shapes for p in d.polygons for r in p for x, _ in r]
    ys = [y for d in shapes for p in d.polygons for r in p for _, y in r]
    kx = math.cos(math.radians((min(ys) + max(ys)) / 2))
    span_x, span_y = (max(xs) - min(xs)) * kx, max(ys) - min(ys)
    scale = min((width - 20) / span_x, (height - 20) / span_y)

    def at(x: float, y: float) -> str:
        return f"{10 + (x - min(xs)) * kx * scale:.1f},{10 + (max(ys) - y) * scale:.1f}"

    present = [v for v in values.values() if v is not None]
    low, high = (min(present), max(present)) if present else (0.0, 0.0)
    parts = [
        f'<svg class="district-map" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="map-title" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="map-title">{escape(title)}</title>'
    ]
    for d in shapes:
        path = " ".join(
            "M" + " L".join(at(x, y) for x, y in ring) + " Z"
            for poly in d.polygons
            for ring in poly
        )
        fill = colour(values.get(d.code), low, high)
        label = escape(labels.get(d.code, d.name))
        parts.append(
            f'<a href="{escape(hrefs.get(d.code, "#"))}" data-district="{d.code}" '
            f'aria-label="{label}"><path d="{path}" fill="{fill}" stroke="#fff" '
            f'stroke-width="1.5"><title>{label}</title></path></a>'
        )
    for d in shapes:  # names on top, at the centre of the largest ring's box
        ring = max((r for p in d.polygons for r in p), key=len)
        cx = (min(x for x, _ in ring) + max(x for x, _ in ring)) / 2
        cy = (min(y for _, y in ring) + max(y for _, y in ring)) / 2
        x, y = at(cx, cy).split(",")
        dark = colour(values.get(d.code), low, high) in SCALE[2:]
        parts.append(
            f'<text x="{x}" y="{y}" text-anchor="middle" class="district-map__name" '
            f'fill="{"#fff" if dark else "#1a1a1a"}" aria-hidden="true">{escape(d.name)}</text>'
        )
    credit, url = map_attribution()
    if credit:  # the licence (ODbL) asks for it wherever the map is shown
        text = (
            f'<text x="{width - 4}" y="{height - 4}" text-anchor="end" font-size="9" '
            f'fill="#555" class="district-map__credit">{escape(credit)}</text>'
        )
        parts.append(f'<a href="{escape(url)}">{text}</a>' if url else text)
    parts.append("</svg>")
    return Markup("".join(parts))


@dataclass(frozen=True)
class Line:
    name: str
    points: Sequence[tuple[int, float]]
    dashed: bool = False
    colour: str = "#1b7837"


def _ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high].

    >>> _ticks(0, 3300)
    [0, 1000, 2000, 3000, 4000]
    """
    raw = (high - low) / max(1, count - 1) or 1.0
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    return [start + i * step for i in range(math.ceil((high - start) / step) + 1)]


def line_chart(
    lines: Sequence[Line],
    band: Sequence[tuple[int, float, float]],
    *,
    title: str,
    y_title: str,
    marks: Sequence[tuple[int, str]] = (),
    width: int = 620,
    height: int = 300,
) -> Markup:
    """Lines over years (values at their year's gridline), with a shaded band (low, high)
    and vertical marks; axes with round ticks; the last value of each line printed."""
    years = [y for line in lines for y, _ in line.points] + [y for y, *_ in band]
    values = [v for line in lines for _, v in line.points] + [
        v for _, lo, hi in band for v in (lo, hi)
    ]
    if not years:
        return Markup("")
    left, right, top, bottom = 56, 80, 16, 34
    y0, y1 = min(years), max(years)
    ticks = _ticks(min(0.0, min(values)), max(values))
    vmin, vmax = ticks[0], ticks[-1]

    def px(year: float) -> float:
        return left + (year - y0) / max(1, y1 - y0) * (width - left - right)

    def py(value: float) -> float:
        return top + (vmax - value) / (vmax - vmin or 1) * (height - top - bottom)

    out = [
        f'<svg class="line-chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="chart-title" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="chart-title">{escape(title)}</title>'
    ]
    for t in ticks:
        out.append(
            f'<line x1="{left}" x2="{width - right}" y1="{py(t):.1f}" y2="{py(t):.1f}" '
            f'stroke="#e3e3e3"/><text x="{left - 6}" y="{py(t) + 4:.1f}" text-anchor="end" '
            f'class="axis">{t:,.0f}</text>'
        )
    step = 5 if y1 - y0 > 12 else 1
    for year in range(y0 - y0 % step + (step if y0 % step else 0), y1 + 1, step):
        out.append(
            f'<text x="{px(year):.1f}" y="{height - bottom + 16}" text-anchor="middle" '
            f'class="axis">{year}</text>'
        )
    out.append(
        f'<text x="12" y="{top + (height - top - bottom) / 2:.0f}" class="axis" '
        f'transform="rotate(-90 12 {top + (height - top - bottom) / 2:.0f})" '
        f'text-anchor="middle">{escape(y_title)}</text>'
    )
    if band:
        upper = " L".join(f"{px(y):.1f},{py(hi):.1f}" for y, _lo, hi in band)
        lower = " L".join(f"{px(y):.1f},{py(lo):.1f}" for y, lo, _hi in reversed(band))
        out.append(f'<path d="M{upper} L{lower} Z" fill="#1b7837" fill-opacity="0.15"/>')
    for year, label in marks:
        out.append(
            f'<line x1="{px(year):.1f}" x2="{px(year):.1f}" y1="{top}" y2="{height - bottom}" '
            f'stroke="#888" stroke-dasharray="3 3"/><text x="{px(year) + 3:.1f}" y="{top + 10}" '
            f'class="axis">{escape(label)}</text>'
        )
    for line in lines:
        if not line.points:
            continue
        d = " L".join(f"{px(y):.1f},{py(v):.1f}" for y, v in line.points)
        dash = ' stroke-dasharray="6 4"' if line.dashed else ""
        year, value = line.points[-1]
        out.append(
            f'<path d="M{d}" fill="none" stroke="{line.colour}" stroke-width="2.5"{dash}>'
            f"<title>{escape(line.name)}</title></path>"
            f'<text x="{px(year) + 4:.1f}" y="{py(value) + 4:.1f}" class="value">'
            f"{value:,.0f}</text>"
        )
    out.append("</svg>")
    return Markup("".join(out))
