"""The quota ledger by district: credits (closures, retrofits), debits (approved projects);
every entry audited. The caller commits."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from carbonpeak import audit
from carbonpeak.core.errors import InputError, Problem
from carbonpeak.regions import find_region
from carbonpeak.review.ledger.rules import balance, ratios
from carbonpeak.review.orm import QuotaEntryRow


def add_entry(
    *,
    db_session: Session,
    district: str,
    kind: str,
    tce: float,
    reason: str,
    actor: str,
    project_id: int | None = None,
    source: str = "",
) -> QuotaEntryRow:
    region = find_region(district)
    problems = []
    if region is None:
        problems.append(Problem(None, "district", f"未知区县 / unknown district {district!r}"))
    if kind not in ("credit", "debit"):
        problems.append(Problem(None, "kind", "应为 credit 或 debit"))
    if not tce > 0:
        problems.append(Problem(None, "tce", "应为正数 / must be positive"))
    if problems:
        fields = ", ".join(p.field for p in problems)
        raise InputError(f"指标台账条目有误 / bad ledger entry ({fields})", problems)
    assert region is not None
    row = QuotaEntryRow(
        district=region.code,
        kind=kind,
        tce=tce,
        reason=reason,
        project_id=project_id,
        source=source[:200],
        created_by=actor,
    )
    db_session.add(row)
    db_session.flush()
    audit.record(
        db_session=db_session,
        actor=actor,
        action=f"review.quota.{kind}",
        entity="review_quota_entry",
        entity_id=row.id,
        after={"district": row.district, "tce": tce, "reason": reason, "project_id": project_id},
    )
    return row


def district_balance(*, db_session: Session, district: str) -> float:
    rows = db_session.execute(
        select(QuotaEntryRow.kind, QuotaEntryRow.tce).where(QuotaEntryRow.district == district)
    )
    return balance((k, t) for k, t in rows)


def ledger(*, db_session: Session) -> dict[str, Any]:
    """Entries and balances by district."""
    rows = list(db_session.scalars(select(QuotaEntryRow).order_by(QuotaEntryRow.id)))
    districts: dict[str, list[QuotaEntryRow]] = {}
    for r in rows:
        districts.setdefault(r.district, []).append(r)
    return {
        "ratios": {
            ("two_high" if k else "other"): {"ratio": v[0], "rule": v[1], "source": v[2]}
            for k, v in ratios().items()
        },
        "districts": [
            {
                "district": d,
                "name": (find_region(d).name_zh if find_region(d) else d),  # type: ignore[union-attr]
                "balance_tce": round(balance((e.kind, e.tce) for e in entries), 3),
                "entries": [
                    {
                        "id": e.id,
                        "kind": e.kind,
                        "tce": e.tce,
                        "reason": e.reason,
                        "project_id": e.project_id,
                        "source": e.source,
                        "created_by": e.created_by,
                        "created_at": e.created_at,
                    }
                    for e in entries
                ],
            }
            for d, entries in sorted(districts.items())
        ],
    }
