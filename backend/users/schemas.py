"""Request and response shapes of user administration."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from backend.auth.models import Role
from backend.auth.schemas import UserPublic


class UserCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: EmailStr
    display_name: str = Field(min_length=1, max_length=200)
    password: str = Field(max_length=256)
    role: Role
    client_id: int | None = Field(default=None, description="required for the client role, refused otherwise")


class UserUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    display_name: str | None = Field(default=None, min_length=1, max_length=200)
    role: Role | None = None
    client_id: int | None = None
    is_active: bool | None = None
    password: str | None = Field(default=None, max_length=256)


class UserList(BaseModel):
    items: list[UserPublic]
    total: int
