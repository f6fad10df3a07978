"""The rules of the status computation (pure): tolerance of ``~`` targets, the at-risk margin,
the default base year and trajectory. They are data: ``tracking/data/status_default.yaml`` by
default, or a YAML file given with ``--rules``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from carbonpeak.core.errors import InputError
from carbonpeak.tracking.model import Trajectory


@dataclass(frozen=True)
class StatusRules:
    """The rules of :func:`carbonpeak.tracking.statuses.status.evaluate`; see
    ``tracking/data/status_default.yaml``."""

    name: str = "default"
    approx_relative: float = 0.05
    approx_absolute: float = 0.0
    overshoot_is_met: bool = True
    at_risk_margin: float = 0.10
    default_base_year: int = 2020
    default_trajectory: Trajectory = Trajectory.LINEAR


def rules_from_dict(data: dict[str, Any], *, source: str = "rules") -> StatusRules:
    """Status rules from parsed YAML; unknown or ill-typed keys are errors naming the key."""
    known = {"name", "approx", "at_risk_margin", "default_base_year", "default_trajectory"}
    extra = sorted(set(data) - known)
    if extra:
        raise InputError(f"{source}: 未知配置项 unknown keys {extra}; allowed: {sorted(known)}")
    approx = data.get("approx") or {}
    try:
        rules = StatusRules(
            name=str(data.get("name", "default")),
            approx_relative=float(approx.get("relative", 0.05)),
            approx_absolute=float(approx.get("absolute", 0.0)),
            overshoot_is_met=bool(approx.get("overshoot_is_met", True)),
            at_risk_margin=float(data.get("at_risk_margin", 0.10)),
            default_base_year=int(data.get("default_base_year", 2020)),
            default_trajectory=Trajectory(data.get("default_trajectory", "linear")),
        )
    except (TypeError, ValueError) as exc:
        raise InputError(f"{source}: 配置值无效 / invalid value: {exc}") from exc
    if not 0 <= rules.at_risk_margin <= 1:
        raise InputError(f"{source}, at_risk_margin: 应在 0 到 1 之间 / must be within 0..1")
    return rules


@lru_cache(maxsize=1)
def default_rules() -> StatusRules:
    text = (resources.files("carbonpeak.tracking") / "data" / "status_default.yaml").read_text(
        encoding="utf-8"
    )
    return rules_from_dict(yaml.safe_load(text), source="status_default.yaml")


def load_rules(path: Path | None) -> StatusRules:
    if path is None:
        return default_rules()
    return rules_from_dict(yaml.safe_load(path.read_text(encoding="utf-8")), source=str(path))
