"""Activity datasets in the database: transactional import, versions, audit, stored factor sets,
recomputed inventories, the district-sum rule and the platform side of a comparison."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from carbonpeak.audit.orm import AuditRow
from carbonpeak.core.errors import InputError, NotFound
from carbonpeak.db.session import session_scope
from carbonpeak.inventory.activity import service
from carbonpeak.inventory.activity.parse import read_activity_csv
from carbonpeak.inventory.orm import ActivityDatasetRow, ActivityRow, ActivityVersionRow
from carbonpeak.inventory.reference.compare import platform_rows

HEAD = "region,year,sector,fuel,quantity,unit,source,note\n"
GOOD = (
    HEAD
    + "钟山区,2022,黑色金属冶炼和压延加工业,原煤,1,万吨,test,\n"
    + "钟山区,2022,城镇居民,电力,10000,万千瓦时,test,\n"
).encode()
LAB = b"""fuel,parameter,value,unit,source
raw_coal,co2_factor,2.0,t/t,lab report
"""


def _count(db: Session, table: type) -> int:
    return int(db.scalar(select(func.count()).select_from(table)) or 0)


def test_import_roundtrip_and_versions(db_url: str) -> None:
    with session_scope(db_url) as db:
        first = service.import_activity(
            db_session=db, name="city", data=GOOD, filename="a.csv", actor="alice"
        )
    assert (first.version, first.rows) == (1, 2)
    changed = GOOD.replace(b",1,", b",2,")
    with session_scope(db_url) as db:
        second = service.import_activity(
            db_session=db, name="city", data=changed, filename="b.csv", actor="bob"
        )
        same = service.import_activity(
            db_session=db,
            name="city",
            data=changed,
            filename="b.csv",
            actor="bob",
            skip_unchanged=True,
        )
    assert second.version == 2 and same.unchanged and same.version == 2
    with session_scope(db_url) as db:
        versions = service.list_versions(db_session=db, dataset="city")
        assert [(v.version, v.imported_by, v.filename) for v in versions] == [
            (1, "alice", "a.csv"),
            (2, "bob", "b.csv"),
        ]
        # the old version is kept and still computes: 1 万吨 x 1.9003 vs 2 万吨 x 1.9003
        old = service.compute(db_session=db, dataset="city", version=1).inventory
        new = service.compute(db_session=db, dataset="city").inventory
        assert old.total("520201", 2022, "co2_t").value == pytest.approx(19_003.0)  # type: ignore[union-attr]
        assert new.total("520201", 2022, "co2_t").value == pytest.approx(38_006.0)  # type: ignore[union-attr]
        records = service.activity_records(db_session=db, version=versions[0])
        assert [str(r.quantity) for r in records] == [
            "10000.0 metric_ton",
            "100000000.0 kilowatt_hour",
        ]
        assert records[0].row == 2 and records[0].sector == "1.A.2.a"
        audit = db.scalars(select(AuditRow).where(AuditRow.entity == "inv_dataset")).all()
        assert [a.entity_id for a in audit] == ["city@v1", "city@v2"]
        assert '"sha256"' in (audit[1].after or "") and audit[1].actor == "bob"


def test_bad_row_writes_nothing(db_url: str) -> None:
    bad = (
        GOOD
        + "钟山区,2022,1.A.2.a,不存在的煤,1,万吨,test,\n".encode()
        + "六盘水,20x2,1.A.2.a,原煤,1,万吨,t,\n".encode()
    )
    with pytest.raises(InputError) as info, session_scope(db_url) as db:
        service.import_activity(db_session=db, name="city", data=bad, filename="bad.csv", actor="a")
    message = str(info.value)
    assert "row 4, fuel" in message and "不存在的煤" in message
    assert "row 5, year" in message
    assert {(p.row, p.field) for p in info.value.problems} == {(4, "fuel"), (5, "year")}
    with session_scope(db_url) as db:
        for table in (ActivityDatasetRow, ActivityVersionRow, ActivityRow, AuditRow):
            assert _count(db, table) == 0


def test_bad_names_and_sets(db_session: Session) -> None:
    with pytest.raises(InputError, match="invalid dataset name"):
        service.import_activity(
            db_session=db_session, name="a b/c", data=GOOD, filename="a.csv", actor="a"
        )
    with pytest.raises(InputError, match="unknown GWP set"):
        service.import_activity(
            db_session=db_session, name="x", data=GOOD, filename="a.csv", actor="a", gwp_set="AR9"
        )
    with pytest.raises(NotFound, match="no stored factor set"):
        service.import_activity(
            db_session=db_session,
            name="x",
            data=GOOD,
            filename="a.csv",
            actor="a",
            factor_set="nope",
        )
    with pytest.raises(NotFound, match="no activity dataset"):
        service.compute(db_session=db_session, dataset="missing")


def test_stored_factor_set_and_gwp_recorded(db_url: str) -> None:
    with session_scope(db_url) as db:
        row = service.import_factor_set(
            db_session=db, name="lab", data=LAB, filename="lab.csv", actor="alice"
        )
        assert (row.version, row.record_count) == (1, 1)
        service.import_activity(
            db_session=db,
            name="city",
            data=GOOD,
            filename="a.csv",
            actor="alice",
            factor_set="lab",
            gwp_set="AR6",
        )
    with session_scope(db_url) as db:
        stored = service.compute(db_session=db, dataset="city")
        assert (stored.factor_set, stored.factor_set_version) == ("lab", 1)
        inv = stored.inventory
        assert inv.gwp_set == "AR6" and "lab@v1" in inv.factor_sets
        # measured 2.0 t/t: 10,000 t x 2.0 = 20,000 t CO2
        assert inv.total("520201", 2022, "co2_t").value == pytest.approx(20_000.0)  # type: ignore[union-attr]
        # switching GWP recomputes CO2e only: CH4 2.0908 t, N2O 0.31362 t (IPCC, 209.08 TJ)
        ar5 = service.compute(db_session=db, dataset="city", gwp_set="AR5").inventory
        diff = inv.total("520201", 2022, "co2e_t").value - ar5.total("520201", 2022, "co2e_t").value  # type: ignore[union-attr]
        assert diff == pytest.approx(2.0908 * (29.8 - 28) + 0.31362 * (273 - 265))
        with pytest.raises(InputError, match="unknown GWP"):
            service.compute(db_session=db, dataset="city", gwp_set="AR9")
    bad = LAB + b"raw_coal,oxidation,1.5,dimensionless,x\n"
    with pytest.raises(InputError, match="row 3"), session_scope(db_url) as db:
        service.import_factor_set(db_session=db, name="lab", data=bad, filename="f", actor="a")
    with session_scope(db_url) as db:
        assert [r.version for r in service.list_factor_sets(db_session=db)] == [1]


DISTRICTS = HEAD + "".join(
    f"{code},2022,黑色金属冶炼和压延加工业,原煤,{n},万吨,test,\n"
    for code, n in (("520201", 1), ("520203", 2), ("520204", 3), ("520281", 4))
)


def test_district_sum_rule(db_url: str) -> None:
    # all four districts report, the city has no own rows: city = sum
    # (1 + 2 + 3 + 4) 万吨 x 10,000 t x 1.9003 = 190,030 t
    with session_scope(db_url) as db:
        service.import_activity(
            db_session=db, name="d", data=DISTRICTS.encode(), filename="d.csv", actor="a"
        )
        check = service.district_sum(db_session=db, dataset="d", parent="六盘水", year=2022)
        assert check.complete and check.total == pytest.approx(190_030.0)
        assert check.parent_value is None and check.missing == ()
        inv = service.compute(db_session=db, dataset="d").inventory
        assert inv.totals[("520200", 2022)].derived_from_districts
    # the city reports its own figure and one district is missing: the city's figure stands
    partial = DISTRICTS.replace("520281,2022,黑色金属冶炼和压延加工业,原煤,4,万吨,test,\n", "")
    partial += "520200,2022,黑色金属冶炼和压延加工业,原煤,12,万吨,test,\n"
    with session_scope(db_url) as db:
        service.import_activity(
            db_session=db, name="d", data=partial.encode(), filename="d2.csv", actor="a"
        )
        check = service.district_sum(db_session=db, dataset="d", parent="520200", year=2022)
        assert not check.complete and check.missing == ("520281",)
        # city 12 万吨 -> 228,036 t; districts 6 万吨 -> 114,018 t; difference 114,018 t
        assert check.total == pytest.approx(228_036.0)
        assert check.difference == pytest.approx(114_018.0)
        assert "盘州市" in check.explanation


def test_platform_rows_for_comparison(db_session: Session) -> None:
    service.import_activity(
        db_session=db_session, name="city", data=GOOD, filename="a.csv", actor="a"
    )
    inv = service.compute(db_session=db_session, dataset="city").inventory
    rows = platform_rows(inv, "520201")
    assert rows == [(2022, "1.A.2.a", pytest.approx(19_003.0))]  # scope 2 left out


UNITS = st.sampled_from(["万吨", "吨", "t", "kg", "GJ", "吨标准煤"])


def test_records_round_trip_through_the_database(db_url: str) -> None:
    """Property: whatever quantity and unit a coal row has, the record read back from the
    database is the record the importer made (the same float, the same pint unit)."""

    @settings(max_examples=25, deadline=None)
    @given(st.floats(min_value=0, max_value=1e9, allow_nan=False), UNITS)
    def check(value: float, unit: str) -> None:
        text = HEAD + f"钟山区,2022,1.A.2.a,原煤,{value!r},{unit},test,note\n"
        name = f"p-{uuid.uuid4().hex[:8]}"
        with session_scope(db_url) as db:
            service.import_activity(
                db_session=db, name=name, data=text.encode(), filename="p.csv", actor="h"
            )
        with session_scope(db_url) as db:
            version = service.get_version(db_session=db, dataset=name)
            (back,) = service.activity_records(db_session=db, version=version)
        (made,) = read_activity_csv(text)
        assert back == made

    check()


def test_notation_rows_are_kept(db_session: Session) -> None:
    data = GOOD + "钟山区,2022,1.A.2.a,焦炭,NO,,test,no coke used in 2022\n".encode()
    service.import_activity(db_session=db_session, name="n", data=data, filename="n.csv", actor="a")
    version = service.get_version(db_session=db_session, dataset="n")
    notation = service.activity_records(db_session=db_session, version=version)[-1]
    assert (notation.fuel, notation.quantity, notation.notation) == ("coke", None, "NO")
    assert notation.note == "no coke used in 2022"
