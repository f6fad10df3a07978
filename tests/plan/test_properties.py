"""Property tests: the parser and the text mending never crash and are stable."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from carbonpeak.core.errors import InputError
from carbonpeak.core.units import normalised
from carbonpeak.plan.reading.parser import parse_text
from carbonpeak.plan.reading.reader import read_document
from carbonpeak.plan.reading.targets import extract
from carbonpeak.plan.reading.text import squeeze_spaces

SENTENCE = "到2025年,光伏装机容量达到300万千瓦,非化石能源消费比重达到20%左右。"
PLAN = "某市方案\n一、重点任务\n(一)甲行动\n推动光伏。" + SENTENCE + "〔牵头单位:市能源局〕\n"


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_give_a_plan_or_a_clear_error(data: bytes) -> None:
    try:
        document = read_document(data, "upload.txt")
        parse_text(document.text)
    except InputError as exc:
        assert str(exc)  # a message, never a traceback


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=500))
def test_any_text_gives_a_plan_or_a_clear_error(text: str) -> None:
    try:
        plan = parse_text(text)
    except InputError:
        return
    assert plan.nodes  # only texts with headings are plans


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.integers(min_value=1, max_value=len(SENTENCE) - 1), max_size=6),
    st.sampled_from([" ", "\n", "  "]),
)
def test_pdf_breaks_anywhere_give_the_same_targets(cuts: list[int], gap: str) -> None:
    """Spaces or line breaks inserted anywhere in a sentence (as PDFs do) change nothing."""
    broken = SENTENCE
    for cut in sorted(set(cuts), reverse=True):
        broken = broken[:cut] + gap + broken[cut:]
    plan = parse_text(PLAN.replace(SENTENCE, broken))
    got = [(t.year, t.indicator, t.value, t.unit, t.comparator) for t in plan.targets]
    assert got == [
        (2025, "光伏装机容量", 300.0, "万千瓦", ">="),
        (2025, "非化石能源消费比重", 20.0, "%", "~"),
    ]


@given(st.text(max_size=200))
def test_squeeze_spaces_is_idempotent(text: str) -> None:
    once = squeeze_spaces(text)
    assert squeeze_spaces(once) == once


@given(st.text(max_size=200))
def test_extract_never_crashes(text: str) -> None:
    for found in extract(text):
        assert found.source_text


@given(st.floats(min_value=0.001, max_value=1e6, allow_nan=False))
def test_wan_kilowatt_is_ten_megawatt(value: float) -> None:
    # 1 万千瓦 = 10^4 kW = 0.01 GW
    assert abs(normalised(value, "万千瓦").to("GW").magnitude - value * 0.01) <= 1e-9 * value
