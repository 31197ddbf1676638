"""User administration for admins."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from backend.auth.dependencies import Admin
from backend.auth.models import Role
from backend.auth.schemas import UserPublic
from backend.unit_of_work import SessionDep, UnitOfWorkRoute
from backend.users import service
from backend.users.schemas import UserCreate, UserList, UserUpdate

router = APIRouter(tags=["auth"], route_class=UnitOfWorkRoute)


@router.get("/users", response_model=UserList, tags=["users"], summary="List users")
def list_users(principal: Admin, session: SessionDep, role: Role | None = None,
               limit: Annotated[int, Query(ge=1, le=500)] = 100,
               offset: Annotated[int, Query(ge=0)] = 0) -> UserList:
    users, total = service.list_users(session=session, role=role, limit=limit, offset=offset)
    return UserList(items=[UserPublic.model_validate(u) for u in users], total=total)


@router.post("/users", response_model=UserPublic, status_code=201, tags=["users"], summary="Create a user")
def create_user(body: UserCreate, principal: Admin, session: SessionDep) -> UserPublic:
    user = service.create_user(session=session, email=body.email, display_name=body.display_name,
                               password=body.password, role=body.role, client_id=body.client_id)
    return UserPublic.model_validate(user)


@router.get("/users/{user_id}", response_model=UserPublic, tags=["users"], summary="Get a user")
def get_user(user_id: int, principal: Admin, session: SessionDep) -> UserPublic:
    return UserPublic.model_validate(service.get_user(session=session, user_id=user_id))


@router.patch("/users/{user_id}", response_model=UserPublic, tags=["users"],
              summary="Change a user's name, role, client, password or deactivate them")
def update_user(user_id: int, body: UserUpdate, principal: Admin, session: SessionDep) -> UserPublic:
    user = service.update_user(session=session, user_id=user_id, actor_id=principal.id,
                               changes=body.model_dump(exclude_unset=True))
    return UserPublic.model_validate(user)
