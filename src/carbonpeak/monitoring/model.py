"""Plain types of online energy monitoring (重点用能单位能耗在线监测): registry and readings.

- :class:`Enterprise`: 重点用能单位, keyed by its 统一社会信用代码 (unified social credit code);
- :class:`Point`: a 计量点 metering point: what it measures (an energy of the shared fuel list
  ``factors/data/fuels.csv``, or a product output), its purpose (外购 purchased, 自产
  self-generated, 消耗 consumed, 外供 transferred out, 产量 output), its unit (a pint expression
  of the shared registry), a 倍率 multiplier, and whether it reports a 累计值 cumulative counter
  or an interval value (时段值, labelled with the start of its period);
- :class:`Process`: a 工序 whose 单位产品能耗 unit consumption is the energy of its points over
  the output of its output point (烧结工序 = sinter-line energy / sinter output);
- :class:`Reading`: one validated value of one point at one instant;
- what the adapters (HTTP API, CLI) of every sub-package read the same way: dates
  (:func:`parse_day`, :func:`parse_when`, China Standard Time) and the enterprise an enterprise
  user is limited to (:func:`scope`).

No database, no HTTP.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from enum import StrEnum
from functools import lru_cache
from itertools import repeat
from operator import attrgetter
from typing import Any, NamedTuple, overload

from carbonpeak.auth import Principal, Role, normalize_uscc, uscc_problem
from carbonpeak.core.errors import InputError, PermissionDenied
from carbonpeak.core.units import quantity
from carbonpeak.factors import find_fuel
from carbonpeak.monitoring.rollups.rollup import CST
from carbonpeak.regions import find_region

#: a commissioning year before this is a typing slip (no online meter of the platform is older)
EARLIEST_COMMISSIONING = 1950


def parse_date(text: str, name: str = "date") -> date:
    """A date ``YYYY-MM-DD`` (or ``YYYY/MM/DD``); InputError naming ``name`` otherwise."""
    try:
        return date.fromisoformat(text.strip().replace("/", "-"))
    except ValueError:
        raise InputError(
            f"{name} {text!r} 不是日期 YYYY-MM-DD / {name} {text!r} is not a date YYYY-MM-DD"
        ) from None


class Purpose(StrEnum):
    """What a metering point measures (GB/T 2589 comprehensive energy terms)."""

    PURCHASED = "purchased"  # 外购
    SELF_GENERATED = "self_generated"  # 自产
    CONSUMED = "consumed"  # 消耗 (a sub-meter of a line or process)
    TRANSFERRED_OUT = "transferred_out"  # 外供 / 输出
    OUTPUT = "output"  # 产品产量 product output

    @property
    def label(self) -> str:
        return _PURPOSE_LABELS[self]


_PURPOSE_LABELS = {
    Purpose.PURCHASED: "外购 purchased",
    Purpose.SELF_GENERATED: "自产 self-generated",
    Purpose.CONSUMED: "消耗 consumed",
    Purpose.TRANSFERRED_OUT: "外供 transferred out",
    Purpose.OUTPUT: "产量 output",
}
_PURPOSE_WORDS = {
    **{p.value: p for p in Purpose},
    "外购": Purpose.PURCHASED,
    "自产": Purpose.SELF_GENERATED,
    "消耗": Purpose.CONSUMED,
    "外供": Purpose.TRANSFERRED_OUT,
    "输出": Purpose.TRANSFERRED_OUT,
    "产量": Purpose.OUTPUT,
}


class Kind(StrEnum):
    """累计值 a cumulative counter, or 时段值 the amount of one period."""

    COUNTER = "counter"
    INTERVAL = "interval"


_KIND_WORDS = {"counter": Kind.COUNTER, "累计": Kind.COUNTER, "累计值": Kind.COUNTER}
_KIND_WORDS |= {"interval": Kind.INTERVAL, "时段": Kind.INTERVAL, "时段值": Kind.INTERVAL}


def parse_purpose(text: str) -> Purpose:
    found = _PURPOSE_WORDS.get(text.strip().lower()) or _PURPOSE_WORDS.get(text.strip())
    if found is None:
        allowed = ", ".join(p.value for p in Purpose)
        raise InputError(f"未知用途 {text!r} / unknown purpose {text!r} (one of {allowed})")
    return found


def parse_kind(text: str) -> Kind:
    found = _KIND_WORDS.get(text.strip().lower())
    if found is None:
        raise InputError(
            f"未知计量方式 {text!r} / unknown kind {text!r} (counter 累计值 or interval 时段值)"
        )
    return found


#: a 国民经济行业分类 GB/T 4754 class (小类): four digits, optionally after its section letter
_INDUSTRY = re.compile(r"[A-T]?(\d{4})")


def check_industry(code: str) -> str:
    """A GB/T 4754 four-digit class code (``3110``; ``C3110`` is read as ``3110``), "" for none;
    InputError naming the field otherwise."""
    text = code.strip().upper()
    if not text:
        return ""
    found = _INDUSTRY.fullmatch(text)
    if found is None:
        raise InputError(
            f"industry_code 行业代码 {code!r} 不是 GB/T 4754 四位小类代码 / industry_code "
            f"{code!r} is not a GB/T 4754 four-digit class (e.g. 3110 炼铁)"
        )
    return found.group(1)


def check_district(code: str) -> str:
    """The 区县 code as written ("" for none) when the regions table knows it (current or
    former GB/T 2260 code; a name gives its code); InputError naming the field otherwise."""
    text = code.strip()
    if not text:
        return ""
    region = find_region(text)
    if region is None or region.level in ("country", "province"):
        raise InputError(
            f"district 区县 {code!r} 未知 / unknown district {code!r}: expected the GB/T 2260 "
            "code of a county or city (520201 钟山区)"
        )
    return text if text.isdigit() else region.code


def check_uscc(code: str) -> str:
    """The normalised 统一社会信用代码, or InputError naming why it is invalid."""
    norm = normalize_uscc(code)
    why = uscc_problem(norm)
    if why:
        raise InputError(f"统一社会信用代码 {code!r} 无效 / invalid credit code {code!r}: {why}")
    return norm


@dataclass(frozen=True, slots=True)
class Enterprise:
    """重点用能单位 a monitored enterprise."""

    code: str
    name: str
    industry_code: str = ""  # 国民经济行业分类 GB/T 4754 code, e.g. 3110 炼铁
    district: str = ""  # administrative code of the 区县, e.g. 520201
    capacity: str = ""  # 产能, as written (e.g. "400万吨/年 粗钢")
    key_unit: bool = True  # 重点用能单位 flag
    illustrative: bool = False  # invented demo enterprise

    def __post_init__(self) -> None:
        object.__setattr__(self, "code", check_uscc(self.code))
        if not self.name.strip():
            raise InputError("企业名称为空 / enterprise name is empty")


def registered(enterprise: Enterprise) -> Enterprise:
    """The enterprise as the registry accepts it from outside (the .xlsx import, the API, the
    CLI): its GB/T 4754 industry class and its district checked and normalised (InputError
    naming the field). Rows already stored are read as they are."""
    return replace(
        enterprise,
        industry_code=check_industry(enterprise.industry_code),
        district=check_district(enterprise.district),
    )


@lru_cache(maxsize=1024)
def _check_unit(unit: str) -> None:
    """Raise InputError for a unit the registry does not know (a unit is parsed once: a
    registry has a handful, and parsing one with pint costs far more than the rest of a
    point's checks). Errors are not remembered."""
    quantity(1.0, unit)


@dataclass(frozen=True, slots=True)
class Point:
    """计量点 one metering point of an enterprise.

    ``energy`` is a fuel id of the shared fuel list (``raw_coal``, ``electricity``,
    ``blast_furnace_gas`` ...; Chinese names are accepted and normalised), empty for an output
    point, whose ``product`` names what is counted (烧结矿 sinter). ``rollover`` is the modulus
    of a counter that wraps (an n-digit register: 10**n), in raw register units; None if unknown.
    ``interval_minutes`` is the expected reporting period (15 min by default, per the
    real-time indicator rule of the provincial platforms). ``commissioned`` is the 投运日期
    (commissioning date): a reading stamped before its local midnight is refused.
    """

    code: str
    enterprise_code: str
    energy: str
    purpose: Purpose
    unit: str
    multiplier: float = 1.0
    kind: Kind = Kind.INTERVAL
    product: str = ""
    rollover: float | None = None
    interval_minutes: int = 15
    name: str = ""
    commissioned: date | None = None

    def __post_init__(self) -> None:
        where = f"计量点 point {self.code}"
        if not self.code.strip():
            raise InputError("计量点编码为空 / point code is empty")
        if self.purpose == Purpose.OUTPUT:
            if not self.product.strip():
                raise InputError(f"{where}: 产量计量点须写明产品 / an output point needs a product")
            if self.energy:
                raise InputError(f"{where}: 产量计量点不写能源品种 / an output point has no energy")
        else:
            fuel = find_fuel(self.energy) if self.energy else None
            if fuel is None:
                raise InputError(
                    f"{where}: 未知能源品种 {self.energy!r} / unknown energy type {self.energy!r}"
                )
            object.__setattr__(self, "energy", fuel.id)
        _check_unit(self.unit)  # raises InputError for an unknown unit
        if not self.multiplier > 0:
            raise InputError(f"{where}: 倍率须为正 / multiplier must be positive")
        if self.rollover is not None and not self.rollover > 0:
            raise InputError(f"{where}: 翻转值须为正 / rollover must be positive")
        if self.interval_minutes <= 0:
            raise InputError(f"{where}: 采集周期须为正 / interval must be positive")
        if self.commissioned is not None and self.commissioned.year < EARLIEST_COMMISSIONING:
            raise InputError(
                f"{where}: 投运日期 {self.commissioned} 不合理 / commissioning date "
                f"{self.commissioned} is implausible (before {EARLIEST_COMMISSIONING})"
            )

    @property
    def in_service_from(self) -> datetime | None:
        """The first accepted instant (local midnight of the commissioning day), or None."""
        if self.commissioned is None:
            return None
        return datetime.combine(self.commissioned, time(), CST)


@dataclass(frozen=True, slots=True)
class Process:
    """工序 a process whose unit consumption = energy of ``energy_points`` / ``output_point``.

    ``benchmark`` is the process name as the plan writes it (烧结工序, 已建焦化工序, 电解铝,
    水泥熟料 ...), used to find its limits.
    """

    code: str
    enterprise_code: str
    name: str
    energy_points: tuple[str, ...]
    output_point: str
    benchmark: str = ""

    def __post_init__(self) -> None:
        if not self.energy_points:
            raise InputError(f"工序 process {self.code}: 无能源计量点 / no energy points")
        if not self.output_point:
            raise InputError(f"工序 process {self.code}: 无产量计量点 / no output point")


@dataclass(frozen=True, slots=True)
class Reading:
    """One validated reading: ``value`` in the raw register units of ``point`` at ``ts``."""

    point: str
    ts: datetime
    value: float


@dataclass(frozen=True, slots=True)
class Registry:
    """The registry as the pure modules see it."""

    enterprises: dict[str, Enterprise] = field(default_factory=dict)
    points: dict[str, Point] = field(default_factory=dict)
    processes: dict[str, Process] = field(default_factory=dict)


def parse_day(text: str) -> datetime:
    """A date ``YYYY-MM-DD`` as local midnight (CST), as the CLI's date options take it."""
    try:
        return datetime.combine(date.fromisoformat(text), time(), CST)
    except ValueError:
        raise InputError(
            f"日期格式应为 YYYY-MM-DD / date must be YYYY-MM-DD, got {text!r}"
        ) from None


def parse_when(text: str, name: str) -> datetime:
    """A date (local midnight, CST) or an ISO 8601 instant with offset, as the HTTP API's
    ``start``/``end`` parameters take it."""
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time(), CST)
        when = datetime.fromisoformat(text)
    except ValueError:
        raise InputError(f"{name} {text!r} 不是日期 / {name} {text!r} is not a date") from None
    if when.tzinfo is None:
        raise InputError(f"{name} {text!r} 缺少时区 / {name} {text!r} needs a UTC offset")
    return when


