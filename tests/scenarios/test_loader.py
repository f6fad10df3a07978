"""Scenario files: inheritance, and errors that name the file, line and key."""

from __future__ import annotations

import pytest

from carbonpeak.core.errors import InputError
from carbonpeak.scenarios.definition import loader
from tests.scenarios.helpers import CHILD, SMALL, small, sources


def test_root_scenario_builds() -> None:
    s = small()
    assert s.chain == ("small",)
    assert [b.key for b in s.demand] == ["industry"]
    assert s.power.technologies[0].capacity.unit == "GW"
    assert s.parameters["g"].value == pytest.approx(0.10)
    assert s.parameters["g"].distribution is not None
    assert s.demand[0].intensity.unit == "tce/(1e4 yuan)"  # 万元 inside a compound unit


def test_child_overrides_only_what_it_writes() -> None:
    s = small(CHILD, name="greener")
    parent = small()
    assert s.chain == ("small", "greener")
    assert s.parent == "small"
    assert s.demand[0].intensity.text == "interp(2030, base * 0.5)"
    assert s.demand[0].intensity.unit == parent.demand[0].intensity.unit  # inherited
    assert s.demand[0].intensity.base == 1.0  # inherited
    assert s.demand[0].intensity.where == "f1.yaml:5"  # where the override is written
    assert s.demand[0].activity == parent.demand[0].activity


def test_grandchild_walks_the_whole_chain() -> None:
    grand = "scenario: g2\nparent: greener\nparameters:\n  g: 5%\n"
    s = small(CHILD, grand, name="g2")
    assert s.chain == ("small", "greener", "g2")
    assert s.parameters["g"].value == pytest.approx(0.05)
    assert s.parameters["g"].distribution is not None  # inherited from small
    assert s.demand[0].intensity.text.startswith("interp")


def _error(text: str, name: str | None = None) -> str:
    with pytest.raises(InputError) as info:
        if name is None:
            loader.build(
                loader.read_source(text, "bad.yaml").name,
                {loader.read_source(text, "bad.yaml").name: loader.read_source(text, "bad.yaml")},
            )
        else:
            loader.build(name, sources(text))
    return str(info.value)


def test_unknown_key_names_line_and_key() -> None:
    text = SMALL.replace("    categories:", "    categoris:")
    msg = _error(text)
    assert "bad.yaml line 12, demand.industry.categoris: 未知键 / unknown key" in msg


def test_bad_expression_names_line_and_key() -> None:
    msg = _error(CHILD.replace("interp(2030, base * 0.5)", "interp(2030, base * )"), "greener")
    assert "f1.yaml line 5, demand.industry.intensity.expr" in msg
    assert "unexpected ')'" in msg


def test_unknown_name_in_expression() -> None:
    msg = _error(SMALL.replace("growth(g)", "growth(gg)"))
    assert "bad.yaml line 9, key_assumptions.gdp.expr" in msg and "unknown name(s) gg" in msg


def test_percent_literal_in_a_percent_variable_is_refused() -> None:
    child = "scenario: c\nparent: small\npower:\n  own_use: 'interp(2030, 4%)'\n"
    msg = _error(child, "c")
    assert "f1.yaml line 4, power.own_use.expr" in msg and "write 6 for 6 %" in msg


def test_duplicate_key_and_yaml_syntax() -> None:
    assert "bad.yaml line 4, region: 重复 / duplicate key" in _error(
        SMALL.replace("base_year: 2020", 'region: "x"\nbase_year: 2020')
    )
    with pytest.raises(InputError, match=r"x.yaml line 2, \(file\): YAML"):
        loader.read_source("a: [1,\nb: 2", "x.yaml")


def test_unknown_parent_and_cycle() -> None:
    msg = _error("scenario: orphan\nparent: nobody\n", "orphan")
    assert "f1.yaml line 2, parent: 未知父情景 / unknown parent 'nobody'" in msg
    a = loader.read_source("scenario: a\nparent: b\n", "a.yaml")
    b = loader.read_source("scenario: b\nparent: a\n", "b.yaml")
    with pytest.raises(InputError, match="cycle: a → b → a"):
        loader.build("a", {"a": a, "b": b})


def test_missing_root_keys_and_bad_distribution() -> None:
    msg = _error("scenario: empty\n")
    assert "region: 缺少 / missing" in msg
    msg = _error(SMALL.replace("type: normal, mean: 10%, sd: 2%", "type: gamma"))
    assert (
        "bad.yaml line 7, parameters.g.distribution.type: 未知分布 / unknown distribution 'gamma'"
        in msg
    )


