"""The password policy (密码策略): at least ``MIN_PASSWORD_LENGTH`` characters, not the
username (nor containing it), not one of the common passwords bundled in
``auth/data/common_passwords.txt`` (with its source). Pure: no database."""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

from carbonpeak.core.errors import InputError, Problem

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    text = files("carbonpeak.auth").joinpath("data", "common_passwords.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


def password_problems(password: str, username: str) -> list[str]:
    """What is wrong with ``password`` for ``username`` (bilingual reasons; empty if fine)."""
    reasons = []
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        reasons.append(
            f"密码长度应为 {MIN_PASSWORD_LENGTH}–{MAX_PASSWORD_LENGTH} 个字符 / password must "
            f"be {MIN_PASSWORD_LENGTH}-{MAX_PASSWORD_LENGTH} characters long"
        )
    lowered, name = password.lower(), username.strip().lower()
    if name and (lowered == name or (len(name) >= 4 and name in lowered)):
        reasons.append("密码不能包含用户名 / the password must not contain the username")
    if lowered in common_passwords():
        reasons.append("密码过于常见 / the password is one of the most common passwords")
    return reasons


def check_password(password: str, username: str) -> None:
    """``InputError`` naming every reason ``password`` is refused."""
    reasons = password_problems(password, username)
    if reasons:
        raise InputError(
            "password: " + "; ".join(reasons), [Problem(None, "password", r) for r in reasons]
        )