def scope(principal: Principal, code: str | None = None) -> str | None:
    """The enterprise an enterprise user is limited to (checked against ``code``); None for
    other roles, who may see every enterprise."""
    if principal.role != Role.ENTERPRISE:
        return None
    own = principal.enterprise_code
    if code is not None and code.strip().upper() != own:
        raise PermissionDenied(
            f"只能查看本企业 {own} 的数据 / an enterprise user may only see enterprise {own}"
        )
    return own


# The rows of a checked batch, shared by the checks (readings/validate.py), the write path
# (store/) and the quarantine (rejected/).


class Row(NamedTuple):
    """A valid row: its index in the batch, the reading's point, ts (UTC) and value, and a
    correction reason if any. (A named tuple: batches hold many thousands of rows.)"""

    index: int  # type: ignore[assignment]  # the row's place in the batch, not tuple.index
    point: str
    ts: datetime
    value: float
    correction: str | None = None

    @property
    def reading(self) -> Reading:
        return Reading(self.point, self.ts, self.value)


#: :attr:`Rejection.kind` of a row refused for its value (negative, not finite, not a number).
VALUE = "value"


@dataclass(frozen=True, slots=True)
class Rejection:
    """A refused row: its index in the batch and the reason (the reply's ``{index, error}``).

    When the row names a known point (of the batch's enterprise, if any) and its value is
    impossible, ``kind`` is :data:`VALUE` and the rest tell what was sent, so the service can
    quarantine it (:mod:`carbonpeak.monitoring.rejected`): the meter's fault, not the caller's.
    ``ts`` is None when the time label is unreadable (``ts_text`` then keeps it as sent, None
    if missing)."""

    index: int
    error: str
    point: str | None = None
    ts: datetime | None = None
    ts_text: str | None = None
    value: Any = None
    kind: str = ""


