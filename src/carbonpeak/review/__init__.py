"""节能审查 Energy review of new projects: assessment (综合评价), the project register and
review workflow, the quota ledger, the closed loop after commissioning, the 两高 list, energy
budgets (用能预算) and supervision (节能监察).

Sub-packages: ``assessment`` (pure: energy 当量值/等价值 and CO2 through the inventory engine,
两高, authority, benchmarks, impact on the city's targets; ``service`` the city baseline from
the plan scenario and tracking), ``projects`` (the register, .xlsx exchange), ``workflow``
(decisions, the 节能审查意见 .docx, commissioning), ``ledger`` (用能指标来源), ``followup``
(事中事后), ``twohigh``, ``budgets``, ``supervision``, ``demo`` (示意数据). ``model`` holds
the project types, ``orm`` every table, ``api`` the one router, ``cli`` the
``carbonpeak review`` commands.

Other domains and the web use the names below only.
"""

from carbonpeak.review.assessment.assess import Assessment, assess
from carbonpeak.review.assessment.projectfile import read_mapping, read_text
from carbonpeak.review.assessment.reference import benchmarks, industries
from carbonpeak.review.budgets.service import budget_view, latest_year
from carbonpeak.review.demo.service import load_review_demo
from carbonpeak.review.followup.service import list_review_alerts
from carbonpeak.review.followup.service import run_check as run_followup
from carbonpeak.review.ledger.service import ledger as quota_ledger
from carbonpeak.review.model import EnergyUse, Outcome, Product, Project, Stage, Status
from carbonpeak.review.projects.service import detail as project_detail
from carbonpeak.review.projects.service import get_project, list_projects, submit
from carbonpeak.review.projects.service import import_rows as import_projects
from carbonpeak.review.projects.service import summary as project_summary
from carbonpeak.review.projects.sheet import read_sheet as read_register_sheet
from carbonpeak.review.supervision.service import list_cases
from carbonpeak.review.twohigh.service import two_high_list
from carbonpeak.review.workflow.opinion import write_opinion
from carbonpeak.review.workflow.service import decide
from carbonpeak.review.workflow.service import opinion as opinion_docx

__all__ = [
    "Assessment",
    "EnergyUse",
    "Outcome",
    "Product",
    "Project",
    "Stage",
    "Status",
    "assess",
    "benchmarks",
    "budget_view",
    "decide",
    "get_project",
    "import_projects",
    "industries",
    "latest_year",
    "list_cases",
    "list_projects",
    "list_review_alerts",
    "load_review_demo",
    "opinion_docx",
    "project_detail",
    "project_summary",
    "quota_ledger",
    "read_mapping",
    "read_register_sheet",
    "read_text",
    "run_followup",
    "submit",
    "two_high_list",
    "write_opinion",
]
