"""The accounting engine's "not available" reasons in the page's language (issue 19, point 5)."""

from __future__ import annotations

from carbonpeak.inventory.accounting.totals import compute_totals
from carbonpeak.web.reasons import bilingual, reason_text


def test_engine_reasons_in_chinese() -> None:
    assert reason_text("no scope-1 or LULUCF rows", "zh") == (
        "无范围一或土地利用、土地利用变化和林业（LULUCF）排放行"
    )
    assert reason_text("no LULUCF rows (not estimated: 3.B.1.a CO2)", "zh") == (
        "无土地利用、土地利用变化和林业（LULUCF）排放行（未估算：3.B.1.a CO2）"
    )
    # nested reasons are translated all the way down, several joined by ；
    assert reason_text("this year: numerator no scope-1 CO2 rows", "zh") == (
        "本年：分子：无范围一二氧化碳排放行"
    )
    assert reason_text("no inventory for 520200 2020; no energy account", "zh") == (
        "无 520200 2020 年清单；无能源账户"
    )
    # English pages keep the engine's words; an unknown reason is shown as written
    assert reason_text("no scope-1 or LULUCF rows", "en") == "no scope-1 or LULUCF rows"
    assert reason_text("something new", "zh") == "something new"


def test_every_reason_of_an_empty_inventory_is_chinese() -> None:
    """What the engine really says for a region with no rows: no English word left."""
    totals = compute_totals("520200", 2022, [])
    reasons = [m.reason for m in totals.values.values() if hasattr(m, "reason")]
    assert reasons
    for reason in reasons:
        text = reason_text(reason, "zh")
        assert not any(w in text for w in ("rows", "no ", "scope")), (reason, text)


def test_bilingual_notes() -> None:
    assert bilingual("参考数据无此值 / no reference value", "zh") == "参考数据无此值"
    assert bilingual("参考数据无此值 / no reference value", "en") == "no reference value"
    assert bilingual("plain text / other", "zh") == "plain text / other"
