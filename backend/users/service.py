"""User administration: accounts with their role, a client user's client, passwords. Flushes, never commits."""

from __future__ import annotations

from sqlmodel import Session, func, select

from backend.auth.models import Role, User
from backend.auth.security import hash_password, password_problem
from backend.auth.service import normalised_email, revoke_all_tokens
from backend.clients.models import Client
from backend.errors import AppError, conflict, not_found


def _check_role_client(*, session: Session, role: Role, client_id: int | None) -> None:
    if role == Role.client:
        if client_id is None:
            raise AppError(422, "validation_failed", "A client user needs a client_id.",
                           errors=[{"path": "client_id", "message": "required for the client role"}])
        if session.get(Client, client_id) is None:
            raise AppError(422, "validation_failed", f"Client {client_id} does not exist.",
                           errors=[{"path": "client_id", "message": "unknown client"}])
    elif client_id is not None:
        raise AppError(422, "validation_failed", "Only client users belong to a client.",
                       errors=[{"path": "client_id", "message": "only allowed for the client role"}])


def _check_password(password: str, email: str) -> None:
    problem = password_problem(password, email=email)
    if problem:
        raise AppError(422, "weak_password", problem, errors=[{"path": "password", "message": problem}])


def _next_pseudonym(*, session: Session) -> str:
    count = session.exec(select(func.count()).select_from(User).where(User.role == Role.tester)).one()
    number = count + 1
    while session.exec(select(User.id).where(User.pseudonym == f"Tester {number}")).first():
        number += 1
    return f"Tester {number}"


def create_user(
    *, session: Session, email: str, display_name: str, password: str, role: Role, client_id: int | None = None
) -> User:
    email = normalised_email(email)
    _check_password(password, email)
    _check_role_client(session=session, role=role, client_id=client_id)
    if session.exec(select(User.id).where(User.email == email)).first():
        raise conflict("email_taken", f"A user with the e-mail {email} already exists.")
    user = User(email=email, display_name=display_name, password_hash=hash_password(password), role=role,
                client_id=client_id, pseudonym=_next_pseudonym(session=session) if role == Role.tester else None)
    session.add(user)
    session.flush()
    return user


def get_user(*, session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise not_found(f"User {user_id}")
    return user


def list_users(*, session: Session, role: Role | None, limit: int, offset: int) -> tuple[list[User], int]:
    query = select(User)
    if role:
        query = query.where(User.role == role)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    users = session.exec(query.order_by(User.id).offset(offset).limit(limit)).all()
    return list(users), total


def update_user(
    *, session: Session, user_id: int, actor_id: int, changes: dict
) -> User:
    user = get_user(session=session, user_id=user_id)
    if user_id == actor_id and (changes.get("is_active") is False or changes.get("role") not in (None, Role.admin)):
        raise AppError(422, "cannot_demote_self", "You cannot deactivate yourself or take away your own admin role.")
    role = changes.get("role") or Role(user.role)
    client_id = changes["client_id"] if "client_id" in changes else (user.client_id if role == Role.client else None)
    _check_role_client(session=session, role=role, client_id=client_id)
    if "display_name" in changes and changes["display_name"] is not None:
        user.display_name = changes["display_name"]
    if changes.get("password") is not None:
        _check_password(changes["password"], user.email)
        user.password_hash = hash_password(changes["password"])
        revoke_all_tokens(session=session, user_id=user_id)
    if role != user.role:
        revoke_all_tokens(session=session, user_id=user_id)
        if role == Role.tester and not user.pseudonym:
            user.pseudonym = _next_pseudonym(session=session)
    user.role = role
    user.client_id = client_id
    if changes.get("is_active") is not None:
        user.is_active = changes["is_active"]
        if not user.is_active:
            revoke_all_tokens(session=session, user_id=user_id)
    session.add(user)
    session.flush()
    return user
