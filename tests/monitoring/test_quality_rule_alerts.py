"""Quality rules as data (``data/quality_rules.csv``): thresholds and which rules alert; alerts
for every alerting rule once per episode (consecutive months = one episode), closed by the
system when the condition clears; stale endpoints per point; the demo enterprise login."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from carbonpeak.bootstrap import DEMO_STEEL_WORKS, DEMO_USERS
from carbonpeak.core.errors import InputError
from carbonpeak.monitoring.demo.simulate import demo_code
from carbonpeak.monitoring.findings import service as watch
from carbonpeak.monitoring.orm import PointRow, ReadingRow
from carbonpeak.monitoring.quality import rules as quality
from carbonpeak.monitoring.readings import service
from tests.monitoring.conftest import CODE, seed

JAN = datetime(2025, 12, 31, 16, tzinfo=UTC)  # 1 Jan 2026 00:00 CST
FEB = datetime(2026, 1, 31, 16, tzinfo=UTC)
MAR = datetime(2026, 2, 28, 16, tzinfo=UTC)
APR = datetime(2026, 3, 31, 16, tzinfo=UTC)
BUNDLED = quality.RULES_FILE
HEADER = "rule,alert,parameter,value,unit,source,note\n"


def bundled_text() -> str:
    from importlib import resources

    return (resources.files("carbonpeak.monitoring") / "data" / BUNDLED).read_text("utf-8")


def test_bundled_file_gives_the_defaults_with_sources() -> None:
    params, specs = quality.parse_rules_table(bundled_text())
    rules = quality.Rules()
    assert rules == quality.Rules(**params)
    # provincial rules (china_standards.md 5.2): 90 %, 5 %, 1 min
    assert (rules.completeness_min, rules.daily_monthly_tolerance) == (0.90, 0.05)
    assert rules.alignment_tolerance == timedelta(minutes=1)
    assert (rules.stale_hours, rules.flatline_hours, rules.spike_factor) == (6.0, 24.0, 10.0)
    assert all(s.source for s in specs.values())
    assert "5.2" in specs["daily_monthly"].source and "5.2" in specs["completeness"].source
    config = quality.load_config()
    alerting = {r for r in specs if config.alerts(r)}
    assert alerting == {
        "completeness",
        "daily_monthly",
        "spike",
        "flatline",
        "stale",
        "counter_reset",
        "negative",
    }
    assert not config.alerts("unknown-rule")


def test_units_are_converted_and_bad_rows_named(tmp_path: Path) -> None:
    text = bundled_text().replace("stale,yes,stale_hours,6,h", "stale,no,stale_hours,90,min")
    path = tmp_path / "rules.csv"
    path.write_text(text, "utf-8")
    config = quality.load_config(path)
    assert config.rules.stale_hours == 1.5  # 90 min
    assert not config.alerts("stale")
    bad = {
        "spike,yes,spike_factor,ten,,src,\n": "not a number",
        "spike,maybe,spike_factor,10,,src,\n": "yes or no",
        "spike,yes,spike_factor,10,,,\n": "source",
        "spike,yes,spike_factor,10,h,src,\n": "dimensionless",
        "stale,yes,stale_hours,6,kg,src,\n": "not a time unit",
        "spike,yes,bogus,1,,src,\n": "unknown",
        "spike,yes,spike_min_samples,8.5,,src,\n": "whole",
    }
    for row, reason in bad.items():
        with pytest.raises(InputError, match=reason) as err:
            quality.parse_rules_table(HEADER + row)
        assert "row 行 2" in str(err.value)
    with pytest.raises(InputError, match="missing parameters"):
        quality.parse_rules_table(HEADER + "gap,no,,,,src,\n")
    twice = bundled_text() + "spike,yes,spike_factor,9,,src,\n"
    with pytest.raises(InputError, match="given twice"):
        quality.parse_rules_table(twice)
    with pytest.raises(InputError, match="cannot read"):
        quality.load_config(tmp_path / "missing.csv")


def test_negative_or_non_finite_stored_values() -> None:
    t = [JAN + timedelta(minutes=15 * i) for i in range(3)]
    found = quality.negative("P", [(t[0], 1.0), (t[1], -2.0), (t[2], float("nan"))])
    assert [f.start for f in found] == [t[1], t[2]]


def ingest(db: Session, *rows: tuple[str, datetime, float]) -> None:
    result = service.ingest(
        db_session=db,
        payload={
            "enterprise": CODE,
            "readings": [{"point": p, "ts": ts.isoformat(), "value": v} for p, ts, v in rows],
        },
        actor="t",
        source="file",
        enterprise_scope=CODE,
    )
    assert result.accepted == len(rows), result.rejected


def spike_day(day: datetime) -> list[tuple[str, datetime, float]]:
    """C1: ten 15-minute amounts of 1 t, the fifth 20 t: 20 > 10 × median 1 -> one spike."""
    return [("C1", day + timedelta(minutes=15 * i), 20.0 if i == 4 else 1.0) for i in range(10)]


def quality_keys(alerts: list[watch.AlertRow]) -> dict[str, str]:
    return {a.key: a.state for a in alerts if a.kind == "quality" and ":completeness:" not in a.key}


def test_each_alerting_rule_raises_one_alert_per_episode(db_session: Session) -> None:
    seed(db_session)
    ingest(db_session, *spike_day(JAN + timedelta(days=3)), *spike_day(FEB + timedelta(days=3)))
    # G1 counter without rollover: 500 -> 100 is a reset (a decrease without rollover)
    ingest(
        db_session, ("G1", JAN + timedelta(hours=1), 500.0), ("G1", JAN + timedelta(hours=2), 100)
    )
    # E1 wraps at its 5-digit register: a rollover, not alerting by the rules file
    ingest(db_session, ("E1", JAN, 99_990.0), ("E1", JAN + timedelta(hours=1), 5.0))
    # a negative value that reached the table by another path (ingestion rejects it)
    s1 = db_session.scalar(select(PointRow.id).where(PointRow.code == "S1"))
    db_session.add(ReadingRow(point_id=s1, ts=JAN + timedelta(days=5), value=-4.0, source="file"))
    watch.run_quality(db_session=db_session, enterprise_code=CODE, start=JAN, end=APR)
    now = APR

    def month(start: datetime, end: datetime) -> tuple[set[str], set[str]]:
        opened, closed = watch.evaluate_alerts(
            db_session=db_session, enterprise_code=CODE, month_start=start, month_end=end, now=now
        )
        return {a.key for a in opened}, {a.key for a in closed}

    spike = f"quality:{CODE}:spike:C1"
    reset = f"quality:{CODE}:counter_reset:G1"
    negative = f"quality:{CODE}:negative:S1"
    opened, _ = month(JAN, FEB)
    assert {spike, reset, negative} <= opened
    assert f"quality:{CODE}:counter_rollover:E1" not in opened  # alert: no in the file
    assert not any(":gap:" in k for k in opened)  # gaps alert through completeness only
    spike_alert = next(a for a in watch.list_alerts(db_session=db_session) if a.key == spike)
    assert "spike" in spike_alert.message and "1 条" in spike_alert.message
    # February: the spike persists (same episode, no new alert); reset and negative cleared
    opened, closed = month(FEB, MAR)
    assert spike not in opened and {reset, negative} <= closed and spike not in closed
    # March: no spike any more -> the episode ends, closed by the system
    opened, closed = month(MAR, APR)
    assert spike in closed
    states = quality_keys(watch.list_alerts(db_session=db_session, enterprise_code=CODE))
    assert states[spike] == "closed"
    assert [a.closed_by for a in watch.list_alerts(db_session=db_session) if a.key == spike] == [
        "system"
    ]


def test_rules_file_switches_alerts_off(db_session: Session, tmp_path: Path) -> None:
    seed(db_session)
    ingest(db_session, *spike_day(JAN + timedelta(days=3)))
    watch.run_quality(db_session=db_session, enterprise_code=CODE, start=JAN, end=FEB)
    path = tmp_path / "rules.csv"
    path.write_text(bundled_text().replace("spike,yes,", "spike,no,"), "utf-8")
    opened, _ = watch.evaluate_alerts(
        db_session=db_session,
        enterprise_code=CODE,
        month_start=JAN,
        month_end=FEB,
        now=FEB,
        config=quality.load_config(path),
    )
    assert not any(":spike:" in a.key for a in opened)
    assert any(":completeness:" in a.key for a in opened)  # other rules still alert


def test_stale_per_point_then_whole_endpoint(db_session: Session) -> None:
    seed(db_session)
    h10 = JAN + timedelta(hours=10)
    ingest(db_session, ("C1", h10, 1.0), ("E1", h10 - timedelta(hours=8), 10.0))

    def stale(now: datetime) -> tuple[set[str], set[str]]:
        opened, closed = watch.evaluate_alerts(
            db_session=db_session, enterprise_code=CODE, month_start=JAN, month_end=FEB, now=now
        )
        return (
            {a.key for a in opened if a.kind == "stale"},
            {a.key for a in closed if a.kind == "stale"},
        )

    # 1 h after C1's last reading: C1 fresh; E1 silent 9 h >= 6 h; S1, G1 never reported
    opened, _ = stale(h10 + timedelta(hours=1))
    assert opened == {f"stale:{CODE}:E1", f"stale:{CODE}:S1", f"stale:{CODE}:G1"}
    assert stale(h10 + timedelta(hours=2)) == (set(), set())  # same episode
    # 7 h later every point is silent: one alert for the endpoint, the per-point ones close
    opened, closed = stale(h10 + timedelta(hours=7))
    assert opened == {f"stale:{CODE}"}
    assert closed == {f"stale:{CODE}:E1", f"stale:{CODE}:S1", f"stale:{CODE}:G1"}
    alert = next(a for a in watch.list_alerts(db_session=db_session) if a.key == f"stale:{CODE}")
    assert "6 h" in alert.message


def test_demo_enterprise_login_is_bound_to_the_steel_works() -> None:
    (user,) = [u for u in DEMO_USERS if u[2] == "enterprise"]
    assert user[0] == "gangtie" and user[1] == "carbonpeak-demo"
    assert user[4] == DEMO_STEEL_WORKS == demo_code(1)  # 六盘水甲钢铁 (illustrative)
