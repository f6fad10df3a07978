"""重点用能单位能耗在线监测 online energy monitoring of key energy-using enterprises.

Pure core: :mod:`.model` (registry types), :mod:`.ingest` (one validation path for HTTP, MQTT
and files), :mod:`.rollup` (counter deltas, period totals), :mod:`.convert` (tce and CO2 via the
shared factor library), :mod:`.limits`, :mod:`.quality`, :mod:`.alerts`. Database:
:mod:`.orm`, :mod:`.registry` (企业/计量点/工序), :mod:`.service` (readings),
:mod:`.aggregates` (stored rollups), :mod:`.analysis` (consumption, unit consumption vs limits),
:mod:`.watch` (quality findings, alerts); adapters :mod:`.api`, :mod:`.cli`, :mod:`.mqtt`,
:mod:`.exchange` (.xlsx/.csv); :mod:`.simulate` and :mod:`.demo` make illustrative data.
"""

from carbonpeak.monitoring.analysis import EnterpriseSummary, ProcessMonth, process_months
from carbonpeak.monitoring.analysis import summary as enterprise_summary
from carbonpeak.monitoring.demo import load_demo as load_monitoring_demo
from carbonpeak.monitoring.registry import get_enterprise, list_enterprises, list_points
from carbonpeak.monitoring.rollup import CST
from carbonpeak.monitoring.watch import findings as list_findings
from carbonpeak.monitoring.watch import list_alerts

__all__ = [
    "CST",
    "EnterpriseSummary",
    "ProcessMonth",
    "enterprise_summary",
    "get_enterprise",
    "list_alerts",
    "list_enterprises",
    "list_findings",
    "list_points",
    "load_monitoring_demo",
    "process_months",
]
