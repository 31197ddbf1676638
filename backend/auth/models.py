"""Users, their bearer tokens and the login throttle."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

from sqlalchemy import String
from sqlmodel import Field, SQLModel

from backend.timeutil import UTCDateTime, utcnow


class Role(str, Enum):
    admin = "admin"
    reviewer = "reviewer"
    tester = "tester"
    client = "client"


class User(SQLModel, table=True):
    __tablename__ = "users"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=320, unique=True, index=True)
    display_name: str = Field(max_length=200)
    password_hash: str = Field(max_length=200)
    role: Role = Field(sa_type=String(16), index=True)
    client_id: int | None = Field(default=None, foreign_key="clients.id", index=True)
    pseudonym: str | None = Field(
        default=None, max_length=40, unique=True, description="what clients see instead of a tester's name"
    )
    is_active: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class AuthToken(SQLModel, table=True):
    """A bearer token, stored only as its SHA-256 so a database leak leaks no live token."""

    __tablename__ = "auth_tokens"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class LoginThrottle(SQLModel, table=True):
    """Failed logins per e-mail address, so guessing one account's password is slowed down."""

    __tablename__ = "login_throttles"

    email: str = Field(max_length=320, primary_key=True)
    failures: int = Field(default=0)
    locked_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_failure_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
