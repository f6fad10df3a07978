"""The monitoring demo loader: labelled illustrative, idempotent, and the sinter line drifts
above the plan's 45 kgce/t so the alert pages have something to show."""

from __future__ import annotations

from datetime import datetime

import pytest

from carbonpeak.bootstrap import init_database
from carbonpeak.db.session import session_scope
from carbonpeak.monitoring.consumption import service as analysis
from carbonpeak.monitoring.demo.service import load_demo
from carbonpeak.monitoring.demo.simulate import demo_code
from carbonpeak.monitoring.findings import service as watch
from carbonpeak.monitoring.registry import service as registry
from carbonpeak.monitoring.rejected import service as rejections
from carbonpeak.monitoring.rollups.rollup import CST


@pytest.mark.usefixtures("plan_db")  # starts from the template with the plan: init is a no-op
def test_demo_is_illustrative_idempotent_and_drifts(db_url: str) -> None:
    init_database(url=db_url)  # the plan's limits
    first = load_demo(db_url, days=4, year=2026)
    assert "illustrative" in first and "6 enterprises" in first
    assert "already loaded" in load_demo(db_url, days=4, year=2026)
    with session_scope(db_url) as db:
        ents = registry.list_enterprises(db_session=db)
        assert len(ents) == 6
        assert all(e.illustrative and "示例" in e.name for e in ents)
        months = analysis.process_months(
            db_session=db,
            enterprise_code=demo_code(1),
            start=datetime(2026, 1, 1, tzinfo=CST),
            end=datetime(2026, 2, 1, tzinfo=CST),
        )
    # 4 days is the whole "year" here: the drift 43 -> 48 kgce/t happens over it
    sinter = next(m for m in months if m.process == "D1-SINTER")
    assert sinter.kgce_per_t is not None and 44 < sinter.kgce_per_t < 47.5


@pytest.mark.usefixtures("plan_db")  # starts from the template with the plan: init is a no-op
def test_demo_sign_error_is_refused_kept_and_reported(db_url: str) -> None:
    init_database(url=db_url)
    load_demo(db_url, days=4, year=2026)
    start, end = datetime(2026, 1, 1, tzinfo=CST), datetime(2026, 1, 5, tzinfo=CST)
    with session_scope(db_url) as db:
        kept = rejections.rejected_readings(
            db_session=db, enterprise_code=demo_code(4), start=start, end=end
        )
        assert [(code, row.value_text[0]) for code, row in kept] == [("D4-CLINKER-raw_coal", "-")]
        # hour 72 of 96 (3/4 of the run): 2026-01-04 00:00 CST
        assert kept[0][1].ts == datetime(2026, 1, 4, tzinfo=CST)
        found = watch.run_quality(db_session=db, enterprise_code=demo_code(4), start=start, end=end)
        assert [f.subject for f in found if f.rule == "negative"] == ["D4-CLINKER-raw_coal"]