#: A row's point code
_POINT_OF = attrgetter("point")
#: A :class:`Row` made without its generated ``__new__`` (a bulk batch makes thousands)
_new_row = tuple.__new__


class Readings(Sequence[Row]):
    """The rows of a large batch that passed the whole-batch check, held by column: by point
    (what the store writes) and in their order, made into :class:`Row` only when asked for
    (a bulk batch's 20,000 rows are mostly written without ever being made). Equal to the
    tuple of its rows."""

    __slots__ = ("_by_point", "_columns", "_rows", "first", "stamps")

    def __init__(
        self,
        by_point: dict[str, dict[datetime, float]],
        columns: tuple[Sequence[str], Sequence[datetime], Sequence[float]],
        stamps: Sequence[datetime],
    ) -> None:
        #: point code -> ts -> value: codes in the order of their first row, times in row order
        self._by_point = by_point
        #: each row's point code, ts and value
        self._columns = columns
        self._rows: tuple[Row, ...] | None = None
        #: the distinct time labels, and the earliest
        self.stamps = stamps
        self.first = min(stamps)

    def by_point(self) -> dict[str, dict[datetime, float]]:
        """Point code -> ts -> value, fresh dicts (the caller may change them)."""
        return {code: dict(values) for code, values in self._by_point.items()}

    def points(self) -> Iterable[str]:
        return self._by_point.keys()

    @property
    def rows(self) -> tuple[Row, ...]:
        if self._rows is None:
            codes, stamps, values = self._columns
            self._rows = tuple(
                map(
                    _new_row,
                    repeat(Row),
                    zip(range(len(values)), codes, stamps, values, repeat(None), strict=False),
                )
            )
        return self._rows

    def __len__(self) -> int:
        return len(self._columns[2])

    @overload
    def __getitem__(self, index: int) -> Row: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Row, ...]: ...
    def __getitem__(self, index: int | slice) -> Row | tuple[Row, ...]:
        return self.rows[index]

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Readings):
            return self.rows == other.rows
        if isinstance(other, tuple):
            return self.rows == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.rows)

    def __repr__(self) -> str:
        return f"Readings({self.rows!r})"


