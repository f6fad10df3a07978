"""Industrial processes (2.A-2.C): worked examples with the arithmetic written out, with the
bundled process factors (cn_process_factors.csv) and the GWP table (gwp.csv)."""

from __future__ import annotations

import pytest

from carbonpeak.factors import FactorRecord, FactorSet
from carbonpeak.inventory.accounting.engine import calculate
from carbonpeak.inventory.accounting.result import Inventory, ResultRow
from tests.inventory.helpers import activity

ZS = "520201"


def _row(inv: Inventory, category: str, gas: str = "CO2") -> ResultRow:
    row = inv.row(ZS, 2022, category, gas)
    assert row is not None, (category, gas)
    return row


def _value(inv: Inventory, category: str, gas: str = "CO2") -> float:
    row = _row(inv, category, gas)
    assert row.value is not None, row.explanation
    return row.value.value


def test_cement_clinker_minus_substitutes() -> None:
    # 10 万吨 Portland clinker = 100,000 t × 0.535 t/t        = 53,500 t CO2
    # 1 万吨 white clinker      =  10,000 t × 0.550 t/t        =  5,500 t
    # carbide slag substitute 1 万吨 = 10,000 t × 0.480 (deducted) = −4,800 t
    # 2.A.1 = 53,500 + 5,500 − 4,800 = 54,200 t
    inv = calculate(
        activity(
            (ZS, 2022, "", "水泥熟料产量", 10, "万吨"),
            (ZS, 2022, "", "clinker_white", 1, "万吨"),
            (ZS, 2022, "", "cement_substitute_carbide_slag", 1, "万吨"),
        )
    )
    assert _value(inv, "2.A.1") == pytest.approx(54_200.0)
    row = _row(inv, "2.A.1")
    assert row.value is not None
    factors = {u.record.id for u in row.value.all_factors()}
    assert "cn_process_factors/clinker/process_factor/CO2" in factors
    assert "cn_process_factors/cement_substitute_carbide_slag/process_factor/CO2/deduction" in (
        factors
    )
    # process CO2 is in the territorial total, not in the energy total
    assert inv.total(ZS, 2022, "territorial").value == pytest.approx(54_200.0)  # type: ignore[union-attr]
    assert "no energy CO2" in str(inv.total(ZS, 2022, "regional_energy_co2"))


def test_substitute_without_clinker_is_excluded_with_a_reason() -> None:
    inv = calculate(activity((ZS, 2022, "", "cement_substitute_gypsum", 1, "万吨")))
    reasons = {e.activity_id: e.reason for e in inv.excluded}
    assert "without clinker" in reasons["520201/2022/2.A.1/cement_substitute_gypsum"]


def test_iron_and_steel_mass_balance() -> None:
    # limestone 2 万吨 × 0.440 = 8,800; dolomite 1 万吨 × 0.471 = 4,710;
    # EAF electrode 0.1 万吨 = 1,000 t × 3.663 = 3,663;
    # carbon fixed in crude steel 100 万吨 = 1,000,000 t × 0.0154 = −15,400
    # 2.C.1 = 8,800 + 4,710 + 3,663 − 15,400 = 1,773 t; pig iron not counted (inputs given)
    inv = calculate(
        activity(
            (ZS, 2022, "", "limestone_flux", 2, "万吨"),
            (ZS, 2022, "", "dolomite_flux", 1, "万吨"),
            (ZS, 2022, "", "eaf_electrode", 0.1, "万吨"),
            (ZS, 2022, "", "crude_steel", 100, "万吨"),
            (ZS, 2022, "", "生铁产量", 90, "万吨"),
        )
    )
    assert _value(inv, "2.C.1") == pytest.approx(1_773.0)
    reasons = {e.activity_id: e.reason for e in inv.excluded}
    assert reasons["520201/2022/2.C.1/pig_iron"].startswith("mass-balance method used")


def test_steel_production_without_a_factor_is_ne_with_the_reason() -> None:
    inv = calculate(activity((ZS, 2022, "", "pig_iron", 90, "万吨")))
    row = _row(inv, "2.C.1")
    assert row.value is None and row.notation == "NE"
    assert "no production factor for pig_iron" in row.explanation


