"""Scoring with the default scheme against a hand-worked example; the scheme is data."""

from __future__ import annotations

from pathlib import Path

import pytest

from carbonpeak.core.errors import InputError
from carbonpeak.tracking.assessment.scoring import (
    TargetInput,
    TaskInput,
    UnitInput,
    default_scheme,
    load_scheme,
    scheme_from_text,
    score_unit,
    score_units,
)
from carbonpeak.tracking.model import Category, Status, TaskState

SCHEME = default_scheme()


def test_hand_worked_example() -> None:
    unit = UnitInput(
        name="市能源局",
        kind="department",
        targets=(
            TargetInput("t1", "单位GDP能耗", Category.INTENSITY, Status.ACHIEVED),
            TargetInput("t2", "光伏装机", Category.OTHER, Status.AT_RISK, aspirational=True),
        ),
        tasks=(
            TaskInput("a", TaskState.COMPLETED, 100),
            TaskInput("b", TaskState.IN_PROGRESS, 40),
            TaskInput("c", TaskState.DELAYED, 50),
            TaskInput("d", TaskState.CANCELLED, 0),
        ),
        overdue_reports=1,
        overdue_milestones=1,
    )
    s = score_unit(unit, SCHEME)
    # targets: weights intensity 3, other 1 x 0.5 (力争); points 100 and 60
    target = (3 * 100 + 0.5 * 60) / (3 + 0.5)
    # tasks (cancelled left out): 100, 40 x 1.0, 50 x 0.5
    task = (100 + 40 + 25) / 3
    # components 0.6 / 0.4, minus 1 report x 2 and 1 milestone x 3
    total = (0.6 * target + 0.4 * task) / (0.6 + 0.4) - (2 + 3)
    assert s.target_score == pytest.approx(target)
    assert s.task_score == pytest.approx(task)
    assert s.deductions == 5
    assert s.score == pytest.approx(total)  # 73.571...
    assert s.result == "none" and s.tasks == 3


def test_commend_notify_and_not_assessed() -> None:
    good = UnitInput("钟山区人民政府", "district", tasks=(TaskInput("a", TaskState.COMPLETED),))
    off = UnitInput(
        "市工业和信息化局",
        "department",
        targets=(TargetInput("t", "万元工业增加值能耗", Category.INTENSITY, Status.OFF_TRACK),),
        tasks=(TaskInput("a", TaskState.COMPLETED),) * 9,
    )
    empty = UnitInput("市金融办", "department")
    scores = {s.name: s for s in score_units([off, empty, good], SCHEME)}
    # a full score on tasks alone: no targets assessed, so not commended (issue 19)
    assert scores["钟山区人民政府"].result == "none" and scores["钟山区人民政府"].score == 100
    assert "无考核目标" in scores["钟山区人民政府"].reasons_zh[0]
    # 0.6 x 0 + 0.4 x 100 = 40 (< 60) and an intensity target off track: notify, both reasons
    assert scores["市工业和信息化局"].score == pytest.approx(40.0)
    assert scores["市工业和信息化局"].result == "notify"
    assert len(scores["市工业和信息化局"].reasons_zh) == 2
    assert scores["市金融办"].result == "not_assessed" and scores["市金融办"].score is None
    order = [s.name for s in score_units([off, empty, good], SCHEME)]
    assert order == ["钟山区人民政府", "市工业和信息化局", "市金融办"]


def test_deductions_are_capped_and_score_never_negative() -> None:
    u = UnitInput(
        "x", "department", tasks=(TaskInput("a", TaskState.NOT_STARTED),), overdue_reports=50
    )
    s = score_unit(u, SCHEME)
    assert s.deductions == 20 and s.score == 0.0


def test_scheme_is_data(tmp_path: Path) -> None:
    text = SCHEME.text.replace("targets: 0.6", "targets: 1.0").replace("tasks: 0.4", "tasks: 0.0")
    path = tmp_path / "scheme.yaml"
    path.write_text(text, encoding="utf-8")
    mine = load_scheme(path)
    u = UnitInput(
        "x",
        "department",
        targets=(TargetInput("t", "i", Category.OTHER, Status.ON_TRACK),),
        tasks=(TaskInput("a", TaskState.NOT_STARTED),),
    )
    assert score_unit(u, mine).score == pytest.approx(90.0)
    assert mine.sha256 != SCHEME.sha256
    with pytest.raises(InputError, match=r"status_points\.at_risk"):
        scheme_from_text(SCHEME.text.replace("at_risk: 60", "at_risk: -1"))
    with pytest.raises(InputError, match=r"commend\.no_off_track_in"):
        scheme_from_text(SCHEME.text.replace("no_off_track_in: [intensity", "no_off_track_in: [x"))
    with pytest.raises(InputError, match="components"):
        scheme_from_text(SCHEME.text.replace("components:", "componentz:"))


def _dept(name: str, score_points: float, *, intensity: Status = Status.ON_TRACK) -> UnitInput:
    """A department with one intensity target and tasks worth ``score_points`` each."""
    return UnitInput(
        name,
        "department",
        targets=(TargetInput("t", "单位GDP能耗", Category.INTENSITY, intensity),),
        tasks=(TaskInput("a", TaskState.IN_PROGRESS, score_points),),
    )


def test_proposals_are_capped_by_rank_per_kind() -> None:
    """notify.max_share 0.1 and commend.max_share 0.2 of the default scheme: of 20
    departments at most 2 are notified (the lowest) and 4 commended (the best); a unit with
    its intensity target off track is notified whatever the cap."""
    assert SCHEME.notify_max_share == 0.1 and SCHEME.commend_max_share == 0.2
    # on track (90 x 0.6) + tasks x 0.4: tasks 0 -> 54 (< 60), tasks 100 -> 94 (>= 85)
    low = [_dept(f"低{i:02d}", i) for i in range(8)]  # 54.0 ... 56.8
    high = [_dept(f"高{i:02d}", 100) for i in range(6)]
    mid = [_dept(f"中{i:02d}", 50) for i in range(5)]
    veto = [_dept("否决", 100, intensity=Status.OFF_TRACK)]  # 0 x 0.6 + 40 = 40
    scores = {s.name: s for s in score_units([*low, *high, *mid, *veto], SCHEME)}
    notified = sorted(n for n, s in scores.items() if s.result == "notify")
    commended = sorted(n for n, s in scores.items() if s.result == "commend")
    assert notified == ["低00", "否决"]  # the veto takes one of the two seats
    assert len(commended) == 4 and all(n.startswith("高") for n in commended)
    left = scores["低05"]
    assert left.result == "none" and "未进入通报名额" in left.reasons_zh[-1]
    # districts are ranked apart: one district below 60 is notified (ceil(0.1 x 1) = 1)
    district = UnitInput(
        "钟山区人民政府", "district", tasks=(TaskInput("a", TaskState.NOT_STARTED),)
    )
    assert score_units([district], SCHEME)[0].result == "notify"


def test_a_scheme_without_caps_keeps_working() -> None:
    text = SCHEME.text.replace("  min_targets: 1\n", "")
    text = "\n".join(line for line in text.splitlines() if "max_share" not in line)
    old = scheme_from_text(text)
    assert old.notify_max_share == 1.0 and old.commend_min_targets == 1
    with pytest.raises(InputError, match=r"notify\.max_share"):
        scheme_from_text(SCHEME.text.replace("max_share: 0.1", "max_share: 1.5"))
