"""Scoring units for the annual assessment (年度评估), from a scheme that is data (pure).

The scheme is a YAML file (``tracking/data/scoring_default.yaml`` documents every key and the
formula); :func:`score_unit` applies it to one unit's target statuses, task states and
overdue items and returns the score with its parts and the reasons for the result.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from carbonpeak.core.errors import InputError
from carbonpeak.tracking.model import Category, Status, TaskState

RESULTS = ("commend", "notify", "none")
RESULT_ZH = {"commend": "表彰", "notify": "通报约谈", "none": "—", "not_assessed": "无考核内容"}


@dataclass(frozen=True)
class Scheme:
    name: str
    title: str
    version: int
    status_points: dict[Status, float]
    category_weights: dict[Category, float]
    aspirational_factor: float
    task_completed: float
    task_not_started: float
    in_progress_factor: float
    delayed_factor: float
    component_targets: float
    component_tasks: float
    overdue_report: float
    overdue_milestone: float
    max_deduction: float
    commend_min_score: float
    commend_no_off_track_in: frozenset[Category]
    notify_below_score: float
    notify_off_track_in: frozenset[Category]
    #: a unit leading fewer targets is not commended (its tasks alone are no basis)
    commend_min_targets: int = 1
    #: at most this share of the assessed units of a kind (department, district) are
    #: proposed, rounded up, best (commend) or lowest (notify) scores first; 1 = no cap
    commend_max_share: float = 1.0
    notify_max_share: float = 1.0
    text: str = field(default="", repr=False)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def _get(data: dict[str, Any], path: str, source: str) -> Any:
    node: Any = data
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            raise InputError(f"{source}, {path}: 缺少配置项 / missing key")
        node = node[part]
    return node


def _num(data: dict[str, Any], path: str, source: str) -> float:
    value = _get(data, path, source)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise InputError(f"{source}, {path}: 应为非负数 / must be a non-negative number: {value!r}")
    return float(value)


def _optional(data: dict[str, Any], path: str, source: str, default: float) -> float:
    """A key added later (proposal caps): a scheme written before it keeps working."""
    section, _, key = path.partition(".")
    if not isinstance(data.get(section), dict) or key not in data[section]:
        return default
    return _num(data, path, source)


def _share(data: dict[str, Any], path: str, source: str) -> float:
    value = _optional(data, path, source, 1.0)
    if not 0 < value <= 1:
        raise InputError(f"{source}, {path}: 应在 (0, 1] 之内 / must be within (0, 1]: {value!r}")
    return value


def _categories(data: dict[str, Any], path: str, source: str) -> frozenset[Category]:
    values = _get(data, path, source) or []
    try:
        return frozenset(Category(v) for v in values)
    except ValueError as exc:
        allowed = [c.value for c in Category]
        raise InputError(f"{source}, {path}: {exc}; 可选 allowed {allowed}") from None


def scheme_from_text(text: str, *, source: str = "scheme") -> Scheme:
    """Parse and check a scoring scheme; every problem names the key."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InputError(f"{source}: YAML 格式错误 / invalid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise InputError(f"{source}: 应为 YAML 映射 / must be a YAML mapping")
    status_points = {s: _num(data, f"status_points.{s.value}", source) for s in Status}
    weights = {c: _num(data, f"category_weights.{c.value}", source) for c in Category}
    scheme = Scheme(
        name=str(_get(data, "name", source)),
        title=str(data.get("title", data["name"])),
        version=int(data.get("version", 1)),
        status_points=status_points,
        category_weights=weights,
        aspirational_factor=_num(data, "aspirational_factor", source),
        task_completed=_num(data, "task_points.completed", source),
        task_not_started=_num(data, "task_points.not_started", source),
        in_progress_factor=_num(data, "task_points.in_progress_factor", source),
        delayed_factor=_num(data, "task_points.delayed_factor", source),
        component_targets=_num(data, "components.targets", source),
        component_tasks=_num(data, "components.tasks", source),
        overdue_report=_num(data, "deductions.overdue_report", source),
        overdue_milestone=_num(data, "deductions.overdue_milestone", source),
        max_deduction=_num(data, "deductions.max_total", source),
        commend_min_score=_num(data, "commend.min_score", source),
        commend_no_off_track_in=_categories(data, "commend.no_off_track_in", source),
        notify_below_score=_num(data, "notify.below_score", source),
        notify_off_track_in=_categories(data, "notify.off_track_in", source),
        commend_min_targets=int(_optional(data, "commend.min_targets", source, 1)),
        commend_max_share=_share(data, "commend.max_share", source),
        notify_max_share=_share(data, "notify.max_share", source),
        text=text,
    )
    if scheme.component_targets + scheme.component_tasks <= 0:
        raise InputError(f"{source}, components: 权重之和须大于 0 / weights must sum to > 0")
    return scheme