def test_aluminium_anode_co2_and_pfcs() -> None:
    # 10 万吨 = 100,000 t aluminium:
    #   anode consumed = 100,000 × 0.411 t/t = 41,100 t
    #   carbon = 41,100 × (1 − 2 % S − 0.4 % ash) = 41,100 × 0.976 = 40,113.6 t C
    #   CO2 = 40,113.6 × 44/12 = 147,083.2 t
    #   CF4 = 100,000 t × 0.034 kg/t = 3,400 kg = 3.4 t; C2F6 = 100,000 × 0.0034 kg/t = 0.34 t
    #   CO2e (AR5: CF4 6,630, C2F6 11,100) = 147,083.2 + 3.4 × 6,630 + 0.34 × 11,100
    #        = 147,083.2 + 22,542 + 3,774 = 173,399.2 t
    inv = calculate(activity((ZS, 2022, "", "电解铝产量", 10, "万吨")))
    assert _value(inv, "2.C.3") == pytest.approx(147_083.2)
    assert _value(inv, "2.C.3", "CF4") == pytest.approx(3.4)
    assert _value(inv, "2.C.3", "C2F6") == pytest.approx(0.34)
    assert inv.total(ZS, 2022, "co2e_gross_t").value == pytest.approx(173_399.2)  # type: ignore[union-attr]


# The PFCs of that smelter under every GWP set (100-year GWPs of CF4, C2F6 from the reports'
# tables: SAR WG I ch. 2; AR4 WG I Table 2.14; AR5 WG I Table 8.A.1; AR6 WG I Table 7.SM.7):
#   CO2e = 147,083.2 + 3.4 × GWP(CF4) + 0.34 × GWP(C2F6)
PFC_GWP = {
    "SAR": (6_500, 9_200),  # 147,083.2 + 22,100 + 3,128 = 172,311.2
    "AR4": (7_390, 12_200),  # 147,083.2 + 25,126 + 4,148 = 176,357.2
    "AR5": (6_630, 11_100),  # 147,083.2 + 22,542 + 3,774 = 173,399.2
    "AR6": (7_380, 12_400),  # 147,083.2 + 25,092 + 4,216 = 176,391.2
}
PFC_CO2E = {"SAR": 172_311.2, "AR4": 176_357.2, "AR5": 173_399.2, "AR6": 176_391.2}


@pytest.mark.parametrize("gwp_set", sorted(PFC_GWP))
def test_aluminium_pfcs_under_every_gwp_set(gwp_set: str) -> None:
    inv = calculate(activity((ZS, 2022, "", "电解铝产量", 10, "万吨")), gwp_set=gwp_set)
    cf4_gwp, c2f6_gwp = PFC_GWP[gwp_set]
    assert PFC_CO2E[gwp_set] == pytest.approx(147_083.2 + 3.4 * cf4_gwp + 0.34 * c2f6_gwp)
    gross = inv.total(ZS, 2022, "co2e_gross_t")
    assert gross.value == pytest.approx(PFC_CO2E[gwp_set])  # type: ignore[union-attr]
    cf4 = inv.row(ZS, 2022, "2.C.3", "CF4")
    assert cf4 is not None and cf4.co2e is not None
    assert cf4.co2e.value == pytest.approx(3.4 * cf4_gwp)


def test_measured_aluminium_co2_factor_replaces_the_anode_formula() -> None:
    # a measured process factor 1.5 t CO2/t outranks the national anode parameters:
    # 100,000 t × 1.5 = 150,000 t
    lab = FactorSet(
        "lab",
        (
            FactorRecord(
                id="lab/aluminium/process_factor/CO2", set_name="lab",
                parameter="process_factor", value=1.5, unit="t/t", gas="CO2", fuel="aluminium",
                tier="measured", publisher="test", document="values written for this test",
            ),
        ),
    )  # fmt: skip
    inv = calculate(activity((ZS, 2022, "", "aluminium", 10, "万吨")), overrides=lab)
    assert _value(inv, "2.C.3") == pytest.approx(150_000.0)


def test_lime_without_a_sourced_factor_is_ne_and_with_one_is_computed() -> None:
    inv = calculate(activity((ZS, 2022, "", "石灰产量", 5, "万吨")))
    row = _row(inv, "2.A.2")
    assert row.value is None and row.notation == "NE"
    assert "no process factor for lime" in row.explanation
    # the total is not available and names the category not estimated
    assert "2.A.2 CO2" in str(inv.total(ZS, 2022, "co2e_gross_t"))
    # with a measured factor 0.75 t/t: 50,000 t × 0.75 = 37,500 t
    lab = FactorSet(
        "lab",
        (
            FactorRecord(
                id="lab/lime/process_factor/CO2", set_name="lab", parameter="process_factor",
                value=0.75, unit="t/t", gas="CO2", fuel="lime", tier="measured",
                publisher="test", document="values written for this test",
            ),
        ),
    )  # fmt: skip
    inv = calculate(activity((ZS, 2022, "", "lime", 5, "万吨")), overrides=lab)
    assert _value(inv, "2.A.2") == pytest.approx(37_500.0)
