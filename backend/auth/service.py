"""Login, tokens and the login throttle. Services flush, never commit."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

from backend.auth.models import AuthToken, LoginThrottle, User
from backend.auth.security import new_token, token_digest, verify_password
from backend.config import Settings
from backend.errors import AppError
from backend.timeutil import utcnow


def normalised_email(email: str) -> str:
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
    email = normalised_email(email)
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
