"""Units as the field writes them, through the one pint registry, and factor rows whose unit has
the wrong dimension refused with the expected dimension named."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carbonpeak.core.errors import InputError
from carbonpeak.core.units import field_expression, quantity
from carbonpeak.factors import parse_set, read_user_factors
from carbonpeak.factors.dimensions import check_dimension, dimension_problem

# (notation, the same amount in a plain pint unit, factor): 1 <notation> = factor <plain>
FIELD = [
    ("tC/TJ", "t/TJ", 1.0),
    ("t C/TJ", "t/TJ", 1.0),
    ("tC/GJ", "t/TJ", 1000.0),  # 0.02749 tC/GJ = 27.49 tC/TJ
    ("kgC/GJ", "t/TJ", 1.0),  # IPCC 26.8 kgC/GJ = 26.8 tC/TJ
    ("tCO2/TJ", "t/TJ", 1.0),
    ("kgCO2/kWh", "t/MWh", 1.0),  # grid factor 0.5366 kgCO2/kWh = 0.5366 tCO2/MWh
    ("kg CO2/kWh", "t/MWh", 1.0),
    ("tCO2/MWh", "t/MWh", 1.0),
    ("kgce/kg", "tce/t", 1.0),
    ("kgce/m³", "kgce/m**3", 1.0),
    ("tce/万kWh", "tce/kWh", 1e-4),
    ("GJ/t", "MJ/kg", 1.0),
    ("kJ/kg", "MJ/kg", 1e-3),
    ("kcal/kg", "kJ/kg", 4.1868),  # International Table calorie of Chinese energy statistics
    ("万tce", "tce", 1e4),
    ("亿kWh", "kWh", 1e8),
]


@pytest.mark.parametrize(("text", "plain", "factor"), FIELD)
def test_field_notation_parses(text: str, plain: str, factor: float) -> None:
    assert quantity(1.0, text).to(plain).magnitude == pytest.approx(factor, rel=1e-12)


def test_published_numbers_in_field_units() -> None:
    # raw coal 5,000 kcal/kg = 20.934 MJ/kg (4.1868 kJ/kcal; 0.7143 kgce/kg × 29.3076 MJ/kgce)
    assert quantity(5000, "kcal/kg").to("MJ/kg").magnitude == pytest.approx(20.934)
    # electricity 0.1229 kgce/kWh = 1.229 tce/万kWh
    ratio = quantity(0.1229, "kgce/kWh") / quantity(1, "tce/万kWh")
    assert ratio.to("dimensionless").magnitude == pytest.approx(1.229)
    # 1 亿kWh × national 2022 grid factor 0.5366 kgCO2/kWh = 53,660 t
    co2 = quantity(1, "亿kWh") * quantity(0.5366, "kgCO2/kWh")
    assert co2.to("t").magnitude == pytest.approx(53_660)
    assert field_expression("tce/万kWh") == "tce/(1e4*kWh)"


MAGNITUDE = st.floats(min_value=1e-6, max_value=1e9, allow_nan=False, allow_infinity=False)


@settings(deadline=None)  # the first call may parse a unit; no timing claim here
@given(value=MAGNITUDE, pair=st.sampled_from(FIELD))
def test_converter_is_linear_and_round_trips(value: float, pair: tuple[str, str, float]) -> None:
    text, plain, factor = pair
    there = quantity(value, text).to(plain).magnitude
    assert there == pytest.approx(value * factor, rel=1e-9)
    back = quantity(there, plain).to(quantity(1.0, text).units).magnitude
    assert back == pytest.approx(value * quantity(1.0, text).magnitude, rel=1e-9)


def test_wrong_dimension_names_the_expected_one() -> None:
    assert dimension_problem("carbon_content", "tC/TJ") is None
    assert dimension_problem("coal_coefficient", "tce/万kWh") is None
    msg = dimension_problem("ncv", "tC/TJ")
    assert msg and "mass per energy" in msg and "ncv expects energy per mass" in msg
    with pytest.raises(InputError, match="grid_factor expects mass per energy"):
        check_dimension("grid_factor", "GJ/t")


def test_carbon_and_co2_are_not_confused() -> None:
    # tC and tCO2 are both masses to pint (units.txt), so the dimension alone would take a CO2
    # factor per TJ as a carbon content and give 44/12 = 3.67 times the CO2. The unit text names
    # the species: a carbon content in CO2, or a CO2/grid factor in carbon, is refused.
    assert dimension_problem("carbon_content", "kg/GJ") is None  # no species named: as written
    assert dimension_problem("co2_factor", "tCO2/TJ") is None
    assert dimension_problem("grid_factor", "kgCO2/kWh") is None
    for unit in ("tCO2/TJ", "t CO2/TJ", "kgCO2e/GJ"):
        msg = dimension_problem("carbon_content", unit)
        assert msg and "a mass of CO2" in msg and "carbon_content expects carbon mass" in msg
    for parameter, unit in (
        ("co2_factor", "tC/TJ"),
        ("co2_factor", "t C/t"),
        ("grid_factor", "kgC/kWh"),
    ):
        msg = dimension_problem(parameter, unit)
        assert msg and "a mass of carbon" in msg and f"{parameter} expects a mass of CO2" in msg
    assert dimension_problem("coal_coefficient", "kgce/kg") is None  # ce is not carbon
    text = "fuel,parameter,value,unit,source\n原煤,carbon_content,96.1,tCO2/TJ,lab\n"
    with pytest.raises(InputError, match=r"row 2, unit: .*a mass of CO2"):
        read_user_factors(text, name="lab")


def test_user_file_row_with_the_wrong_dimension() -> None:
    text = (
        "fuel,parameter,value,unit,source\n"
        "原煤,carbon_content,26.37,t C/TJ,lab\n"  # the guideline's notation, with a space
        "原煤,ncv,20.9,tC/TJ,lab\n"  # wrong: an NCV in carbon per energy
    )
    with pytest.raises(InputError) as err:
        read_user_factors(text, name="lab")
    assert str(err.value).count("row ") == 1
    assert "row 3, unit" in str(err.value) and "ncv expects energy per mass" in str(err.value)


def test_factor_set_row_with_the_wrong_dimension() -> None:
    head = "id,parameter,fuel,variant,gas,sector,region,year_from,year_to,value,unit,tier\n"
    good = "s/coke/cc,carbon_content,coke,,C,,,,,29.5,tC/TJ,national\n"
    bad = "s/coke/ncv,ncv,coke,,,,,,,28.4,tC/GJ,national\n"
    assert len(parse_set(head + good, name="s")) == 1
    with pytest.raises(InputError, match=r"row 3, unit: .*ncv expects energy per mass"):
        parse_set(head + good + bad, name="s")
