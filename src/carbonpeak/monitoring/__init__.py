"""重点用能单位能耗在线监测 online energy monitoring of key energy-using enterprises.

One sub-package per sub-domain, each with its pure modules, its ``service.py`` (database),
``api.py`` and ``cli.py``: :mod:`.registry` (企业/计量点/工序, .xlsx), :mod:`.readings` (one
validation path for HTTP, MQTT and files; dead letters), :mod:`.store` (writing a checked batch),
:mod:`.rejected` (readings refused for an impossible value), :mod:`.rollups` (counter deltas,
period totals, stored rollups), :mod:`.consumption` (tce and CO2 via the shared factor library,
unit consumption vs limits), :mod:`.monthly` (月数据, daily vs monthly), :mod:`.quality`
(data-quality findings, alerts), :mod:`.demo` (illustrative data). Shared: :mod:`.model`
(registry types), :mod:`.orm` (every table); :mod:`.api` and :mod:`.cli` gather the
sub-packages' routers and commands.
"""

from carbonpeak.monitoring.consumption.service import (
    EnterpriseSummary,
    ProcessMonth,
    process_months,
)
from carbonpeak.monitoring.consumption.service import summary as enterprise_summary
from carbonpeak.monitoring.demo.service import load_demo as load_monitoring_demo
from carbonpeak.monitoring.findings.service import check_all as check_all_enterprises
from carbonpeak.monitoring.findings.service import findings as list_findings
from carbonpeak.monitoring.findings.service import list_alerts
from carbonpeak.monitoring.registry.industries import industry_name
from carbonpeak.monitoring.registry.service import get_enterprise, list_enterprises, list_points
from carbonpeak.monitoring.rejected.service import rejected_readings
from carbonpeak.monitoring.rollups.rollup import CST
from carbonpeak.monitoring.storage.service import make_ahead as make_partitions_ahead

__all__ = [
    "CST",
    "EnterpriseSummary",
    "ProcessMonth",
    "check_all_enterprises",
    "enterprise_summary",
    "get_enterprise",
    "industry_name",
    "list_alerts",
    "list_enterprises",
    "list_findings",
    "list_points",
    "load_monitoring_demo",
    "make_partitions_ahead",
    "process_months",
    "rejected_readings",
]
