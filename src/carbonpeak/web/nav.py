"""The modules of the platform as the navigation shows them, and which are built yet.

A module not built yet gets an honest "under construction" page naming the issue that
brings it (``issue``), never placeholder numbers. Labels are msgids (see ``web/i18n.py``).
Who sees a module is not decided here: the access policy (``web/access.py``) decides, and the
navigation shows a module only to the roles its page admits.
"""

from __future__ import annotations

from dataclasses import dataclass

from carbonpeak.web.access import may_open
from carbonpeak.web.i18n import N_


@dataclass(frozen=True)
class Module:
    key: str
    path: str
    label: str
    built: bool
    #: What the module will show (for modules under construction).
    summary: str = ""
    #: The issue that brings it.
    issue: str = ""


MODULES: tuple[Module, ...] = (
    Module("overview", "/", N_("Overview"), True),
    Module("cockpit", "/cockpit", N_("Leaders' cockpit"), True),
    Module("plan", "/plans", N_("Plan"), True),
    Module(
        "indicators",
        "/indicators",
        N_("Indicators and targets"),
        True,
        N_(
            "Indicator values against the plan's targets, year by year, with their status "
            "(on track, at risk, missed) and the source of every value."
        ),
        N_("Tracking: target status, task progress and warnings"),
    ),
    Module(
        "inventory",
        "/inventory",
        N_("Emission inventory"),
        True,
        N_(
            "The city's greenhouse-gas inventory by sector and fuel, each value linked to "
            "the activity data and emission factor it was computed from."
        ),
        N_("Emission accounting: activity data, factors and inventory"),
    ),
    Module(
        "monitoring",
        "/monitoring",
        N_("Online monitoring"),
        True,
        N_(
            "Meter readings of key energy-consuming enterprises, energy consumption and "
            "unit consumption against the limit standards, and alerts."
        ),
        N_("Online monitoring of key energy-consuming enterprises"),
    ),
    Module(
        "scenarios",
        "/scenarios",
        N_("Scenarios"),
        True,
        N_(
            "Emission pathways from the base-year inventory, the peak year of each "
            "scenario and the probability of peaking by 2030."
        ),
        N_("Scenario analysis and peak projection"),
    ),
    Module(
        "stats",
        "/stats",
        N_("Published statistics"),
        True,
        N_(
            "GDP, population, industrial outputs and more as the statistical bulletins of the "
            "city, its districts and the province published them, each with its source."
        ),
        N_("Published statistics with sources"),
    ),
    Module(
        "review",
        "/review",
        N_("Energy review"),
        True,
        N_(
            "Energy review of new projects: assessment, decisions and opinions, the "
            "two-high list, energy budgets and inspections."
        ),
        N_("Energy review, two-high list, energy budgets and supervision"),
    ),
    Module("workspace", "/workspace", N_("My workspace"), True),
    Module(
        "assessment",
        "/assessment",
        N_("Assessment"),
        True,
        N_(
            "Assessment scores of departments and districts, frozen report periods and "
            "the assessment report as .docx and .xlsx."
        ),
        N_("Assessment and reports"),
    ),
    Module("audit", "/audit", N_("Audit log"), True),
)

BY_KEY = {m.key: m for m in MODULES}

ROLE_LABELS = {
    "admin": N_("Administrator"),
    "unit_editor": N_("Unit editor"),
    "enterprise": N_("Enterprise"),
    "viewer": N_("Viewer"),
    "review_officer": N_("Review officer"),
}


def modules_for(role: str | None) -> list[Module]:
    """The modules a user of ``role`` sees in the navigation: those whose page the access
    policy lets the role open."""
    return [m for m in MODULES if may_open(role, m.path)]
