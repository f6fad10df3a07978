"""Passwords (argon2id) and API tokens (SHA-256 of 256 random bits)."""

from __future__ import annotations

import hashlib

from argon2 import PasswordHasher

from carbonpeak.auth.passwords import hash_password, needs_rehash, verify_password
from carbonpeak.auth.tokens import generate_token, hash_token


def test_password_round_trip() -> None:
    stored = hash_password("正确的密码 correct horse")
    assert stored.startswith("$argon2id$")
    assert "correct horse" not in stored
    assert verify_password(stored, "正确的密码 correct horse")
    assert not verify_password(stored, "正确的密码 correct hors")


def test_password_hashes_are_salted() -> None:
    assert hash_password("same password") != hash_password("same password")


def test_malformed_hash_never_matches() -> None:
    assert not verify_password("not-a-hash", "anything")


def test_needs_rehash_for_weaker_parameters() -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash("pw123456")
    assert needs_rehash(weak)
    assert not needs_rehash(hash_password("pw123456"))


def test_token_shape_and_digest() -> None:
    token = generate_token()
    assert token.clear.startswith("cp_")
    # 32 bytes in URL-safe base64 without padding: ceil(32 * 4 / 3) = 43 characters.
    assert len(token.clear) == 3 + 43
    assert token.prefix == token.clear[:8]
    assert token.digest == hashlib.sha256(token.clear.encode()).hexdigest()
    assert len(token.digest) == 64
    assert token.clear not in token.digest


def test_tokens_are_unique_and_hash_deterministically() -> None:
    a, b = generate_token(), generate_token()
    assert a.clear != b.clear
    assert hash_token(a.clear) == a.digest
    assert hash_token(a.clear) != hash_token(b.clear)
