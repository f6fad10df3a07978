"""Step 3 of a projection, coal-mine methane (煤矿瓦斯, 1.B.1.a), counted as the inventory counts
it: coal output × Σ mine-class share × (mining + post-mining t CH4 per t) − methane utilised (and
flared) × t CH4 per m³, every factor obtained from the inventory engine (:mod:`.factors`)."""

from __future__ import annotations

from typing import Any

import numpy as np

from carbonpeak.core.errors import InputError
from carbonpeak.core.units import scale
from carbonpeak.scenarios.model import Fugitive, Scenario
from carbonpeak.scenarios.projection import factors as fx
from carbonpeak.scenarios.projection.calibration import Calibration
from carbonpeak.scenarios.projection.evaluator import Evaluator
from carbonpeak.scenarios.projection.result import Arr, sum_series


def account(scenario: Scenario, ev: Evaluator, cal: Calibration | None, notes: list[str]) -> Arr:
    """t CH4 of coal mining (never negative in a year), plus the calibration's visible
    ``other.fugitive`` residual held at its base-year size."""
    released_by_mine: list[Arr] = []
    for fg in scenario.fugitive:
        released = mine_ch4(fg, ev, cal)
        if np.any(released < 0):
            notes.append(
                f"{fg.key}: methane utilised exceeds methane released in some years; set to 0 there"
            )
        released_by_mine.append(np.maximum(released, 0.0))
    held = cal.other_ch4_fugitive if cal else 0.0
    return sum_series([*released_by_mine, held], ev.years)


def mine_ch4(fg: Fugitive, ev: Evaluator, cal: Calibration | None) -> Arr:
    """t CH4 of coal mining (mining + post-mining by mine class) less methane utilised."""
    region, y0 = ev.scenario.region, ev.scenario.base_year
    shares = (*fg.mines, *(cal.extra_mines.get(fg.key, ()) if cal else ()))
    if not shares:
        raise InputError(
            f"{fg.activity.where} fugitive.{fg.key}.mines: 需要矿井类型构成 / needs the coal "
            "output share of each mine class (percent), or a base-year inventory with coal output"
        )
    per_t: Any = 0.0
    given: Any = 0.0
    for m in shares:
        share = ev(m.share)
        given = given + share
        per_t = per_t + share / 100.0 * fx.mine_factor(m.kind, region, y0).total
    bad = np.abs(np.asarray(given) - 100.0) > 0.5
    if np.any(bad):
        year = int(ev.years[np.argmax(np.any(bad, axis=tuple(range(bad.ndim - 1))))])
        raise InputError(
            f"{fg.activity.where} fugitive.{fg.key}.mines: 矿井类型比例之和应为100% / mine "
            f"class shares must add up to 100 %; they do not in {year}"
        )
    output_t = ev(fg.activity) * scale((fg.activity.unit,), "t")
    drained_m3 = ev(fg.utilised) * scale((fg.utilised.unit,), "m**3")
    drained_m3 = drained_m3 + (cal.cmm_flared_m3 if cal else 0.0)
    return np.asarray(output_t * per_t - drained_m3 * fx.recovered_ch4_per_m3(region, y0))
