"""IPCC approach-1 uncertainty of totals: root-sum-square examples computed by hand, the JSON
report, the CLI command and the API (arithmetic written out)."""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from carbonpeak.core.errors import InputError
from carbonpeak.factors.library import gwp
from carbonpeak.factors.userfile import read_user_factors
from carbonpeak.inventory.accounting.engine import calculate
from carbonpeak.inventory.accounting.result import Inventory
from carbonpeak.inventory.accounting.trace import FactorUse, NotAvailable, Traced
from carbonpeak.inventory.accounting.uncertainty import (
    Defaults,
    combine_product,
    combine_sum,
    parse_defaults,
    parse_pairs,
    propagate,
    uncertainty,
)
from carbonpeak.inventory.cli import app
from carbonpeak.inventory.model import ActivityRecord
from carbonpeak.inventory.output.report import inventory_json
from tests.inventory.helpers import activity

ZS = "520201"
runner = CliRunner()

# Raw coal 1 万吨 with measured factors that carry their own uncertainty (activity 3 %, NCV 4 %,
# carbon content 12 %, oxidation 0 %): CO2 = 19,002.988488 t (see test_combustion).
#   U(coal) = √(3² + 4² + 12² + 0²) = √(9 + 16 + 144) = √169 = 13 %
# Diesel 1 万吨 in transport under provincial-2011 (NCV 42.652 GJ/t, CC 20.2 tC/TJ, OF 0.98):
#   CO2 = 30,959.09637 t; defaults activity 5 %, ncv 2 %, carbon_content 4 %, oxidation 1 %:
#   U(diesel) = √(5² + 2² + 4² + 1²) = √(25 + 4 + 16 + 1) = √46 = 6.782330 %
# Sum: U = √((13 × 19,002.988488)² + (√46 × 30,959.09637)²) / (19,002.988488 + 30,959.09637)
COAL, DIESEL = 19_002.988488, 30_959.09637333333
U_TOTAL = math.sqrt((13 * COAL) ** 2 + (46 * DIESEL**2)) / (COAL + DIESEL)
LAB = """fuel,parameter,value,unit,source,uncertainty_pct
原煤,ncv,20.908,GJ/t,lab report 2022-07,4
原煤,carbon_content,26.37,t/TJ,lab report 2022-07,12
原煤,oxidation,0.94,dimensionless,boiler test,0
"""
ACTIVITY = """region,year,sector,fuel,quantity,unit,source,note,uncertainty_pct
钟山区,2022,黑色金属冶炼和压延加工业,原煤,1,万吨,test,,3
钟山区,2022,交通运输、仓储和邮政业,柴油,1,万吨,test,,
"""
DEFAULTS = Defaults(5.0, {"ncv": 2.0, "carbon_content": 4.0, "oxidation": 1.0}, "test", False)


def _inventory() -> Inventory:
    records = activity(
        (ZS, 2022, "黑色金属冶炼和压延加工业", "原煤", 1, "万吨"),
        (ZS, 2022, "交通运输、仓储和邮政业", "柴油", 1, "万吨"),
    )
    records[0] = dataclasses.replace(records[0], uncertainty_pct=3.0)
    lab = read_user_factors(LAB, name="lab")
    return calculate(records, overrides=lab)


def test_combination_rules_by_hand() -> None:
    # product: √(3² + 4²) = 5; √(5² + 12²) = 13
    assert combine_product([3.0, 4.0]) == pytest.approx(5.0)
    assert combine_product([5.0, 12.0]) == pytest.approx(13.0)
    assert combine_product([]) == 0.0
    # sum: 100 t ± 10 % and 200 t ± 5 %: √(10² + 10²) = 14.142136 t over 300 t = 4.714045 %
    assert combine_sum([100.0, 200.0], [10.0, 5.0]) == pytest.approx(math.sqrt(200) / 300 * 100)
    assert combine_sum([100.0, 200.0], [10.0, 5.0]) == pytest.approx(4.714045, rel=1e-6)
    # a removal: +100 t ± 10 % and −40 t ± 20 %: √(1000² + 800²) / |60| = 1280.6248 / 60
    assert combine_sum([100.0, -40.0], [10.0, 20.0]) == pytest.approx(1280.6248 / 60, rel=1e-7)
    assert combine_sum([50.0, -50.0], [10.0, 10.0]) is None  # the sum is 0


