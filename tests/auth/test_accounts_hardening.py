"""Accounts: the password policy, failed-login throttling (per account and per address)."""

from __future__ import annotations

import base64

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from carbonpeak.auth import Role, Throttled, create_user
from carbonpeak.auth.policy import password_problems
from carbonpeak.auth.throttle import LoginThrottle, ThrottleSettings
from carbonpeak.core.errors import InputError
from tests.conftest import TEST_PASSWORD, add_user_with_token


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("11111111", "10-1024 characters"),  # accepted before
        ("wangli-2026!", "contain the username"),
        ("WangLi", "10-1024 characters"),
        ("woaini1314", "most common"),  # SecLists Chinese top 1000
        ("1234567890", "most common"),
    ],
)
def test_weak_passwords_are_refused(db_session: Session, password: str, reason: str) -> None:
    assert any(reason in r for r in password_problems(password, "wangli"))
    with pytest.raises(InputError, match="password"):
        create_user(db_session=db_session, username="wangli", password=password, role=Role.VIEWER)


def test_a_good_password_passes() -> None:
    assert password_problems("煤电联营 2026 lps", "wangli") == []


def test_throttle_per_account_and_per_address() -> None:
    settings = ThrottleSettings(
        login_failures_per_account="3 per minute", login_failures_per_address="5 per minute"
    )
    throttle = LoginThrottle(settings)
    for _ in range(3):
        throttle.check("alice", "10.0.0.1")
        throttle.failed("alice", "10.0.0.1")
    with pytest.raises(Throttled) as caught:
        throttle.check("alice", "10.0.0.9")  # the account, from anywhere
    assert 0 < caught.value.retry_after <= 60
    throttle.check("bob", "10.0.0.2")  # another account from another address: fine
    for name in ("bob", "carol"):
        throttle.failed(name, "10.0.0.1")
    with pytest.raises(Throttled):
        throttle.check("dave", "10.0.0.1")  # 5 failures from this address, any accounts


def _basic(username: str, password: str) -> dict[str, str]:
    raw = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"Authorization": f"Basic {raw}"}


def test_basic_auth_is_throttled_after_ten_failures(client: TestClient, db_url: str) -> None:
    add_user_with_token(db_url, "viewer", username="li")
    for _ in range(10):
        assert client.get("/api/v1/auth/me", headers=_basic("li", "wrong-guess")).status_code == 401
    blocked = client.get("/api/v1/auth/me", headers=_basic("li", TEST_PASSWORD))
    assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) > 0
    assert "too many failed logins" in blocked.json()["detail"]
