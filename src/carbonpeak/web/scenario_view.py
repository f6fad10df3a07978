"""What the scenario pages and the overview's projection show (情景分析), from the scenario
runner (``carbonpeak.scenarios.run_scenario``: the typed run whose JSON is what
``POST /api/v1/scenarios/{name}/run`` returns with ``dataset`` set). The base year is the
inventory of the chosen (or the city default) activity dataset, as on the inventory page and
the overview, else the runner's bundled illustrative demo inventory. Runs are pure and deterministic
(fixed seed), so they are cached by what they are made from (the dataset version, the scenario
and its settings) in the shared figure cache (``carbonpeak.core.shared``: Redis when
configured, so every server process computes each run once).

:func:`page_runs` lists the runs the pages make (the list, each scenario's page, the overview's
and cockpit's run); the routes and the start-up warming (``web/warm.py``) both use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from carbonpeak.core.shared import figure_cache
from carbonpeak.inventory import Inventory, StoredInventory, data_key
from carbonpeak.scenarios import DEFAULT_METRIC, ScenarioRun, run_scenario, scenario_names
from carbonpeak.web.dataset_choice import Picker, is_illustrative

#: Monte Carlo draws of a scenario page (seed 0: the same figures every time).
DRAWS = 500
SEED = 0
#: Sobol base samples of a page (N·(2k+2) runs; the CLI's `scenario sensitivity` does N=512).
SOBOL_N = 64
#: The scenario whose path the overview projects.
OVERVIEW_SCENARIO = "plan"
#: The overview's and cockpit's total (one run, with drivers, serves both pages).
OVERVIEW_METRIC = "territorial"


@dataclass(frozen=True)
class Base:
    """The base-year inventory: a stored dataset (name, version) or the bundled demo."""

    inventory: Inventory | None
    dataset: str | None
    version: int | None
    illustrative: bool
    #: The dataset selector of the page (None without stored datasets).
    picker: Picker | None = None
    #: What the runs are computed from (database, dataset version and its sha256, factors).
    data_key: tuple[Any, ...] = ("demo",)

    @property
    def label(self) -> str:
        if self.dataset is None:
            return ""
        return f"activity dataset {self.dataset} v{self.version}"


@dataclass(frozen=True)
class RunSpec:
    """The settings of one run a page shows."""

    name: str
    metric: str = DEFAULT_METRIC
    draws: int = DRAWS
    sobol_n: int = 0


def list_run(name: str, metric: str = DEFAULT_METRIC) -> RunSpec:
    """A row of the scenario list (Monte Carlo, no Sobol)."""
    return RunSpec(name, metric)


def page_run(name: str, metric: str = DEFAULT_METRIC) -> RunSpec:
    """A scenario's own page (with the Sobol drivers)."""
    return RunSpec(name, metric, sobol_n=SOBOL_N)


def overview_run() -> RunSpec:
    """The projection of the overview and the cockpit (one run, with drivers)."""
    return RunSpec(OVERVIEW_SCENARIO, OVERVIEW_METRIC, sobol_n=SOBOL_N)


def page_runs(name: str) -> list[RunSpec]:
    """The runs the pages make of scenario ``name`` at their default settings: what the
    start-up warming computes (``web/warm.py``)."""
    runs = [list_run(name), page_run(name)]
    if name == OVERVIEW_SCENARIO and overview_run() not in runs:
        runs.append(overview_run())
    return runs


def base(picked: tuple[Picker, StoredInventory] | None) -> Base:
    """The base of the dataset chosen by :func:`dataset_choice.choose` (None: the demo)."""
    if picked is None:
        return Base(None, None, None, True)
    picker, stored = picked
    return Base(
        stored.inventory,
        picker.dataset,
        stored.version.version,
        is_illustrative(picker.dataset, stored.version),
        picker,
        data_key(stored),
    )


def run(
    b: Base, name: str, *, metric: str = DEFAULT_METRIC, draws: int = DRAWS, sobol_n: int = 0
) -> ScenarioRun:
    """The run of scenario ``name`` over base ``b`` (cached); Sobol indices with ``sobol_n``
    base samples (0: none)."""
    return run_spec(b, RunSpec(name, metric, draws, sobol_n))


def run_spec(b: Base, spec: RunSpec) -> ScenarioRun:
    """The run ``spec`` over base ``b``, from the shared figure cache or computed."""

    def compute() -> ScenarioRun:
        extra: dict[str, Any] = {}
        if b.inventory is not None:
            extra = {"inventory": b.inventory, "inventory_label": b.label}
        return run_scenario(
            spec.name,
            draws=spec.draws,
            seed=SEED,
            metric=spec.metric,
            sobol_n=spec.sobol_n if spec.draws else 0,
            **extra,
        )

    return figure_cache().get_or_compute("scenario-run", (*run_key(b, spec),), compute)


def run_key(b: Base, spec: RunSpec) -> tuple[Any, ...]:
    """The cache key of run ``spec`` over base ``b``."""
    return (b.data_key, b.label, spec.name, spec.metric, spec.draws, spec.sobol_n, SEED)


def names() -> list[str]:
    return scenario_names()
