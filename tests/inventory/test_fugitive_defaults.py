"""Coal-mine methane with the IPCC 2006 Tier 1 defaults; a measured factor overrides them."""

from __future__ import annotations

import pytest

from carbonpeak.inventory.accounting.engine import calculate
from carbonpeak.inventory.accounting.result import Inventory
from tests.inventory.helpers import activity, measured

# 100 万吨 of coal from a high-gas mine and 1000 万立方米 of drained methane utilised, 钟山区 2020.
DATA = activity(
    ("520201", 2020, "1.B.1.a.i.1", "coal_output_high_gas", 100, "万吨"),
    ("520201", 2020, "1.B.1.a.i.1", "cmm_recovered", 1000, "万立方米"),
)
# Recovered volumes are normal m³ (0 °C, 101.325 kPa): ρ = 16.043 × 101.325 / (8.314462618 × 273.15)
RHO_KG_M3 = 16.043 * 101.325 / (8.314462618 * 273.15)  # ≈ 0.71577 kg/m³


def _ch4(inv: Inventory, category: str) -> float:
    rows = [
        r
        for r in inv.rows
        if r.region == "520201" and r.year == 2020 and r.category == category and r.gas == "CH4"
    ]
    assert len(rows) == 1, rows
    assert rows[0].value is not None
    return rows[0].value.value


def test_ipcc_tier1_defaults_net_of_recovery() -> None:
    inv = calculate(DATA)
    # mining: 1,000,000 t × 18 m³/t × 0.67 kg/m³ = 12,060 t CH4; minus 10,000,000 m³ × ρ
    recovered = 10_000_000 * RHO_KG_M3 / 1000
    assert _ch4(inv, "1.B.1.a.i.1") == pytest.approx(12_060 - recovered, rel=1e-6)
    # post-mining: 1,000,000 t × 2.5 m³/t × 0.67 kg/m³ = 1,675 t CH4
    assert _ch4(inv, "1.B.1.a.i.2") == pytest.approx(1_675, rel=1e-9)


def test_measured_factor_overrides_the_default() -> None:
    lab = measured(("coal_output_high_gas", "ch4_factor", 20.0, "kg/t"))
    inv = calculate(DATA, overrides=lab)
    # 1,000,000 t × 20 kg/t = 20,000 t CH4, minus the same recovery
    recovered = 10_000_000 * RHO_KG_M3 / 1000
    assert _ch4(inv, "1.B.1.a.i.1") == pytest.approx(20_000 - recovered, rel=1e-6)
