"""The bundled Liupanshui scenarios: they build, start from the accounting engine's inventory,
read the plan's own numbers, label their assumptions, and give plausible peaks."""

from __future__ import annotations

import re

import numpy as np
import pytest

from carbonpeak.inventory.accounting.trace import Traced
from carbonpeak.scenarios.definition import loader, planlink
from carbonpeak.scenarios.definition.expressions import Num, parse
from carbonpeak.scenarios.runs import runner

NAMES = ("baseline", "plan", "enhanced")


@pytest.fixture(scope="module")
def reports() -> dict[str, dict]:
    return {n: runner.run_named(n) for n in NAMES}


def test_the_three_scenarios_and_their_chain() -> None:
    assert set(runner.scenario_names()) == set(NAMES)
    assert runner.load("enhanced").chain == ("baseline", "plan", "enhanced")


def test_base_year_equals_the_demo_inventory(reports) -> None:  # type: ignore[no-untyped-def]
    inv = runner.demo_inventory()
    totals = inv.totals[("520200", 2020)]
    energy = inv.energy[("520200", 2020)].total["calorific"]
    assert isinstance(energy, Traced)
    calorific = energy.value
    gas = {"CH4": 0.0, "N2O": 0.0, "CH4_fugitive": 0.0}
    for row in inv.rows_for("520200", 2020):
        if row.value is not None and row.scope == 1 and row.gas in gas:
            gas[row.gas] += row.value.value
            if row.family == "fugitive" and row.gas == "CH4":
                gas["CH4_fugitive"] += row.value.value
    assert gas["CH4_fugitive"] > 0  # 1.B.1.a is estimated (IPCC Tier 1), not NE
    pairs = {
        "territorial": "territorial",
        "regional_energy_co2": "regional_energy_co2",
        "co2e_gross": "co2e_gross_t",
        "co2e_net": "co2e_t",
    }
    for rep in reports.values():
        for name, inv_name in pairs.items():
            expected = totals.value(inv_name)
            assert rep["totals_t"][name][0] == pytest.approx(expected, rel=1e-12), name
        for g, value in gas.items():
            assert rep["emissions_by_gas_t"][g][0] == pytest.approx(value, rel=1e-12), g
        assert rep["energy_tce"]["calorific"][0] == pytest.approx(calorific, rel=1e-12)


def test_plan_numbers_come_from_the_parsed_plan() -> None:
    s = runner.load("plan")
    r = runner.project(s)
    i25, i30 = r.years.index(2025), r.years.index(2030)
    # 到2025年煤电装机容量约1300万千瓦，到2030年煤电装机容量约1400万千瓦
    assert r.capacity["coal"][i25] == pytest.approx(13.0)
    assert r.capacity["coal"][i30] == pytest.approx(14.0)
    # 光伏 300 → 400 万千瓦; 风电 95 → 120; 水电 130 → 120; 抽水蓄能 120 (2030)
    assert (r.capacity["solar"][i25], r.capacity["solar"][i30]) == pytest.approx((3.0, 4.0))
    assert (r.capacity["wind"][i25], r.capacity["wind"][i30]) == pytest.approx((0.95, 1.2))
    assert (r.capacity["hydro"][i25], r.capacity["hydro"][i30]) == pytest.approx((1.3, 1.2))
    assert r.capacity["pumped_storage"][i30] == pytest.approx(1.2)
    assert s.plan_refs["2.1.1-6:t1"] == ("power.technologies.coal.capacity",)
    text = planlink.bundled().meta["2.1.3-3:t2"]["text"]
    assert "9.6亿立方米" in text


def test_every_plan_reference_in_the_files_exists() -> None:
    known = planlink.bundled().quantities
    for src in loader.bundled_sources().values():
        text = src.filename and str(src.data)
        for ref in re.findall(r'plan\("([^"]+)"\)', text):
            assert ref in known, (src.filename, ref)


