"""What the scenario pages and the overview's projection show (情景分析), from the scenario
runner (``carbonpeak.scenarios.run_scenario``: the typed run whose JSON is what
``POST /api/v1/scenarios/{name}/run`` returns with ``dataset`` set). The base year is the
inventory of the chosen (or the city default) activity dataset, as on the inventory page and
the overview, else the runner's bundled illustrative demo inventory. Runs are pure and deterministic
(fixed seed), so they are kept per process for the inventory they were made from.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from carbonpeak.inventory import Inventory, StoredInventory
from carbonpeak.scenarios import DEFAULT_METRIC, ScenarioRun, run_scenario, scenario_names
from carbonpeak.web.dataset_choice import Picker, is_illustrative

#: Monte Carlo draws of a scenario page (seed 0: the same figures every time).
DRAWS = 500
SEED = 0
#: Sobol base samples of a page (N·(2k+2) runs; the CLI's `scenario sensitivity` does N=512).
SOBOL_N = 64
#: The scenario whose path the overview projects.
OVERVIEW_SCENARIO = "plan"
_CACHE_SIZE = 32


@dataclass(frozen=True)
class Base:
    """The base-year inventory: a stored dataset (name, version) or the bundled demo."""

    inventory: Inventory | None
    dataset: str | None
    version: int | None
    illustrative: bool
    #: The dataset selector of the page (None without stored datasets).
    picker: Picker | None = None

    @property
    def label(self) -> str:
        if self.dataset is None:
            return ""
        return f"activity dataset {self.dataset} v{self.version}"


_cache: dict[tuple[int, str, str, int, int], tuple[Inventory | None, ScenarioRun]] = {}


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
    )


def run(
    b: Base, name: str, *, metric: str = DEFAULT_METRIC, draws: int = DRAWS, sobol_n: int = 0
) -> ScenarioRun:
    """The run of scenario ``name`` over base ``b`` (kept per process); Sobol indices with
    ``sobol_n`` base samples (0: none)."""
    key = (id(b.inventory), name, metric, draws, sobol_n)
    hit = _cache.get(key)
    if hit is not None and hit[0] is b.inventory:
        return hit[1]
    extra: dict[str, Any] = {}
    if b.inventory is not None:
        extra = {"inventory": b.inventory, "inventory_label": b.label}
    payload = run_scenario(
        name, draws=draws, seed=SEED, metric=metric, sobol_n=sobol_n if draws else 0, **extra
    )
    if len(_cache) >= _CACHE_SIZE:
        _cache.pop(next(iter(_cache)))
    _cache[key] = (b.inventory, payload)
    return payload


def names() -> list[str]:
    return scenario_names()
