"""The bundled factor sets (``factors/data/*.csv``, one CSV per named set) and GWPs.

``sets.csv`` lists the sets, their order among sets of the same tier (``rank``) and whether a city
inventory uses them by default. Every row of a set names its publisher, document, table, edition
and licence; ``status`` says how the value was seen (SEEN-P primary, SEEN-S secondary, SEEN;
DERIVED: computed from published data, e.g. the CEADs implied factors), and ``note`` says where
the source marks it uncertain. See ``factors/data/README.md``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from enum import StrEnum
from functools import cache, lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from carbonpeak.core.errors import FactorNotFound, InputError, Problem
from carbonpeak.factors.dimensions import dimension_problem
from carbonpeak.factors.model import PARAMETERS, TIERS, FactorRecord, FactorSet

#: The GWP sets (IPCC assessment reports, 100-year horizon).
GWP_SETS: tuple[str, ...] = ("SAR", "AR4", "AR5", "AR6")

_DATA = "data"


def _read_text(filename: str) -> str:
    return (resources.files("carbonpeak.factors") / _DATA / filename).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _catalogue() -> tuple[dict[str, str], ...]:
    return tuple(csv.DictReader(io.StringIO(_read_text("sets.csv"))))


def set_names(*, default_only: bool = False) -> tuple[str, ...]:
    """Names of the bundled sets in precedence order (``rank``)."""
    rows = sorted(_catalogue(), key=lambda r: int(r["rank"]))
    return tuple(r["name"] for r in rows if r["default"] == "1" or not default_only)


@cache
def load_set(name: str) -> FactorSet:
    """A bundled set by name, e.g. ``load_set("gbt2589_2020")``."""
    meta = next((r for r in _catalogue() if r["name"] == name), None)
    if meta is None:
        known = ", ".join(set_names())
        raise InputError(f"未知因子集 / unknown factor set {name!r} (known: {known})")
    return parse_set(
        _read_text(f"{name}.csv"),
        name=name,
        title=meta["title"],
        rank=int(meta["rank"]),
    )


def default_sets() -> tuple[FactorSet, ...]:
    """The sets a city inventory uses unless told otherwise, in rank order."""
    return tuple(load_set(n) for n in set_names(default_only=True))


def _opt_int(text: str | None) -> int | None:
    return int(text) if text not in (None, "") else None


def _opt_float(text: str | None) -> float | None:
    return float(text) if text not in (None, "") else None


def parse_set(text: str, *, name: str, title: str = "", rank: int = 1000) -> FactorSet:
    """A factor set from CSV text in the bundled column format (see ``data/README.md``).

    Used for the bundled files and for a set a user stores under a name. All row problems are
    collected and raised together as one :class:`InputError`.
    """
    records: list[FactorRecord] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for rowno, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        try:
            rec = _record(row, name)
        except _UnitProblem as exc:
            problems.append(Problem(rowno, "unit", str(exc)))
            continue
        except (ValueError, KeyError, InputError) as exc:
            problems.append(Problem(rowno, "row", str(exc)))
            continue
        if rec.id in seen:
            problems.append(Problem(rowno, "id", f"重复 / duplicate id {rec.id!r}"))
        seen.add(rec.id)
        records.append(rec)
    if problems:
        lines = "; ".join(str(p) for p in problems)
        raise InputError(f"因子集 {name} 有错误 / factor set {name} has errors: {lines}", problems)
    return FactorSet(name=name, records=tuple(records), title=title, rank=rank)


class _UnitProblem(ValueError):
    """A unit pint reads but that cannot carry the row's parameter."""


def _record(row: Mapping[str, str], set_name: str) -> FactorRecord:
    if row["parameter"] not in PARAMETERS:
        raise ValueError(f"unknown parameter {row['parameter']!r}")
    if row["tier"] not in TIERS:
        raise ValueError(f"unknown tier {row['tier']!r}")
    wrong = dimension_problem(row["parameter"], row["unit"])  # InputError if unparsable
    if wrong:
        raise _UnitProblem(f"单位量纲不符 / wrong dimension: {wrong}")
    return FactorRecord(
        id=row["id"],
        set_name=set_name,
        parameter=row["parameter"],
        value=float(row["value"]),
        unit=row["unit"],
        gas=row.get("gas", ""),
        fuel=row.get("fuel", ""),
        sector=row.get("sector", ""),
        region=row.get("region", ""),
        year_from=_opt_int(row.get("year_from")),
        year_to=_opt_int(row.get("year_to")),
        tier=row["tier"],
        publisher=row.get("publisher", ""),
        document=row.get("document", ""),
        table=row.get("table", ""),
        edition=row.get("edition", ""),
        licence=row.get("licence", ""),
        note=row.get("note", ""),
        variant=row.get("variant", ""),
        status=row.get("status", ""),
        uncertainty_pct=_opt_float(row.get("uncertainty_pct")),
    )


def all_records(sets: Iterable[FactorSet]) -> Iterable[FactorRecord]:
    for s in sets:
        yield from s.records


def gwp(gas: str, set_name: str, *, fossil: bool = False) -> FactorRecord:
    """The 100-year GWP of ``gas`` in ``set_name`` (SAR, AR4, AR5, AR6) as a sourced record.

    ``fossil=True`` picks the fossil-methane value where the set has one (AR6 Table 7.15:
    fossil 29.8, non-fossil 27.0).
    CO2 is 1 by definition (no record needed: a record with set ``definition`` is returned).
    Raises :class:`FactorNotFound` when the set has no value for the gas.
    """
    if set_name not in GWP_SETS:
        raise InputError(f"未知GWP集 / unknown GWP set {set_name!r} (known: {', '.join(GWP_SETS)})")
    if gas == "CO2":
        return FactorRecord(
            id=f"definition/CO2/gwp/{set_name}",
            set_name="definition",
            parameter="gwp",
            value=1.0,
            unit="dimensionless",
            gas="CO2",
            tier="ipcc",
            edition=set_name,
            document="GWP of CO2 is 1 by definition",
        )
    rows = [r for r in load_set("gwp").records if r.gas == gas and r.edition == set_name]
    chosen = next((r for r in rows if fossil and r.variant == "fossil"), None)
    chosen = chosen or next((r for r in rows if r.variant == ""), None)
    if chosen is None:
        raise FactorNotFound(
            f"GWP集 {set_name} 没有 {gas} 的值 / GWP set {set_name} has no value for {gas} "
            "in the bundled data (not in the reference notes)"
        )
    return chosen


def gas_names() -> tuple[str, ...]:
    """The gases the platform knows: CO2 (GWP 1 by definition) and every gas of the GWP data
    file (``data/gwp.csv``)."""
    return ("CO2", *sorted({r.gas for r in load_set("gwp").records if r.gas}))


# The gas names as an enum (for the API's schema): built from the GWP data file.
if TYPE_CHECKING:
    GasName = str
else:
    GasName = StrEnum("GasName", {name: name for name in gas_names()})