def _literals(node: object) -> list[float]:
    if isinstance(node, Num):
        return [node.value]
    out: list[float] = []
    for child in getattr(node, "args", ()) or ():
        out += _literals(child)
    for attr in ("left", "right", "operand"):
        if hasattr(node, attr):
            out += _literals(getattr(node, attr))
    return out


def test_assumptions_without_a_source_are_labelled_illustrative() -> None:
    for name in NAMES:
        s = runner.load(name)
        for v in s.variables():
            invented = (v.base not in (None, 0.0, 1.0)) or any(
                x not in (0.0, 1.0) and not 2000 <= x <= 2100  # years are schedule points
                for x in _literals(parse(v.text))
            )
            if invented and "plan(" not in v.text:
                assert v.illustrative or v.source, f"{name}: {v.path} ({v.where})"
    for src in loader.bundled_sources().values():
        for pname, spec in (src.data.get("parameters") or {}).items():
            assert spec.get("illustrative") or spec.get("source"), (src.filename, pname)
        assert src.data.get("illustrative"), src.filename


def test_peaks_are_plausible_against_published_studies(reports) -> None:  # type: ignore[no-untyped-def]
    # scenario_studies.md §2.2: coal-region baselines miss 2030. With merit-order dispatch the
    # plan's renewables push coal down to 2025, and demand growth brings it back after the
    # plan's levers stop (docs/scenario_studies.md compares this with the published studies)
    base, plan, enhanced = (reports[n]["peak"] for n in NAMES)
    assert not base["peaked_within_horizon"] or base["year"] > 2030
    e = {n: reports[n]["emissions_t"] for n in NAMES}
    i30 = reports["plan"]["years"].index(2030)
    assert e["enhanced"][i30] < e["plan"][i30] < e["baseline"][i30]
    assert enhanced["value_t"] <= plan["value_t"] < max(e["baseline"])


def test_targets_are_checked(reports) -> None:  # type: ignore[no-untyped-def]
    names_ = {t["name"] for t in reports["plan"]["targets"]}
    assert any("non-fossil" in n for n in names_)
    assert any("vs 2005" in n for n in names_)  # the demo inventory has 2005
    co2 = next(t for t in reports["plan"]["targets"] if "vs 2005" in t["name"])
    assert co2["met"] is not None and co2["required"] == -65.0
    share = [t for t in reports["enhanced"]["targets"] if "non-fossil" in t["name"]]
    assert share[1]["year"] == 2030 and share[1]["projected"] > share[0]["projected"]


def test_wedges_of_the_plan(reports) -> None:  # type: ignore[no-untyped-def]
    w = runner.lever_wedges("baseline", "plan")
    i = w["years"].index(2030)
    total = np.sum([v[i] for v in w["wedges_t"].values()]) + w["interaction_t"][i]
    assert total == pytest.approx(w["total_change_t"][i])
    assert w["total_change_t"][i] == pytest.approx(
        reports["plan"]["emissions_t"][i] - reports["baseline"]["emissions_t"][i]
    )
    assert "power.technologies.coal.capacity" in w["wedges_t"]


def test_end_year_2060() -> None:
    rep = runner.run_named("plan", end_year=2060)
    assert rep["years"][-1] == 2060 and len(rep["emissions_t"]) == 41


def test_districts_peak_in_order_and_add_up_to_the_city() -> None:
    data = runner.districts("plan")
    assert set(data["order"]) == {"520201", "520203", "520204", "520281"}
    years = [row["peak"]["year"] for row in data["districts"]]
    assert years == sorted(years)
    # the model is linear and each district is calibrated to its own inventory, whose sum is
    # the city's: the districts add up to the city run
    assert np.allclose(data["sum_of_districts_t"], data["city_t"], rtol=1e-9)
    inv = runner.demo_inventory()
    for row in data["districts"]:
        expected = inv.totals[(row["region"], 2020)].value("territorial")
        assert row["emissions_t"][0] == pytest.approx(expected, rel=1e-12)
