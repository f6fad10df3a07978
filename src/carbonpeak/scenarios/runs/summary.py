"""What a run means, in one plain sentence (说人话): the probability of peaking by 2030 for both
totals (辖区排放 territorial, 能源活动排放 regional energy CO2), the targets projected to be
missed, and the main uncertainty drivers (Sobol), in Chinese or English. Pure: the scenario
page and the cockpit call :func:`plain_summary` on a :class:`~.report.ScenarioRun`.
"""

from __future__ import annotations

from carbonpeak.scenarios.analysis.targets import Check
from carbonpeak.scenarios.runs.report import ScenarioRun

#: What the two totals are called in the sentence.
TOTAL_WORDS = {
    "territorial": ("辖区排放", "territorial"),
    "regional_energy_co2": ("能源活动排放", "energy-activity CO2"),
}
#: Short names of the built-in checks (by the start of their bilingual name).
CHECK_WORDS = {
    "非化石能源消费比重": ("非化石能源比重", "the non-fossil share"),
    "单位GDP二氧化碳排放": ("单位GDP二氧化碳排放变化", "the change of CO2 per unit of GDP"),
    "单位GDP能耗": ("单位GDP能耗变化", "the change of energy per unit of GDP"),
}


def _words(check: Check) -> tuple[str, str]:
    for start, words in CHECK_WORDS.items():
        if check.name.startswith(start):
            return words
    zh, _, en = check.name.partition(" ")
    return zh, en or zh


def _title(run: ScenarioRun, zh: bool) -> str:
    """The Chinese or the English half of a bilingual title ("规划情景 Plan (…)")."""
    first, _, rest = run.title.partition(" ")
    return first if zh or not rest else rest


def _pct(p: float) -> str:
    return f"{p * 100:.0f}%"


def missed_targets(run: ScenarioRun) -> list[Check]:
    """The plan's targets the central path misses (capacity targets left to the table)."""
    return [t for t in run.targets if t.met is False and t.projected is not None and t.unit == "%"]


def plain_summary(run: ScenarioRun, lang: str = "zh") -> str:
    """ "按现有措施，2030年前达峰概率 xx%（辖区排放）/ yy%（能源活动排放）；2025年非化石能源
    比重预计 18.3%，低于目标 20%；主要不确定因素：…" (or its English)."""
    zh = lang.startswith("zh")
    mc = run.montecarlo
    parts: list[str] = []
    if mc is not None and mc.p_peak_by:
        probs = [
            (mc.p_peak_by[t].get("2030"), TOTAL_WORDS[t]) for t in TOTAL_WORDS if t in mc.p_peak_by
        ]
        if zh:
            shown = " / ".join(f"{_pct(p)}（{w[0]}）" for p, w in probs if p is not None)
            parts.append(f"按{_title(run, zh)}，2030年前达峰概率 {shown}")
        else:
            shown = " / ".join(f"{_pct(p)} ({w[1]})" for p, w in probs if p is not None)
            parts.append(f"Under {_title(run, zh)}, the probability of peaking by 2030 is {shown}")
    else:
        p = run.peak
        if zh:
            when = f"{p.year}年达峰" if p.peaked else f"到{run.years[-1]}年仍未达峰"
            parts.append(f"按{_title(run, zh)}，{when}")
        else:
            when = f"peaks in {p.year}" if p.peaked else f"has not peaked by {run.years[-1]}"
            parts.append(f"Under {_title(run, zh)}, {run.metric} {when}")
    for t in missed_targets(run):
        assert t.projected is not None
        w = _words(t)
        low = t.comparator != "<="
        if zh:
            side = "低于" if low else "高于"
            parts.append(f"{t.year}年{w[0]}预计 {t.projected:.1f}%，{side}目标 {t.required:g}%")
        else:
            side = "below" if low else "above"
            parts.append(
                f"{w[1]} in {t.year} is projected at {t.projected:.1f} %, {side} the "
                f"{t.required:g} % target"
            )
    if run.sensitivity is not None:
        names = [row["parameter"] for row in run.sensitivity["top"][:3]]
        parts.append(
            ("主要不确定因素：" if zh else "main uncertainty drivers: ") + ", ".join(names)
        )
    return ("；" if zh else "; ").join(parts) + ("。" if zh else ".")
