"""The review's reference tables say where each number comes from (round 3 of the data
research): every 标杆/基准 row has a status and a note naming its source or saying it was not
found, the better level is the lower one, and the rows found this round read as recorded."""

from __future__ import annotations

import pytest

from carbonpeak.review.assessment.reference import benchmarks, coal_rate, find_benchmark
from carbonpeak.review.supervision.tiered import applicable

STATUSES = {"VERIFIED", "SECONDARY", "UNVERIFIED"}


def test_every_benchmark_has_a_status_and_a_source_note() -> None:
    for key, b in benchmarks().items():
        assert b.status in STATUSES, key
        assert b.note.strip(), key
        assert b.benchmark <= b.baseline, key  # 标杆 is the better (lower) level
        assert b.document and b.edition in {"2021", "2023"}, key


def test_round_three_rows() -> None:
    clinker, aluminium = find_benchmark("clinker"), find_benchmark("aluminium_ac")
    assert clinker and (clinker.benchmark, clinker.baseline, clinker.status) == (
        100.0,
        117.0,
        "SECONDARY",
    )
    assert aluminium and (aluminium.benchmark, aluminium.baseline) == (13000.0, 13350.0)
    silicomanganese, ferrosilicon = find_benchmark("硅锰合金"), find_benchmark("硅铁")
    assert silicomanganese and (silicomanganese.benchmark, silicomanganese.baseline) == (860, 950)
    assert ferrosilicon and (ferrosilicon.benchmark, ferrosilicon.baseline) == (1770, 1850)
    assert {silicomanganese.industry_prefix, ferrosilicon.industry_prefix} == {"3140"}
    # not found in any round: kept UNVERIFIED, never promoted
    assert find_benchmark("calcium_carbide").status == "UNVERIFIED"  # type: ignore[union-attr]


def test_power_supply_coal_rates_of_round_six() -> None:
    # round 6 (SECONDARY, read in hausfath/wind-solar-counterfactual
    # scripts/04_emission_factors.py @bb59856f): 2024 = 302.4 gce/kWh (中电联《中国电力行业年度
    # 发展报告2025》, '+0.51 y/y'), 2023 = 302.4 − 0.51 ≈ 301.9 (the repository's derivation);
    # 2015 = 2020's 305.5 + the NDRC plan's 比2015年降低9.9 = 315.4 (derived the same way)
    for year, value in ((2015, 315.4), (2022, 300.7), (2023, 301.9), (2024, 302.4)):
        rate, note = coal_rate(year)
        assert (rate.year, rate.gce_per_kwh, rate.status, note) == (year, value, "SECONDARY", "")
    assert coal_rate(2015)[0].gce_per_kwh == pytest.approx(305.5 + 9.9)
    assert coal_rate(2023)[0].gce_per_kwh == pytest.approx(302.4 - 0.51, abs=0.05)
    # later years have none: 2024 stands in, and the note says so
    rate, note = coal_rate(2026)
    assert (rate.year, rate.gce_per_kwh) == (2024, 302.4) and "2024 stands in" in note


def test_unfound_values_stay_unset() -> None:
    # the steel tiered price has no bands (round 6: still none found): the rule exists but
    # computes nothing
    (steel,) = [r for r in applicable("3120", 2024) if r.rule == "steel_2016_tiered"]
    assert not steel.computable
