"""The plain-language sentence (issue 12, point 6)."""

from __future__ import annotations

from carbonpeak.scenarios import missed_targets, plain_summary, run_scenario


def test_the_sentence_names_both_totals_and_the_missed_share_target() -> None:
    run = run_scenario("plan", draws=200, seed=0, sobol_n=8)
    mc = run.montecarlo
    assert mc is not None
    zh = plain_summary(run, "zh")
    p_t = round(mc.p_peak_by["territorial"]["2030"] * 100)
    p_e = round(mc.p_peak_by["regional_energy_co2"]["2030"] * 100)
    assert zh.startswith(
        f"按规划情景，2030年前达峰概率 {p_t}%（辖区排放） / {p_e}%（能源活动排放）"
    )
    share = next(t for t in missed_targets(run) if t.year == 2025 and "非化石" in t.name)
    assert f"2025年非化石能源比重预计 {share.projected:.1f}%，低于目标 20%" in zh
    assert "主要不确定因素：" in zh
    en = plain_summary(run, "en")
    assert en.startswith("Under Plan (the plan's levers), the probability of peaking by 2030 is")
    assert "below the 20 % target" in en


def test_without_draws_the_sentence_gives_the_peak_year() -> None:
    run = run_scenario("baseline")
    assert "到2035年仍未达峰" in plain_summary(run, "zh")
