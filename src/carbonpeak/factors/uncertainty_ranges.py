"""Sourced uncertainty ranges of factors (因子不确定性范围), and why a range is not available.

Pure. ``data/ipcc2006_uncertainty.csv`` holds the 95 % confidence bounds of the 2006 IPCC
Guidelines, Vol. 2 ch. 1: Table 1.2 (net calorific values) and Table 1.4 (CO2 emission factors,
oxidation 1) for the fuels the sources seen give them. Each row says whether its bounds are
``CONFIRMED`` (two independent transcriptions agree) or ``SINGLE-SOURCE`` (column ``bounds``,
with the second source or what was checked in ``second_source``); every default is also checked
against the IPCC EFDB export (``data/ipcc2006_efdb.csv``). ``data/uncertainty_not_available.csv``
says, per fuel and parameter, why there is none (``*`` = any).

The relative uncertainty of a range (IPCC 2006 Vol. 1 ch. 3, approach 1): half the 95 %
interval over the mean; where the interval is asymmetric, the larger of the two differences
between the mean and a bound is used (conservative), in % of the default.

Which parameter a range covers:
- ``ncv``: Table 1.2;
- ``co2_factor``: Table 1.4;
- ``carbon_content``: the relative range of Table 1.4, because Table 1.4 is Table 1.3's carbon
  content × 44/12 with oxidation 1 (so the relative bounds are the same). Table 1.3's defaults
  were seen in the IPCC EFDB export and reproduce the Table 1.4 defaults to 3 significant digits
  (tested); Table 1.3's own bounds were not seen, so the transfer stays ASSUMED and is stated
  with every use.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from carbonpeak.core.bundled import csv_rows

_DOCUMENT = "2006 IPCC Guidelines for National Greenhouse Gas Inventories"


@dataclass(frozen=True, slots=True)
class FactorRange:
    """A sourced 95 % range of one fuel's parameter."""

    fuel: str
    ipcc_fuel: str
    parameter: str
    default: float
    lower: float
    upper: float
    unit: str
    status: str
    table: str
    page: str
    source: str
    #: ``CONFIRMED`` (two independent transcriptions of the bounds agree) or ``SINGLE-SOURCE``.
    bounds: str = "SINGLE-SOURCE"
    #: The second transcription, or what was checked and not found.
    second_source: str = ""
    #: How the range is applied to ``parameter`` when it was published for another one.
    derived: str = ""

    @property
    def relative_pct(self) -> float:
        """max(upper − default, default − lower) / default × 100."""
        return max(self.upper - self.default, self.default - self.lower) / self.default * 100

    @property
    def citation(self) -> str:
        """'2006 IPCC Guidelines …, Vol. 2 ch. 1 Table 1.2, Gas/Diesel Oil 43 (41.4–43.3) TJ/Gg'."""
        text = (
            f"{_DOCUMENT}, Vol. 2 ch. 1 {self.table} (page {self.page}), {self.ipcc_fuel} "
            f"{self.default:g} ({self.lower:g}–{self.upper:g}) {self.unit}, 95 % interval "
            f"[{self.status}; bounds {self.bounds}]"
        )
        return f"{text}; {self.derived}" if self.derived else text

    def as_json(self) -> dict[str, object]:
        return {
            "fuel": self.fuel,
            "ipcc_fuel": self.ipcc_fuel,
            "parameter": self.parameter,
            "default": self.default,
            "lower": self.lower,
            "upper": self.upper,
            "unit": self.unit,
            "relative_pct": round(self.relative_pct, 4),
            "status": self.status,
            "document": _DOCUMENT,
            "volume": 2,
            "chapter": 1,
            "table": self.table,
            "page": self.page,
            "source": self.source,
            "bounds": self.bounds,
            "second_source": self.second_source,
            "derived": self.derived,
        }


@lru_cache(maxsize=1)
def ranges() -> dict[tuple[str, str], FactorRange]:
    """(fuel, parameter) -> the sourced range (``carbon_content`` derived from Table 1.4)."""
    found: dict[tuple[str, str], FactorRange] = {}
    for r in csv_rows("carbonpeak.factors", "data", "ipcc2006_uncertainty.csv"):
        rng = FactorRange(
            fuel=r["fuel"],
            ipcc_fuel=r["ipcc_fuel"],
            parameter=r["parameter"],
            default=float(r["default"]),
            lower=float(r["lower"]),
            upper=float(r["upper"]),
            unit=r["unit"],
            status=r["status"],
            table=r["table"],
            page=r["page"],
            source=r["source"],
            bounds=r["bounds"],
            second_source=r["second_source"],
        )
        found[(rng.fuel, rng.parameter)] = rng
        if rng.parameter == "co2_factor":
            found[(rng.fuel, "carbon_content")] = replace(
                rng,
                parameter="carbon_content",
                derived=(
                    "applied to the carbon content as the same relative range (Table 1.4 = "
                    "Table 1.3 carbon content × 44/12, oxidation 1; Table 1.3 defaults seen in "
                    "the IPCC EFDB, its bounds not seen: ASSUMED)"
                ),
            )
    return found


@lru_cache(maxsize=1)
def _not_available() -> dict[tuple[str, str], str]:
    return {
        (r["fuel"], r["parameter"]): r["reason"]
        for r in csv_rows("carbonpeak.factors", "data", "uncertainty_not_available.csv")
    }


def factor_range(fuel: str, parameter: str) -> FactorRange | None:
    """The sourced range of ``fuel``'s ``parameter``, or None (see :func:`why_not_available`)."""
    return ranges().get((fuel, parameter))


def why_not_available(fuel: str, parameter: str) -> str:
    """Why no sourced range applies to ``fuel``'s ``parameter`` (most specific reason)."""
    table = _not_available()
    for key in ((fuel, parameter), (fuel, "*"), ("*", parameter), ("*", "*")):
        if key in table:
            return table[key]
    return "no sourced range"


def not_available_table() -> list[dict[str, str]]:
    """The rows of ``uncertainty_not_available.csv`` (fuel, parameter, reason; ``*`` = any)."""
    return [{"fuel": f, "parameter": p, "reason": r} for (f, p), r in _not_available().items()]


def factor_ranges() -> list[FactorRange]:
    """Every sourced range, by fuel and parameter."""
    return sorted(ranges().values(), key=lambda r: (r.fuel, r.parameter))
