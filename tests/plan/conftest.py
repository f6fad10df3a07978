from __future__ import annotations

from importlib import resources

import pytest

from carbonpeak.plan.model import Plan
from carbonpeak.plan.reading.parser import parse_text
from carbonpeak.plan.reading.reader import Document, read_document

SEED = "liupanshui_carbon_peak_plan_2023.txt"


@pytest.fixture(scope="session")
def seed_document() -> Document:
    return read_document((resources.files("carbonpeak.data") / SEED).read_bytes(), SEED)


@pytest.fixture(scope="session")
def seed_plan(seed_document: Document) -> Plan:
    return parse_text(seed_document.text)