def test_two_fuels_by_hand() -> None:
    inv = _inventory()
    u = uncertainty(
        inv,
        ZS,
        2022,
        "territorial",
        activity_pct=5.0,
        factor_pct=DEFAULTS.factor_pct,
        sourced=False,
    )  # the parameter defaults alone (the sourced ranges: test_sourced_ranges_*)
    assert not isinstance(u, NotAvailable)
    assert u.value == pytest.approx(COAL + DIESEL)
    assert u.complete and u.missing == ()
    rel = sorted(t.relative_pct or 0.0 for t in u.terms)
    assert rel == pytest.approx([math.sqrt(46), 13.0])
    # 13 × 19,002.988488 = 247,038.850344; √46 × 30,959.096373 = 209,974.807583
    # √(247,038.850344² + 209,974.807583²) = 324,218.465543; ÷ 49,962.084861 = 6.489290 %
    assert pytest.approx(6.489290, abs=1e-6) == U_TOTAL
    assert u.relative_pct == pytest.approx(U_TOTAL, rel=1e-9)
    assert u.absolute == pytest.approx(U_TOTAL / 100 * (COAL + DIESEL), rel=1e-9)


def test_missing_inputs_are_listed_and_left_out() -> None:
    inv = _inventory()
    # no defaults: the coal term is covered by its own records (13 %), diesel is not
    u = uncertainty(inv, ZS, 2022, "territorial")
    assert not isinstance(u, NotAvailable)
    assert not u.complete and len(u.missing) == 1
    assert "柴油" not in u.missing[0] and "diesel" in u.missing[0]
    assert "activity 520201/2022/1.A.3/diesel" in u.missing[0]
    # only the coal term is combined: 13 % of 19,002.988488 t
    assert u.relative_pct == pytest.approx(13.0)
    assert u.absolute == pytest.approx(0.13 * COAL)
    # a total that does not exist
    assert isinstance(uncertainty(inv, ZS, 2022, "scope2"), NotAvailable)


def test_a_record_id_default_beats_the_parameter_default() -> None:
    # diesel NCV comes from GB/T 2589 (provincial-2011): give that record 10 % by its id
    inv = _inventory()
    ncv_id = "gbt2589_2020/diesel/ncv"
    u = uncertainty(
        inv,
        ZS,
        2022,
        "territorial",
        activity_pct=5.0,
        factor_pct={**DEFAULTS.factor_pct, ncv_id: 10.0},
        sourced=False,
    )
    assert not isinstance(u, NotAvailable)
    # U(diesel) = √(5² + 10² + 4² + 1²) = √142
    diesel = next(t for t in u.terms if "diesel" in t.activity_ids[0])
    assert dict(diesel.inputs)[f"NCV {ncv_id}"] == 10.0
    assert diesel.relative_pct == pytest.approx(math.sqrt(142))


def test_co2e_terms_are_scaled_by_the_gwp() -> None:
    # A CO2e sum: CO2 100 t ± 10 % and 1 t CH4 × GWP 28 = 28 t CO2e ± 50 %.
    # U = √((10 × 100)² + (50 × 28)²) / 128 = √(1,000,000 + 1,960,000) / 128 = 1720.4651 / 128
    co2 = Traced(100.0, "t", "CO2", ("a",))
    ch4 = Traced(1.0, "t", "CH4", ("b",))
    gwp_use = FactorUse("GWP", gwp("CH4", "AR5"))  # 28, from gwp.csv
    co2e = Traced(28.0, "t", "CO2e = CH4 × GWP", factors=(gwp_use,), parts=(ch4,))
    tree = Traced(128.0, "t", "Σ", parts=(Traced(100.0, "t", "co2e of CO2", parts=(co2,)), co2e))
    recs = {
        "a": ActivityRecord("x", 2022, "", "raw_coal", None, uncertainty_pct=10.0),
        "b": ActivityRecord("x", 2022, "", "raw_coal", None, uncertainty_pct=50.0),
    }
    u = propagate(tree, recs)
    assert [t.value for t in u.terms] == pytest.approx([100.0, 28.0])
    assert u.relative_pct == pytest.approx(math.sqrt(1_000_000 + 1_960_000) / 128, rel=1e-12)
    assert u.relative_pct == pytest.approx(1720.4651 / 128, rel=1e-7)


