"""IAMC-format export (the layout pyam reads): one row per (model, scenario, region, variable,
unit) with one column per year, as CSV or .xlsx (sheet ``data``).

Variable names follow the IAMC template where one exists (``Emissions|CO2``,
``Primary Energy``, ``Capacity|Electricity|Coal`` ...); the platform's own totals and sectors
are added under ``Emissions|CO2|<sector>`` and ``Emissions|CO2|Regional Energy``.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import Workbook

from carbonpeak.core.exports import csv_row, text_cells
from carbonpeak.scenarios.runs.report import ScenarioRun

MODEL = "carbonpeak"
COLUMNS = ("model", "scenario", "region", "variable", "unit")
_TECH = {
    "coal": "Coal",
    "cmm_gas": "Gas",
    "hydro": "Hydro",
    "wind": "Wind",
    "solar": "Solar",
    "pumped_storage": "Storage|Pumped Hydro",
    "new_storage": "Storage|Other",
}


def rows(run: ScenarioRun) -> list[list[Any]]:
    """IAMC rows of one run (:class:`~.report.ScenarioRun`)."""
    sc, region = run.scenario, run.region
    out: list[list[Any]] = []

    def add(variable: str, unit: str, values: list[float], factor: float = 1.0) -> None:
        out.append([MODEL, sc, region, variable, unit, *(v * factor for v in values)])

    totals = run.totals_t
    add("Emissions|CO2", "Mt CO2/yr", totals["territorial"], 1e-6)
    add("Emissions|CO2|Regional Energy", "Mt CO2/yr", totals["regional_energy_co2"], 1e-6)
    add("Emissions|Kyoto Gases", "Mt CO2-equiv/yr", totals["co2e_net"], 1e-6)
    add("Emissions|CH4", "Mt CH4/yr", run.emissions_by_gas_t["CH4"], 1e-6)
    for sector, values in run.emissions_by_sector_t.items():
        add(f"Emissions|CO2|{sector}", "Mt CO2/yr", values, 1e-6)
    add("Primary Energy", "Mt tce/yr", run.energy_tce["calorific"], 1e-6)
    add(
        "Primary Energy|Coal Equivalent Method",
        "Mt tce/yr",
        run.energy_tce["coal_equivalent"],
        1e-6,
    )
    for fuel, values in run.energy_by_fuel_tce.items():
        add(f"Primary Energy|{fuel}", "Mt tce/yr", values, 1e-6)
    for sector, values in run.final_energy_by_sector_tce.items():
        add(f"Final Energy|{sector}", "Mt tce/yr", values, 1e-6)
    for tech, values in run.capacity_gw.items():
        add(f"Capacity|Electricity|{_TECH.get(tech, tech)}", "GW", values)
    for tech, values in run.generation_kwh.items():
        add(f"Secondary Energy|Electricity|{_TECH.get(tech, tech)}", "TWh/yr", values, 1e-9)
    add("Trade|Secondary Energy|Electricity|Volume", "TWh/yr", run.net_import_kwh, 1e-9)
    add("Share|Non-fossil Primary Energy", "%", run.nonfossil_share_pct)
    return out


def to_csv(runs: list[ScenarioRun]) -> str:
    years = runs[0].years if runs else []
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow([*COLUMNS, *years])
    for run in runs:
        writer.writerows(csv_row(r) for r in rows(run))  # a "=…" text stays text
    return buf.getvalue()


def to_xlsx(runs: list[ScenarioRun]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "data"
    ws.append([*COLUMNS, *(runs[0].years if runs else [])])
    for run in runs:
        for row in rows(run):
            ws.append(row)
    note = wb.create_sheet("notes")
    for run in runs:
        note.append([run.scenario, run.illustrative, run.base_year_source])
    buf = io.BytesIO()
    text_cells(wb).save(buf)  # a "=…" text stays text
    return buf.getvalue()