def test_unknown_fuel_and_unit() -> None:
    msg = _error(SMALL.replace("raw_coal: 80", "rawcoal: 80"))
    assert "demand.industry.fuels.rawcoal: 未知燃料" in msg
    msg = _error(SMALL.replace("unit: GW, base: 1}", "unit: GWW, base: 1}"))
    assert "power.technologies.coal.capacity.unit" in msg and "unknown unit 'GWW'" in msg


def test_mapping_source_has_paths_without_lines() -> None:
    src = loader.source_from_mapping(
        {"scenario": "c", "parent": "small", "demand": {"industry": {"intensity": "bogus("}}}
    )
    with pytest.raises(InputError) as info:
        loader.build("c", {**sources(), "c": src})
    assert "<request> demand.industry.intensity.expr" in str(info.value)


def test_distribution_kinds_in_a_file() -> None:
    child = """\
scenario: d
parent: small
parameters:
  g:
    value: 5%
    distribution: {type: choice, values: [4%, 5%, 6%], weights: [1, 2, 1]}
  h: {value: 1, distribution: {type: lognormal, mean: 1, sd: 0.2}}
  k: {value: 1, distribution: {type: triangular, low: 0, mode: 1, high: 3}}
key_assumptions:
  gdp: "growth(g * h * k)"
"""
    s = small(child, name="d")
    g = s.parameters["g"].distribution
    assert g is not None and g.kind == "choice"
    assert g.args == pytest.approx((0.04, 0.05, 0.06)) and g.weights == (1.0, 2.0, 1.0)
    bad = child.replace("weights: [1, 2, 1]", "weights: [1, 2]").replace("high: 3", "high: -1")
    msg = _error(bad, "d")
    assert "f1.yaml line 6, parameters.g.distribution.weights" in msg
    assert "parameters.k.distribution: 应满足 low ≤ (mode ≤) high" in msg


def test_remainder_override_and_percent_base() -> None:
    child = "scenario: r\nparent: small\ndemand:\n  industry:\n    fuels:\n"
    child += "      raw_coal: remainder\n      electricity: 20\n"
    s = small(child, name="r")
    shares = {f.fuel: f.share for f in s.demand[0].fuels}
    assert shares["raw_coal"] is None and shares["electricity"] is not None
    msg = _error("scenario: p\nparent: small\npower:\n  own_use: {base: '5%'}\n", "p")
    assert "power.own_use.base" in msg and "not 6%" in msg


def test_misspelt_parameter_override_fails_with_the_nearest_name() -> None:
    child = "scenario: c\nparent: small\nparameters:\n  gg: 5%\n"
    msg = _error(child, "c")
    assert "f1.yaml line 4, parameters.gg: 未知键 / unknown key" in msg
    assert "did you mean 'g'?" in msg


def test_misspelt_branch_in_a_child_fails_with_the_nearest_name() -> None:
    child = "scenario: c\nparent: small\ndemand:\n  industri:\n    intensity: base\n"
    msg = _error(child, "c")
    assert "f1.yaml line 4, demand.industri: 未知键 / unknown key" in msg
    assert "did you mean 'industry'?" in msg
    tech = "scenario: c\nparent: small\npower:\n  technologies:\n    hydra: {hours: 3000}\n"
    assert "did you mean 'hydro'?" in _error(tech, "c")


def test_unknown_key_names_the_nearest_valid_key() -> None:
    msg = _error(SMALL.replace("    categories:", "    categoris:"))
    assert "did you mean 'categories'?" in msg


def test_a_user_scenario_needs_a_title() -> None:
    user = loader.read_source("scenario: mine\nparent: plan\n", "mine.yaml")
    with pytest.raises(InputError, match=r"mine\.yaml line 1, title: 缺少标题"):
        loader.sources_with(user)
    titled = loader.read_source("scenario: mine\ntitle: 我的\nparent: plan\n", "mine.yaml")
    assert "mine" in loader.sources_with(titled)


def test_an_overridden_lever_keeps_its_target_in_the_check() -> None:
    from carbonpeak.scenarios.runs import runner

    user = loader.read_source(
        "scenario: mine\ntitle: 少装光伏\nparent: plan\npower:\n  technologies:\n"
        "    solar:\n      capacity: 'interp(2030, 2.0)'\n",
        "mine.yaml",
    )
    run = runner.run_scenario("mine", custom=user)
    solar = [t for t in run.targets if t.name.startswith("solar capacity")]
    # plan 2.1.2-4: 光伏 300万千瓦 (2025) and 400万千瓦 (2030): both still checked, now missed
    assert [t.year for t in solar] == [2025, 2030]
    assert [t.required for t in solar] == pytest.approx([3.0, 4.0])
    assert all(t.met is False for t in solar)
    assert run.years and solar[1].projected == pytest.approx(2.0)
