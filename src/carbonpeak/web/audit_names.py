"""Names of the audit log's action and record codes as the pages show them (msgids): the
code stays visible beside the name for whoever searches the database."""

from __future__ import annotations

from carbonpeak.web.i18n import N_

ACTIONS = {
    "create": N_("created"),
    "update": N_("changed"),
    "delete": N_("deleted"),
    "import": N_("imported"),
    "correct": N_("corrected"),
    "submit": N_("submitted"),
    "approve": N_("approved"),
    "return": N_("returned"),
    "publish": N_("published"),
    "compute": N_("computed"),
    "check": N_("checked"),
    "override": N_("status set by hand"),
    "clear_override": N_("status set by hand withdrawn"),
    "issue_token": N_("API token issued"),
    "revoke_token": N_("API token revoked"),
}
ENTITIES = {
    "auth_token": N_("API token"),
    "auth_user": N_("user"),
    "inv_dataset": N_("activity dataset"),
    "inv_default_dataset": N_("city default dataset"),
    "inv_factor_set": N_("factor set"),
    "mon_enterprise": N_("monitored enterprise"),
    "mon_monthly_totals": N_("monthly totals"),
    "mon_point": N_("metering point"),
    "mon_process": N_("process"),
    "mon_reading": N_("meter readings"),
    "plan": N_("plan"),
    "plan_task": N_("task"),
    "ref_dataset": N_("reference inventory"),
    "scn_runs": N_("scenario run"),
    "tracking_assessment": N_("annual assessment"),
    "tracking_attachment": N_("evidence attachment"),
    "tracking_contact": N_("contact address"),
    "tracking_indicator": N_("indicator"),
    "tracking_indicator_target": N_("indicator target link"),
    "tracking_indicator_value": N_("indicator value"),
    "tracking_milestone": N_("milestone"),
    "tracking_progress_report": N_("progress report"),
    "tracking_report_contribution": N_("co-operating unit's part"),
    "tracking_status_override": N_("status set by hand"),
    "tracking_task_progress": N_("task progress"),
    "tracking_warnings": N_("early warnings"),
}
