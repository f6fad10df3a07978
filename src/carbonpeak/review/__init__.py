"""节能审查 Energy review of new projects: assessment (综合评价), the project register and
review workflow, the 两高 list, energy budgets (用能预算) and supervision (节能监察).

Sub-packages: ``assessment`` (pure: energy 当量值/等价值 and CO2 through the inventory engine,
两高, authority, benchmarks, impact on the city's targets; ``service`` the city baseline from
tracking). ``model`` holds the project types, ``api`` the one router, ``cli`` the
``carbonpeak review`` commands.

Other domains and the web use the names below only.
"""

from carbonpeak.review.assessment.assess import Assessment, assess
from carbonpeak.review.assessment.projectfile import read_mapping, read_text
from carbonpeak.review.demo.service import load_review_demo
from carbonpeak.review.model import EnergyUse, Outcome, Product, Project, Stage, Status

__all__ = [
    "Assessment",
    "EnergyUse",
    "Outcome",
    "Product",
    "Project",
    "Stage",
    "Status",
    "assess",
    "load_review_demo",
    "read_mapping",
    "read_text",
]
