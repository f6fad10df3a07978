"""综合评价 worked by hand: a coking project (the issue's example, with a product and value
added) and a data centre with new renewable supply; feedstock exclusion; bad input naming the
field. Coefficients: GB/T 2589-2020 as shipped in factors/data/gbt2589_2020.csv (原煤 0.7143
kgce/kg, 柴油 1.4571 kgce/kg, 天然气 1.33 kgce/m³, 电力当量值 0.1229 kgce/kWh); 供电标准煤耗
302.4 gce/kWh (review/data/power_supply_coal.csv, 2024, stands in for later years); CO2: raw
coal 1.9003 t/t (cn_provincial_guideline_2011), diesel 42.652 GJ/t × 20.2 tC/TJ × 0.98 × 44/12
(the city's method provincial-2011: GB/T 2589-2020 NCV with the provincial guideline's carbon
content and oxidation), southern grid
0.4042 t/MWh (cn_grid_factors CN-South 2023, standing in for later years); city outlook
review/data/city_outlook.csv (示意数据)."""

from __future__ import annotations

import pytest

from carbonpeak.core.errors import InputError
from carbonpeak.review import assess, read_mapping, read_text
from carbonpeak.review.assessment.classify import PlanLimit

COKING = """
project: 某焦化项目
industry: "2521"
district: "520201"
start_year: 2026
value_added_10k_yuan: 50000
products:
  - {product: coke_top, output: 10, unit: 万t}
annual:
  - {fuel: 原煤, quantity: 10000, unit: t}
  - {fuel: 电力, quantity: 5000, unit: 万kWh}
"""

DATA_CENTRE = {
    "project": "某数据中心项目",
    "industry": "6450",
    "district": "520201",
    "start_year": 2027,
    "value_added_10k_yuan": 80000,
    "annual": [
        {"fuel": "电力", "quantity": 12000, "unit": "万kWh"},
        {"fuel": "柴油", "quantity": 50, "unit": "t"},
    ],
    "renewable": {"quantity": 2000, "unit": "万kWh", "kind": "solar"},
}


def test_coking_project_by_hand() -> None:
    data = assess(read_text(COKING)).as_json()
    e = data["energy_tce"]
    coal = 10000 * 0.7143  # 7143 tce
    elec_kwh = 5000 * 1e4
    assert e["equivalent"] == pytest.approx(coal + elec_kwh * 0.1229e-3)  # 7143 + 6145 = 13288
    assert e["equal_value"] == pytest.approx(coal + elec_kwh * 302.4e-6)  # 7143 + 15120 = 22263
    assert e["dual_control"]["equivalent"] == pytest.approx(13288)  # nothing excluded
    co2 = 10000 * 1.9003 + elec_kwh / 1000 * 0.4042  # 19003 + 20210 = 39213 t
    assert data["co2_t"] == pytest.approx(co2)
    assert data["two_high"]["value"] is True and "2521" in data["two_high"]["reason"]
    assert data["authority"]["level"] == "provincial"  # 13288 ≥ 10000 tce (当量值)
    (bench,) = data["benchmarks"]
    # 13288 tce × 1000 kgce/tce ÷ 100000 t coke = 132.88 kgce/t: between 110 and 135
    assert bench["value"] == pytest.approx(132.88)
    assert bench["benchmark"] == 110 and bench["baseline"] == 135
    assert bench["level"].startswith("介于标杆与基准之间")
    y2025, y2030 = data["impact"]
    assert y2025["in_operation"] is False and y2025["energy_intensity"]["change"] == 0
    # 2030: (24e6 + 22263) / (21e6 + 50000) − 24e6 / 21e6
    before, after = 24e6 / 21e6, (24e6 + 22263) / (21e6 + 50000)
    assert y2030["energy_intensity"]["change"] == pytest.approx(after - before, abs=1e-6)
    co2_after = (55e6 + 39213) / (21e6 + 50000)
    assert y2030["co2_intensity"]["after"] == pytest.approx(co2_after, abs=1e-6)
    # room 2030 = 1.20 × 21e6 − 24e6 = 1.2e6 tce; 22263 / 1.2e6 = 1.8553 %
    assert y2030["energy_budget_share_pct"] == pytest.approx(100 * 22263 / 1.2e6, abs=1e-4)
    # room 2030 (CO2) = 2.75 × 21e6 − 55e6 = 2.75e6 t
    assert y2030["co2_budget_share_pct"] == pytest.approx(100 * 39213 / 2.75e6, abs=1e-4)
    assert data["illustrative"] is True
    assert any("环环评〔2021〕45号" in s for s in data["sources"])


