"""Accounting methods (核算方法) through the engine, the command line and the API: one method per
calculation, overrides named, unknown names refused with a one-line message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from carbonpeak.core.errors import InputError
from carbonpeak.factors import DEFAULT_METHOD, FactorBook, find_method, methods
from carbonpeak.inventory.accounting.engine import calculate
from carbonpeak.inventory.cli import app
from carbonpeak.inventory.output.report import inventory_json
from tests.inventory.helpers import activity, measured

ZS = "520201"
runner = CliRunner()
ACTIVITY = "region,year,sector,fuel,quantity,unit\n钟山区,2022,1.A.2.a,原煤,1000,t\n"


def test_the_methods_and_the_default() -> None:
    assert list(methods()) == ["provincial-2011", "ndrc-enterprise", "ipcc-2006", "ceads"]
    assert DEFAULT_METHOD == find_method(None).name == "provincial-2011"
    prov = find_method("provincial-2011")
    assert prov.sets_for("ncv")[0] == "gbt2589_2020"
    assert prov.sets_for("carbon_content")[0] == "cn_provincial_guideline_2011"
    assert prov.sets_for("grid_factor")[0] == "cn_grid_factors"  # shared rows (method *)
    assert find_method("ipcc-2006").co2_paths[0] == "energy_factor"
    with pytest.raises(InputError, match=r"unknown method 'ipcc-2019'.*expected one of"):
        find_method("ipcc-2019")


def test_the_book_answers_from_the_methods_documents_only() -> None:
    nd = FactorBook(method="ndrc-enterprise")
    res = nd.lookup("coke", "ncv")
    assert not isinstance(res, Exception)
    assert res.record.id == "cn_enterprise_guidelines/coke/ncv" and res.filled == ""
    prov = FactorBook()
    res = prov.lookup("coke", "ncv")
    assert not isinstance(res, Exception) and res.record.id == "gbt2589_2020/coke/ncv"


def test_an_override_wins_per_parameter_and_is_named() -> None:
    # a measured oxidation 0.90 for raw coal replaces only the oxidation:
    # 1,000 t × 20.908 GJ/t × 26.37 tC/TJ × 0.90 × 44/12 = 1,819.4244 t
    lab = measured(("raw_coal", "oxidation", 0.90, "dimensionless"))
    inv = calculate(activity((ZS, 2022, "1.A.2.a", "raw_coal", 1000, "t")), overrides=lab)
    row = inv.row(ZS, 2022, "1.A.2.a", "CO2")
    assert row and row.value
    assert row.value.value == pytest.approx(20.908 * 26.37 * 0.90 * 44 / 12, rel=1e-12)
    assert inv.factor_sets[0] == "lab"
    assert any(n.startswith("override: oxidation of raw_coal = 0.9") for n in inv.notes)
    ids = [f.record.id for f in row.value.parts[0].factors]
    assert "lab/raw_coal/oxidation/0" in ids
    assert "cn_provincial_guideline_2011/raw_coal/carbon_content" in ids
    data = inventory_json(inv)
    assert data["method"] == "provincial-2011" and data["notes"] == list(inv.notes)
    assert {"totals", "rows", "factor_sets", "factor_records"} <= set(data)


def test_cli_method_option_and_listing(tmp_path: Path) -> None:
    act = tmp_path / "a.csv"
    act.write_text(ACTIVITY, encoding="utf-8")
    out = runner.invoke(app, ["calc", "-i", str(act), "--method", "ndrc-enterprise", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["method"] == "ndrc-enterprise"
    # raw coal is not in the enterprise table: GB/T 2589 NCV and the provincial guideline fill it
    assert any("gbt2589_2020 fills the gap" in n for n in data["notes"])
    default = json.loads(runner.invoke(app, ["calc", "-i", str(act), "--json"]).output)
    assert default["method"] == "provincial-2011"
    bad = runner.invoke(app, ["calc", "-i", str(act), "--method", "nope"])
    assert bad.exit_code != 0 and "unknown method 'nope'" in str(bad.exception)
    listing = json.loads(runner.invoke(app, ["methods", "--json"]).output)
    assert listing["default"] == "provincial-2011" and len(listing["methods"]) == 4
    table = runner.invoke(app, ["methods"])
    assert table.exit_code == 0 and "ndrc-enterprise" in table.output and "ncv" in table.output


def test_api_method_field(client: TestClient) -> None:
    got = client.get("/api/v1/inventory/methods").json()
    assert got["default"] == "provincial-2011"
    rows = [{"region": "钟山区", "year": 2022, "sector": "1.A.2.a", "fuel": "原煤",
             "quantity": 1000, "unit": "t"}]  # fmt: skip
    ok = client.post("/api/v1/inventory/calc", json={"rows": rows, "method": "ipcc-2006"})
    assert ok.status_code == 200 and ok.json()["method"] == "ipcc-2006"
    bad = client.post("/api/v1/inventory/calc", json={"rows": rows, "method": "x"})
    # the method is an enum in the schema: the 4xx names the field and the methods there are
    assert bad.status_code == 422
    assert "body.method" in bad.text and "'provincial-2011'" in bad.text and "'ceads'" in bad.text


def test_a_stored_version_keeps_its_method(db_url: str) -> None:
    from carbonpeak.db.session import session_scope
    from carbonpeak.inventory.activity import service

    data = ACTIVITY.encode()
    with session_scope(db_url) as db:
        service.import_activity(
            db_session=db, name="m", data=data, filename="a.csv", actor="t", method="ipcc-2006"
        )
        with pytest.raises(InputError, match="unknown method 'ipcc'"):
            service.import_activity(
                db_session=db, name="m", data=data, filename="a.csv", actor="t", method="ipcc"
            )
    with session_scope(db_url) as db:
        stored = service.compute(db_session=db, dataset="m")
        assert stored.inventory.method == "ipcc-2006"
        assert stored.about()["stored_method"] == "ipcc-2006"
        # recomputed under another method on request, the stored setting unchanged
        other = service.compute(db_session=db, dataset="m", method="provincial-2011")
        assert other.inventory.method == "provincial-2011"
        assert other.about()["stored_method"] == "ipcc-2006"
        assert other.about()["method"] == "provincial-2011"
