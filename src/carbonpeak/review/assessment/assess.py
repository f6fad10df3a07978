"""The whole 综合评价 of one project: energy (当量值/等价值, with feedstock and new renewables
shown and excluded from the dual-control count), CO2, 两高, authority, benchmarks, impact on
the targets, and the sources used."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from carbonpeak.core.illustrative import marks_illustrative
from carbonpeak.review.assessment.classify import (
    Authority,
    BenchmarkCheck,
    PlanLimit,
    TwoHigh,
    authority,
    check_product,
    two_high,
)
from carbonpeak.review.assessment.energy import EnergyResult, project_energy
from carbonpeak.review.assessment.impact import Baseline, YearImpact, impact
from carbonpeak.review.assessment.outlook import fallback_baseline
from carbonpeak.review.assessment.reference import coal_rate, exclusions, industry_row
from carbonpeak.review.model import Project


@dataclass(frozen=True)
class Assessment:
    project: Project
    energy: EnergyResult
    two_high: TwoHigh
    authority: Authority
    benchmarks: tuple[BenchmarkCheck, ...]
    impact: tuple[YearImpact, ...]

    @property
    def illustrative(self) -> bool:
        return any(marks_illustrative(y.source) for y in self.impact)

    def sources(self) -> list[str]:
        out = [
            "能源折标准煤系数 GB/T 2589-2020 (factor library gbt2589_2020); CO2 and grid factors: "
            + ", ".join(sorted({f.record.id for f in self.energy.traces["co2"].all_factors()})),
            self._coal_rate_text(),
            self.two_high.source,
            self.authority.source,
        ]
        out += [b.source for b in self.benchmarks if b.source]
        ex = exclusions()
        if self.energy.feedstock["equivalent"]:
            out.append(
                f"{ex['feedstock'].document} {ex['feedstock'].number} ({ex['feedstock'].date})"
            )
        if self.energy.renewable["equivalent"]:
            out.append(
                f"{ex['renewable'].document} {ex['renewable'].number} ({ex['renewable'].date})"
            )
        out += sorted({y.source for y in self.impact})
        out += sorted(
            {
                s
                for y in self.impact
                for s in (y.energy_target_source, y.co2_target_source)
                if s and "no target for" not in s
            }
        )
        return list(dict.fromkeys(out))

    def _coal_rate_text(self) -> str:
        """The 供电标准煤耗 used for 等价值: value, year, source and status, and the year
        standing in where the start year has none."""
        rate, note = coal_rate(self.project.start_year)
        text = (
            f"供电标准煤耗 power-supply coal rate: data/power_supply_coal.csv/{rate.year} = "
            f"{rate.gce_per_kwh} gce/kWh ({rate.source}, {rate.status})"
        )
        return f"{text}; {note}" if note else text

    def trace(self) -> dict[str, Any]:
        """The engine's formula, steps and factors behind each number; the 等价值's electricity
        part names the 供电标准煤耗 used (the engine reads it as an activity record)."""
        out: dict[str, Any] = {}
        _, coal_note = coal_rate(self.project.start_year)
        for key, t in self.energy.traces.items():
            equal_value = key.endswith(".equal_value")
            out[key] = {
                "value": round(t.value, 3),
                "unit": t.unit,
                "formula": t.formula,
                "parts": [
                    {
                        "formula": p.formula,
                        "value": round(p.value, 3),
                        "unit": p.unit,
                        "activity": list(p.activity_ids),
                        "factors": [
                            f"{f.role}: {f.record.id} = {f.record.value} {f.record.unit}"
                            for f in p.all_factors()
                        ]
                        + (
                            [self._coal_rate_text()]
                            if equal_value and any("power_coal_rate" in a for a in p.activity_ids)
                            else []
                        ),
                    }
                    for p in (t.parts or (t,))
                ],
                "notes": list(t.all_notes())
                + ([f"供电标准煤耗: {coal_note}"] if equal_value and coal_note else []),
            }
        return out

    def as_json(self, *, with_trace: bool = False) -> dict[str, Any]:
        row, note = industry_row(self.project.industry) or (None, "")
        data: dict[str, Any] = {
            "project": self.project.name,
            "industry": {
                "code": self.project.industry,
                "name": row.name_zh if row else "",
                # a code classified by its parent's row (3130 by 31) says so
                "classified_by": row.code if row else None,
                "note": note,
            },
            "district": self.project.district,
            "start_year": self.project.start_year,
            "energy_tce": self.energy.as_json(),
            "co2_t": round(self.energy.co2_t, 3),
            "value_added_10k_yuan": self.project.value_added_10k_yuan,
            "two_high": self.two_high.as_json(),
            "authority": self.authority.as_json(),
            "benchmarks": [b.as_json() for b in self.benchmarks],
            "impact": [y.as_json() for y in self.impact],
            "sources": self.sources(),
            "illustrative": self.illustrative,
        }
        if with_trace:
            data["trace"] = self.trace()
            if note:
                data["trace"]["industry"] = note
        return data


def assess(
    project: Project,
    baseline: Sequence[Baseline] | None = None,
    plan_limits: dict[str, PlanLimit] | None = None,
) -> Assessment:
    """Assess ``project`` against ``baseline`` (default: the shipped illustrative outlook, the
    fallback; the database's baseline is :func:`.service.city_baseline`) and the
    plan's process limits by process name (from the plan registry, where given)."""
    energy = project_energy(project)
    eq = energy.total["equivalent"]
    # the 办法 counts the total after commissioning (当量值); a reconstruction its increase,
    # which is what its project file declares.
    auth = authority(eq, energy.electricity_kwh)
    single = len(project.products) == 1
    checks = tuple(
        check_product(
            p,
            equivalent_tce=eq,
            electricity_kwh=energy.electricity_kwh,
            single=single,
            plan_limits=plan_limits,
        )
        for p in project.products
    )
    rows = tuple(baseline) if baseline is not None else fallback_baseline()
    # 单位GDP能耗: feedstock is excluded (发改环资〔2022〕803号), new renewables are not: the
    # 2022 notice (发改运行〔2022〕1258号) deducts them from the total only, they still count
    # in the intensity (SECONDARY reading, data/exclusions.csv)
    intensity_energy = energy.dual_control["equal_value"] + energy.renewable["equal_value"]
    years = tuple(
        impact(
            b,
            project.start_year,
            intensity_energy,
            energy.co2_t,
            project.value_added_10k_yuan,
        )
        for b in sorted(rows, key=lambda b: b.year)
    )
    products = tuple(p.product for p in project.products)
    return Assessment(project, energy, two_high(project.industry, products), auth, checks, years)
