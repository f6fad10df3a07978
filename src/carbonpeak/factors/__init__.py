"""Factor library (排放因子库): factors as data with provenance, and explicit precedence.

Pure: no database, no HTTP. Adapters (ORM, API, CLI) call these functions.

- :func:`load_set`, :func:`default_sets`, :func:`set_names`: the bundled, named sets;
- :func:`resolve` / :class:`FactorBook`: the record that wins (measured > provincial > national
  > IPCC), with those passed over;
- :func:`read_user_factors`: a user file ``fuel,parameter,value,unit,source`` as a measured set;
- :func:`methods`, :func:`find_method`: accounting methods (核算方法), each a consistent set of
  documents per parameter (default ``provincial-2011``);
- :func:`gwp`: 100-year GWPs of SAR, AR4, AR5, AR6;
- :func:`fuels`, :func:`find_fuel`: the energy-balance fuel list;
- :func:`factor_range`, :func:`why_not_available`: sourced 95 % ranges of factors (IPCC 2006
  Vol. 2 ch. 1 Tables 1.2/1.4) for the approach-1 uncertainty, or why there is none.
"""

from carbonpeak.factors.accounting_methods import (
    CO2_PATHS,
    DEFAULT_METHOD,
    Method,
    MethodName,
    MethodParameter,
    default_method,
    find_method,
    methods,
)
from carbonpeak.factors.activity_kinds import find_kind, kinds, kinds_of
from carbonpeak.factors.fuel_list import Fuel, find_fuel, fuels
from carbonpeak.factors.library import (
    GWP_SETS,
    GasName,
    default_sets,
    gas_names,
    gwp,
    load_set,
    parse_set,
    set_names,
)
from carbonpeak.factors.model import (
    PARAMETERS,
    TIER_RANK,
    USER_PARAMETERS,
    FactorRecord,
    FactorSet,
    PassedOver,
    Resolution,
)
from carbonpeak.factors.resolve import FactorBook, resolve
from carbonpeak.factors.uncertainty_ranges import (
    FactorRange,
    factor_range,
    factor_ranges,
    not_available_table,
    why_not_available,
)
from carbonpeak.factors.userfile import read_user_factors

__all__ = [
    "CO2_PATHS",
    "DEFAULT_METHOD",
    "GWP_SETS",
    "PARAMETERS",
    "TIER_RANK",
    "USER_PARAMETERS",
    "FactorBook",
    "FactorRange",
    "FactorRecord",
    "FactorSet",
    "Fuel",
    "GasName",
    "Method",
    "MethodName",
    "MethodParameter",
    "PassedOver",
    "Resolution",
    "default_method",
    "default_sets",
    "factor_range",
    "factor_ranges",
    "find_fuel",
    "find_kind",
    "find_method",
    "fuels",
    "gas_names",
    "gwp",
    "kinds",
    "kinds_of",
    "load_set",
    "methods",
    "not_available_table",
    "parse_set",
    "read_user_factors",
    "resolve",
    "set_names",
    "why_not_available",
]
