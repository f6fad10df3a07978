"""Time-series expressions: each function against hand-computed values, and properties."""

from __future__ import annotations

import contextlib
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carbonpeak.scenarios.definition.expressions import (
    Env,
    ExpressionError,
    evaluate,
    names,
    parse,
    plan_refs,
    to_text,
)

YEARS = np.arange(2020, 2031)
GDP = 100.0 * 1.1 ** (YEARS - 2020)


def run(text: str, base: float = 100.0, **series: object) -> np.ndarray:
    table = {"gdp": GDP, **series}

    def lookup(name: str) -> object:
        if name not in table:
            raise ExpressionError(f"unknown {name}")
        return table[name]

    return evaluate(parse(text), Env(YEARS, base, lookup, plan=lambda ref: {"t1": 13.0}[ref]))


def test_const_keeps_the_base_year() -> None:
    assert run("const(5)").tolist() == [100.0] + [5.0] * 10


def test_growth_compounds_from_the_base() -> None:
    out = run("growth(10%)")
    assert out[1] == pytest.approx(110.0)
    assert out[5] == pytest.approx(100 * 1.1**5)  # 161.051


def test_growth_with_periods() -> None:
    out = run("growth(10%, 2022, 5%)")
    # 2021: 100 × 1.1 = 110; 2022: 121; 2023: 121 × 1.05 = 127.05
    assert out[1:4].tolist() == pytest.approx([110.0, 121.0, 127.05])


def test_interp_is_linear_between_points_and_flat_after() -> None:
    out = run("interp(2025, 150, 2030, 100)")
    # 2020 → 2025: +10 a year; 2025 → 2030: −10 a year
    assert out.tolist() == pytest.approx([100, 110, 120, 130, 140, 150, 140, 130, 120, 110, 100])
    assert run("interp(2022, 80)")[-1] == pytest.approx(80.0)


def test_interp_ignores_points_before_the_base_year() -> None:
    assert run("interp(2015, 0, 2025, 150)")[5] == pytest.approx(150.0)


def test_step() -> None:
    assert run("step(2023, 50, 2027, 20)").tolist() == [100.0] * 3 + [50.0] * 4 + [20.0] * 4


def test_growth_as_is_leap_growthas() -> None:
    out = run("growth_as(gdp, 0.5)")
    # driver grows 10 %/yr → 0.5 × 10 % = 5 %/yr
    assert out[2] == pytest.approx(100 * 1.05 * 1.05)


def test_plan_base_year_arithmetic() -> None:
    assert run('plan("t1") * 2')[3] == pytest.approx(26.0)
    assert run("base * (1 - 0.01 * (year - 2020))")[10] == pytest.approx(90.0)
    assert run("min(base, 80)")[4] == 80.0
    assert run("-base + 3 * 2")[1] == pytest.approx(-94.0)


def test_vectorised_parameters() -> None:
    r = np.array([[0.05], [0.10]])
    out = run("growth(r)", r=r)
    assert out.shape == (2, 11)
    assert out[:, 1].tolist() == pytest.approx([105.0, 110.0])


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("grow(5%)", "unknown function 'grow'"),
        ("interp(2025)", "interp takes at least 2"),
        ("interp(2025, 1, 2030)", "pairs"),
        ("growth(1%, 2025)", "ending with a rate"),
        ("1 +", "ends too early"),
        ("3 $ 4", "unexpected character '$'"),
        ("plan(t1)", "quoted target id"),
        ("(1 + 2", "missing ')'"),
        ("", "empty expression"),
    ],
)
def test_syntax_errors_say_where(text: str, fragment: str) -> None:
    with pytest.raises(ExpressionError, match=None) as info:
        parse(text)
    assert fragment in str(info.value)


def test_runtime_errors() -> None:
    with pytest.raises(ExpressionError, match="division by zero"):
        run("base / 0")
    with pytest.raises(ExpressionError, match="years must increase"):
        run("interp(2030, 1, 2025, 2)")
    with pytest.raises(ExpressionError, match="whole number"):
        run("step(2025.5, 1)")


