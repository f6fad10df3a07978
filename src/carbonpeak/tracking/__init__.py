"""Target tracking, progress reporting and the annual assessment (监督考核).

Section 四 of a carbon-peak plan (组织实施) made enforceable: indicators with targets and a
computed, explained status (目标进展); task lists with milestones, state and responsible people
(任务清单); periodic progress reports reviewed by the climate office (进展调度); early warnings
(预警); the annual assessment (年度评估) that scores units and districts, lists units to commend
and to notify (通报批评和约谈问责), and is frozen into a snapshot when published.

Read top-down: ``model.py`` (plain types), ``settings.py``, ``orm.py`` (every table), then one
sub-package per part, each with its pure module(s), ``service.py`` (database), ``api.py`` and
``cli.py``: ``indicators/`` (catalog, indicators and target links), ``values/`` (versioned
values, CSV import), ``computed/`` (values from the accounting engine), ``statuses/`` (status
of a target, statuses and manual overrides), ``progress/`` (periods, task state, milestones),
``reporting/`` (progress reports, reviews, contributions), ``attachments/`` (evidence files),
``access/`` (who may edit what), ``warnings/`` (rules and the check of early warnings),
``notify/`` (messages, outbox and SMTP), ``assessment/`` (scoring, payload, draft and frozen
snapshot), ``demo/`` (illustrative data). ``api.py`` and ``cli.py`` here mount the
sub-packages' routers and commands. The annual report documents are in
:mod:`carbonpeak.reports`.
"""

from carbonpeak.tracking.access.service import (
    TaskUnits,
    indicator_task_keys,
    require_indicator_editor,
    require_task_editor,
    task_units,
)
from carbonpeak.tracking.assessment.payload import compute as compute_assessment
from carbonpeak.tracking.assessment.scoring import RESULT_ZH, default_scheme
from carbonpeak.tracking.assessment.service import gather, payload_of
from carbonpeak.tracking.attachments.service import (
    add_attachment,
    download_headers,
    get_attachment,
    media_type_of,
    read_attachment,
    readable_attachment,
)
from carbonpeak.tracking.computed.engine import INVENTORY_NAMES
from carbonpeak.tracking.demo.service import load as load_tracking_demo
from carbonpeak.tracking.indicators.catalog import computed_kind
from carbonpeak.tracking.indicators.service import get_indicator
from carbonpeak.tracking.model import (
    STATUS_ZH,
    TASK_STATE_ZH,
    ComputedKind,
    Owed,
    Status,
    TaskState,
    Trajectory,
)
from carbonpeak.tracking.notify.service import notify_review
from carbonpeak.tracking.progress.service import get_progress, progress_map
from carbonpeak.tracking.progress.service import milestones as list_milestones
from carbonpeak.tracking.reporting.service import (
    EDITABLE,
    find_report,
    get_period,
    get_report,
    list_reports,
    report_ledger,
    review_report,
    save_report,
    submit_report,
)
from carbonpeak.tracking.settings import get_tracking_settings
from carbonpeak.tracking.statuses.service import TargetStatus, evaluate_plan, status_version
from carbonpeak.tracking.statuses.status import expected_value, year_end
from carbonpeak.tracking.values.service import add_value, current_values
from carbonpeak.tracking.values.service import history as value_history
from carbonpeak.tracking.values.service import is_illustrative as is_illustrative_value
from carbonpeak.tracking.warnings.service import open_warnings

__all__ = [
    "EDITABLE",
    "INVENTORY_NAMES",
    "RESULT_ZH",
    "STATUS_ZH",
    "TASK_STATE_ZH",
    "ComputedKind",
    "Owed",
    "Status",
    "TargetStatus",
    "TaskState",
    "TaskUnits",
    "Trajectory",
    "add_attachment",
    "add_value",
    "compute_assessment",
    "computed_kind",
    "current_values",
    "default_scheme",
    "download_headers",
    "evaluate_plan",
    "expected_value",
    "find_report",
    "gather",
    "get_attachment",
    "get_indicator",
    "get_period",
    "get_progress",
    "get_report",
    "get_tracking_settings",
    "indicator_task_keys",
    "is_illustrative_value",
    "list_milestones",
    "list_reports",
    "load_tracking_demo",
    "media_type_of",
    "notify_review",
    "open_warnings",
    "payload_of",
    "progress_map",
    "read_attachment",
    "readable_attachment",
    "report_ledger",
    "require_indicator_editor",
    "require_task_editor",
    "review_report",
    "save_report",
    "status_version",
    "submit_report",
    "task_units",
    "value_history",
    "year_end",
]