@lru_cache(maxsize=1)
def default_scheme() -> Scheme:
    path = resources.files("carbonpeak.tracking") / "data" / "scoring_default.yaml"
    return scheme_from_text(path.read_text(encoding="utf-8"), source="scoring_default.yaml")


def load_scheme(path: Path | None) -> Scheme:
    if path is None:
        return default_scheme()
    return scheme_from_text(path.read_text(encoding="utf-8"), source=str(path))


@dataclass(frozen=True)
class TargetInput:
    key: str
    indicator: str
    category: Category
    status: Status
    aspirational: bool = False


@dataclass(frozen=True)
class TaskInput:
    key: str
    state: TaskState
    percent: float = 0.0


@dataclass(frozen=True)
class UnitInput:
    """What one unit is assessed on. ``kind`` is ``department`` or ``district``."""

    name: str
    kind: str
    targets: Sequence[TargetInput] = ()
    tasks: Sequence[TaskInput] = ()
    overdue_reports: int = 0
    overdue_milestones: int = 0


@dataclass(frozen=True)
class UnitScore:
    name: str
    kind: str
    target_score: float | None
    task_score: float | None
    deductions: float
    score: float | None
    result: str
    reasons_zh: tuple[str, ...]
    reasons_en: tuple[str, ...]
    targets: int
    tasks: int
    off_track: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "target_score": self.target_score,
            "task_score": self.task_score,
            "deductions": self.deductions,
            "score": self.score,
            "result": self.result,
            "reasons_zh": list(self.reasons_zh),
            "reasons_en": list(self.reasons_en),
            "targets": self.targets,
            "tasks": self.tasks,
            "off_track": list(self.off_track),
        }


def target_weight(t: TargetInput, scheme: Scheme) -> float:
    w = scheme.category_weights[t.category]
    return w * scheme.aspirational_factor if t.aspirational else w


def task_points(t: TaskInput, scheme: Scheme) -> float | None:
    """Points of one task; ``None`` for a cancelled task (left out)."""
    pct = min(100.0, max(0.0, t.percent))
    return {
        TaskState.COMPLETED: scheme.task_completed,
        TaskState.NOT_STARTED: scheme.task_not_started,
        TaskState.IN_PROGRESS: pct * scheme.in_progress_factor,
        TaskState.DELAYED: pct * scheme.delayed_factor,
        TaskState.CANCELLED: None,
    }[t.state]


def score_unit(unit: UnitInput, scheme: Scheme) -> UnitScore:
    """Score one unit with ``scheme`` (the formula is in ``scoring_default.yaml``)."""
    weights = [(target_weight(t, scheme), scheme.status_points[t.status]) for t in unit.targets]
    total_w = sum(w for w, _ in weights)
    target_score = sum(w * p for w, p in weights) / total_w if total_w > 0 else None
    points = [p for p in (task_points(t, scheme) for t in unit.tasks) if p is not None]
    task_score = sum(points) / len(points) if points else None
    parts = [
        (scheme.component_targets, target_score),
        (scheme.component_tasks, task_score),
    ]
    have = [(w, s) for w, s in parts if s is not None and w > 0]
    deductions = min(
        scheme.max_deduction,
        unit.overdue_reports * scheme.overdue_report
        + unit.overdue_milestones * scheme.overdue_milestone,
    )
    not_assessed = UnitScore(
        name=unit.name,
        kind=unit.kind,
        target_score=target_score,
        task_score=task_score,
        deductions=deductions,
        score=None,
        result="not_assessed",
        reasons_zh=("无可考核的目标或任务",),
        reasons_en=("nothing to assess: no targets or tasks",),
        targets=len(unit.targets),
        tasks=len(points),
        off_track=tuple(t.key for t in unit.targets if t.status == Status.OFF_TRACK),
    )
    if not have:
        return not_assessed
    score = max(0.0, sum(w * s for w, s in have) / sum(w for w, _ in have) - deductions)
    result, zh, en = _classify(unit, score, scheme)
    return replace(not_assessed, score=score, result=result, reasons_zh=zh, reasons_en=en)