def test_co2e_total_of_the_worked_example() -> None:
    # co2e_t of the coal alone (AR5): CO2 19,002.988488 t at 13 %;
    # CH4 2.0908 t × 28 = 58.5424 t CO2e and N2O 0.31362 t × 265 = 83.1093 t CO2e, each from
    # activity (3 %) × NCV (4 %) × IPCC factor: with ch4_factor 50 % and n2o_factor 100 % given,
    #   U(CH4) = √(3² + 4² + 50²) = √2525;  U(N2O) = √(3² + 4² + 100²) = √10025
    inv = _inventory()
    u = uncertainty(
        inv,
        ZS,
        2022,
        "co2e_gross_t",
        activity_pct=5.0,
        factor_pct={**DEFAULTS.factor_pct, "ch4_factor": 50.0, "n2o_factor": 100.0},
        sourced=False,
    )
    assert not isinstance(u, NotAvailable)
    coal_terms = {
        round(t.value, 4): t.relative_pct for t in u.terms if "raw_coal" in t.activity_ids[0]
    }
    assert coal_terms[round(COAL, 4)] == pytest.approx(13.0)
    assert coal_terms[58.5424] == pytest.approx(math.sqrt(2525))
    assert coal_terms[83.1093] == pytest.approx(math.sqrt(10025))
    # diesel: CO2 only (transport CH4/N2O are NE; see test_combustion) at √46 %
    expected = math.sqrt(
        (13 * COAL) ** 2
        + (math.sqrt(2525) * 58.5424) ** 2
        + (math.sqrt(10025) * 83.1093) ** 2
        + 46 * DIESEL**2
    ) / (COAL + 58.5424 + 83.1093 + DIESEL)
    assert u.relative_pct == pytest.approx(expected, rel=1e-6)


def test_defaults_parsing_names_the_field() -> None:
    d = parse_defaults({"activity_pct": 5, "factor_pct": {"ncv": 2}, "source": "IPCC"})
    assert d == Defaults(5.0, {"ncv": 2.0}, "IPCC")
    assert parse_pairs(["ncv=5", "cn_enterprise_guidelines/diesel/ncv=7"]) == {
        "ncv": 5.0,
        "cn_enterprise_guidelines/diesel/ncv": 7.0,
    }
    with pytest.raises(InputError, match="unknown field"):
        parse_defaults({"activity": 5})
    with pytest.raises(InputError, match=r"factor_pct\.ncv"):
        parse_defaults({"factor_pct": {"ncv": -1}})
    with pytest.raises(InputError, match="unknown parameter 'nvc'"):
        parse_defaults({"factor_pct": {"nvc": 1}})
    with pytest.raises(InputError, match="activity_pct"):
        parse_defaults({"activity_pct": "five"})
    with pytest.raises(InputError, match="PARAMETER=PCT"):
        parse_pairs(["ncv"])


def test_json_report_has_uncertainty_only_when_asked() -> None:
    inv = _inventory()
    plain = inventory_json(inv)
    assert "uncertainty" not in plain and "uncertainty" not in plain["inventories"][0]
    data = inventory_json(inv, uncertainty=DEFAULTS)
    terr = data["uncertainty"]["territorial"]
    assert terr["relative_pct"] == pytest.approx(U_TOTAL, rel=1e-9)
    assert terr["complete"] is True and terr["missing"] == [] and terr["terms"] == 2
    assert terr["interval"][0] == pytest.approx((COAL + DIESEL) * (1 - U_TOTAL / 100))
    assert data["uncertainty"]["scope2"]["relative_pct"] is None
    assert data["uncertainty"]["scope2"]["reason"]
    # CH4/N2O factors have no default here: co2e_gross_t is incomplete, and says which
    gross = data["uncertainty"]["co2e_gross_t"]
    assert gross["complete"] is False and gross["missing_count"] == 2
    assert any("ch4_factor" in m for m in gross["missing"])
    assert data["uncertainty_defaults"]["source"] == "test"
    assert "approach 1" in data["uncertainty_method"]
    used = {r["id"]: r["uncertainty_pct"] for r in data["factor_records"]}
    assert used["lab/row2/raw_coal/ncv"] == 4.0


