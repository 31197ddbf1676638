"""Login, tokens, the login throttle and user administration. Services flush, never commit."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, func, select

from backend.auth.models import AuthToken, LoginThrottle, Role, User
from backend.auth.security import hash_password, new_token, password_problem, token_digest, verify_password
from backend.config import Settings
from backend.errors import AppError, conflict, not_found
from backend.timeutil import utcnow


def _normalise_email(email: str) -> str:
    return email.strip().lower()


def user_for_token(*, session: Session, settings: Settings, token: str) -> User | None:
    """The active user a live token belongs to, or None."""
    digest = token_digest(token, key=settings.resolved_secret_key())
    row = session.exec(
        select(AuthToken, User)
        .join(User, User.id == AuthToken.user_id)
        .where(AuthToken.token_hash == digest, AuthToken.revoked_at.is_(None))
    ).first()
    if row is None:
        return None
    auth_token, user = row
    if not user.is_active or auth_token.expires_at <= utcnow():
        return None
    return user


def login(*, session: Session, settings: Settings, email: str, password: str) -> tuple[str, AuthToken, User]:
    """Check the credentials under the throttle and issue a token."""
    email = _normalise_email(email)
    now = utcnow()
    throttle = session.get(LoginThrottle, email)
    if throttle and throttle.locked_until and throttle.locked_until > now:
        retry_after = int((throttle.locked_until - now).total_seconds()) + 1
        raise AppError(429, "login_locked", "Too many failed logins for this account; try again later.",
                       headers={"Retry-After": str(retry_after)}, retry_after_seconds=retry_after)
    user = session.exec(select(User).where(User.email == email)).first()
    if not verify_password(password, user.password_hash if user else None) or not user.is_active:
        _record_failure(session=session, settings=settings, email=email, throttle=throttle)
        raise AppError(401, "invalid_credentials", "E-mail or password is wrong, or the account is deactivated.")
    if throttle:
        session.delete(throttle)
    token, auth_token = issue_token(session=session, settings=settings, user_id=user.id)
    return token, auth_token, user


def issue_token(*, session: Session, settings: Settings, user_id: int) -> tuple[str, AuthToken]:
    """A new bearer token for the user; only its digest is stored."""
    token = new_token()
    auth_token = AuthToken(token_hash=token_digest(token, key=settings.resolved_secret_key()), user_id=user_id,
                           expires_at=utcnow() + timedelta(minutes=settings.token_ttl_minutes))
    session.add(auth_token)
    session.flush()
    return token, auth_token


def _record_failure(*, session: Session, settings: Settings, email: str, throttle: LoginThrottle | None) -> None:
    now = utcnow()
    if throttle is None:
        throttle = LoginThrottle(email=email, failures=0)
    elif throttle.locked_until and throttle.locked_until <= now:
        throttle.failures = 0
        throttle.locked_until = None
    throttle.failures += 1
    throttle.last_failure_at = now
    if throttle.failures >= settings.login_max_failures:
        throttle.locked_until = now + timedelta(seconds=settings.login_lockout_seconds)
    session.add(throttle)
    # The failure must be kept even though the request ends in an error and rolls back.
    session.commit()


def logout(*, session: Session, settings: Settings, token: str) -> None:
    digest = token_digest(token, key=settings.resolved_secret_key())
    auth_token = session.exec(select(AuthToken).where(AuthToken.token_hash == digest)).first()
    if auth_token and auth_token.revoked_at is None:
        auth_token.revoked_at = utcnow()
        session.add(auth_token)
        session.flush()


def revoke_all_tokens(*, session: Session, user_id: int) -> None:
    for auth_token in session.exec(
        select(AuthToken).where(AuthToken.user_id == user_id, AuthToken.revoked_at.is_(None))
    ):
        auth_token.revoked_at = utcnow()
        session.add(auth_token)
    session.flush()


def _check_role_client(*, session: Session, role: Role, client_id: int | None) -> None:
    from backend.fieldwork.models import Client

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
    email = _normalise_email(email)
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
