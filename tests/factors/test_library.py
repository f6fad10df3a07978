"""The bundled factor sets: provenance on every row, GB/T 2589 coefficients, GWP sets."""

from __future__ import annotations

import pytest

from carbonpeak.core.errors import FactorNotFound
from carbonpeak.core.units import Q_, quantity
from carbonpeak.factors import default_sets, fuels, gwp, load_set, resolve, set_names
from carbonpeak.factors.activity_kinds import kinds

SUBJECTS = {"*", "forest", "wetland", "karst"}


def test_every_bundled_row_has_provenance_and_a_parsable_unit() -> None:
    ids: set[str] = set()
    known = set(fuels()) | set(kinds()) | SUBJECTS
    for name in set_names():
        for rec in load_set(name).records:
            assert rec.publisher and rec.document and rec.licence, rec.id
            assert rec.table and rec.edition, rec.id
            assert rec.status in ("SEEN-P", "SEEN-S", "SEEN", "DERIVED"), rec.id
            quantity(rec.value, rec.unit)  # parses
            assert rec.fuel in known or rec.fuel.startswith("class:") or rec.parameter == "gwp"
            assert rec.id not in ids
            ids.add(rec.id)


def test_default_sets_leave_out_the_market_reporting_series() -> None:
    names = [s.name for s in default_sets()]
    assert names[0] == "cn_provincial_guideline_2011"
    assert "cn_grid_market_reporting" not in names and "gwp" not in names


def test_gbt2589_coefficients() -> None:
    gb = load_set("gbt2589_2020")

    def coef(fuel: str) -> float:
        rec = next(
            r
            for r in gb.records
            if r.fuel == fuel and r.parameter == "coal_coefficient" and not r.variant
        )
        return rec.value

    assert coef("raw_coal") == 0.7143  # kgce/kg: 5000 kcal/kg / 7000 kcal/kgce
    assert coef("cleaned_coal") == 0.9000
    assert coef("coke") == 0.9714
    assert coef("diesel") == 1.4571
    assert coef("electricity") == 0.1229  # kgce/kWh, calorific equivalent
    # 1 万吨 raw coal = 10,000 t x 0.7143 kgce/kg = 7,143 tce
    raw = next(r for r in gb.records if r.id == "gbt2589_2020/raw_coal/coal_coefficient")
    tce = (quantity(1, "万吨") * quantity(raw.value, raw.unit)).to("tce").magnitude
    assert tce == pytest.approx(7143.0)
    # 1 亿立方米 natural gas x 1.33 kgce/m3 = 1.33e8 kgce = 133,000 tce
    ng = resolve("natural_gas", "coal_coefficient", sets=[gb])
    assert (quantity(1, "亿立方米") * Q_(ng.value, ng.unit)).to("tce").magnitude == pytest.approx(
        133000.0
    )


def test_uncertain_values_say_so_and_unverified_ones_are_not_shipped() -> None:
    gb = load_set("gbt2589_2020")
    briquette = next(r for r in gb.records if r.fuel == "briquette")
    assert briquette.uncertain and "CONFLICT" in briquette.note
    raw_ef = load_set("cn_provincial_guideline_2011").get(
        "cn_provincial_guideline_2011/raw_coal/co2_factor"
    )
    assert raw_ef is not None and raw_ef.value == 1.9003 and raw_ef.uncertain
    # raw-coal carbon content 26.37 tC/TJ: derived from the published 1.9003, marked uncertain
    raw_cc = resolve("raw_coal", "carbon_content").record
    assert raw_cc.value == 26.37 and raw_cc.uncertain
    # UNVERIFIED in the reference: blast-furnace gas 0.1286 kgce/m3
    with pytest.raises(FactorNotFound):
        resolve("blast_furnace_gas", "coal_coefficient")


@pytest.mark.parametrize(
    ("gas", "edition", "value"),
    [
        ("CH4", "SAR", 21),
        ("CH4", "AR4", 25),
        ("CH4", "AR5", 28),
        ("CH4", "AR6", 27.0),  # non-fossil, AR6 WG I Table 7.15
        ("N2O", "SAR", 310),
        ("N2O", "AR4", 298),
        ("N2O", "AR5", 265),
        ("N2O", "AR6", 273),
        ("CF4", "AR5", 6630),
        ("C2F6", "AR5", 11100),
        ("CO2", "AR4", 1),
    ],
)
def test_gwp_values(gas: str, edition: str, value: float) -> None:
    rec = gwp(gas, edition)
    assert rec.value == value
    assert gas == "CO2" or "Assessment Report" in rec.document


def test_gwp_fossil_methane_and_missing_values() -> None:
    assert gwp("CH4", "AR6", fossil=True).value == 29.8
    assert gwp("CH4", "AR5", fossil=True).value == 28  # no fossil variant in AR5
    with pytest.raises(FactorNotFound, match="AR4 has no value for NF3"):
        gwp("NF3", "AR4")