def test_cli_uncertainty(tmp_path: Path) -> None:
    act, lab = tmp_path / "a.csv", tmp_path / "lab.csv"
    act.write_text(ACTIVITY, encoding="utf-8")
    lab.write_text(LAB, encoding="utf-8")
    spec = tmp_path / "defaults.json"
    spec.write_text(
        json.dumps(
            {
                "activity_pct": 5,
                "factor_pct": {"ncv": 2, "carbon_content": 9},
                "source": "test defaults",
            }
        ),
        encoding="utf-8",
    )
    args = [
        "uncertainty",
        "-i",
        str(act),
        "--factors",
        str(lab),
        "--defaults",
        str(spec),
        "--factor-pct",
        "carbon_content=4",
        "--factor-pct",
        "oxidation=1",
        "-t",
        "territorial",
        "--no-sourced-ranges",
    ]
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    (part,) = data["inventories"]
    assert list(part["uncertainty"]) == [
        "territorial"
    ]  # the command line's 4 % beat the file's 9 %
    assert part["uncertainty"]["territorial"]["relative_pct"] == pytest.approx(U_TOTAL, rel=1e-9)
    assert data["defaults"]["source"] == "test defaults; command line"
    table = runner.invoke(app, args)
    assert table.exit_code == 0 and "6.49" in table.output
    bad = runner.invoke(app, ["uncertainty", "-i", str(act), "--factor-pct", "ncv=-3"])
    assert bad.exit_code != 0 and "ncv=-3" in str(bad.exception)
    bad = runner.invoke(app, ["uncertainty", "-i", str(act), "-t", "everything"])
    assert bad.exit_code != 0 and "everything" in str(bad.exception)


def test_api_calc_and_stored_dataset(client: TestClient, make_user: Callable[..., str]) -> None:
    rows = [
        {
            "region": "钟山区",
            "year": 2022,
            "sector": "交通运输、仓储和邮政业",
            "fuel": "柴油",
            "quantity": 1,
            "unit": "万吨",
            "uncertainty_pct": 5,
        },
    ]
    body = {
        "rows": rows,
        "uncertainty": {
            "factor_pct": {"ncv": 2, "carbon_content": 4, "oxidation": 1},
            "sourced_ranges": False,
        },
    }
    response = client.post("/api/v1/inventory/calc", json=body)
    assert response.status_code == 200, response.text
    terr = response.json()["uncertainty"]["territorial"]
    assert terr["relative_pct"] == pytest.approx(math.sqrt(46))  # √(5² + 2² + 4² + 1²)
    body["uncertainty"] = {"factor_pct": {"ncv": -2}}
    assert client.post("/api/v1/inventory/calc", json=body).status_code == 422
    admin = make_user("admin")
    upload = client.post(
        "/api/v1/inventory/import",
        files={"file": ("a.csv", ACTIVITY.encode(), "text/csv")},
        data={"dataset": "u"},
        headers={"Authorization": f"Bearer {admin}"},
    )
    assert upload.status_code == 201, upload.text
    got = client.get(
        "/api/v1/inventory/uncertainty",
        headers={"Authorization": f"Bearer {admin}"},
        params={
            "dataset": "u",
            "activity_pct": 5,
            "factor_pct": ["ncv=2", "carbon_content=4", "oxidation=1"],
            "sourced_ranges": False,
        },
    )
    assert got.status_code == 200, got.text
    (part,) = got.json()["inventories"]
    # stored without the lab factors: coal uses the provincial-2011 chain (NCV, carbon content,
    # oxidation): coal (its row says activity 3 %) √(3² + 2² + 4² + 1²) = √30 %, diesel √46 %:
    # U = √(30 × COAL² + 46 × DIESEL²) / (COAL + DIESEL) = 4.690681 %
    terr = part["uncertainty"]["territorial"]
    assert terr["complete"] is True and terr["missing_count"] == 0
    expected = math.sqrt(30 * COAL**2 + 46 * DIESEL**2) / (COAL + DIESEL)
    assert expected == pytest.approx(4.690681, abs=1e-6)
    assert terr["relative_pct"] == pytest.approx(expected)
    bad = client.get(
        "/api/v1/inventory/uncertainty",
        params={"dataset": "u", "factor_pct": "x=1"},
        headers={"Authorization": f"Bearer {admin}"},
    )
    assert bad.status_code == 422


