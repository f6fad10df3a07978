"""Peak, Monte Carlo, target checks and wedges on hand-built paths and the small model."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from carbonpeak.core.errors import InputError
from carbonpeak.scenarios.analysis.montecarlo import draw, run_montecarlo, sample
from carbonpeak.scenarios.analysis.peak import peak, peak_years
from carbonpeak.scenarios.analysis.targets import check_targets
from carbonpeak.scenarios.analysis.wedges import levers, wedges
from carbonpeak.scenarios.model import Distribution
from carbonpeak.scenarios.projection import engine
from tests.scenarios.helpers import CHILD, small

YEARS = list(range(2025, 2033))


def test_peak_plateau_and_rising() -> None:
    values = [90, 95, 99, 100, 99.5, 98.1, 97, 90]  # 2025 … 2032
    p = peak(YEARS, values)
    assert (p.year, p.value, p.peaked) == (2028, 100.0, True)
    # within 2 % of 100: ≥ 98 → 2027 (99), 2028, 2029 (99.5), 2030 (98.1)
    assert p.plateau == (2027, 2028, 2029, 2030)
    assert p.rising_in is False  # 2030 (98.1) < 2029 (99.5)
    assert peak(YEARS, [1, 2, 3, 4, 5, 6, 7, 8]).peaked is False
    assert peak(YEARS, [1, 2, 3, 4, 5, 6, 7, 8]).rising_in is True


def test_peak_years_vectorised() -> None:
    v = np.array([[1, 3, 2], [5, 4, 3], [1, 2, 3]])
    years, values = peak_years([2020, 2021, 2022], v)
    assert years.tolist() == [2021, 2020, 2022]
    assert values.tolist() == [3, 5, 3]


def test_distributions() -> None:
    rng = np.random.default_rng(1)
    assert draw(Distribution("uniform", (2.0, 4.0)), 1000, rng).min() >= 2.0
    tri = draw(Distribution("triangular", (0.0, 1.0, 4.0)), 20000, rng)
    assert tri.mean() == pytest.approx((0 + 1 + 4) / 3, abs=0.05)  # mean of a triangle
    logn = draw(Distribution("lognormal", (10.0, 2.0)), 50000, rng)
    assert logn.mean() == pytest.approx(10.0, rel=0.02) and logn.std() == pytest.approx(
        2.0, rel=0.05
    )
    choice = draw(Distribution("choice", (1.0, 2.0), (3.0, 1.0)), 20000, rng)
    assert set(np.unique(choice)) == {1.0, 2.0}
    assert (choice == 1.0).mean() == pytest.approx(0.75, abs=0.02)


def test_montecarlo_is_reproducible_and_vectorised() -> None:
    s = small()
    calls: list[int] = []

    def project(params):  # type: ignore[no-untyped-def]
        calls.append(1)
        return engine.run(s, params=params)

    a = run_montecarlo(s, project, draws=500, seed=7, metric="territorial")
    b = run_montecarlo(s, project, draws=500, seed=7, metric="territorial")
    assert a.as_dict() == b.as_dict()
    assert len(calls) == 4  # one run for the draws, one for the tornado, each time
    # GDP growth ~ N(10 %, 2 %): emissions grow in (almost) every draw → no peak by 2030
    assert a.p_peak_by_2030 == pytest.approx(0.0, abs=0.01)
    assert a.peak_year_quantiles["p50"] == 2030
    assert sample(s, 3, 7)["g"].shape == (3, 1)
    c = run_montecarlo(s, project, draws=500, seed=8, metric="territorial")
    assert c.fan["p50"] != a.fan["p50"]
    assert a.tornado[0]["parameter"] == "g"
    with pytest.raises(InputError, match="draws must be"):
        sample(s, 0, 1)


def test_montecarlo_probability_of_a_known_peak() -> None:
    # growth 10 % until 2025, then g; intensity −3 %/yr: emissions fall after 2025 iff
    # (1 + g) × 0.97 < 1, i.e. g < 3.09 %. With g ~ U(0 %, 6.18 %) that is half the draws.
    child = """\
scenario: u
parent: small
parameters:
  g: {value: 3%, distribution: {type: uniform, low: 0%, high: 6.18%}}
key_assumptions:
  gdp: "growth(10%, 2025, g)"
demand:
  industry:
    intensity: "growth(-3%)"
"""
    full = small(child, name="u")
    # only g is uncertain here (no lever delivery, continuation or factor uncertainty)
    s = replace(full, parameters={"g": full.parameters["g"]}, levers={})
    mc = run_montecarlo(
        s, lambda p: engine.run(s, params=p), draws=4000, seed=3, metric="territorial"
    )
    assert mc.p_peak_by_2030 == pytest.approx(0.5, abs=0.03)


def test_target_checks() -> None:
    s = small()
    r = engine.run(s)
    checks = {(c.name[:8], c.year): c for c in check_targets(r, s)}
    nonfossil_2030 = checks[("非化石能源消费比", 2030)]
    assert nonfossil_2030.required == 25.0
    assert nonfossil_2030.projected == pytest.approx(float(r.indicator("nonfossil_share")[-1]))
    assert nonfossil_2030.met is False
    co2 = next(c for c in checks.values() if "2005" in c.name)
    assert co2.met is None and "2005" in co2.reason
    # with a 2005 intensity of 3 × the 2030 value: −66.7 % ≤ −65 % → met
    i2030 = float(r.indicator("co2_intensity")[-1])
    co2 = next(c for c in check_targets(r, s, intensity_2005=3 * i2030) if "2005" in c.name)
    assert co2.projected == pytest.approx((1 / 3 - 1) * 100) and co2.met is True
    energy = next(c for c in check_targets(r, s) if "energy intensity" in c.name)
    ei = r.indicator("energy_intensity")
    assert energy.projected == pytest.approx((ei[5] / ei[0] - 1) * 100)
    # industry holds 1 tce/万元 but the power plants' fuel stays flat while GDP grows
    assert energy.projected is not None
    assert energy.projected < -13.0 and energy.met is True


def test_wedges_are_with_minus_without() -> None:
    ref, new = small(), small(CHILD, name="greener")
    assert levers(ref, new) == ["demand.industry.intensity"]
    w = wedges(ref, new, lambda s: engine.run(s), metric="territorial")
    expected = engine.run(new).totals["territorial"] - engine.run(ref).totals["territorial"]
    assert np.allclose(w["wedges_t"]["demand.industry.intensity"], expected)
    assert np.allclose(w["interaction_t"], 0.0)
    # 2030: intensity halves, so industry CO2 halves: −0.5 × 0.8 × 100 亿元 × 1.1^10 …
    coal_2030 = 0.8 * 1e6 * 1.1**10
    assert w["wedges_t"]["demand.industry.intensity"][-1] == pytest.approx(
        -0.5 * coal_2030 * 1.9003 / 0.7143
    )
