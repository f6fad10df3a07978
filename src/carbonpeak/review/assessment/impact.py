"""The project's impact on the city's targets (对能耗双控和碳排放目标的影响): in each target
year, the change in 单位GDP能耗 and 单位GDP二氧化碳排放 when the project's energy (等价值,
feedstock excluded; new renewables included, as the intensity assessment counts them), CO2 and
value added are added to the city baseline, and the share of the remaining energy/carbon room
under the intensity targets it takes.

Remaining room in year y = target intensity × GDP − baseline total (the plan scenario). Where
tracking holds the year's target, its headroom × GDP (target − latest measured intensity) is the
second room: the share is taken of the smaller of the two. Where that room is not positive the
share is None, ``room_left`` is False and ``room_note`` says the target has no room left (both
rooms shown), not a small share of a room the scenario assumes but tracking says is gone; where no
target applies to the year (the plan sets none, tracking holds none) the room and share are None
and ``target_source`` says so.

>>> y = impact(Baseline(2030, 100.0, 120.0, 300.0, 1.3, 3.2, "t"), 2026, 10.0, 20.0, 5.0)
>>> round(y.energy_intensity_after, 4), round(y.energy_budget_share, 4)
(1.2381, 1.0)
>>> no_target = Baseline(2030, 100.0, 120.0, 300.0, None, 3.2, "t")
>>> impact(no_target, 2026, 10.0, 20.0, 5.0).energy_room_tce is None
True
>>> missed = TrackedHeadroom("co2_intensity", "CO2/GDP", 2024, 3.5, 2030, 3.2, "t/万元", "t")
>>> base = Baseline(2030, 100.0, 120.0, 300.0, 1.3, 3.2, "t", tracking=(missed,))
>>> y = impact(base, 2026, 10.0, 20.0, 5.0)
>>> round(y.co2_room_t, 6), round(y.co2_room_tracking_t, 6), y.co2_budget_share, y.co2_room_left
(20.0, -30.0, None, False)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Baseline:
    """The city in one target year without the project: GDP (万元), energy (tce, 等价值), CO2
    (t), the target intensities, and where these numbers come from."""

    year: int
    gdp_10k_yuan: float
    energy_tce: float
    co2_t: float
    energy_intensity_target: float | None
    co2_intensity_target: float | None
    source: str
    current_energy_intensity: float | None = None
    current_co2_intensity: float | None = None
    #: where each target intensity comes from ("" = the same as ``source``)
    energy_target_source: str = ""
    co2_target_source: str = ""
    #: tracking's latest value, its year and the headroom to the year's target (t/万元, tce/万元)
    tracking: tuple[TrackedHeadroom, ...] = ()


@dataclass(frozen=True)
class TrackedHeadroom:
    """Tracking's latest value of an intensity indicator against its target of the year: the
    headroom (target − latest) in the indicator's unit and, × the year's GDP, in tce or t."""

    kind: str
    indicator: str
    latest_year: int
    latest: float
    target_year: int
    target: float
    unit: str
    source: str

    @property
    def headroom(self) -> float:
        return self.target - self.latest

    def as_json(self, gdp_10k_yuan: float) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "indicator": self.indicator,
            "latest_year": self.latest_year,
            "latest": round(self.latest, 6),
            "target_year": self.target_year,
            "target": round(self.target, 6),
            "unit": self.unit,
            "headroom": round(self.headroom, 6),
            "headroom_total": round(self.headroom * gdp_10k_yuan, 3),
            "source": self.source,
        }


@dataclass(frozen=True)
class YearImpact:
    year: int
    in_operation: bool
    energy_intensity_before: float
    energy_intensity_after: float
    co2_intensity_before: float
    co2_intensity_after: float
    energy_room_tce: float | None
    co2_room_t: float | None
    energy_budget_share: float | None
    co2_budget_share: float | None
    source: str
    current_energy_intensity: float | None
    current_co2_intensity: float | None
    gdp_10k_yuan: float = 0.0
    energy_intensity_target: float | None = None
    co2_intensity_target: float | None = None
    energy_target_source: str = ""
    co2_target_source: str = ""
    tracking: tuple[TrackedHeadroom, ...] = ()
    #: tracking's headroom to the year's target × GDP (None: tracking holds no target that year)
    energy_room_tracking_tce: float | None = None
    co2_room_tracking_t: float | None = None

    @property
    def energy_room_left(self) -> bool | None:
        """False where the binding room is not positive; None where no target applies."""
        return _left(self.energy_room_tce, self.energy_room_tracking_tce)

    @property
    def co2_room_left(self) -> bool | None:
        return _left(self.co2_room_t, self.co2_room_tracking_t)

    @property
    def energy_intensity_change(self) -> float:
        return self.energy_intensity_after - self.energy_intensity_before

    @property
    def co2_intensity_change(self) -> float:
        return self.co2_intensity_after - self.co2_intensity_before

    def as_json(self) -> dict[str, Any]:
        def pct(x: float | None) -> float | None:
            return None if x is None else round(100 * x, 4)

        def r3(x: float | None) -> float | None:
            return None if x is None else round(x, 3)

        def r6(x: float | None) -> float | None:
            return None if x is None else round(x, 6)

        return {
            "year": self.year,
            "in_operation": self.in_operation,
            "energy_intensity": {
                "unit": "tce/万元",
                "before": round(self.energy_intensity_before, 6),
                "after": round(self.energy_intensity_after, 6),
                "change": round(self.energy_intensity_change, 6),
                "change_pct": pct(self.energy_intensity_change / self.energy_intensity_before),
                "tracking_current": self.current_energy_intensity,
                "target": r6(self.energy_intensity_target),
                "target_source": self.energy_target_source or self.source,
            },
            "co2_intensity": {
                "unit": "t/万元",
                "before": round(self.co2_intensity_before, 6),
                "after": round(self.co2_intensity_after, 6),
                "change": round(self.co2_intensity_change, 6),
                "change_pct": pct(self.co2_intensity_change / self.co2_intensity_before),
                "tracking_current": self.current_co2_intensity,
                "target": r6(self.co2_intensity_target),
                "target_source": self.co2_target_source or self.source,
            },
            "gdp_10k_yuan": round(self.gdp_10k_yuan, 3),
            "energy_room_tce": r3(self.energy_room_tce),
            "co2_room_t": r3(self.co2_room_t),
            "energy_room_tracking_tce": r3(self.energy_room_tracking_tce),
            "co2_room_tracking_t": r3(self.co2_room_tracking_t),
            "energy_room_left": self.energy_room_left,
            "co2_room_left": self.co2_room_left,
            "energy_room_note": _note(
                "能耗", "energy", "tce", self.energy_room_tce, self.energy_room_tracking_tce
            ),
            "co2_room_note": _note("碳排放", "CO2", "t", self.co2_room_t, self.co2_room_tracking_t),
            "tracking": [t.as_json(self.gdp_10k_yuan) for t in self.tracking],
            "energy_budget_share_pct": pct(self.energy_budget_share),
            "co2_budget_share_pct": pct(self.co2_budget_share),
            "source": self.source,
        }


def _share(added: float, room: float | None) -> float | None:
    return added / room if room is not None and room > 0 else None


def _binding(scenario: float | None, tracking: float | None) -> float | None:
    """The smaller of the two rooms (either may be missing)."""
    rooms = [r for r in (scenario, tracking) if r is not None]
    return min(rooms) if rooms else None


def _left(scenario: float | None, tracking: float | None) -> bool | None:
    room = _binding(scenario, tracking)
    return None if room is None else room > 0


def _note(zh: str, en: str, unit: str, scenario: float | None, tracking: float | None) -> str:
    """Why the share is not of the scenario's room: tracking leaves less, or nothing.

    >>> _note("碳排放", "CO2", "t", 20.0, -30.0)[:24]
    '目标已无剩余碳排放空间：跟踪余量 -30.0 t'
    >>> _note("碳排放", "CO2", "t", 20.0, 30.0)
    ''
    """
    room = _binding(scenario, tracking)
    if room is None or (room > 0 and room == scenario):
        return ""
    s = "-" if scenario is None else f"{scenario:.1f}"
    t = "-" if tracking is None else f"{tracking:.1f}"
    if room <= 0:
        return (
            f"目标已无剩余{zh}空间：跟踪余量 {t} {unit}，情景余量 {s} {unit}"
            f" / the target has no {en} room left: tracking headroom {t} {unit},"
            f" scenario room {s} {unit}"
        )
    return (
        f"占比按跟踪余量 {t} {unit} 计（小于情景余量 {s} {unit}）"
        f" / share of tracking's headroom {t} {unit} (smaller than the scenario's room {s} {unit})"
    )


def _room(target: float | None, gdp: float, total: float) -> float | None:
    return None if target is None else target * gdp - total


def impact(
    base: Baseline, start_year: int, energy_tce: float, co2_t: float, value_added_10k_yuan: float
) -> YearImpact:
    """The project's impact in ``base.year`` (none before its start year)."""
    running = start_year <= base.year
    de, dc, dv = (energy_tce, co2_t, value_added_10k_yuan) if running else (0.0, 0.0, 0.0)
    gdp = base.gdp_10k_yuan
    energy_room = _room(base.energy_intensity_target, gdp, base.energy_tce)
    co2_room = _room(base.co2_intensity_target, gdp, base.co2_t)
    energy_tracked = _tracked(base.tracking, "energy_intensity", gdp)
    co2_tracked = _tracked(base.tracking, "co2_intensity", gdp)
    return YearImpact(
        year=base.year,
        in_operation=running,
        energy_intensity_before=base.energy_tce / gdp,
        energy_intensity_after=(base.energy_tce + de) / (gdp + dv),
        co2_intensity_before=base.co2_t / gdp,
        co2_intensity_after=(base.co2_t + dc) / (gdp + dv),
        energy_room_tce=energy_room,
        co2_room_t=co2_room,
        energy_budget_share=_share(de, _binding(energy_room, energy_tracked)),
        co2_budget_share=_share(dc, _binding(co2_room, co2_tracked)),
        source=base.source,
        current_energy_intensity=base.current_energy_intensity,
        current_co2_intensity=base.current_co2_intensity,
        gdp_10k_yuan=gdp,
        energy_intensity_target=base.energy_intensity_target,
        co2_intensity_target=base.co2_intensity_target,
        energy_target_source=base.energy_target_source,
        co2_target_source=base.co2_target_source,
        tracking=base.tracking,
        energy_room_tracking_tce=energy_tracked,
        co2_room_tracking_t=co2_tracked,
    )


def _tracked(tracking: tuple[TrackedHeadroom, ...], kind: str, gdp: float) -> float | None:
    """Tracking's headroom of ``kind`` (energy_intensity | co2_intensity) × GDP, if it holds one."""
    mine = [t for t in tracking if t.kind == kind]
    return mine[0].headroom * gdp if mine else None
