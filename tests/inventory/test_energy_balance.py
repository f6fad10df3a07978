"""能源平衡表 importer: a small balance sheet written here with openpyxl, checked by hand."""

from __future__ import annotations

import io
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from carbonpeak.core.errors import InputError
from carbonpeak.inventory.accounting.engine import calculate
from carbonpeak.inventory.activity.energy_balance import read_energy_balance

HEADER = ["项目", "原煤", "洗精煤", "焦炭", "天然气", "热力", "电力", "合计"]
UNITS = [None, "万吨", "万吨", "万吨", "亿立方米", "百万千焦", "万千瓦时", "万吨标准煤"]
COLUMNS = {name: i for i, name in enumerate(HEADER)}


def line(label: str, **values: float) -> list[Any]:
    row: list[Any] = [label] + [None] * (len(HEADER) - 1)
    for fuel, value in values.items():
        row[COLUMNS[fuel]] = value
    return row


BODY = [
    line("可供本地区消费的能源量", 原煤=500, 洗精煤=50, 电力=100000, 合计=400),
    line("一次能源生产量", 原煤=800),
    line("外省(区、市)调入量", 原煤=10, 电力=20000),
    line("本省(区、市)调出量(-)", 原煤=-300, 电力=-150000),
    line("库存增(-)减(+)量", 原煤=-10),
    line("加工转换投入(-)产出(+)量", 原煤=-380, 洗精煤=0, 焦炭=35),
    line("1.火力发电", 原煤=-300, 电力=600000),
    line("2.供热", 原煤=-20, 热力=30000),
    line("3.炼焦", 洗精煤=-50, 焦炭=35),
    line("4.洗选煤", 原煤=-60, 洗精煤=50),
    line("损失量", 电力=5000),
    line("终端消费量", 原煤=112, 电力=372000),
    line("1.农、林、牧、渔业", 原煤=2, 电力=1000),
    line("2.工业", 原煤=100, 焦炭=30, 天然气=0.2, 电力=300000, 热力=25000),
    line("  其中：用作原料、材料", 天然气=0.05),
    line("3.建筑业", 电力=2000),
    line("4.交通运输、仓储和邮政业", 天然气=0.1),
    line("5.批发和零售业、住宿和餐饮业", 电力=8000),
    line("6.其他行业", 电力=6000),
    line("7.居民生活", 原煤=10, 天然气=0.15, 电力=50000),
    line("  城镇", 原煤=2, 天然气=0.1, 电力=30000),
    line("  乡村", 原煤=8, 天然气=0.05, 电力="-"),  # type: ignore[arg-type]
    line("平衡差额", 原煤=1),
]


def workbook(body: list[list[Any]], *, units: list[Any] | None = UNITS) -> bytes:
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.append(["六盘水市能源平衡表（2022年）— written for this test"])
    ws.append(HEADER)
    if units is not None:
        ws.append(units)
    for row in body:
        ws.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _by_id(records: list[Any]) -> dict[str, float]:
    return {r.id: float(r.quantity.magnitude) for r in records}