def test_doctests_of_the_combination_rules() -> None:
    import doctest
    import importlib

    module = importlib.import_module("carbonpeak.inventory.accounting.uncertainty")
    assert doctest.testmod(module).failed == 0


def test_city_rolled_up_from_its_districts() -> None:
    # 1 万吨 raw coal in each of the four districts: 19,002.988488 t each (provincial-2011).
    # activity 10 %, NCV 2 %, carbon content 4 %, oxidation 1 %: each term √121 = 11 %
    # city: √(4 × (11 × C)²) / (4 × C) = 2 × 11 / 4 = 5.5 %
    districts = ("520201", "520203", "520204", "520281")
    inv = calculate(activity(*[(d, 2022, "1.A.2.a", "原煤", 1, "万吨") for d in districts]))
    u = uncertainty(
        inv,
        "520200",
        2022,
        activity_pct=10.0,
        factor_pct={"ncv": 2.0, "carbon_content": 4.0, "oxidation": 1.0},
    )
    assert not isinstance(u, NotAvailable) and u.complete and len(u.terms) == 4
    assert u.value == pytest.approx(4 * COAL)
    assert u.relative_pct == pytest.approx(5.5)


# Sourced ranges (factors/data/ipcc2006_uncertainty.csv): IPCC 2006 Vol. 2 ch. 1
#   Table 1.2 Gas/Diesel Oil NCV 43.0 (41.4-43.3) TJ/Gg: max(0.3, 1.6) / 43.0 = 3.720930 %
#   Table 1.4 Gas/Diesel Oil CO2 74,100 (72,600-74,800) kg/TJ: max(700, 1500) / 74,100 = 2.024291 %
#   Table 1.2 Anthracite 26.7 (21.6-32.2): max(5.5, 5.1) / 26.7 = 20.599251 %
U_NCV_DIESEL, U_EF_DIESEL = 1.6 / 43.0 * 100, 1500 / 74_100 * 100


def test_sourced_ranges_from_the_ipcc_tables() -> None:
    from carbonpeak.factors import factor_range, load_set, why_not_available

    assert factor_range("diesel", "ncv").relative_pct == pytest.approx(3.720930, abs=1e-6)  # type: ignore[union-attr]
    assert factor_range("diesel", "co2_factor").relative_pct == pytest.approx(2.024291, abs=1e-6)  # type: ignore[union-attr]
    assert factor_range("anthracite", "ncv").relative_pct == pytest.approx(20.599251, abs=1e-6)  # type: ignore[union-attr]
    cc = factor_range("diesel", "carbon_content")
    assert cc is not None and "ASSUMED" in cc.citation and "Table 1.4" in cc.citation
    assert factor_range("raw_coal", "ncv") is None
    assert "原煤" in why_not_available("raw_coal", "ncv")
    assert "oxidation factor to 1" in why_not_available("diesel", "oxidation")
    # cross-check: every range's default is the default the ipcc2006 set ships (EFDB export)
    ipcc = {(r.fuel, r.parameter): r.value for r in load_set("ipcc2006").records}
    from carbonpeak.factors import factor_ranges

    for rng in factor_ranges():
        fuel, parameter = rng.fuel, rng.parameter
        assert rng.lower < rng.default < rng.upper or rng.default == rng.upper
        if parameter != "carbon_content":
            assert ipcc[(fuel, parameter)] == pytest.approx(rng.default), (fuel, parameter)


