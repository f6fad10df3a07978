"""IPCC 2006 Vol. 2 ch. 1 defaults and 95 % bounds, each checked against a second source.

Published numbers are written here with their table; the second sources are
``factors/data/ipcc2006_efdb.csv`` (the IPCC EFDB export, EF IDs) for the defaults of Tables 1.2,
1.3 and 1.4, and a second transcription of Table 1.2 (page 1.18) for five fuels' NCV bounds."""

from __future__ import annotations

import pytest

from carbonpeak.core.bundled import csv_rows
from carbonpeak.factors import factor_range, factor_ranges, load_set

# 2006 IPCC Guidelines Vol. 2 ch. 1, Table 1.2 (NCV, TJ/Gg), Table 1.3 (carbon content, kg C/GJ)
# and Table 1.4 (default CO2 factor, kg/TJ, oxidation 1), as in the IPCC EFDB ("2006 IPCC
# default" rows; EF IDs in ipcc2006_efdb.csv, e.g. Anthracite 117466 / 117519 / 117627).
PUBLISHED = {
    #                  Table 1.2  Table 1.3  Table 1.4
    "anthracite": (26.7, 26.8, 98_300),
    "bituminous_coal": (25.8, 25.8, 94_600),  # Other Bituminous Coal
    "coking_coal": (28.2, 25.8, 94_600),
    "lignite": (11.9, 27.6, 101_000),
    "coke": (28.2, 29.2, 107_000),  # Coke Oven Coke and Lignite Coke
    "coke_oven_gas": (38.7, 12.1, 44_400),
    "natural_gas": (48.0, 15.3, 56_100),
    "crude_oil": (42.3, 20.0, 73_300),
    "gasoline": (44.3, 18.9, 69_300),  # Motor Gasoline
    "diesel": (43.0, 20.2, 74_100),  # Gas/Diesel Oil (EFDB: Gas Oil and Diesel Oil rows)
    "kerosene": (43.8, 19.6, 71_900),  # Other Kerosene
    "fuel_oil": (40.4, 21.1, 77_400),  # Residual Fuel Oil
    "lpg": (47.3, 17.2, 63_100),
}
PARAMETERS = ("ncv", "carbon_content", "co2_factor")


def test_the_ipcc_set_equals_the_efdb_export_for_tables_1_2_1_3_1_4() -> None:
    efdb: dict[tuple[str, str], set[float]] = {}
    for row in csv_rows("carbonpeak.factors", "data", "ipcc2006_efdb.csv"):
        efdb.setdefault((row["fuel"], row["parameter"]), set()).add(float(row["value"]))
        assert "CityCatalyst" in row["source"] and row["efdb_id"].isdigit()
    shipped = {
        (r.fuel, r.parameter): r.value
        for r in load_set("ipcc2006").records
        if r.parameter in PARAMETERS and not r.variant and not r.sector
    }
    for fuel, values in PUBLISHED.items():
        for parameter, published in zip(PARAMETERS, values, strict=True):
            assert efdb[(fuel, parameter)] == {published}, (fuel, parameter)
            assert shipped[(fuel, parameter)] == pytest.approx(published), (fuel, parameter)


@pytest.mark.parametrize("fuel", sorted(PUBLISHED))
def test_table_1_3_times_44_12_gives_table_1_4(fuel: str) -> None:
    # Table 1.4 = Table 1.3 × 44/12 × 1000 (oxidation 1), to Table 1.4's 3 significant digits:
    # the basis on which a Table 1.4 relative range is applied to a carbon content.
    _, carbon, co2 = PUBLISHED[fuel]
    assert float(f"{carbon * 44 / 12 * 1000:.3g}") == co2


# Table 1.2 (page 1.18) NCV with the 95 % interval, TJ/Gg, as the second transcription quotes it.
SECOND_TRANSCRIPTION = {
    "natural_gas": (48.0, 46.5, 50.4),
    "diesel": (43.0, 41.4, 43.3),
    "gasoline": (44.3, 42.5, 44.8),
    "lpg": (47.3, 44.8, 52.2),
    "fuel_oil": (40.4, 39.8, 41.7),
}


def test_bounds_confirmed_by_two_transcriptions_are_marked() -> None:
    marks = {(r.fuel, r.parameter): r for r in factor_ranges() if not r.derived}
    confirmed = {key for key, r in marks.items() if r.bounds == "CONFIRMED"}
    assert confirmed == {(fuel, "ncv") for fuel in SECOND_TRANSCRIPTION}
    for fuel, (default, lower, upper) in SECOND_TRANSCRIPTION.items():
        rng = marks[(fuel, "ncv")]
        assert (rng.default, rng.lower, rng.upper) == (default, lower, upper)
        assert rng.page == "1.18" and "70869994136" in rng.second_source
        assert "bounds CONFIRMED" in rng.citation
    single = [r for key, r in marks.items() if key not in confirmed]
    assert len(single) == 13 and all(r.bounds == "SINGLE-SOURCE" for r in single)
    assert all(r.second_source for r in marks.values())
    # the carbon-content range is still a transfer of Table 1.4's (Table 1.3 bounds not seen)
    cc = factor_range("diesel", "carbon_content")
    assert cc is not None and "ASSUMED" in cc.derived and cc.bounds == "SINGLE-SOURCE"
    assert cc.as_json()["bounds"] == "SINGLE-SOURCE"
