"""API tokens: ``cp_`` + 32 random bytes (URL-safe base64), stored only as a SHA-256 digest.

A slow password hash (argon2) defends low-entropy secrets that people choose against guessing.
A token carries 256 random bits, so guessing is hopeless whatever the hash, and a fast,
unsalted, deterministic digest lets us find the token row by an indexed equality lookup on
every request. Someone who reads the database still cannot recover a usable token.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

TOKEN_PREFIX = "cp_"
#: How many leading characters of the clear token are kept to recognise it in listings.
DISPLAY_PREFIX_LENGTH = 8


@dataclass(frozen=True)
class NewToken:
    """A freshly generated token. ``clear`` is shown to its owner once, then forgotten."""

    clear: str
    digest: str
    prefix: str


def hash_token(token: str) -> str:
    """SHA-256 hex digest of the clear token: what the database stores."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def display_prefix(token: str) -> str:
    return token[:DISPLAY_PREFIX_LENGTH]


def generate_token() -> NewToken:
    clear = TOKEN_PREFIX + secrets.token_urlsafe(32)
    return NewToken(clear=clear, digest=hash_token(clear), prefix=display_prefix(clear))