def test_records_by_hand() -> None:
    result = read_energy_balance(workbook(BODY), region="六盘水", year=2022, source="eb.xlsx")
    got = _by_id(result.records)
    wan_t, yi_m3, wan_kwh, gj = (
        10_000.0,
        1e8,
        1e4,
        1e6,
    )  # 万吨, 亿立方米, 万千瓦时 (kWh), 百万千焦 (kJ)
    p = "520200/2022"
    expected = {
        f"{p}/M.electricity_net_import/electricity_imported": 20000 * wan_kwh,
        f"{p}/M.electricity_net_import/electricity_exported": 150000
        * wan_kwh,  # shown negative; the magnitude
        f"{p}/1.A.1.a/raw_coal/transformation_burned": -300 * wan_t - 20 * wan_t,
        f"{p}/1.A.1.a/electricity/transformation_burned": 600000 * wan_kwh,
        f"{p}/1.A.1.a/heat/transformation_burned": 30000 * gj,
        f"{p}/1.A.1.c/cleaned_coal/transformation": -50 * wan_t + 50 * wan_t,
        f"{p}/1.A.1.c/coke/transformation": 35 * wan_t,
        f"{p}/1.A.1.c/raw_coal/transformation": -60 * wan_t,
        f"{p}/1.A.5/electricity/loss": 5000 * wan_kwh,
        f"{p}/1.A.4.c/raw_coal": 2 * wan_t,
        f"{p}/1.A.4.c/electricity": 1000 * wan_kwh,
        f"{p}/1.A.2.m/raw_coal": 100 * wan_t,
        f"{p}/1.A.2.m/coke": 30 * wan_t,
        f"{p}/1.A.2.m/natural_gas": (0.2 - 0.05) * yi_m3,  # feedstock taken out
        f"{p}/1.A.2.m/electricity": 300000 * wan_kwh,
        f"{p}/1.A.2.m/heat": 25000 * gj,
        f"{p}/2.D/natural_gas/non_energy": 0.05 * yi_m3,
        f"{p}/1.A.2.k/electricity": 2000 * wan_kwh,
        f"{p}/1.A.3/natural_gas": 0.1 * yi_m3,
        f"{p}/1.A.4.a/electricity": (8000 + 6000) * wan_kwh,
        f"{p}/1.A.4.b/raw_coal": (2 + 8) * wan_t,
        f"{p}/1.A.4.b/natural_gas": (0.1 + 0.05) * yi_m3,
        f"{p}/1.A.4.b/electricity": 30000 * wan_kwh,
    }
    assert got.keys() == expected.keys()
    for key, value in expected.items():
        assert got[key] == pytest.approx(value), key
    assert len(result.records) == 23
    skipped = "\n".join(result.skipped)
    assert "合计: total (tce) column" in skipped
    assert "可供本地区消费的能源量" in skipped and "居民生活: replaced by 城镇/乡村" in skipped
    assert "外省(区、市)调入量 原煤: supply side" in skipped
    first = next(r for r in result.records if r.fuel == "electricity_imported")
    assert (
        first.row == 6 and "能源平衡表 row 6" in first.note and first.source == "eb.xlsx 能源平衡表"
    )


def test_the_balance_computes() -> None:
    # combustion CO2 with the default factors (see test_combustion.py for each factor):
    #   raw coal burned: 300 + 20 (power, heat) + 2 + 100 + 2 + 8 = 432 万吨 x 10,000 x
    #                  1.9002988488 (20.908 x 26.37 x 0.94 x 44/12 / 1000) = 8,209,291.026816 t
    #   coke burned in industry: 30 x 28,604.18825 = 858,125.6475 t
    #   natural gas burned: 0.15 + 0.1 + 0.1 + 0.05 = 0.4 亿m3; 21,621.88809 t per 0.1 亿m3
    #                  = 86,487.55236 t
    #   (coking and washing inputs, feedstock gas and the power/heat generated are not burned)
    records = read_energy_balance(workbook(BODY), region="520200", year=2022).records
    inv = calculate(records)
    territorial = inv.total("520200", 2022, "territorial")
    assert territorial.value == pytest.approx(8_209_291.026816 + 858_125.6475 + 86_487.55236)  # type: ignore[union-attr]


def test_bad_cells_are_named() -> None:
    body = [*BODY, line("8.火星业", 原煤=1)]
    body[13] = line("2.工业", 原煤="abc")  # type: ignore[arg-type]
    with pytest.raises(InputError) as info:
        read_energy_balance(workbook(body), region="六盘水", year=2022)
    problems = {(p.row, p.field) for p in info.value.problems}
    assert (17, "原煤") in problems and (27, "项目") in problems
    assert "not a number: 'abc'" in str(info.value) and "火星业" in str(info.value)

    body = list(BODY)
    body[6] = line("1.火力发电", 原煤=300)  # an input written positive
    with pytest.raises(InputError) as info:
        read_energy_balance(workbook(body), region="六盘水", year=2022)
    assert "row 10, raw_coal (quantity)" in str(info.value)

    with pytest.raises(InputError, match="units row"):
        read_energy_balance(workbook(BODY, units=None), region="六盘水", year=2022)
    with pytest.raises(InputError, match="unknown region"):
        read_energy_balance(workbook(BODY), region="火星", year=2022)
    with pytest.raises(InputError, match=r"not a valid \.xlsx"):
        read_energy_balance(b"not a workbook", region="六盘水", year=2022)


@settings(max_examples=20, deadline=None)
@given(st.floats(min_value=0.001, max_value=1e6, allow_nan=False, allow_infinity=False))
def test_any_positive_cell_round_trips(value: float) -> None:
    body = [line("2.工业", 原煤=value)]
    (rec,) = read_energy_balance(workbook(body), region="钟山区", year=2020).records
    assert rec.id == "520201/2020/1.A.2.m/raw_coal"
    assert float(rec.quantity.to("t").magnitude) == pytest.approx(value * 10_000, rel=1e-12)
