"""Bounds on heavy computations (重计算的限额): a Monte Carlo run's draws and end year are
capped per role (an anonymous caller gets a small run), and at most ``heavy_runs`` of them
run at once per server process; the next waits up to ``heavy_wait_seconds``, then is told
to come back (503) rather than taking the server's memory with it.

Memory per run is measured by ``benchmarks/scenario_run_memory.py``.

Settings (prefix ``CARBONPEAK_``): ``HEAVY_RUNS``, ``HEAVY_WAIT_SECONDS``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from pydantic_settings import BaseSettings, SettingsConfigDict

from carbonpeak.core.errors import CarbonpeakError, InputError, Problem


class HeavySettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CARBONPEAK_", env_file=".env", extra="ignore")

    #: Heavy runs at the same time per server process.
    heavy_runs: int = 2
    #: How long a run waits for a free slot before the reply is 503.
    heavy_wait_seconds: float = 30.0


@dataclass(frozen=True)
class RunCap:
    draws: int
    end_year: int


#: Caps per role ("anonymous": no login). 2060 is the carbon-neutrality year of the national
#: goal; an anonymous run stays near the plan's horizon.
RUN_CAPS = {
    "anonymous": RunCap(draws=1_000, end_year=2040),
    "viewer": RunCap(draws=5_000, end_year=2060),
    "enterprise": RunCap(draws=5_000, end_year=2060),
    "unit_editor": RunCap(draws=20_000, end_year=2060),
    "admin": RunCap(draws=20_000, end_year=2060),
}


class Busy(CarbonpeakError):
    """Every heavy-run slot is taken: try again shortly."""

    http_status = 503


def check_run_size(role: str | None, *, draws: int, end_year: int | None) -> None:
    """``InputError`` (422) when ``draws`` or ``end_year`` exceed the caps of ``role``."""
    who = role or "anonymous"
    cap = RUN_CAPS.get(who, RUN_CAPS["anonymous"])
    problems = []
    if draws > cap.draws:
        problems.append(Problem(None, "draws", f"至多 {cap.draws} / at most {cap.draws} ({who})"))
    if end_year is not None and end_year > cap.end_year:
        problems.append(
            Problem(None, "end_year", f"至多 {cap.end_year} / at most {cap.end_year} ({who})")
        )
    if problems:
        detail = "; ".join(f"{p.field}: {p.reason}" for p in problems)
        hint = " (登录可运行更大的计算 / log in for larger runs)" if role is None else ""
        raise InputError(f"运算规模超过限额 / run too large: {detail}{hint}", problems)


@lru_cache(maxsize=1)
def _slots() -> threading.BoundedSemaphore:
    return threading.BoundedSemaphore(HeavySettings().heavy_runs)


@contextmanager
def heavy_slot() -> Iterator[None]:
    """Hold one of the heavy-run slots for the ``with`` block (``Busy`` if none frees up)."""
    slots = _slots()
    wait = HeavySettings().heavy_wait_seconds
    if not slots.acquire(timeout=wait):
        raise Busy(
            f"计算繁忙，请稍后再试 / all {HeavySettings().heavy_runs} heavy-run slots are busy: "
            f"try again in a minute"
        )
    try:
        yield
    finally:
        slots.release()
