"""The review's reference tables say where each number comes from (round 3 of the data
research): every 标杆/基准 row has a status and a note naming its source or saying it was not
found, the better level is the lower one, and the rows found this round read as recorded."""

from __future__ import annotations

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


def test_unfound_values_stay_unset() -> None:
    # 供电标准煤耗 2023/2024 not found: 2022's 300.7 stands in, and the note says so
    for year in (2023, 2024):
        rate, note = coal_rate(year)
        assert (rate.year, rate.gce_per_kwh) == (2022, 300.7) and "2022" in note
    # the steel tiered price has no bands: the rule exists but computes nothing
    (steel,) = [r for r in applicable("3120", 2024) if r.rule == "steel_2016_tiered"]
    assert not steel.computable
