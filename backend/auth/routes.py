"""Login, logout and the caller's own profile."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response
from fastapi.security import HTTPAuthorizationCredentials

from backend.auth import service
from backend.auth.dependencies import AnyUser, bearer
from backend.auth.schemas import LoginRequest, LoginResponse, UserPublic
from backend.unit_of_work import SessionDep, SettingsDep, UnitOfWorkRoute

router = APIRouter(tags=["auth"], route_class=UnitOfWorkRoute)


@router.post("/auth/login", response_model=LoginResponse, summary="Log in and get a bearer token",
             responses={401: {"description": "wrong credentials"}, 429: {"description": "too many failures"}})
def login(body: LoginRequest, session: SessionDep, settings: SettingsDep) -> LoginResponse:
    token, auth_token, user = service.login(session=session, settings=settings, email=body.email,
                                            password=body.password)
    return LoginResponse(access_token=token, expires_at=auth_token.expires_at,
                         user=UserPublic.model_validate(user))


@router.post("/auth/logout", status_code=204, summary="Revoke the token of this request")
def logout(principal: AnyUser, session: SessionDep, settings: SettingsDep,
           credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> Response:
    service.logout(session=session, settings=settings, token=credentials.credentials)
    return Response(status_code=204)


@router.get("/me", response_model=UserPublic, summary="The logged-in user")
def me(principal: AnyUser) -> UserPublic:
    return UserPublic.model_validate(principal.user)