def test_data_centre_by_hand() -> None:
    data = assess(read_mapping(DATA_CENTRE)).as_json()
    e = data["energy_tce"]
    elec, green = 1.2e8, 2.0e7  # kWh
    diesel = 50 * 1.4571  # 72.855 tce
    assert e["equivalent"] == pytest.approx(elec * 0.1229e-3 + diesel)  # 14748 + 72.855
    assert e["equal_value"] == pytest.approx(elec * 302.4e-6 + diesel)  # 36288 + 72.855
    assert e["new_renewable"]["equivalent"] == pytest.approx(green * 0.1229e-3)  # 2458
    assert e["new_renewable"]["equal_value"] == pytest.approx(green * 302.4e-6)  # 6048
    assert e["dual_control"]["equal_value"] == pytest.approx(36360.855 - 6048)
    diesel_co2 = 50 * 42.652 / 1000 * 20.2 * 0.98 * 44 / 12  # 154.795 t
    grid_co2 = (elec - green) / 1000 * 0.4042  # 40420 t: green power has no CO2
    assert data["co2_t"] == pytest.approx(diesel_co2 + grid_co2, abs=1e-3)
    assert data["two_high"]["value"] is False and "6450" in data["two_high"]["reason"]
    assert data["authority"]["level"] == "provincial"  # 14820.855 ≥ 10000
    assert data["benchmarks"] == []
    y2030 = data["impact"][1]
    # the intensity counts new renewables (1258号 deducts them from the total only):
    # 36360.855 tce (等价值, renewables included) of the 1.2e6 tce room
    assert y2030["energy_budget_share_pct"] == pytest.approx(100 * 36360.855 / 1.2e6, abs=1e-4)


def test_feedstock_is_shown_and_excluded() -> None:
    project = {
        **DATA_CENTRE,
        "project": "某化工项目",
        "industry": "2614",
        "annual": [{"fuel": "电力", "quantity": 100, "unit": "万kWh"}],
        "renewable": None,
        "feedstock": [{"fuel": "天然气", "quantity": 100, "unit": "万m3"}],
    }
    data = assess(read_mapping(project)).as_json()
    e = data["energy_tce"]
    feed = 1e6 * 1.33 / 1000  # 1330 tce
    elec = 1e6 * 0.1229e-3  # 122.9 tce
    assert e["feedstock"]["equivalent"] == pytest.approx(feed)
    assert e["equivalent"] == pytest.approx(feed + elec)
    assert e["dual_control"]["equivalent"] == pytest.approx(elec)
    assert data["co2_t"] == pytest.approx(1000 * 0.4042)  # feedstock: no combustion CO2
    assert data["authority"]["level"] == "local"  # 1452.9 tce: between 1000 and 10000
    assert any("发改环资〔2022〕803号" in s for s in data["sources"])


def test_small_project_needs_no_separate_review() -> None:
    small = {**DATA_CENTRE, "annual": [{"fuel": "电力", "quantity": 400, "unit": "万kWh"}]}
    small["renewable"] = None
    data = assess(read_mapping(small)).as_json()
    # 4e6 kWh × 0.1229e-3 = 491.6 tce < 1000 and 400万kWh < 500万kWh
    assert data["authority"]["level"] == "none"
    assert data["authority"]["review_needed"] is False


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"industry": "9999"}, "industry"),
        ({"annual": [{"fuel": "不存在的燃料", "quantity": 1, "unit": "t"}]}, "annual[0].fuel"),
        ({"annual": [{"fuel": "原煤", "quantity": -5, "unit": "t"}]}, "annual[0].quantity"),
        (
            {"annual": [{"fuel": "原煤", "quantity": 5, "unit": "furlong"}], "renewable": None},
            "annual[0].unit",
        ),
        ({"district": "北京"}, "district"),
        ({"renewable": {"quantity": 99999, "unit": "万kWh"}}, "renewable.quantity"),
    ],
)
def test_bad_input_names_the_field(change: dict[str, object], field: str) -> None:
    with pytest.raises(InputError) as info:
        assess(read_mapping({**DATA_CENTRE, **change}))
    assert field in [p.field for p in info.value.problems]


def test_fuel_without_coefficient_names_the_field() -> None:
    # 其他石油制品 is a fuel of the library with no standard-coal coefficient or NCV in the sets
    bad = {
        **DATA_CENTRE,
        "renewable": None,
        "annual": [
            {"fuel": "电力", "quantity": 1, "unit": "万kWh"},
            {"fuel": "其他石油制品", "quantity": 5, "unit": "t"},
        ],
    }
    with pytest.raises(InputError) as info:
        assess(read_mapping(bad))
    assert "annual[1].fuel" in [p.field for p in info.value.problems]


def test_plan_process_limit_of_the_product() -> None:
    # the plan (二(一) 钢铁/焦化): 新建焦化工序能耗 ≤ 110 kgce/t; the project runs at 132.88
    limit = PlanLimit("新建焦化工序", 110.0, "kgce/t", "<=", "新建焦化工序能耗 <= 110.0 kgce/t")
    data = assess(read_text(COKING), plan_limits={"新建焦化工序": limit}).as_json()
    (bench,) = data["benchmarks"]
    assert bench["plan_limit"]["value"] == 110.0 and bench["plan_limit"]["met"] is False


