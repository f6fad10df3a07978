"""Evaluating a scenario's variables year by year (LEAP's expressions on numpy arrays).

An :class:`Evaluator` holds what an expression may read: the parameters (floats, or arrays of
shape (N, 1) for Monte Carlo draws), the key assumptions evaluated so far, the base-year values
from a calibration, and the plan's targets.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from carbonpeak.core.errors import InputError
from carbonpeak.scenarios.definition import expressions as ex
from carbonpeak.scenarios.definition import uncertainty
from carbonpeak.scenarios.model import Scenario, Variable

Arr = np.ndarray


class Evaluator:
    """``ev(variable)`` → its series (…, years); ``keys`` are filled in dependency order."""

    def __init__(
        self,
        scenario: Scenario,
        params: Mapping[str, Any],
        bases: Mapping[str, float],
        plan: Callable[[str, str], float],
    ) -> None:
        self.scenario = scenario
        self.years = np.arange(scenario.base_year, scenario.end_year + 1)
        self.params = params
        self.bases = bases
        self.plan = plan
        self.keys: dict[str, Arr] = {}

    def lookup(self, name: str) -> Any:
        if name in self.params:
            return self.params[name]
        if name in self.keys:
            return self.keys[name]
        raise ex.ExpressionError(f"未知名称 / unknown name {name!r}")

    def __call__(self, var: Variable) -> Arr:
        value = self._series(var)
        lever = self.scenario.levers.get(var.path)
        if lever is None:
            return value
        root, delivery = lever
        before = self._series(root)
        mixed = before + self.params.get(delivery, 1.0) * (value - before)
        return self._continue(var, value, mixed)

    def _continue(self, var: Variable, written: Arr, mixed: Arr) -> Arr:
        """A capacity or intensity lever the file leaves flat after the plan's horizon keeps
        c × its last-period average annual change (the stated rule; c = lever_continuation)."""
        spec = uncertainty.spec()
        h = spec.horizon
        if not var.path.endswith((".capacity", ".intensity")) or not (
            self.years[0] <= h - 5 and h < self.years[-1]
        ):
            return mixed
        i = int(np.searchsorted(self.years, h))
        w = np.asarray(written)
        if not np.allclose(w[..., i:], w[..., i : i + 1]):
            return mixed  # the file says what happens after the horizon
        m = np.asarray(mixed)
        slope = (m[..., i : i + 1] - m[..., i - 5 : i - 4]) / 5.0  # keeps the draw axis
        c = self.params.get(uncertainty.CONTINUATION, spec.continuation.value)
        after = np.clip(self.years - h, 0, None)
        return np.maximum(m + c * slope * after, 0.0)

    def _series(self, var: Variable) -> Arr:
        base = self.bases.get(var.path, var.base)
        if base is None and not ex.uses_base(var.expr):
            # a derived series (``gdp * industry_share / 100``): its own first value is the base
            env = ex.Env(self.years, np.nan, self.lookup, lambda ref: self.plan(ref, var.unit))
            try:
                return ex.evaluate(var.expr, env)
            except ex.ExpressionError as exc:
                raise InputError(f"{var.where} {var.path}.expr: {exc}") from exc
        if base is None:
            raise InputError(
                f"{var.where} {var.path}: 没有基准年数值 / no base-year value: write `base:` or "
                "run with a base-year inventory"
            )
        env = ex.Env(self.years, base, self.lookup, lambda ref: self.plan(ref, var.unit))
        try:
            value = ex.evaluate(var.expr, env)
        except ex.ExpressionError as exc:
            raise InputError(f"{var.where} {var.path}.expr: {exc}") from exc
        return np.where(self.years == self.years[0], base, value)


def no_plan(ref: str, unit: str) -> float:
    """The plan lookup when no plan was given: ``plan(...)`` in an expression is an error."""
    raise InputError(f"没有方案目标 / plan({ref!r}) used but no plan targets were given")