def test_sourced_ranges_come_before_parameter_defaults() -> None:
    # diesel under provincial-2011 (GB/T 2589 NCV, guideline carbon content and oxidation):
    # activity 5 %, NCV 3.720930 % and carbon content 2.024291 % from the IPCC ranges,
    # oxidation has no range: the parameter default 1 % (a user guess) fills it.
    #   U = √(5² + 3.720930² + 2.024291² + 1²) = √(25 + 13.845321 + 4.097755 + 1) = 6.628958 %
    inv = _inventory()
    u = uncertainty(
        inv, ZS, 2022, "territorial", activity_pct=5.0, factor_pct={"ncv": 2.0, "oxidation": 1.0}
    )
    assert not isinstance(u, NotAvailable)
    diesel = next(t for t in u.terms if "diesel" in t.activity_ids[0])
    assert diesel.relative_pct == pytest.approx(6.628958, abs=1e-6)
    assert diesel.relative_pct == pytest.approx(
        math.sqrt(25 + U_NCV_DIESEL**2 + U_EF_DIESEL**2 + 1), rel=1e-12
    )
    cited = dict(u.ranges)
    assert "Table 1.2" in cited["gbt2589_2020/diesel/ncv"]
    assert "Gas/Diesel Oil 43 (41.4–43.3) TJ/Gg" in cited["gbt2589_2020/diesel/ncv"]
    assert "Table 1.4" in cited["cn_provincial_guideline_2011/diesel/carbon_content"]


def test_ipcc_method_uses_both_tables_and_raw_coal_says_why_not() -> None:
    # ipcc-2006: diesel = activity × NCV (Table 1.2) × CO2 factor (Table 1.4):
    #   U = √(5² + 3.720930² + 2.024291²) = √42.943076 = 6.553097 %
    records = activity(
        (ZS, 2022, "交通运输、仓储和邮政业", "柴油", 1, "万吨"),
        (ZS, 2022, "黑色金属冶炼和压延加工业", "原煤", 1, "万吨"),
    )
    inv = calculate(records, method="ipcc-2006")
    u = uncertainty(inv, ZS, 2022, "territorial", activity_pct=5.0)
    assert not isinstance(u, NotAvailable)
    diesel = next(t for t in u.terms if "diesel" in t.activity_ids[0])
    assert diesel.relative_pct == pytest.approx(6.553097, abs=1e-6)
    # raw coal: IPCC has no 原煤 row, and no parameter default was given: not covered, with why
    assert not u.complete
    (line,) = [m for m in u.missing if "raw_coal" in m]
    assert "IPCC 2006 has no row for China's aggregate 原煤" in line
    data = inventory_json(inv, uncertainty=Defaults(5.0))
    terr = data["uncertainty"]["territorial"]
    assert {r["record"] for r in terr["ranges"]} == {
        "ipcc2006/diesel/ncv",
        "ipcc2006/diesel/co2_factor",
    }
    assert data["uncertainty_defaults"]["sourced_ranges"] is True


def test_cli_lists_the_ranges_and_what_has_none() -> None:
    result = runner.invoke(app, ["uncertainty-ranges", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    diesel = next(r for r in data["ranges"] if r["fuel"] == "diesel" and r["parameter"] == "ncv")
    assert (diesel["lower"], diesel["default"], diesel["upper"]) == (41.4, 43.0, 43.3)
    assert diesel["table"] == "Table 1.2" and diesel["volume"] == 2 and diesel["chapter"] == 1
    assert diesel["relative_pct"] == pytest.approx(3.7209, abs=1e-4)
    assert any(r["fuel"] == "raw_coal" for r in data["not_available"])
    text = runner.invoke(app, ["uncertainty", "-i", "-"], input="")  # no file: a clear error
    assert text.exit_code != 0


def test_table_1_4_defaults_are_table_1_3_times_44_over_12() -> None:
    # The carbon-content range is Table 1.4's relative range (ASSUMED: Table 1.4 = Table 1.3 ×
    # 44/12 with oxidation 1). The shipped defaults bear it out for every fuel with a range:
    # e.g. anthracite 26.8 kgC/GJ × 44/12 = 98.27 → 98,300 kg/TJ; natural gas 15.3 → 56.1 → 56,100.
    from carbonpeak.factors import factor_ranges, load_set

    ipcc = {(r.fuel, r.parameter): r.value for r in load_set("ipcc2006").records}
    fuels = {r.fuel for r in factor_ranges()}
    for fuel in fuels:
        from_cc = ipcc[(fuel, "carbon_content")] * 44 / 12 * 1000  # kgC/GJ → kgCO2/TJ
        assert from_cc == pytest.approx(ipcc[(fuel, "co2_factor")], rel=0.003), fuel
