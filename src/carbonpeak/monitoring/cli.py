"""``carbonpeak monitor``: 重点用能单位能耗在线监测 online energy monitoring of key enterprises.

The Typer ``app`` of the domain: the commands of each sub-package, registered here in the order
``--help`` lists them. Thin: parse options, call the services, commit, print (``--json`` where
useful).
"""

from __future__ import annotations

import typer

from carbonpeak.monitoring.consumption import cli as consumption
from carbonpeak.monitoring.demo import cli as demo
from carbonpeak.monitoring.findings import cli as quality
from carbonpeak.monitoring.monthly import cli as monthly
from carbonpeak.monitoring.readings import cli as readings
from carbonpeak.monitoring.registry import cli as registry
from carbonpeak.monitoring.rejected import cli as rejected
from carbonpeak.monitoring.rollups import cli as rollups
from carbonpeak.monitoring.storage import cli as storage

app = typer.Typer(
    no_args_is_help=True,
    help="能耗在线监测 online energy monitoring: 登记 registry (.xlsx), 读数导入 import, "
    "MQTT 订阅 mqtt, 模拟 simulate (illustrative), 汇总 consumption, 单位产品能耗 processes, "
    "月数据 monthly, 数据质量与预警 check/alerts, 拒收读数 rejected, 重算 rebuild, "
    "分区 partitions, 保留期限 retention.",
)
app.command("rejected")(rejected.rejected_command)
app.command("registry-import")(registry.registry_import)
app.command("registry-export")(registry.registry_export)
app.command("enterprise-set")(registry.enterprise_set)
app.command("point-set")(registry.point_set)
app.command("import")(readings.import_readings)
app.command("mqtt")(readings.mqtt_command)
app.command("simulate")(demo.simulate_command)
app.command("rebuild")(rollups.rebuild)
app.command("consumption")(consumption.consumption)
app.command("processes")(consumption.processes)
app.command("monthly")(monthly.monthly_import)
app.command("check")(quality.check)
app.command("findings")(quality.findings_command)
app.command("alerts")(quality.alerts)
app.command("alert-state")(quality.alert_state)
app.command("dead-letters")(readings.dead_letters)
app.command("partitions")(storage.partitions_command)
app.command("retention")(storage.retention_command)

__all__ = ["app"]
