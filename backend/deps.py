"""Request dependencies: the unit-of-work session and the caller with role and client scope."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from backend.auth.models import Role, User
from backend.config import Settings, get_settings
from backend.db import get_engine
from backend.errors import AppError


@contextmanager
def unit_of_work(session: Session) -> Iterator[Session]:
    """A request's transaction: committed at the end, rolled back on any error; a unique or foreign key
    violation that no service caught is a conflict with data stored meanwhile."""
    try:
        yield session
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        raise AppError(409, "conflict", "The change conflicts with data stored meanwhile; retry.") from exc
    except BaseException:
        session.rollback()
        raise


class UnitOfWorkRoute(APIRoute):
    """A route whose sync endpoint commits its session in its own thread, as it returns.

    FastAPI would commit later, after validating the response in another pool thread: a request holding
    SQLite's write lock would then wait for a thread while every thread waits for that lock.
    """

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if not inspect.iscoroutinefunction(endpoint):
            endpoint = _committing(endpoint)
        super().__init__(path, endpoint, **kwargs)


def _committing(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(endpoint)
    def run(*args: Any, **kwargs: Any) -> Any:
        result = endpoint(*args, **kwargs)
        for value in kwargs.values():
            if isinstance(value, Session):
                value.commit()
        return result

    return run


def get_session() -> Iterator[Session]:
    """One transaction per request: committed before the response is sent, rolled back on any error."""
    with Session(get_engine(), expire_on_commit=False) as session, unit_of_work(session):
        yield session


# scope="function" runs the commit before the response goes out, so a failed commit is never a 2xx.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
SettingsDep = Annotated[Settings, Depends(get_settings)]
_bearer = HTTPBearer(auto_error=False, description="the access_token from POST /api/v1/auth/login")


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


def current_principal(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    from backend.auth.service import user_for_token

    if credentials is None or credentials.scheme.lower() != "bearer":
        raise AppError(401, "not_authenticated", "Log in and send the token as 'Authorization: Bearer <token>'.",
                       headers={"WWW-Authenticate": "Bearer"})
    user = user_for_token(session=session, settings=settings, token=credentials.credentials)
    if user is None:
        raise AppError(401, "not_authenticated", "The token is unknown, expired or revoked; log in again.",
                       headers={"WWW-Authenticate": "Bearer"})
    # End the token lookup's transaction so slow work before the handler's first query (decoding a
    # photo, say) holds no SQLite write lock.
    session.commit()
    request.state.principal = Principal(user)
    return request.state.principal


def allow(*roles: Role):
    """A dependency admitting only the given roles; all other callers get 403."""

    def dependency(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
        if principal.role not in roles:
            raise AppError(403, "forbidden", f"This needs one of the roles: {', '.join(r.value for r in roles)}.")
        return principal

    return dependency


AnyUser = Annotated[Principal, Depends(allow(*Role))]
Admin = Annotated[Principal, Depends(allow(Role.admin))]
Staff = Annotated[Principal, Depends(allow(Role.admin, Role.reviewer))]
Tester = Annotated[Principal, Depends(allow(Role.tester))]
StaffOrClient = Annotated[Principal, Depends(allow(Role.admin, Role.reviewer, Role.client))]
