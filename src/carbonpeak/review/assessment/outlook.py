"""The city baseline for the impact on targets, from the platform's own figures: the plan
scenario's projection (:class:`carbonpeak.scenarios.ScenarioRun`, run through the scenarios
domain's public API, never re-implemented) and tracking's latest values and targets of the
intensity indicators. The shipped ``data/city_outlook.csv`` (示意数据) is only the labelled
fallback when neither is available (:func:`fallback_baseline`).

Per target year y (2025, 2030 and every year of an intensity target):

- GDP (万元) = the scenario's regional energy CO2 ÷ its CO2 intensity (the scenario's own GDP);
- energy (tce) = the scenario's coal-equivalent total (发电煤耗法, the 等价值 basis the project's
  dual-control figure uses); CO2 (t) = the scenario's regional energy CO2;
- the target intensities: tracking's target of the year where tracking holds one (its base
  value × (1 − the required decrease), or the absolute value); else the scenario's target check
  of the year: an energy-intensity change "y vs b" with b inside the run is applied to the
  coal-equivalent intensity of b; otherwise target = intensity(y) × (1 + required) ÷
  (1 + projected), the scenario's own ratio; else None (no target that year: no room, no share).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from carbonpeak.review.assessment.impact import Baseline, TrackedHeadroom
from carbonpeak.review.assessment.reference import outlook
from carbonpeak.scenarios import ScenarioRun

#: the years the review always shows (the plan's milestones)
TARGET_YEARS = (2025, 2030)
ENERGY = "energy_intensity"
CO2 = "co2_intensity"
ENERGY_CHECK = "单位GDP能耗"
CO2_CHECK = "单位GDP二氧化碳排放"


@dataclass(frozen=True)
class TrackedIntensity:
    """Tracking's view of one intensity target: its latest value and the target of its year as
    an absolute intensity (tce/万元 or t/万元)."""

    kind: str  # energy_intensity | co2_intensity
    indicator: str
    latest_year: int
    latest: float
    target_year: int
    target: float
    unit: str
    source: str

    def headroom(self) -> TrackedHeadroom:
        return TrackedHeadroom(
            self.kind,
            self.indicator,
            self.latest_year,
            self.latest,
            self.target_year,
            self.target,
            self.unit,
            self.source,
        )


def fallback_baseline(reason: str = "") -> tuple[Baseline, ...]:
    """The shipped illustrative outlook (示意数据), labelled as the fallback and why."""
    why = f" — {reason}" if reason else ""
    return tuple(
        Baseline(
            o.year,
            o.gdp_10k_yuan,
            o.energy_tce,
            o.co2_t,
            o.energy_intensity_target,
            o.co2_intensity_target,
            f"备用 fallback: {o.source}{why}",
        )
        for o in outlook()
    )


def _scenario_target(
    run: ScenarioRun, name: str, year: int, intensity: Sequence[float], idx: dict[int, int]
) -> tuple[float, str] | None:
    """The target intensity of ``year`` from the scenario's check named ``name`` (on the basis
    of ``intensity``)."""
    for c in run.targets:
        if name not in c.name or c.year != year or c.unit != "%" or c.comparator == "~":
            continue
        base = re.search(r"vs (\d{4})", c.name)
        if base and int(base.group(1)) in idx:
            b = int(base.group(1))
            value = intensity[idx[b]] * (1 + c.required / 100)
            how = f"{b} 强度 × (1 {c.required:+g}%)"
        elif c.projected is not None and c.projected > -100:
            value = intensity[idx[year]] * (1 + c.required / 100) / (1 + c.projected / 100)
            how = f"{year} 强度 × (1 {c.required:+g}%) ÷ (1 {c.projected:+.2f}%)"
        else:
            continue
        return value, f"情景目标 scenario target check: {c.name} {c.year}, {how}; {c.source}"
    return None


def _halves(text: str) -> tuple[str, str]:
    """The Chinese and English halves of a ``中文 / English`` note (the note twice otherwise).

    >>> _halves("示意数据 / illustrative")
    ('示意数据', 'illustrative')
    >>> _halves("city v1")
    ('city v1', 'city v1')
    """
    head, sep, tail = text.partition(" / ")
    if sep and re.search(r"[\u3400-\u9fff]", head):
        return head, tail
    return text, text


def scenario_baseline(
    run: ScenarioRun,
    tracked: Sequence[TrackedIntensity] = (),
    years: Sequence[int] = TARGET_YEARS,
) -> tuple[Baseline, ...]:
    """The baseline rows of the target years from a scenario run and tracking's targets.

    Raises ValueError when the run has no GDP (no intensity series) or lacks a series."""
    if run.co2_intensity_t_per_wan_yuan is None:
        raise ValueError(f"情景 {run.scenario} 无 GDP / the scenario run has no GDP")
    try:
        energy = run.energy_tce["coal_equivalent"]
        co2 = run.totals_t["regional_energy_co2"]
    except KeyError as exc:
        raise ValueError(f"情景 {run.scenario} 缺少序列 / the run lacks {exc}") from None
    idx = {y: i for i, y in enumerate(run.years)}
    gdp = [c / i if i else 0.0 for c, i in zip(co2, run.co2_intensity_t_per_wan_yuan, strict=True)]
    energy_i = [e / g if g else 0.0 for e, g in zip(energy, gdp, strict=True)]
    co2_i = list(run.co2_intensity_t_per_wan_yuan)
    wanted = set(years) | {t.target_year for t in tracked}
    wanted |= {c.year for c in run.targets if ENERGY_CHECK in c.name or CO2_CHECK in c.name}
    illustrative = run.base_year_illustrative
    base_zh, base_en = _halves(run.base_year_source)
    # one "中文 / English" note: the page shows the half in its language, the CLI and the
    # opinion both; the base year's source in full (a cut one ended mid-phrase)
    source = (
        f"情景「{run.scenario}」预测的 GDP、能源消费（等价值/发电煤耗法）和区域能源 CO2；"
        f"{'示意数据基年' if illustrative else '基年'}：{base_zh}"
        f" / plan scenario run {run.scenario!r} ({run.title}): GDP, coal-equivalent energy and "
        f"regional energy CO2 of the projection; "
        f"{'illustrative base year' if illustrative else 'base year'}: {base_en}"
    )
    if run.illustrative and not run.base_year_illustrative:
        source += f"; {run.illustrative}"
    rows = []
    for y in sorted(w for w in wanted if w in idx):
        i = idx[y]
        if not gdp[i]:
            continue
        targets: dict[str, tuple[float, str] | None] = {}
        for kind, name, series in ((ENERGY, ENERGY_CHECK, energy_i), (CO2, CO2_CHECK, co2_i)):
            mine = [t for t in tracked if t.kind == kind and t.target_year == y]
            if mine:
                t = mine[0]
                how = f"跟踪目标 tracking target: {t.indicator} {y}; {t.source}"
                targets[kind] = (t.target, how)
            else:
                targets[kind] = _scenario_target(run, name, y, series, idx)
        none = f"{y} 年无该强度目标 / no target for {y} (plan scenario or tracking)"
        e_t, c_t = targets[ENERGY], targets[CO2]
        rows.append(
            Baseline(
                year=y,
                gdp_10k_yuan=gdp[i],
                energy_tce=energy[i],
                co2_t=co2[i],
                energy_intensity_target=e_t[0] if e_t else None,
                co2_intensity_target=c_t[0] if c_t else None,
                source=source,
                current_energy_intensity=_latest(tracked, ENERGY),
                current_co2_intensity=_latest(tracked, CO2),
                energy_target_source=e_t[1] if e_t else none,
                co2_target_source=c_t[1] if c_t else none,
                tracking=tuple(t.headroom() for t in tracked if t.target_year == y),
            )
        )
    return tuple(rows)


def _latest(tracked: Sequence[TrackedIntensity], kind: str) -> float | None:
    mine = sorted((t for t in tracked if t.kind == kind), key=lambda t: t.latest_year)
    return mine[-1].latest if mine else None