def _classify(
    unit: UnitInput, score: float, scheme: Scheme
) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    zh: list[str] = []
    en: list[str] = []
    notify_off = [
        t
        for t in unit.targets
        if t.status == Status.OFF_TRACK and t.category in scheme.notify_off_track_in
    ]
    if score < scheme.notify_below_score:
        zh.append(f"得分 {score:.1f} 低于 {scheme.notify_below_score:g}")
        en.append(f"score {score:.1f} below {scheme.notify_below_score:g}")
    for t in notify_off:
        zh.append(f"{t.indicator}（{t.key}）进度滞后")
        en.append(f"{t.key} ({t.category.value} target) off track")
    if zh:
        return "notify", tuple(zh), tuple(en)
    blocking = [
        t
        for t in unit.targets
        if t.status == Status.OFF_TRACK and t.category in scheme.commend_no_off_track_in
    ]
    if score >= scheme.commend_min_score and not blocking:
        if len(unit.targets) < scheme.commend_min_targets:
            return (
                "none",
                (f"无考核目标（仅任务得分 {score:.1f}），不参与表彰",),
                (f"no targets assessed (tasks only, {score:.1f}): not eligible to be commended",),
            )
        return (
            "commend",
            (f"得分 {score:.1f} 不低于 {scheme.commend_min_score:g}，无滞后目标",),
            (f"score {score:.1f} at least {scheme.commend_min_score:g}, no target off track",),
        )
    return "none", (), ()


def score_units(units: Sequence[UnitInput], scheme: Scheme) -> list[UnitScore]:
    """Every unit's score, best first (units not assessed last), then by name; the proposals
    capped per kind of unit by the scheme's shares (:func:`capped`)."""
    scores = [score_unit(u, scheme) for u in units]
    off_track = {u.name for u in units if _mandatory_notify(u, scheme)}
    scores = capped(scores, scheme, off_track)
    return sorted(scores, key=lambda s: (s.score is None, -(s.score or 0.0), s.name))


def _mandatory_notify(unit: UnitInput, scheme: Scheme) -> bool:
    return any(
        t.status == Status.OFF_TRACK and t.category in scheme.notify_off_track_in
        for t in unit.targets
    )


def capped(scores: list[UnitScore], scheme: Scheme, off_track: set[str]) -> list[UnitScore]:
    """At most ``ceil(share x assessed units)`` of each kind are proposed: the best scores for
    表彰, the lowest for 通报 (a unit with an off-track target of ``notify.off_track_in`` is
    always notified and counts against the cap). The others keep their score, with the reason
    why they were not proposed."""
    out = {s.name: s for s in scores}
    for kind in sorted({s.kind for s in scores}):
        assessed = [s for s in scores if s.kind == kind and s.score is not None]
        for result, share, best_first in (
            ("commend", scheme.commend_max_share, True),
            ("notify", scheme.notify_max_share, False),
        ):
            seats = math.ceil(share * len(assessed))
            proposed = sorted(
                (s for s in assessed if s.result == result),
                key=lambda s: (s.name not in off_track, -(s.score or 0) if best_first else s.score),
            )
            for s in proposed[seats:]:
                if s.name in off_track:
                    continue
                word_zh = "表彰" if result == "commend" else "通报"
                out[s.name] = replace(
                    s,
                    result="none",
                    reasons_zh=(
                        *s.reasons_zh,
                        f"未进入{word_zh}名额（{kind_zh(kind)}共 {seats} 名）",
                    ),
                    reasons_en=(*s.reasons_en, f"not within the {seats} {kind} {result} seats"),
                )
    return list(out.values())


def kind_zh(kind: str) -> str:
    return "区县" if kind == "district" else "部门"
