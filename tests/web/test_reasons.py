"""The accounting engine's "not available" reasons in the page's language (issue 19, point 5)."""

from __future__ import annotations

import re

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


def test_trace_notes_in_chinese() -> None:
    """The trace page's engine texts (s23): what each total means, the factors passed over,
    a year standing in, the karst memo's notes — each in Chinese, its codes kept."""
    from carbonpeak.inventory.accounting.result import TOTAL_MEANING
    from carbonpeak.web.reasons import note_text

    for meaning in TOTAL_MEANING.values():
        assert not re.search(r"[a-z]{3,}", note_text(meaning, "zh")), meaning
    assert note_text("not applicable: years 2021-2021", "zh") == "不适用：年份 2021-2021"
    assert note_text("lower precedence (fuel): fuel class:oil less specific than lpg", "zh") == (
        "优先级较低（燃料）：燃料 class:oil 不如 lpg 具体"
    )
    assert note_text(
        "no record for 2024: the 2023-2023 value of cn_grid_factors/x/2023 stands in", "zh"
    ) == ("2024 年无记录：以 cn_grid_factors/x/2023 的 2023-2023 年数值替代")
    assert note_text("mean of 3 catchment values; range -19344 to -14384 t CO2", "zh") == (
        "3 个流域数值的平均值；范围 -19344 至 -14384 t CO2"
    )
    assert note_text("not applicable: years 2021-2021", "en") == "not applicable: years 2021-2021"
