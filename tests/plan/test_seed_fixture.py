"""The parser against the hand-checked fixture for the bundled Liupanshui plan.

``fixtures/liupanshui_expected.yaml`` was written by reading the plan text, not by running
the parser; every count and value in it can be checked against the line numbers it cites.
"""

from __future__ import annotations

import re
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

from carbonpeak.plan.model import Plan
from carbonpeak.plan.reading.parser import parse_text

FIXTURE = Path(__file__).parent / "fixtures" / "liupanshui_expected.yaml"


@pytest.fixture(scope="module")
def expected() -> dict[str, Any]:
    return yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def plan() -> Plan:
    text = (resources.files("carbonpeak.data") / "liupanshui_carbon_peak_plan_2023.txt").read_text(
        encoding="utf-8"
    )
    return parse_text(text)


def test_title_and_actions(plan: Plan, expected: dict[str, Any]) -> None:
    assert plan.title == expected["title"]
    assert {a: plan.node(a).title for a in plan.actions} == expected["actions"]
    assert len(plan.actions) == 11  # the text says 十大行动 but lists eleven


def test_tasks_per_action_and_section(plan: Plan, expected: dict[str, Any]) -> None:
    per_action = Counter(plan.action_of(t.node) for t in plan.tasks)
    assert {a: per_action[a] for a in expected["tasks_per_action"]} == expected["tasks_per_action"]
    per_section = Counter(t.node.split(".")[0] for t in plan.tasks)
    for section, count in expected["tasks_per_section"].items():
        assert per_section[str(section)] == count
    assert per_section["1"] == 0  # 总体要求 holds aims, not tasks
    assert len(plan.tasks) == sum(expected["tasks_per_action"].values()) + sum(
        expected["tasks_per_section"].values()
    )


def test_sample_tasks(plan: Plan, expected: dict[str, Any]) -> None:
    by_id = {t.id: t for t in plan.tasks}
    assert len(expected["sample_tasks"]) >= 25
    for sample in expected["sample_tasks"]:
        task = by_id[sample["id"]]
        assert task.lead_units == sample["lead"], sample["id"]
        assert task.responsible_units == sample.get("responsible", []), sample["id"]
        if "title" in sample:
            assert task.title == sample["title"], sample["id"]
        if "kind" in sample:
            assert task.kind == sample["kind"], sample["id"]


def test_default_units_from_standing_clause(plan: Plan) -> None:
    by_id = {t.id: t for t in plan.tasks}
    # 以下重点任务除特别注明外均需各市(特区、区)人民政府,六盘水高新区管委会落实
    assert by_id["2.1.1-1"].default_units == ["各市(特区、区)人民政府", "六盘水高新区管委会"]
    assert by_id["2.10.4-1"].default_units == ["各市(特区、区)人民政府", "六盘水高新区管委会"]
    assert by_id["3.1-1"].default_units == []  # the clause covers the key tasks only


def test_every_fixture_target_is_found(plan: Plan, expected: dict[str, Any]) -> None:
    assert len(expected["targets"]) >= 60
    unmatched = list(plan.targets)
    for e in expected["targets"]:
        match = next(
            (
                t
                for t in unmatched
                if t.task == e["task"]
                and t.year == e["year"]
                and t.value == pytest.approx(e["value"])
                and t.unit == e["unit"]
            ),
            None,
        )
        assert match is not None, f"not found: {e}"
        unmatched.remove(match)
        assert match.comparator == e["comparator"], (match.id, e)
        assert match.aspirational is e["aspirational"], (match.id, e)
        assert e["indicator"] in match.indicator, (match.id, match.indicator, e)
        assert match.base_year == e.get("base_year"), match.id
        assert match.change == e.get("change"), match.id
        assert match.value_max == e.get("value_max"), match.id
    assert unmatched == [], "targets the reader did not see: " + str(
        [(t.id, t.indicator, t.value) for t in unmatched]
    )


def test_benchmarks(plan: Plan, expected: dict[str, Any]) -> None:
    got = sorted(
        (b.process, b.value, b.unit, b.comparator, b.aspirational) for b in plan.benchmarks
    )
    want = sorted(
        (e["process"], float(e["value"]), e["unit"], e["comparator"], e["aspirational"])
        for e in expected["benchmarks"]
    )
    assert got == want


def test_not_targets(plan: Plan, expected: dict[str, Any]) -> None:
    for snippet in expected["not_targets"]:
        bare = re.sub(r"\([^)]*\)", "", snippet)
        numbers = {float(n) for n in re.findall(r"\d+(?:\.\d+)?", bare)}
        for item in [*plan.targets, *plan.benchmarks]:
            if bare and bare in item.source_text:
                assert item.value not in numbers, (snippet, item.id, item.indicator)


def test_unit_warnings(plan: Plan) -> None:
    messages = " ".join(w.message for w in plan.warnings)
    assert "事教育局" in messages and "市教育局" in messages  # reported with the suggestion
    task = next(t for t in plan.tasks if t.id == "2.1.2-1")
    assert "事教育局" in task.responsible_units  # kept as written, not guessed
    assert any(w.code == "unit_empty" and w.location == "2.6.3-1" for w in plan.warnings)


def test_quantities_are_normalised(plan: Plan) -> None:
    pv = next(t for t in plan.targets if t.indicator == "光伏发电装机容量" and t.year == 2025)
    assert pv.quantity is not None
    assert pv.quantity.unit == "gigawatt"
    assert pv.quantity.magnitude == pytest.approx(3.0)  # 300 万千瓦 = 3 GW
    gas = next(t for t in plan.targets if t.indicator == "煤矿瓦斯年抽采量")
    assert gas.quantity is not None and gas.quantity.magnitude == pytest.approx(1.6e9)  # m³
