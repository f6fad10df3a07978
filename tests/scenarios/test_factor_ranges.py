"""The Monte Carlo draws each burned fuel's CO2 factor from its sourced range (issue 11, point 7).

Ranges: 2006 IPCC Guidelines Vol. 2 ch. 1 Table 1.4 (95 % interval), as bundled in
``carbonpeak.factors`` (``factor_range``). Gas/Diesel Oil 74 100 (72 600–74 800) kg CO2/TJ.
"""

from __future__ import annotations

import numpy as np
import pytest

from carbonpeak.core.errors import InputError
from carbonpeak.factors import factor_range
from carbonpeak.scenarios.analysis.montecarlo import ppf, run_montecarlo, sample
from carbonpeak.scenarios.definition import loader
from carbonpeak.scenarios.definition.uncertainty import (
    CO2_FACTOR,
    factor_draws,
    spec,
    with_fuel_factors,
)
from carbonpeak.scenarios.model import Distribution
from carbonpeak.scenarios.projection import engine
from carbonpeak.scenarios.runs import runner
from tests.scenarios.helpers import SMALL

# the small test scenario with its industry burning diesel (80 %); its power plant burns raw coal
DIESEL = SMALL.replace("raw_coal: 80, electricity", "diesel: 80, electricity")


def diesel_scenario():
    s = loader.build("small", {"small": loader.read_source(DIESEL, "f.yaml")})
    return with_fuel_factors(s, engine.run(s).burned_fuels())


def test_split_normal_puts_the_bounds_at_2_5_and_97_5_percent() -> None:
    d = Distribution("split_normal", (72600 / 74100, 1.0, 74800 / 74100))
    lo, mid, hi = ppf(d, np.array([0.025, 0.5, 0.975])) * 74100
    # norm.ppf(0.975) = 1.959964 is the divisor itself: the bounds come back exactly
    assert (lo, mid, hi) == pytest.approx((72600, 74100, 74800), rel=1e-12)


def test_a_fuel_with_a_range_is_drawn_from_it_in_2000_draws() -> None:
    rng = factor_range("diesel", "co2_factor")
    assert rng is not None and (rng.default, rng.lower, rng.upper) == (74100, 72600, 74800)
    s = diesel_scenario()
    p = s.parameters["co2_factor_diesel"]
    assert p.value == 1.0 and p.distribution is not None
    assert p.distribution.kind == "split_normal"
    assert "Table 1.4" in p.source and "Gas/Diesel Oil" in p.source
    assert "co2_factor_raw_coal" not in s.parameters  # no sourced range: fallback
    factor = sample(s, 2000, seed=7)["co2_factor_diesel"][:, 0] * 74100  # kg CO2/TJ
    # tolerances ≈ 4 standard errors of the empirical quantile at n = 2000:
    # lower side sd = 1500/1.96 = 765 → ±200; upper side sd = 700/1.96 = 357 → ±100 kg/TJ
    assert np.quantile(factor, 0.025) == pytest.approx(72600, abs=200)
    assert np.quantile(factor, 0.975) == pytest.approx(74800, abs=100)
    assert np.median(factor) == pytest.approx(74100, abs=60)
    inside = np.mean((factor >= 72600) & (factor <= 74800))
    assert inside == pytest.approx(0.95, abs=0.02)  # binomial sd 0.005
    # one draw per fuel per run, the same in every year (an (N, 1) column)
    assert sample(s, 2000, seed=7)["co2_factor_diesel"].shape == (2000, 1)


def test_each_multiplier_acts_on_its_own_co2_by_hand() -> None:
    s = diesel_scenario()
    central = engine.run(s)
    diesel = central.co2_by_fuel["diesel"]
    coal = central.co2_by_fuel["raw_coal"]
    t = central.totals["territorial"]
    # no process CO2, no calibration: territorial CO2 = diesel + coal combustion
    assert t == pytest.approx(diesel + coal, rel=1e-12)
    up = engine.run(s, params={"co2_factor_diesel": 1.1})
    assert up.totals["territorial"] == pytest.approx(t + 0.1 * diesel, rel=1e-12)
    assert up.co2_by_fuel["diesel"] == pytest.approx(1.1 * diesel, rel=1e-12)
    # the fallback scales raw coal (no range) but not diesel, which has its own draw
    fb = engine.run(s, params={CO2_FACTOR: 1.2})
    assert fb.totals["territorial"] == pytest.approx(diesel + 1.2 * coal, rel=1e-12)


def test_the_run_says_which_fuel_used_which() -> None:
    s = diesel_scenario()
    draws = factor_draws(s, ["diesel", "raw_coal"])
    assert draws["diesel"]["parameter"] == "co2_factor_diesel"
    assert draws["diesel"]["range"] == "sourced"
    assert draws["raw_coal"]["parameter"] == CO2_FACTOR
    assert draws["raw_coal"]["range"] == "fallback"
    assert "原煤" in draws["raw_coal"]["source"]  # why: IPCC 2006 has no row for raw coal
    assert "Liu et al. 2015" in draws["raw_coal"]["source"]
    mc = run_montecarlo(s, lambda p: engine.run(s, params=p), draws=50, seed=1, tornado=False)
    assert "co2_factor_diesel" in mc.parameters and CO2_FACTOR in mc.parameters


def test_bundled_plan_run_lists_factor_draws_and_is_reproducible() -> None:
    a = runner.run_scenario("plan", draws=200, seed=3, sobol_n=0).as_json()["montecarlo"]
    b = runner.run_scenario("plan", draws=200, seed=3, sobol_n=0).as_json()["montecarlo"]
    assert a["p_peak_by"] == b["p_peak_by"] and a["fan_t"] == b["fan_t"]
    draws = a["factor_draws"]
    assert draws["diesel"]["parameter"] == "co2_factor_diesel"
    assert draws["natural_gas"]["parameter"] == "co2_factor_natural_gas"
    assert draws["raw_coal"]["parameter"] == CO2_FACTOR
    assert "co2_factor_diesel" in a["parameters"]
    assert "Table 1.4" in a["sources"]["co2_factor_diesel"]


def test_fallback_source_no_longer_claims_no_range_exists() -> None:
    src = spec().co2_factor.source
    assert "exposes no uncertainty range" not in src
    assert "carbonpeak.factors.factor_range" in src and "fallback" in src


def test_a_user_file_may_write_a_split_normal_in_order_only() -> None:
    bad = SMALL.replace(
        "distribution: {type: normal, mean: 10%, sd: 2%}",
        "distribution: {type: split_normal, low95: 12%, median: 10%, high95: 11%}",
    )
    with pytest.raises(InputError, match="low ≤"):
        loader.build("small", {"small": loader.read_source(bad, "f.yaml")})
    good = bad.replace("low95: 12%", "low95: 6%")
    s = loader.build("small", {"small": loader.read_source(good, "f.yaml")})
    assert s.parameters["g"].distribution == Distribution("split_normal", (0.06, 0.1, 0.11))
