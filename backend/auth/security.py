"""Password hashing and policy, and opaque bearer tokens: pure functions."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from functools import lru_cache
from importlib.resources import files

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_PASSWORD_LENGTH = 10
_hasher = PasswordHasher()
# Verifying against this keeps a login for an unknown e-mail as slow as one for a known e-mail.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


@lru_cache
def _common_passwords() -> frozenset[str]:
    text = files("backend.auth").joinpath("data/common_passwords.txt").read_text()
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


def password_problem(password: str, *, email: str | None = None) -> str | None:
    """Why a password is refused, or None when it is acceptable."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"The password must have at least {MIN_PASSWORD_LENGTH} characters."
    if len(password) > 256:
        return "The password must have at most 256 characters."
    lowered = password.lower()
    if lowered in _common_passwords() or len(set(lowered)) <= 2:
        return "This password is too common; choose one that is harder to guess."
    if email and lowered == email.lower():
        return "The password must not be the e-mail address."
    return None


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_digest(token: str, *, key: str) -> str:
    """What is stored of a token: an HMAC under the secret key, so that someone who can write to the
    database but lacks the key cannot plant a token, and changing the key signs everyone out."""
    return hmac.new(key.encode(), token.encode(), hashlib.sha256).hexdigest()
