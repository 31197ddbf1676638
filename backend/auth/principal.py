"""The authenticated caller: every data query is scoped through this. Knows nothing of the web."""

from __future__ import annotations

from dataclasses import dataclass

from backend.auth.models import Role, User


@dataclass(frozen=True)
class Principal:
    """The authenticated caller: every data query is scoped through this."""

    user: User

    @property
    def id(self) -> int:
        return self.user.id  # type: ignore[return-value]

    @property
    def role(self) -> Role:
        return Role(self.user.role)

    @property
    def is_staff(self) -> bool:
        return self.role in (Role.admin, Role.reviewer)

    @property
    def client_id(self) -> int | None:
        return self.user.client_id if self.role == Role.client else None
