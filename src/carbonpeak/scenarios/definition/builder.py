"""Reading one value of a scenario file with problem reporting (file, line, key path): mappings,
numbers, variables (unit, base, expression, plan references), distributions and parameters.
The schema (:mod:`.schema`) and the branches (:mod:`.branches`) build on it.

Percent rule: a variable in ``percent`` (shares, own use, losses) is written in percent
(``6`` is 6 %); a ``%`` literal (``6%`` = 0.06) is for rates such as growth rates, and is an
error inside a percent variable, so 6 % can never silently become 0.06 %.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any

from carbonpeak.core.errors import InputError, Problem
from carbonpeak.core.units import quantity
from carbonpeak.scenarios.definition import expressions as ex
from carbonpeak.scenarios.definition.units import unit_expression
from carbonpeak.scenarios.model import DIST_ARGS, Distribution, Parameter, Variable

Path_ = tuple[str, ...]
Loc = tuple[str, int | None]

VAR_KEYS = {"unit", "base", "expr", "source", "note", "illustrative"}
PARAM_KEYS = {"value", "distribution", "source", "note", "illustrative"}
DIST_KEYS = {
    "type",
    "mean",
    "sd",
    "low",
    "high",
    "mode",
    "values",
    "weights",
    "low95",
    "median",
    "high95",
}


def nearest(name: str, known: Iterable[str]) -> str:
    """' — did you mean X?' for the closest known name (difflib), or ''."""
    close = difflib.get_close_matches(name, [k for k in known if not k.startswith("_")], 1, 0.6)
    return f" — 是否应为 / did you mean {close[0]!r}?" if close else ""


def _is_percent(q: Any) -> bool:
    return str(q.units) == "percent"


def is_variable(value: Mapping[str, Any]) -> bool:
    """Does a mapping describe a variable (unit/base/expr)?"""
    return bool({"unit", "expr", "base"} & set(value)) and not {"value"} & set(value)


class Builder:
    """Reads values of merged scenario data, collecting every problem (raised together later)."""

    def __init__(self, marks: Mapping[Path_, Loc], plan: Mapping[str, Any] | None) -> None:
        self.marks = marks
        self.plan = plan
        self.problems: list[Problem] = []
        self.plan_refs: dict[str, list[str]] = {}

    def loc(self, path: Path_) -> Loc:
        for n in range(len(path), -1, -1):
            if path[:n] in self.marks:
                return self.marks[path[:n]]
        return ("", None)

    def fail(self, path: Path_, reason: str) -> None:
        file, line = self.loc(path)
        name = ".".join(path) or "(file)"
        self.problems.append(Problem(line, f"{file}: {name}" if file else name, reason))

    def where(self, path: Path_) -> str:
        file, line = self.loc(path)
        return f"{file}:{line}" if line else file

    def mapping(self, value: Any, path: Path_, allowed: set[str] | None = None) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.fail(path, f"应为映射 / expected a mapping, got {type(value).__name__}")
            return {}
        if allowed is not None:
            for key in value:
                if key not in allowed:
                    known = ", ".join(sorted(k for k in allowed if not k.startswith("_")))
                    self.fail(
                        (*path, key),
                        f"未知键 / unknown key{nearest(str(key), allowed)} (allowed: {known})",
                    )
        return value

    def number(self, value: Any, path: Path_) -> float | None:
        if isinstance(value, bool) or value is None:
            self.fail(path, "应为数字 / expected a number")
            return None
        if isinstance(value, str) and value.strip().endswith("%"):
            try:
                return float(value.strip()[:-1]) / 100.0
            except ValueError:
                pass
        try:
            return float(value)
        except (TypeError, ValueError):
            self.fail(path, f"应为数字 / expected a number, got {value!r}")
            return None

    def variable(self, value: Any, path: Path_, unit: str | None = None) -> Variable | None:
        if value is None:
            self.fail(path, "缺少 / missing")
            return None
        if isinstance(value, dict):
            spec = value
        elif isinstance(value, int | float) and not isinstance(value, bool):
            spec = {"expr": value, "base": value}  # a bare number: constant from the base year
        else:
            spec = {"expr": value}
        self.mapping(spec, path, VAR_KEYS)
        text_unit = spec.get("unit", unit)
        if not text_unit:
            self.fail((*path, "unit"), "缺少单位 / missing unit")
            return None
        try:
            text_unit = unit_expression(str(text_unit))
        except InputError as exc:
            self.fail((*path, "unit"), str(exc))
            return None
        base = spec.get("base")
        if str(text_unit) == "percent" and isinstance(base, str) and "%" in base:
            self.fail((*path, "base"), "百分比变量直接写数值 / in percent: write 6 for 6 %, not 6%")
        base_value = None if base in (None, "inventory") else self.number(base, (*path, "base"))
        raw = spec.get("expr", "base")
        try:
            node = ex.parse(raw)
        except ex.ExpressionError as exc:
            self.fail((*path, "expr"), str(exc))
            return None
        if str(text_unit) in ("percent", "%") and "%" in str(raw):
            self.fail(
                (*path, "expr"),
                "百分比变量直接写数值 / this variable is in percent: write 6 for 6 %, not 6%",
            )
        for ref in sorted(ex.plan_refs(node)):
            self.plan_refs.setdefault(ref, []).append(".".join(path))
            self.check_plan_ref(ref, str(text_unit), (*path, "expr"))
        return Variable(
            path=".".join(path),
            unit=str(text_unit),
            expr=node,
            text=str(raw),
            base=base_value,
            where=self.where((*path, "expr") if (*path, "expr") in self.marks else path),
            source=str(spec.get("source", "") or ""),
            illustrative=bool(spec.get("illustrative", False)),
        )

    def check_plan_ref(self, ref: str, unit: str, path: Path_) -> None:
        if self.plan is None:
            return
        target = self.plan.get(ref)
        if target is None:
            self.fail(path, f"方案中没有目标 / the plan has no target {ref!r}")
        elif not _is_percent(target) and not target.is_compatible_with(quantity(1.0, unit)):
            self.fail(path, f"目标 {ref} 的单位 {target.units} 不能换算为 / cannot be {unit}")

    def distribution(self, value: Any, path: Path_) -> Distribution | None:
        spec = self.mapping(value, path, DIST_KEYS)
        kind = spec.get("type")
        if kind not in DIST_ARGS:
            self.fail(
                (*path, "type"),
                f"未知分布 / unknown distribution {kind!r} (known: {', '.join(DIST_ARGS)})",
            )
            return None
        if kind == "choice":
            values = spec.get("values")
            if not isinstance(values, list) or not values:
                self.fail((*path, "values"), "应为非空列表 / expected a non-empty list")
                return None
            nums = [self.number(v, (*path, "values", str(i))) for i, v in enumerate(values)]
            weights = spec.get("weights") or []
            if weights and len(weights) != len(values):
                self.fail((*path, "weights"), "权重个数应与取值相同 / one weight per value")
            w = tuple(self.number(x, (*path, "weights")) or 0.0 for x in weights)
            return Distribution("choice", tuple(v or 0.0 for v in nums), w)
        args = []
        for name in DIST_ARGS[kind]:
            if name not in spec:
                self.fail((*path, name), f"{kind} 需要 / needs {name}")
                return None
            args.append(self.number(spec[name], (*path, name)) or 0.0)
        if kind in ("normal", "lognormal") and args[1] < 0:
            self.fail((*path, "sd"), "标准差不能为负 / sd must be ≥ 0")
        if kind == "lognormal" and args[0] <= 0:
            self.fail((*path, "mean"), "对数正态均值须为正 / lognormal mean must be > 0")
        if kind in ("uniform", "triangular", "split_normal") and args != sorted(args):
            self.fail(path, "应满足 low ≤ (mode ≤) high / need low ≤ (mode ≤) high")
        return Distribution(kind, tuple(args))

    def parameter(self, name: str, value: Any, path: Path_) -> Parameter | None:
        spec = value if isinstance(value, dict) else {"value": value}
        self.mapping(spec, path, PARAM_KEYS)
        if not name.isidentifier() or name in ex.RESERVED or name in ex.FUNCTIONS:
            self.fail(
                path,
                "参数名须为标识符 / a parameter name must be an identifier, not "
                "base, year or a function name",
            )
        number = self.number(spec.get("value"), (*path, "value"))
        dist = spec.get("distribution")
        parsed = self.distribution(dist, (*path, "distribution")) if dist is not None else None
        if number is None:
            return None
        return Parameter(name, number, parsed, str(spec.get("source", "")), self.where(path))
