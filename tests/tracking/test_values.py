"""Indicator values: versions, corrections, history, imports, computed values (database)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from carbonpeak.audit.service import list_entries
from carbonpeak.core.errors import Conflict, InputError
from carbonpeak.tracking.computed import service as computed
from carbonpeak.tracking.indicators import service
from carbonpeak.tracking.model import Status
from carbonpeak.tracking.statuses import service as statuses
from carbonpeak.tracking.values import service as values

PV = "光伏发电装机容量"  # 2.1.2-4:t1 >= 300 万千瓦 in 2025, t5 >= 400 in 2030


def test_sync_attaches_every_target_once(db: Session) -> None:
    inds = service.list_indicators(db_session=db, plan_id=1)
    assert sum(len(i.targets) for i in inds) == 86
    nf = service.find_indicator(db_session=db, plan_id=1, ref="非化石能源消费比重")
    assert [t.target_key for t in nf.targets] == ["1.3:t1", "1.3:t2", "1.3:t3"]
    assert nf.computed_kind == "non_fossil_share"
    plan = db.get(service.PlanRow, 1)
    assert plan is not None
    again = service.sync_indicators(db_session=db, plan=plan, actor="x")
    assert again.created == [] and again.linked == []


def test_values_are_versioned_never_overwritten(db: Session) -> None:
    ind = service.find_indicator(db_session=db, plan_id=1, ref=PV)
    v1 = values.add_value(
        db_session=db,
        indicator=ind,
        observed_on=date(2024, 12, 31),
        value=250,
        unit="万千瓦",
        source="市能源局统计",
        actor="editor",
    )
    # a second value for the same date is a conflict: correct it instead
    with pytest.raises(Conflict, match="correction"):
        values.add_value(
            db_session=db,
            indicator=ind,
            observed_on=date(2024, 12, 31),
            value=260,
            unit="万千瓦",
            source="s",
            actor="editor",
        )
    # a correction in another unit is converted (2.6 GW = 260 万千瓦) and keeps the entry
    v2 = values.correct_value(
        db_session=db, value_id=v1.id, value=2.6, unit="GW", comment="年报更正", actor="editor"
    )
    assert v2.value == pytest.approx(260) and v2.entered == "2.6 GW"
    assert v2.supersedes_id == v1.id
    with pytest.raises(Conflict, match="latest version"):
        values.correct_value(
            db_session=db, value_id=v1.id, value=1, unit=None, comment="x", actor="editor"
        )
    with pytest.raises(InputError, match="comment"):
        values.correct_value(
            db_session=db, value_id=v2.id, value=1, unit=None, comment=" ", actor="editor"
        )
    current = values.current_values(db_session=db, indicator_id=ind.id)
    assert [(r.id, r.value) for r in current] == [(v2.id, pytest.approx(260))]
    assert [r.id for r in values.history(db_session=db, indicator_id=ind.id)] == [v1.id, v2.id]
    actions = [e.action for e in list_entries(db_session=db, entity="tracking_indicator_value")]
    assert actions == ["correct", "create"]
    # the database refuses an UPDATE of a value row (append-only trigger)
    db.commit()
    with pytest.raises(DBAPIError):
        db.execute(
            text("UPDATE tracking_indicator_values SET value = 1 WHERE id = :i"), {"i": v1.id}
        )
        db.flush()
    db.rollback()


def test_bad_units_and_computed_indicators(db: Session) -> None:
    ind = service.find_indicator(db_session=db, plan_id=1, ref=PV)
    with pytest.raises(InputError, match="unit"):
        values.add_value(
            db_session=db,
            indicator=ind,
            observed_on=date(2024, 12, 31),
            value=1,
            unit="吨",
            source="s",
            actor="e",
        )
    nf = service.find_indicator(db_session=db, plan_id=1, ref="非化石能源消费比重")
    with pytest.raises(InputError, match="accounting engine"):
        values.add_value(
            db_session=db,
            indicator=nf,
            observed_on=date(2024, 12, 31),
            value=19,
            unit="%",
            source="typed",
            actor="e",
        )


def test_import_csv_all_or_nothing(db: Session) -> None:
    ind = service.find_indicator(db_session=db, plan_id=1, ref=PV)
    bad = "date,value,unit,source\n2023-12-31,200,万千瓦,统计\n2024-13-01,x,万千瓦,统计\n"
    with pytest.raises(InputError, match="row 3, date") as exc:
        values.parse_values_csv(bad.encode())
    assert exc.value.problems[0].row == 3
    rows = values.parse_values_csv(
        "date,value,unit,source\n2020-12-31,180,万千瓦,统计\n2024-12-31,1,GW,统计\n".encode()
    )
    assert values.import_values(db_session=db, indicator=ind, rows=rows, actor="e") == 2
    got = values.current_values(db_session=db, indicator_id=ind.id)
    assert [r.value for r in got] == [180, pytest.approx(100)]


def test_store_computed_from_the_engine(db: Session) -> None:
    vals = [
        computed.ComputedValue("六盘水市", 2020, "non_fossil_share", 15.0, "%"),
        computed.ComputedValue("六盘水市", 2024, "non_fossil_share", 19.0, "%"),
        computed.ComputedValue("六盘水市", 2024, "energy_intensity", 1.1, "tce/万元"),
    ]
    r = computed.store_computed(db_session=db, plan_id=1, values=vals)
    # no indicator of the plan is energy intensity with a number: listed, not dropped
    assert (r.added, r.skipped) == (2, ("六盘水市 2024 energy_intensity",))
    nf = service.find_indicator(db_session=db, plan_id=1, ref="非化石能源消费比重")
    rows = values.current_values(db_session=db, indicator_id=nf.id)
    assert all(x.origin == "computed" and x.source.startswith("核算引擎") for x in rows)
    # recomputed: a changed number is a correction, an equal one is left alone
    r = computed.store_computed(
        db_session=db,
        plan_id=1,
        values=[vals[0], computed.ComputedValue("六盘水市", 2024, "non_fossil_share", 19.5, "%")],
    )
    assert (r.added, r.corrected, r.unchanged) == (0, 1, 1)
    assert len(values.history(db_session=db, indicator_id=nf.id)) == 3
    # 1.3:t1 "20 % 左右" by 2025: 19.5 is within 5 % of 20 -> achieved
    st = {
        s.target.key: s
        for s in statuses.evaluate_plan(db_session=db, plan_id=1, as_of=date(2025, 6, 30))
    }
    assert st["1.3:t1"].result.status == Status.ACHIEVED
    # 1.3:t2 力争 >= 21.6: line 15 -> 21.6, expects 15 + 6.6 * 4/5 = 20.28 at end 2024; 19.5 is
    # behind by 0.78 / 6.6 = 11.8 % -> off track
    assert st["1.3:t2"].result.expected == pytest.approx(15 + 6.6 * 4 / 5)
    assert st["1.3:t2"].result.status == Status.OFF_TRACK
    with pytest.raises(InputError, match="key"):
        computed.store_computed(
            db_session=db,
            plan_id=1,
            values=[computed.ComputedValue("六盘水市", 2024, "gdp", 1, "万元")],
        )


def test_monitoring_values_are_versions_too(db: Session) -> None:
    ind = service.find_indicator(db_session=db, plan_id=1, ref="新型储能装机规模")
    on = date(2024, 12, 31)
    kw = {"db_session": db, "indicator": ind, "observed_on": on, "source": "储能电站在线监测"}
    assert computed.store_monitoring(value=12, unit="万千瓦", **kw) == "added"  # type: ignore[arg-type]
    assert computed.store_monitoring(value=0.12, unit="GW", **kw) == "unchanged"  # type: ignore[arg-type]
    assert computed.store_monitoring(value=13, unit="万千瓦", **kw) == "corrected"  # type: ignore[arg-type]
    rows = values.history(db_session=db, indicator_id=ind.id)
    assert [(r.value, r.origin) for r in rows] == [(12, "monitoring"), (13, "monitoring")]
    assert rows[0].source.startswith("在线监测")
