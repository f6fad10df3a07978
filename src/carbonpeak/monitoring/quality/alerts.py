"""Alerts (预警) raised once per episode, not once per reading. Pure: no database.

An alert's ``key`` names the condition and its subject (``limit:<enterprise>:<process>:...``,
``quality:<enterprise>:<rule>:<point>``, ``stale:<enterprise>`` for a silent endpoint,
``stale:<enterprise>:<point>`` for one silent point). Which quality rules alert is data
(``data/quality_rules.csv``). :func:`reconcile` compares the conditions
active now with the alerts still open (state open or acknowledged) and says which alerts to
open (a condition without an open alert: a new episode) and which to close (an open alert
whose condition has cleared: the episode ended). A condition that stays active keeps its one
alert, however many readings confirm it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum


class AlertKind(StrEnum):
    LIMIT = "limit"  # 超限额 unit consumption above a binding limit
    QUALITY = "quality"  # 数据质量 a data-quality failure
    STALE = "stale"  # 端系统无数据 an endpoint gone silent


class AlertState(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    CLOSED = "closed"


#: Allowed state changes by a person (closing by the system happens when a condition clears).
TRANSITIONS: dict[AlertState, frozenset[AlertState]] = {
    AlertState.OPEN: frozenset({AlertState.ACKNOWLEDGED, AlertState.CLOSED}),
    AlertState.ACKNOWLEDGED: frozenset({AlertState.CLOSED}),
    AlertState.CLOSED: frozenset(),
}


@dataclass(frozen=True, slots=True)
class Condition:
    """A condition active now: what it is about and what to tell people."""

    key: str
    kind: AlertKind
    enterprise: str
    subject: str
    message: str


@dataclass(frozen=True, slots=True)
class Changes:
    to_open: tuple[Condition, ...]
    to_close: tuple[str, ...]


def reconcile(
    active: Iterable[Condition], open_keys: Iterable[str], *, scope: Iterable[str] | None = None
) -> Changes:
    """Alerts to open and to close. ``scope`` limits closing to keys with one of these prefixes
    (a check of one enterprise must not close another's alerts); None closes any open key."""
    now: Mapping[str, Condition] = {c.key: c for c in active}
    already = set(open_keys)
    prefixes = tuple(scope) if scope is not None else None
    to_open = tuple(c for k, c in sorted(now.items()) if k not in already)
    to_close = tuple(
        sorted(k for k in already if k not in now and (prefixes is None or k.startswith(prefixes)))
    )
    return Changes(to_open, to_close)


def check_transition(current: AlertState | str, new: AlertState | str) -> str | None:
    """Why a person may not move an alert from ``current`` to ``new``; None if allowed."""
    cur, nxt = AlertState(current), AlertState(new)
    if nxt in TRANSITIONS[cur]:
        return None
    return f"预警状态不能由 {cur} 改为 {nxt} / an alert cannot go from {cur} to {nxt}"
