"""Fuel combustion: worked examples with the arithmetic written out."""

from __future__ import annotations

import pytest

from carbonpeak.inventory.accounting.engine import calculate
from carbonpeak.inventory.accounting.queries import explain
from tests.inventory.helpers import activity, measured

ZS = "520201"  # 钟山区


def test_raw_coal_worked_example_with_measured_factors() -> None:
    # 1 万吨 raw coal = 10,000 t
    #   energy  = 10,000 t x 20.908 GJ/t          = 209,080 GJ = 209.08 TJ
    #   carbon  = 209.08 TJ x 26.37 tC/TJ          = 5,513.4396 tC
    #   oxidised= 5,513.4396 x 0.94                = 5,182.633224 tC
    #   CO2     = 5,182.633224 x 44/12             = 19,002.988488 tCO2
    lab = measured(
        ("raw_coal", "ncv", 20.908, "GJ/t"),
        ("raw_coal", "carbon_content", 26.37, "t/TJ"),
        ("raw_coal", "oxidation", 0.94, "dimensionless"),
    )
    inv = calculate(activity((ZS, 2020, "1.A.2.a", "原煤", 1, "万吨")), overrides=lab)
    row = inv.row(ZS, 2020, "1.A.2.a", "CO2")
    assert row is not None and row.value is not None
    assert row.value.value == pytest.approx(19002.988488, rel=1e-12)
    ex = explain(inv, ZS, 2020, "1.A.2.a", "CO2")
    assert ex.formula.startswith("Σ 1 term")
    assert ex.terms[0][0] == "CO2 = quantity × NCV × carbon content × oxidation × 44/12"
    steps = {s.label: s.value for s in ex.terms[0][2]}
    assert steps["energy = quantity × NCV"] == pytest.approx(209080.0)
    assert steps["carbon = energy × carbon content"] == pytest.approx(5513.4396)
    assert steps["oxidised carbon = carbon × oxidation"] == pytest.approx(5182.633224)
    assert [a.id for a in ex.activities] == ["520201/2020/1.A.2.a/raw_coal"]
    roles = {f.role: f.record.id for f in ex.factors}
    assert roles["carbon content"] == "lab/raw_coal/carbon_content/1"
    # the default raw-coal CO2 factor was passed over (a different path, lower tier)
    assert any("co2_factor" in n for n in ex.notes)


def test_raw_coal_default_factor() -> None:
    # default method provincial-2011: NCV 20.908 GJ/t (GB/T 2589), CC 26.37 tC/TJ, OF 0.94
    # 209.08 TJ x 26.37 = 5,513.4396 tC; x 0.94 = 5,182.633224 tC; x 44/12 = 19,002.98849 t
    # (the published 1.9003 tCO2/t x 10,000 t = 19,003 t, to 5 significant digits)
    # CH4 (manufacturing, IPCC class coal 10 kg/TJ): 209.08 TJ x 10 kg/TJ = 2,090.8 kg
    # N2O (1.5 kg/TJ): 209.08 x 1.5 = 313.62 kg
    inv = calculate(activity((ZS, 2020, "黑色金属冶炼和压延加工业", "raw_coal", 1, "万吨")))
    values = {g: inv.row(ZS, 2020, "1.A.2.a", g) for g in ("CO2", "CH4", "N2O")}
    assert values["CO2"].value.value == pytest.approx(19002.98849)  # type: ignore[union-attr]
    assert values["CH4"].value.value == pytest.approx(2.0908)  # type: ignore[union-attr]
    assert values["N2O"].value.value == pytest.approx(0.31362)  # type: ignore[union-attr]
    ex = explain(inv, ZS, 2020, "1.A.2.a", "CO2")
    ids = [f.record.id for f in ex.factors]
    assert ids == [
        "gbt2589_2020/raw_coal/ncv",
        "cn_provincial_guideline_2011/raw_coal/carbon_content",
        "cn_provincial_guideline_2011/raw_coal/oxidation",
    ]
    assert "省级温室气体清单编制指南" in ex.factors[1].record.source
    assert ex.factors[1].record.uncertain
    assert inv.method == "provincial-2011"


