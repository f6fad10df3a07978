"""Complete, two-sided uncertainty (issue 12, point 2): lever delivery, continuation after 2030,
correlations, both totals, P(target met)."""

from __future__ import annotations

import numpy as np
import pytest

from carbonpeak.scenarios.analysis.montecarlo import sample
from carbonpeak.scenarios.runs import runner


def test_delivery_and_continuation_by_hand() -> None:
    s = runner.load("plan")
    assert s.parameters["delivery_solar"].distribution is not None
    i25, i30, i35 = (2025 - 2020, 2030 - 2020, 2035 - 2020)
    # plan PV 3.0 GW (2025) → 4.0 GW (2030); baseline interp(2030, 2.5) from 1.8 GW
    half = runner.project(s, {"delivery_solar": 0.5, "lever_continuation": 0.0})
    assert half.capacity["solar"][i30] == pytest.approx(2.5 + 0.5 * (4.0 - 2.5))
    stop = runner.project(s, {"lever_continuation": 0.0})
    assert stop.capacity["solar"][i35] == pytest.approx(4.0)  # c = 0: the 2030 cliff
    go = runner.project(s, {"lever_continuation": 1.0})
    # c = 1: the 2025-2030 addition of 0.2 GW/yr continues: 4.0 + 5 × 0.2
    assert go.capacity["solar"][i35] == pytest.approx(5.0)
    assert go.capacity["solar"][i25] == pytest.approx(3.0)
    central = runner.project(s)  # stated rule: c = 0.5
    assert central.capacity["solar"][i35] == pytest.approx(4.5)


def test_draws_are_two_sided_and_correlated() -> None:
    s = runner.load("plan")
    d = sample(s, 20000, 5)
    assert (d["efficiency_gain"] > 0).any() and (d["efficiency_gain"] < -0.03).any()
    assert d["delivery_solar"].min() >= 0.5 and d["delivery_solar"].max() <= 1.1
    rho = np.corrcoef(d["gdp_growth_2025"][:, 0], d["gdp_growth_2030"][:, 0])[0, 1]
    assert rho == pytest.approx(0.6, abs=0.03)
    assert "Liu et al. 2015" in s.parameters["co2_factor"].source


def test_montecarlo_reports_both_totals_and_targets() -> None:
    run = runner.run_scenario("plan", draws=400, seed=2).as_json()["montecarlo"]
    for total in ("territorial", "regional_energy_co2"):
        by = run["p_peak_by"][total]
        assert set(by) == {"2025", "2030", "2035"}
        assert by["2025"] <= by["2030"] <= by["2035"]
        assert sum(run["peak_year_distribution"][total].values()) == pytest.approx(1.0)
    met = run["p_target_met"]
    assert 0.0 <= met["nonfossil_share_2025"] <= 1.0
    assert {"nonfossil_share_2030", "solar_capacity_2030"} <= set(met)
    # a PV target is met only where the PV lever is (almost) fully delivered
    assert met["solar_capacity_2030"] < 0.5


def test_montecarlo_with_no_draws_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from carbonpeak.cli import main

    monkeypatch.setattr("sys.argv", ["carbonpeak", "scenario", "montecarlo", "plan", "-n", "0"])
    with pytest.raises(SystemExit) as info:
        main()
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "--draws must be at least 1" in err and "Traceback" not in err
