"""碳排放核算 Emission inventory: accounting core, reference inventories (CEADs), comparison.

Sub-packages: ``activity`` (活动数据: tidy files and energy balances parsed into records; stored,
versioned datasets and factor sets), ``accounting`` (the pure engine: records + factors -> an
inventory; explain, indicators, uncertainty), ``output`` (JSON tables, Excel export),
``reference`` (CEADs / Chen et al. 2020 reference inventories and the comparison), ``demo`` (the
ILLUSTRATIVE Liupanshui activity data). ``model`` holds the activity record they share, ``orm``
every table, ``api`` the one router, ``cli`` the ``carbonpeak inventory`` commands.

Other domains and the web use the names below only.
"""

from carbonpeak.inventory.accounting.combustion import compute as compute_combustion
from carbonpeak.inventory.accounting.context import Collector, Context, amount
from carbonpeak.inventory.accounting.electricity import scope2
from carbonpeak.inventory.accounting.energy import account
from carbonpeak.inventory.accounting.engine import calculate
from carbonpeak.inventory.accounting.fugitive import CH4_DENSITY_T_PER_M3, MINES
from carbonpeak.inventory.accounting.indicators import IndicatorTable, indicators
from carbonpeak.inventory.accounting.queries import district_check, explain
from carbonpeak.inventory.accounting.result import Inventory
from carbonpeak.inventory.accounting.sectors import categories
from carbonpeak.inventory.accounting.totals import FOSSIL_CH4, GROSS
from carbonpeak.inventory.accounting.trace import Traced
from carbonpeak.inventory.activity.service import StoredInventory, data_key
from carbonpeak.inventory.activity.service import compute as compute_inventory
from carbonpeak.inventory.activity.service import list_datasets as list_activity_datasets
from carbonpeak.inventory.activity.service import list_versions as list_activity_versions
from carbonpeak.inventory.default_dataset.service import DatasetChoice
from carbonpeak.inventory.default_dataset.service import get_default as get_default_dataset
from carbonpeak.inventory.default_dataset.service import resolve as resolve_dataset
from carbonpeak.inventory.default_dataset.service import set_default as set_default_dataset
from carbonpeak.inventory.demo.dataset import (
    DEMO_DATASET,
    ILLUSTRATIVE_NOTE,
    ILLUSTRATIVE_NOTE_EN,
    ILLUSTRATIVE_NOTE_ZH,
    demo_activity,
)
from carbonpeak.inventory.demo.published import Replacement, with_published_economy
from carbonpeak.inventory.demo.service import load_demo_activity
from carbonpeak.inventory.model import ActivityRecord
from carbonpeak.inventory.output.report import by_fuel as report_by_fuel
from carbonpeak.inventory.output.report import by_gas as report_by_gas
from carbonpeak.inventory.output.report import by_sector as report_by_sector
from carbonpeak.inventory.output.report import headline as report_headline
from carbonpeak.inventory.outputs.compare import OUTPUT_KINDS, activity_amounts, output_pairs
from carbonpeak.inventory.outputs.service import OutputCheck, reconcile_outputs
from carbonpeak.inventory.reference.compare import T_PER_MT, Comparison, platform_rows
from carbonpeak.inventory.reference.service import compare_with_reference, region_series
from carbonpeak.inventory.reference.service import list_datasets as list_reference_datasets
from carbonpeak.regions import (
    CITY,
    DistrictSum,
    factor_chain,
    members,
    regions,
)

__all__ = [
    "CH4_DENSITY_T_PER_M3",
    "CITY",
    "DEMO_DATASET",
    "FOSSIL_CH4",
    "GROSS",
    "ILLUSTRATIVE_NOTE",
    "ILLUSTRATIVE_NOTE_EN",
    "ILLUSTRATIVE_NOTE_ZH",
    "MINES",
    "OUTPUT_KINDS",
    "T_PER_MT",
    "ActivityRecord",
    "Collector",
    "Comparison",
    "Context",
    "DatasetChoice",
    "DistrictSum",
    "IndicatorTable",
    "Inventory",
    "OutputCheck",
    "Replacement",
    "StoredInventory",
    "Traced",
    "account",
    "activity_amounts",
    "amount",
    "calculate",
    "categories",
    "compare_with_reference",
    "compute_combustion",
    "compute_inventory",
    "data_key",
    "demo_activity",
    "district_check",
    "explain",
    "factor_chain",
    "get_default_dataset",
    "indicators",
    "list_activity_datasets",
    "list_activity_versions",
    "list_reference_datasets",
    "load_demo_activity",
    "members",
    "output_pairs",
    "platform_rows",
    "reconcile_outputs",
    "region_series",
    "regions",
    "report_by_fuel",
    "report_by_gas",
    "report_by_sector",
    "report_headline",
    "resolve_dataset",
    "scope2",
    "set_default_dataset",
    "with_published_economy",
]
