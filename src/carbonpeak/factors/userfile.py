"""A user factor file (实测/本地因子): CSV ``fuel,parameter,value,unit,source``.

Each row overrides the defaults for one calculation (``--factors FILE``) or is stored as a named
set; every record gets tier ``measured``. ``parameter`` is one of ncv, carbon_content, oxidation,
co2_factor, ch4_factor, n2o_factor. ``fuel`` is a fuel (id or Chinese name) or an activity kind
(``clinker``, ``coal_output_high_gas`` ...). Optional columns: ``variant``, ``sector``,
``region``, ``year_from``, ``year_to``, ``uncertainty_pct``, ``note``.

Bad rows (unknown fuel, unknown parameter, unparsable unit, non-positive value, oxidation above
100 %, duplicates) are all collected, then raised once as an :class:`InputError` that names
row, field and reason.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection
from pathlib import Path

from carbonpeak.core.errors import InputError, Problem
from carbonpeak.core.units import quantity
from carbonpeak.factors.activity_kinds import kinds as all_kinds
from carbonpeak.factors.dimensions import dimension_problem
from carbonpeak.factors.fuel_list import find_fuel
from carbonpeak.factors.model import PARAMETER_GAS, USER_PARAMETERS, FactorRecord, FactorSet

REQUIRED = ("fuel", "parameter", "value", "unit", "source")


def read_user_factors(
    data: str | bytes | Path,
    *,
    name: str = "user",
    source: str | None = None,
    kinds: Collection[str] | None = None,
) -> FactorSet:
    """Parse a user factor file (path, bytes or CSV text) into a ``measured`` :class:`FactorSet`."""
    label = source or (data.name if isinstance(data, Path) else name)
    if isinstance(data, Path):
        data = data.read_bytes()
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data.lstrip("\ufeff")
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InputError(
            f"{label}: 缺少列 / missing columns {', '.join(missing)} (need {','.join(REQUIRED)})",
            [Problem(1, c, "missing column") for c in missing],
        )
    known_kinds = set(all_kinds().keys() if kinds is None else kinds)
    records: list[FactorRecord] = []
    problems: list[Problem] = []
    seen: dict[tuple[str, ...], int] = {}
    for rowno, raw in enumerate(reader, start=2):
        row = {k.strip(): (v or "").strip() for k, v in raw.items() if k}
        if not any(row.values()):
            continue
        rec, errs = _row(row, rowno, name, known_kinds)
        problems += errs
        if rec is None:
            continue
        key = (rec.fuel, rec.parameter, rec.variant, rec.sector, rec.region, str(rec.year_from))
        if key in seen:
            problems.append(
                Problem(rowno, "parameter", f"重复 / duplicate of row {seen[key]} ({rec.fuel})")
            )
            continue
        seen[key] = rowno
        records.append(rec)
    if problems:
        detail = "; ".join(str(p) for p in problems)
        raise InputError(f"{label}: 因子文件有错误 / factor file has errors: {detail}", problems)
    return FactorSet(name=name, records=tuple(records), title=f"user factors ({label})", rank=0)


def _row(
    row: dict[str, str], rowno: int, set_name: str, kinds: Collection[str]
) -> tuple[FactorRecord | None, list[Problem]]:
    errs: list[Problem] = []
    fuel_text, parameter = row.get("fuel", ""), row.get("parameter", "")
    fuel = find_fuel(fuel_text)
    fuel_id = fuel.id if fuel else (fuel_text if fuel_text in kinds else None)
    if fuel_id is None:
        errs.append(Problem(rowno, "fuel", f"未知能源品种 / unknown fuel {fuel_text!r}"))
    if parameter not in USER_PARAMETERS:
        allowed = ", ".join(USER_PARAMETERS)
        errs.append(
            Problem(rowno, "parameter", f"未知参数 / unknown parameter {parameter!r} ({allowed})")
        )
    value: float | None = None
    try:
        value = float(row.get("value", ""))
    except ValueError:
        errs.append(Problem(rowno, "value", f"不是数字 / not a number: {row.get('value')!r}"))
    if value is not None and not value > 0:
        errs.append(Problem(rowno, "value", f"必须为正数 / must be positive: {value:g}"))
    unit = row.get("unit", "")
    try:
        q = quantity(value or 1.0, unit)
    except InputError:
        errs.append(Problem(rowno, "unit", f"无法识别的单位 / unparsable unit {unit!r}"))
    else:
        if parameter == "oxidation" and value is not None and value > 0:
            if not q.check("[]"):
                errs.append(Problem(rowno, "unit", f"oxidation must be a fraction, not {unit!r}"))
            elif q.to("dimensionless").magnitude > 1:
                errs.append(Problem(rowno, "value", "碳氧化率超过100% / oxidation above 100 %"))
        wrong = dimension_problem(parameter, unit) if parameter != "oxidation" else None
        if wrong:
            errs.append(Problem(rowno, "unit", f"单位量纲不符 / wrong dimension: {wrong}"))
    if not row.get("source"):
        errs.append(Problem(rowno, "source", "缺少来源 / source is required"))
    pct = _optional_float(row, "uncertainty_pct", rowno, errs)
    years = [_optional_int(row, f, rowno, errs) for f in ("year_from", "year_to")]
    if errs or fuel_id is None or value is None:
        return None, errs
    variant = row.get("variant", "")
    return (
        FactorRecord(
            id=f"{set_name}/row{rowno}/{fuel_id}/{parameter}" + (f"/{variant}" if variant else ""),
            set_name=set_name,
            parameter=parameter,
            value=value,
            unit=unit,
            gas=PARAMETER_GAS.get(parameter, ""),
            fuel=fuel_id,
            sector=row.get("sector", ""),
            region=row.get("region", ""),
            year_from=years[0],
            year_to=years[1],
            tier="measured",
            publisher="user",
            document=row["source"],
            table=f"row {rowno}",
            licence="supplied by the user",
            note=row.get("note", ""),
            variant=variant,
            status="measured",
            uncertainty_pct=pct,
        ),
        [],
    )


def _optional_float(
    row: dict[str, str], field: str, rowno: int, errs: list[Problem]
) -> float | None:
    text = row.get(field, "")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        errs.append(Problem(rowno, field, f"不是数字 / not a number: {text!r}"))
        return None


def _optional_int(row: dict[str, str], field: str, rowno: int, errs: list[Problem]) -> int | None:
    text = row.get(field, "")
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        errs.append(Problem(rowno, field, f"不是年份 / not a year: {text!r}"))
        return None
