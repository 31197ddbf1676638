"""Request dependencies for the caller: the bearer token, the principal, and the role gates."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from backend.auth.models import Role
from backend.auth.principal import Principal
from backend.auth.service import user_for_token
from backend.errors import AppError
from backend.unit_of_work import SessionDep, SettingsDep

bearer = HTTPBearer(auto_error=False, description="the access_token from POST /api/v1/auth/login")
BearerCredentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


def current_principal(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    credentials: BearerCredentials,
) -> Principal:
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