def test_equal_value_takes_the_start_years_coal_rate() -> None:
    # a 2023 start takes 2023's own 301.9 gce/kWh (power_supply_coal.csv, SECONDARY, round 6),
    # not 2024's: 7143 + 5e7 kWh × 301.9e-6 = 7143 + 15095 = 22238 tce, and no year stands in
    data = assess(read_text(COKING.replace("start_year: 2026", "start_year: 2023"))).as_json(
        with_trace=True
    )
    assert data["energy_tce"]["equal_value"] == pytest.approx(10000 * 0.7143 + 5e7 * 301.9e-6)
    assert not any("stands in" in s for s in data["sources"] if "供电标准煤耗" in s)


def test_trace_names_the_power_supply_coal_rate_and_the_year_standing_in() -> None:
    # 2026 has no published 供电标准煤耗: 2024's 302.4 gce/kWh stands in, and the trace of the
    # 等价值 says so beside the electricity part (5e7 kWh × 302.4e-6 = 15120 tce)
    data = assess(read_text(COKING)).as_json(with_trace=True)
    trace = data["trace"]["energy.equal_value"]
    (elec,) = [p for p in trace["parts"] if p["value"] == pytest.approx(15120.0)]
    assert any("302.4 gce/kWh" in f and "2024" in f for f in elec["factors"])
    assert any("2024 stands in" in n for n in trace["notes"])
    assert any("302.4" in s and "2024 stands in" in s for s in data["sources"])


def _industry_reason(code: str) -> str:
    with pytest.raises(InputError) as info:
        read_mapping({**DATA_CENTRE, "industry": code})
    (problem,) = [p for p in info.value.problems if p.field == "industry"]
    return problem.reason


def test_industry_code_outside_the_review_table_says_why() -> None:
    # 3130 钢压延加工 is a GB/T 4754-2017 class (in the platform's list) but not in the review's
    # table; its parent 31 黑色金属冶炼和压延加工业 (钢铁) is: classified by it, the trace says so
    # (it was rejected as "unknown industry code (GB/T 4754)")
    steel = {**DATA_CENTRE, "industry": "3130", "renewable": None}
    data = assess(read_mapping(steel)).as_json(with_trace=True)
    assert data["industry"]["code"] == "3130" and data["industry"]["classified_by"] == "31"
    assert data["trace"]["industry"].startswith("3130 不在审查行业表，按其上级类别 31")
    assert data["two_high"]["value"] is True and data["two_high"]["group"] == "钢铁"
    # 4411 is in the review table; 4412 热电联产 is in the platform's list, not in the review's
    # table, and no parent of it (441, 44) is: the message names the review table
    assert "not in the review's industry table (review/data/industries.csv)" in (
        _industry_reason("4412")
    )
    assert _industry_reason("4412").startswith("4412 热电联产 不在审查行业表")
    # neither list knows 9999; 31X is not a 4-digit class code
    assert "not a GB/T 4754-2017 code the platform knows" in _industry_reason("9999")
    assert "a class code has 4 digits" in _industry_reason("31X")
    assert "a class code has 4 digits" in _industry_reason("31")  # a division is not a class


@pytest.mark.parametrize("year", [1800, 1999, 2061, 20250])
def test_start_year_out_of_range_names_the_field(year: int) -> None:
    # 1800 was accepted (HTTP 201)
    with pytest.raises(InputError) as info:
        read_mapping({**DATA_CENTRE, "start_year": year})
    (problem,) = [p for p in info.value.problems if p.field == "start_year"]
    assert "start_year must be between 2000 and 2060" in problem.reason


def test_start_year_bounds_are_accepted() -> None:
    assert read_mapping({**DATA_CENTRE, "start_year": 2000}).start_year == 2000
    assert read_mapping({**DATA_CENTRE, "start_year": 2060}).start_year == 2060


def test_two_high_names_the_key_area_product() -> None:
    """两高 by industry code and product (issue 14 point 2): the coking plant's 2521 is in the
    scope and its product 焦炭（顶装焦炉）is a 高耗能行业重点领域 product, named in the reason; a
    data centre (6450) declaring the key-area product 电石 is classified two-high by the product
    (化工 scope row of 2619), not passed on its code."""
    coking = assess(read_text(COKING)).as_json()["two_high"]
    assert (
        coking["value"] is True
        and "产品 焦炭（顶装焦炉） 属于高耗能行业重点领域" in coking["reason"]
    )
    odd = dict(DATA_CENTRE, products=[{"product": "电石", "output": 1, "unit": "万t"}])
    by_product = assess(read_mapping(odd)).as_json()["two_high"]
    assert (by_product["value"], by_product["group"]) == (True, "化工")
    assert by_product["reason"].startswith("行业 6450") and "按产品所属" in by_product["reason"]
    assert assess(read_mapping(DATA_CENTRE)).as_json()["two_high"]["value"] is False