def test_names_and_plan_refs() -> None:
    node = parse('growth_as(gdp, e) * plan("2.1.1-6:t1") + base')
    assert names(node) == {"gdp", "e"}
    assert plan_refs(node) == {"2.1.1-6:t1"}


# ---------------------------------------------------------------- properties

_num = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


@st.composite
def expressions(draw: st.DrawFn, depth: int = 0) -> str:
    if depth > 2 or draw(st.booleans()):
        return draw(st.sampled_from(["base", "year", "gdp", repr(draw(_num))]))
    kind = draw(st.sampled_from(["bin", "neg", "growth", "interp", "paren"]))
    if kind == "bin":
        op = draw(st.sampled_from(["+", "-", "*"]))
        return f"{draw(expressions(depth + 1))} {op} {draw(expressions(depth + 1))}"
    if kind == "neg":
        return f"-{draw(expressions(depth + 1))}"
    if kind == "growth":
        return f"growth({draw(st.integers(0, 20))}%)"
    if kind == "interp":
        return f"interp(2025, {draw(expressions(depth + 1))})"
    return f"({draw(expressions(depth + 1))})"


@settings(max_examples=200, deadline=None)
@given(expressions())
def test_written_back_text_means_the_same(text: str) -> None:
    node = parse(text)
    again = parse(to_text(node))
    assert to_text(again) == to_text(node)
    with np.errstate(all="ignore"):
        a, b = run(text), run(to_text(node))
    assert np.allclose(a, b, equal_nan=True)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_any_text_parses_or_gives_an_expression_error(text: str) -> None:
    with contextlib.suppress(ExpressionError):
        parse(text)


@settings(max_examples=100, deadline=None)
@given(
    base=st.floats(min_value=0.1, max_value=1e6),
    rate=st.floats(min_value=-0.5, max_value=0.5),
)
def test_growth_is_closed_form(base: float, rate: float) -> None:
    out = run(f"growth({rate!r})", base=base)
    expected = base * (1 + rate) ** (YEARS - 2020)
    assert np.allclose(out, expected, rtol=1e-9)


@settings(max_examples=100, deadline=None)
@given(
    base=_num,
    points=st.lists(
        st.tuples(st.integers(2021, 2030), _num), min_size=1, max_size=4, unique_by=lambda p: p[0]
    ),
)
def test_interp_passes_through_its_points_and_stays_between_them(
    base: float, points: list[tuple[int, float]]
) -> None:
    points.sort()
    text = "interp(" + ", ".join(f"{y}, {v!r}" for y, v in points) + ")"
    out = run(text, base=base)
    for y, v in points:
        assert math.isclose(out[y - 2020], v, rel_tol=1e-9, abs_tol=1e-6)
    values = [base, *(v for _, v in points)]
    assert out.min() >= min(values) - 1e-6 and out.max() <= max(values) + 1e-6


def test_three_curves_with_the_same_end_points() -> None:
    # Sci. Rep. 2025 (Guizhou) Table 7: an intensity falling 27 % from 2.631 (2021) to 1.921
    # (2030) along an exponential and a linear path; both are one expression here
    years = np.arange(2021, 2031)
    env = Env(years, 2.631, lambda name: 0.0)
    rate = (1.921 / 2.631) ** (1 / 9) - 1  # constant yearly change over 9 steps
    exponential = evaluate(parse(f"growth({rate!r})"), env)
    linear = evaluate(parse("interp(2030, 1.921)"), env)
    assert exponential[-1] == pytest.approx(1.921) and linear[-1] == pytest.approx(1.921)
    assert linear[1] == pytest.approx(2.631 - (2.631 - 1.921) / 9)
    assert np.all(exponential[1:-1] < linear[1:-1])  # the exponential path is below the line


def test_uses_base() -> None:
    from carbonpeak.scenarios.definition.expressions import uses_base

    assert not uses_base(parse("gdp * share / 100"))
    assert uses_base(parse("base * 2")) and uses_base(parse("interp(2030, 5)"))
    assert uses_base(parse("max(growth(1%), 3)"))
