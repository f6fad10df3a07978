"""Failed-login throttling (登录失败限流): per account and per client address, so neither
guessing one user's password nor trying many users from one address gets far.

Counts live in a ``limits`` storage: in memory by default (one server process), in Redis
when ``CARBONPEAK_REDIS_URL`` is set (several processes or machines share the counts).
Only failed attempts count (moving window); a refused attempt is not even checked, so
it costs no argon2 time either.

Settings (prefix ``CARBONPEAK_``): ``LOGIN_FAILURES_PER_ACCOUNT`` (default ``10 per 15
minutes``), ``LOGIN_FAILURES_PER_ADDRESS`` (default ``50 per 15 minutes``), ``REDIS_URL``.
"""

from __future__ import annotations

import time
from functools import lru_cache

from limits import RateLimitItem, parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from pydantic_settings import BaseSettings, SettingsConfigDict

from carbonpeak.core.errors import CarbonpeakError


class ThrottleSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CARBONPEAK_", env_file=".env", extra="ignore")

    login_failures_per_account: str = "10 per 15 minutes"
    login_failures_per_address: str = "50 per 15 minutes"
    #: ``redis://host:6379/0``: share the counts between server processes.
    redis_url: str | None = None


class Throttled(CarbonpeakError):
    """Too many failed logins: wait and try again."""

    http_status = 429

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class LoginThrottle:
    def __init__(self, settings: ThrottleSettings) -> None:
        storage = storage_from_string(settings.redis_url or "memory://")
        self.limiter = MovingWindowRateLimiter(storage)
        self.per_account: RateLimitItem = parse(settings.login_failures_per_account)
        self.per_address: RateLimitItem = parse(settings.login_failures_per_address)

    def _keys(self, username: str, address: str | None) -> list[tuple[RateLimitItem, str, str]]:
        keys = [(self.per_account, "login-account", username.strip().lower())]
        if address:
            keys.append((self.per_address, "login-address", address))
        return keys

    def check(self, username: str, address: str | None) -> None:
        """``Throttled`` while the account or the address has too many recent failures."""
        for item, kind, key in self._keys(username, address):
            if not self.limiter.test(item, kind, key):
                reset = self.limiter.get_window_stats(item, kind, key).reset_time
                wait = max(1, int(reset - _now()))
                raise Throttled(
                    f"登录失败次数过多，请 {wait} 秒后再试 / too many failed logins: "
                    f"try again in {wait} s",
                    wait,
                )

    def failed(self, username: str, address: str | None) -> None:
        for item, kind, key in self._keys(username, address):
            self.limiter.hit(item, kind, key)

    def reset(self) -> None:
        """Forget every count (tests; an administrator after an incident)."""
        self.limiter.storage.reset()


def _now() -> float:
    return time.time()


@lru_cache(maxsize=1)
def login_throttle() -> LoginThrottle:
    return LoginThrottle(ThrottleSettings())
