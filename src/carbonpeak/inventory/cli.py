"""``carbonpeak inventory``: the domain's Typer ``app``, made of each sub-package's commands:
activity data (import, factors-import, datasets), results (calc, show, explain, indicators,
uncertainty, export), reference inventories (CEADs, Chen et al. 2020) and the
comparison of the two (reference-import, reference-list, reference-show, compare);
published product outputs against the activity data (reconcile-outputs)."""

from __future__ import annotations

import typer

from carbonpeak.inventory.activity import cli as activity
from carbonpeak.inventory.default_dataset import cli as default_dataset
from carbonpeak.inventory.outputs import cli as outputs
from carbonpeak.inventory.reference import cli as reference
from carbonpeak.inventory.results import cli as results

app = typer.Typer(
    no_args_is_help=True,
    help="碳排放核算 emission inventory: 活动数据导入 import, 核算 calc, 查看 show, 追溯 explain, "
    "指标 indicators, 导出 export; 参考清单 reference inventories (CEADs, Chen et al. 2020), "
    "对比 comparison with the platform's inventory.",
)

# registered here, in the order ``--help`` has always listed them
app.command("import")(activity.import_command)
app.command("factors-import")(activity.factors_import_command)
app.command("datasets")(activity.datasets_command)
app.command("methods")(activity.methods_command)
app.command("default")(default_dataset.default_command)
app.command("calc")(results.calc_command)
app.command("show")(results.show_command)
app.command("explain")(results.explain_command)
app.command("indicators")(results.indicators_command)
app.command("export")(results.export_command)
app.command("uncertainty")(results.uncertainty_command)
app.command("uncertainty-ranges")(results.ranges_command)
app.command("reference-import")(reference.reference_import)
app.command("reference-list")(reference.reference_list)
app.command("reference-show")(reference.reference_show)
app.command("compare")(reference.compare)
app.command("reconcile-outputs")(outputs.reconcile_outputs_command)