def by_point(rows: Sequence[Row]) -> dict[str, dict[datetime, float]]:
    """Point code -> ts -> value of checked rows (codes in the order of their first row),
    fresh dicts; a batch's rows name each (point, ts) once."""
    if type(rows) is Readings:
        return rows.by_point()
    out: dict[str, dict[datetime, float]] = {}
    for _, code, ts, value, _ in rows:
        values = out.get(code)
        if values is None:
            values = out[code] = {}
        values[ts] = value
    return out


def points_of(rows: Sequence[Row]) -> Iterable[str]:
    """The distinct point codes of checked rows."""
    return rows.points() if type(rows) is Readings else set(map(_POINT_OF, rows))


def stamps_of(rows: Sequence[Row]) -> Iterable[datetime]:
    """The time labels of checked rows (each at least once)."""
    return rows.stamps if type(rows) is Readings else (r.ts for r in rows)


def first_stamp(rows: Sequence[Row]) -> datetime:
    """The earliest time label of checked rows (not empty)."""
    return rows.first if type(rows) is Readings else min(r.ts for r in rows)


@dataclass(frozen=True, slots=True)
class Batch:
    """A checked batch: rows to store, duplicates within the batch, rejected rows, and points
    of another enterprise (the caller answers those with 403). ``rows`` is a tuple, or a
    :class:`Readings` for a large batch checked whole."""

    enterprise: str | None
    rows: Sequence[Row]
    duplicates: int
    rejected: tuple[Rejection, ...]
    foreign_points: tuple[str, ...] = ()


def conflict_message(point: str, ts: datetime, stored: float, sent: float) -> str:
    return (
        f"{point} {ts.isoformat()} 已有不同取值 {stored:g}（本次 {sent:g}）；如需更正请标记 "
        f"correction 并说明理由 / conflict: {point} at {ts.isoformat()} is stored as {stored:g}, "
        f"sent {sent:g}; send it as a correction with a reason"
    )