def test_coke_and_natural_gas_with_defaults() -> None:
    # coke, 1 万吨 in iron and steel:
    #   NCV 28.435 GJ/t (GB/T 2589), CC 29.5 tC/TJ and OF 0.93 (provincial guideline)
    #   10,000 t x 28.435 = 284,350 GJ = 284.35 TJ; x 29.5 = 8,388.325 tC; x 0.93 = 7,801.14225 tC
    #   x 44/12 = 28,604.18825 tCO2
    # natural gas, 0.1 亿立方米 = 10,000,000 m3 in households:
    #   NCV 38.931 MJ/m3 (GB/T 2589) -> 389,310 GJ = 389.31 TJ; x 15.3 = 5,956.443 tC; x 0.99
    #   = 5,896.87857 tC; x 44/12 = 21,621.88809 tCO2; CH4 5 kg/TJ -> 1,946.55 kg
    inv = calculate(
        activity(
            (ZS, 2020, "1.A.2.a", "焦炭", 1, "万吨"),
            (ZS, 2020, "城镇居民", "天然气", 0.1, "亿立方米"),
        )
    )
    coke = inv.row(ZS, 2020, "1.A.2.a", "CO2")
    gas = inv.row(ZS, 2020, "1.A.4.b", "CO2")
    gas_ch4 = inv.row(ZS, 2020, "1.A.4.b", "CH4")
    assert coke and coke.value and coke.value.value == pytest.approx(28604.18825)
    assert gas and gas.value and gas.value.value == pytest.approx(21621.88809)
    assert gas_ch4 and gas_ch4.value and gas_ch4.value.value == pytest.approx(1.94655)


def test_transformation_is_not_counted_twice() -> None:
    # 炼焦: 5 万吨 cleaned coal in (negative), 3.5 万吨 coke out (positive): neither is burned here.
    # The coke is burned in iron and steel and counted there (28,604.18825 t per 万吨 -> x 3.5).
    # 火力发电: 10 万吨 raw coal in (negative) is burned: 10 x 19,002.98849 = 190,029.8849 t
    # (1.A.1.a);
    # the 25 亿千瓦时 generated (positive) is not an emission.
    inv = calculate(
        activity(
            (ZS, 2020, "炼焦", "洗精煤", -5, "万吨"),
            (ZS, 2020, "炼焦", "焦炭", 3.5, "万吨"),
            (ZS, 2020, "1.A.2.a", "焦炭", 3.5, "万吨"),
            (ZS, 2020, "火力发电", "原煤", -10, "万吨"),
            (ZS, 2020, "火力发电", "电力", 250000, "万千瓦时"),
            (ZS, 2020, "化学原料和化学制品制造业|非能源使用", "天然气", 1, "亿立方米"),
        )
    )
    assert inv.row(ZS, 2020, "1.A.1.c", "CO2").notation == "NE"  # type: ignore[union-attr]
    coke = inv.row(ZS, 2020, "1.A.2.a", "CO2")
    assert coke and coke.value and coke.value.value == pytest.approx(28604.18825 * 3.5)
    power = inv.row(ZS, 2020, "1.A.1.a", "CO2")
    assert power and power.value and power.value.value == pytest.approx(190029.8849)
    reasons = {e.activity_id: e.reason for e in inv.excluded}
    assert reasons["520201/2020/1.A.1.c/cleaned_coal/transformation"].startswith("transformation")
    assert reasons["520201/2020/1.A.1.a/electricity/transformation_burned"].startswith(
        "transformation output"
    )
    assert "non-energy" in reasons["520201/2020/1.A.2.c/natural_gas/non_energy"]
    assert inv.row(ZS, 2020, "1.A.2.c", "CO2").notation == "NE"  # type: ignore[union-attr]


def test_electricity_gives_scope2_not_scope1() -> None:
    # 1 亿千瓦时 = 100,000 MWh x Guizhou 2022 factor 0.4989 tCO2/MWh = 49,890 t scope 2
    inv = calculate(activity((ZS, 2022, "城镇居民", "电力", 10000, "万千瓦时")))
    households = inv.row(ZS, 2022, "1.A.4.b", "CO2")
    assert households and households.value is None and households.notation == "NE"
    assert households.explanation.startswith("only electricity/heat use")
    s2 = inv.row(ZS, 2022, "S2.electricity", "CO2")
    assert s2 and s2.value and s2.value.value == pytest.approx(49890.0)
    assert inv.total(ZS, 2022, "scope2").value == pytest.approx(49890.0)  # type: ignore[union-attr]
    assert "no scope-1" in str(inv.total(ZS, 2022, "territorial"))


def test_transport_ch4_is_not_estimated_with_a_reason() -> None:
    # diesel 1 万吨: NCV 42.652 GJ/t (GB/T 2589), CC 20.2 tC/TJ, OF 0.98 (provincial guideline)
    # 426.52 TJ x 20.2 = 8,615.704 tC; x 0.98 = 8,443.38992; x 44/12 = 30,959.09637 t
    inv = calculate(activity((ZS, 2020, "交通运输、仓储和邮政业", "柴油", 1, "万吨")))
    co2 = inv.row(ZS, 2020, "1.A.3", "CO2")
    ch4 = inv.row(ZS, 2020, "1.A.3", "CH4")
    assert co2 and co2.value and co2.value.value == pytest.approx(30959.09637)
    assert ch4 and ch4.value is None and ch4.notation == "NE"
    assert "no CH4 factor for diesel" in ch4.explanation
    territorial = inv.totals[(ZS, 2020)]["co2e_gross_t"]
    assert "1.A.3 CH4" in " ".join(territorial.notes)  # type: ignore[union-attr]
