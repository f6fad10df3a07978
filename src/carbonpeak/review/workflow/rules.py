"""Whose opinion a decision is (审查权限). The 固定资产投资项目节能审查办法 (2023) gives a project
of 10,000 tce/yr (当量值) or more to the provincial 节能审查机关, the others to the authority the
province names (市级 here), and exempts the smallest (review/data/authority.csv). The platform's
review officers are the city's 发展改革部门 (:data:`OFFICE`): they decide a project within that
authority; a project above it they review first and forward (初审、转报) to the province, and
what they record is the province's opinion — its tier (``on_behalf_of``), document number and
date — never an opinion of their own.

A project with authority ``none`` is not reviewed separately (不单独进行节能审查): there is no
审查意见 to issue, and an "approval" would be an opinion, and a quota debit, the 办法 does not
provide for; the office expects to be told so, not to sign a document, so no decision is
recorded for it.

>>> refusal("local", HigherOpinion()) is None
True
>>> refusal("provincial", HigherOpinion()).field
'authority'
>>> opinion = HigherOpinion("provincial", "黔发改环资〔2026〕1号", date(2026, 3, 2))
>>> refusal("provincial", opinion, today=date(2026, 3, 5)) is None
True
>>> refusal("local", opinion, today=date(2026, 3, 5)).field
'on_behalf_of'
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from carbonpeak.review.assessment.reference import authority_tiers

#: the tier of the deciding office: the city's 发展改革部门 (authority.csv level ``local``)
OFFICE = "local"
#: tiers from the lowest; a tier reviews the projects of its own and the lower ones
RANKS = ("none", "local", "provincial")


@dataclass(frozen=True)
class HigherOpinion:
    """The higher authority's 审查意见 a decision records (empty: the office's own)."""

    on_behalf_of: str = ""
    document: str = ""
    on: date | None = None

    @property
    def given(self) -> bool:
        return bool(self.on_behalf_of.strip() or self.document.strip() or self.on)


@dataclass(frozen=True)
class Refusal:
    """Why the office may not record this decision: the field at fault, the message and
    whether it is the project's state (``conflict``) rather than a bad field."""

    field: str
    message: str
    conflict: bool = False


def tier_name(level: str) -> str:
    """The Chinese name of an authority tier (``provincial`` → 省级节能审查机关…)."""
    return next((t.name_zh for t in authority_tiers() if t.level == level), level)


def refusal(
    authority: str, opinion: HigherOpinion, *, office: str = OFFICE, today: date | None = None
) -> Refusal | None:
    """Why a decision by ``office`` on a project of ``authority`` cannot be recorded, or None."""
    if authority == "none":
        basis = next((t.basis for t in authority_tiers() if t.level == "none"), "")
        return Refusal(
            "authority",
            f"authority: 该项目不单独进行节能审查（{basis}），不出具审查意见 / authority 'none': "
            "the project needs no separate energy review, so no decision is recorded",
            conflict=True,
        )
    above = authority in RANKS and RANKS.index(authority) > RANKS.index(office)
    if not above:
        if opinion.given:
            return Refusal(
                "on_behalf_of",
                f"on_behalf_of: 项目审查权限为{tier_name(authority)}（{authority}），在本级权限内，"
                "由本级出具审查意见，不记录上级意见 / the project is within this office's "
                f"authority ({authority}): record the office's own decision",
            )
        return None
    needed = (
        f"项目审查权限为{tier_name(authority)}（authority {authority}），超出本级（{office}）"
        f"审查权限：本级初审后转报，记录其审查意见须给出 on_behalf_of={authority}、"
        "authority_document（文号）和 authority_document_date（日期） / the project is above "
        f"this office's authority ({authority} > {office}): record the {authority} authority's "
        "opinion with on_behalf_of, authority_document and authority_document_date"
    )
    if not opinion.given:
        return Refusal("authority", f"authority: {needed}", conflict=True)
    if opinion.on_behalf_of != authority:
        return Refusal("on_behalf_of", f"on_behalf_of: 应为 {authority!r} — {needed}")
    if not opinion.document.strip():
        return Refusal("authority_document", f"authority_document: 文号必填 — {needed}")
    if opinion.on is None:
        return Refusal("authority_document_date", f"authority_document_date: 日期必填 — {needed}")
    if today is not None and opinion.on > today:
        return Refusal(
            "authority_document_date",
            f"authority_document_date: {opinion.on} 晚于今天 {today} / in the future",
        )
    return None
