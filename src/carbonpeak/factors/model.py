"""Emission factors as data with provenance (排放因子库): plain, frozen types.

A :class:`FactorRecord` is one published number: what it measures (``parameter``: 低位发热量
net calorific value, 单位热值含碳量 carbon content, 碳氧化率 oxidation rate, an emission factor per
gas, 折标准煤系数 standard-coal coefficient, a grid factor, a process factor, a GWP ...), its value
and unit (a string the shared pint registry parses), what it applies to (fuel or activity kind,
sector, region, years), how sure it is (``status``, ``uncertainty_pct``) and where it comes
from (publisher, document, table, edition, licence). A :class:`FactorSet` is one named file
of records.

Precedence (:data:`TIER_RANK`): measured / city-specific > provincial > national > IPCC default.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

Parameter = Literal[
    "ncv",
    "carbon_content",
    "oxidation",
    "co2_factor",
    "ch4_factor",
    "n2o_factor",
    "coal_coefficient",
    "grid_factor",
    "process_factor",
    "gwp",
    "anode_net_consumption",
    "anode_sulphur",
    "anode_ash",
    "wood_density",
    "bef",
    "root_shoot_ratio",
    "carbon_fraction",
    "sink_factor",
]
PARAMETERS: tuple[str, ...] = get_args(Parameter)
#: Parameters a user factor file (``fuel,parameter,value,unit,source``) may set.
USER_PARAMETERS: tuple[str, ...] = (
    "ncv",
    "carbon_content",
    "oxidation",
    "co2_factor",
    "ch4_factor",
    "n2o_factor",
)
#: The gas an emission-factor parameter is about.
PARAMETER_GAS: dict[str, str] = {
    "co2_factor": "CO2",
    "ch4_factor": "CH4",
    "n2o_factor": "N2O",
    "carbon_content": "C",
}

Tier = Literal["measured", "city", "provincial", "national", "ipcc"]
TIERS: tuple[str, ...] = get_args(Tier)
#: Lower wins: 实测 measured > 市级 city > 省级 provincial > 国家 national > IPCC default.
TIER_RANK: dict[str, int] = {tier: rank for rank, tier in enumerate(TIERS)}


@dataclass(frozen=True, slots=True)
class FactorRecord:
    """One published factor value and where it comes from.

    ``fuel`` is a fuel id (``raw_coal``), an activity kind (``clinker``), ``class:<ipcc_class>``
    (all fuels of that IPCC class) or ``*`` (every fuel). ``sector`` is empty (any sector), an
    IPCC category prefix (``1.A.2``) or a sector class (``manufacturing``). ``region`` is empty
    (anywhere) or a code (``520000`` Guizhou, ``CN-South`` the southern grid, ``CN``).
    ``variant`` separates values that answer a different question for the same fuel
    (``gas_field`` natural gas, ``fossil`` methane in AR6, ``post_mining`` ...); default ``""``.
    """

    id: str
    set_name: str
    parameter: str
    value: float
    unit: str
    gas: str = ""
    fuel: str = ""
    sector: str = ""
    region: str = ""
    year_from: int | None = None
    year_to: int | None = None
    tier: str = "national"
    publisher: str = ""
    document: str = ""
    table: str = ""
    edition: str = ""
    licence: str = ""
    note: str = ""
    variant: str = ""
    status: str = ""
    uncertainty_pct: float | None = None

    def applies_to_year(self, year: int | None) -> bool:
        if year is None:
            return True
        if self.year_from is not None and year < self.year_from:
            return False
        return not (self.year_to is not None and year > self.year_to)

    def year_distance(self, year: int) -> int:
        """Years between ``year`` and the record's validity (0 inside it)."""
        if self.year_from is not None and year < self.year_from:
            return self.year_from - year
        if self.year_to is not None and year > self.year_to:
            return year - self.year_to
        return 0

    @property
    def source(self) -> str:
        """'publisher, document, table, edition' for people."""
        return ", ".join(p for p in (self.publisher, self.document, self.table, self.edition) if p)

    @property
    def uncertain(self) -> bool:
        """True where the source marks the value as uncertain or unverified."""
        text = f"{self.status} {self.note}".upper()
        return "UNCERTAIN" in text or "UNVERIFIED" in text or "CONFLICT" in text

    def short(self) -> str:
        """'cn_provincial_guideline_2011/raw_coal/co2_factor = 1.9003 t/t (national)'."""
        return f"{self.id} = {self.value:g} {self.unit} ({self.tier})"


@dataclass(frozen=True)
class FactorSet:
    """A named set of factor records (one bundled CSV, or one user file)."""

    name: str
    records: tuple[FactorRecord, ...]
    title: str = ""
    rank: int = 1000
    by_parameter: dict[str, tuple[FactorRecord, ...]] = field(
        init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        index: dict[str, list[FactorRecord]] = {}
        for rec in self.records:
            index.setdefault(rec.parameter, []).append(rec)
        object.__setattr__(self, "by_parameter", {k: tuple(v) for k, v in index.items()})

    def __len__(self) -> int:
        return len(self.records)

    def get(self, record_id: str) -> FactorRecord | None:
        return next((r for r in self.records if r.id == record_id), None)


@dataclass(frozen=True, slots=True)
class PassedOver:
    """A record that answered the same question but was not used, and why."""

    record: FactorRecord
    reason: str


@dataclass(frozen=True, slots=True)
class Resolution:
    """The record precedence chose, the ones it passed over, and the question asked."""

    record: FactorRecord
    passed_over: tuple[PassedOver, ...]
    query: str
    rank: tuple[int, ...]
    proxy: str = ""
    #: Set when the method's own document has no value and a later document of the method's
    #: list fills the gap: which, and why (shown in the trace and the inventory notes).
    filled: str = ""

    @property
    def value(self) -> float:
        return self.record.value

    @property
    def unit(self) -> str:
        return self.record.unit

    def relevant_passed_over(self) -> tuple[PassedOver, ...]:
        """Passed-over records other than those for another region or sector class."""
        skip = ("not applicable: region", "not applicable: sector")
        return tuple(p for p in self.passed_over if not p.reason.startswith(skip))

    def explain(self) -> str:
        lines = [f"{self.query}: used {self.record.short()} — {self.record.source}"]
        if self.proxy:
            lines.append(f"  proxy: {self.proxy}")
        if self.filled:
            lines.append(f"  gap filled: {self.filled}")
        relevant = self.relevant_passed_over()
        lines += [f"  passed over {p.record.short()}: {p.reason}" for p in relevant]
        if len(relevant) < len(self.passed_over):
            n = len(self.passed_over) - len(relevant)
            lines.append(f"  ({n} records for other regions or sector classes not applicable)")
        return "\n".join(lines)
