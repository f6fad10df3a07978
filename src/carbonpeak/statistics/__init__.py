"""Published statistics (统计公报/统计年鉴数据) of the city, its districts and the province, each
value with its source: the indicator catalogue (``model``), the values (``values``: reader,
coverage, versioned imports), and reconciliation of published against derived figures
(``reconcile``).

Low in the layers (below inventory, above regions/audit/auth/db), so inventory, scenarios and
tracking can read published GDP, population and product outputs through these names.
"""

from carbonpeak.statistics.derived.prices import DerivedValue, constant_price_gdp
from carbonpeak.statistics.derived.share import InputShare, input_share
from carbonpeak.statistics.model import (
    STATUSES,
    Indicator,
    PublishedValue,
    Source,
    get_indicator,
    in_catalogue_unit,
    indicators,
    unit_fits,
)
from carbonpeak.statistics.reconcile import Pair, district_pairs, pairs
from carbonpeak.statistics.values.coverage import CoverageCell, coverage
from carbonpeak.statistics.values.read import bundled_values, read_values, value_record
from carbonpeak.statistics.values.service import (
    ImportResult,
    StoredValue,
    current_values,
    import_bundled,
    import_values,
    list_values,
)

__all__ = [
    "STATUSES",
    "CoverageCell",
    "DerivedValue",
    "ImportResult",
    "Indicator",
    "InputShare",
    "Pair",
    "PublishedValue",
    "Source",
    "StoredValue",
    "bundled_values",
    "constant_price_gdp",
    "coverage",
    "current_values",
    "district_pairs",
    "get_indicator",
    "import_bundled",
    "import_values",
    "in_catalogue_unit",
    "indicators",
    "input_share",
    "list_values",
    "pairs",
    "read_values",
    "unit_fits",
    "value_record",
]
