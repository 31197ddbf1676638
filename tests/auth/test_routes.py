"""Login, logout, expiry, deactivation, lockout, password policy and user administration."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from backend.auth.models import AuthToken, Role
from backend.auth.security import token_digest
from backend.clients.models import Client
from backend.config import get_settings
from tests.conftest import PASSWORD


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_login_returns_a_token_that_identifies_the_user(client, users):
    tester = users.make(Role.tester)
    response = client.post("/api/v1/auth/login", json={"email": tester.email.upper(), "password": PASSWORD})
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer" and body["user"]["role"] == "tester"
    me = client.get("/api/v1/me", headers=bearer(body["access_token"]))
    assert me.status_code == 200
    assert me.json()["email"] == tester.email
    assert me.json()["pseudonym"].startswith("Tester ")


def test_tokens_are_stored_only_as_digests_under_the_secret_key(client, users, session):
    token = users.token(users.make(Role.admin))
    stored = session.exec(select(AuthToken.token_hash)).all()
    assert token not in stored and token_digest(token, key=get_settings().resolved_secret_key()) in stored
    assert token_digest(token, key="another key") not in stored


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer nonsense"}, {"Authorization": "Basic abc"}])
def test_requests_without_a_valid_token_get_401(client, headers):
    response = client.get("/api/v1/me", headers=headers)
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == "not_authenticated"


def test_wrong_password_is_401_and_unknown_email_looks_the_same(client, users):
    user = users.make(Role.reviewer)
    wrong = client.post("/api/v1/auth/login", json={"email": user.email, "password": "not-the-password"})
    unknown = client.post("/api/v1/auth/login", json={"email": "nobody@example.org", "password": PASSWORD})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["code"] == unknown.json()["code"] == "invalid_credentials"


def test_logout_revokes_the_token(client, users):
    token = users.token(users.make(Role.tester))
    assert client.post("/api/v1/auth/logout", headers=bearer(token)).status_code == 204
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401


def test_expired_tokens_are_refused(client, users, session):
    token = users.token(users.make(Role.tester))
    digest = token_digest(token, key=get_settings().resolved_secret_key())
    stored = session.exec(select(AuthToken).where(AuthToken.token_hash == digest)).one()
    stored.expires_at = stored.created_at - timedelta(seconds=1)
    session.add(stored)
    session.flush()
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401


def test_deactivating_a_user_kills_their_tokens_and_logins(client, users):
    admin = users.headers(Role.admin)
    tester = users.make(Role.tester)
    token = users.token(tester)
    response = client.patch(f"/api/v1/users/{tester.id}", json={"is_active": False}, headers=admin)
    assert response.status_code == 200 and response.json()["is_active"] is False
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401
    login = client.post("/api/v1/auth/login", json={"email": tester.email, "password": PASSWORD})
    assert login.status_code == 401


def test_repeated_failures_lock_the_account_with_429(client, users):
    user = users.make(Role.tester)
    limit = get_settings().login_max_failures
    for _ in range(limit):
        assert client.post("/api/v1/auth/login", json={"email": user.email, "password": "wrong-guess-x"}).status_code == 401
    locked = client.post("/api/v1/auth/login", json={"email": user.email, "password": PASSWORD})
    assert locked.status_code == 429
    assert locked.json()["code"] == "login_locked"
    assert int(locked.headers["Retry-After"]) > 0
    other = users.make(Role.tester)
    assert client.post("/api/v1/auth/login", json={"email": other.email, "password": PASSWORD}).status_code == 200


@pytest.mark.parametrize("password,fragment", [("short-pw", "at least 10"), ("password123", "too common"),
                                               ("aaaaaaaaaaaa", "too common")])
def test_weak_passwords_are_refused_with_a_clear_message(client, users, password, fragment):
    response = client.post("/api/v1/users", headers=users.headers(Role.admin), json={
        "email": "new@example.org", "display_name": "New", "password": password, "role": "tester"})
    assert response.status_code == 422
    assert response.json()["code"] == "weak_password"
    assert fragment in response.json()["detail"]
    assert response.json()["errors"][0]["path"] == "password"


def test_admin_creates_lists_and_changes_users(client, users, session):
    admin = users.headers(Role.admin)
    acme = Client(name="Acme")
    session.add(acme)
    session.flush()
    created = client.post("/api/v1/users", headers=admin, json={
        "email": "carla@acme.example", "display_name": "Carla", "password": PASSWORD, "role": "client",
        "client_id": acme.id})
    assert created.status_code == 201, created.text
    user_id = created.json()["id"]
    listed = client.get("/api/v1/users?role=client", headers=admin).json()
    assert [u["id"] for u in listed["items"]] == [user_id] and listed["total"] == 1
    changed = client.patch(f"/api/v1/users/{user_id}", headers=admin, json={"role": "reviewer"})
    assert changed.status_code == 200
    assert changed.json()["role"] == "reviewer" and changed.json()["client_id"] is None


def test_duplicate_email_is_409(client, users):
    admin = users.headers(Role.admin)
    body = {"email": "dup@example.org", "display_name": "D", "password": PASSWORD, "role": "tester"}
    assert client.post("/api/v1/users", headers=admin, json=body).status_code == 201
    again = client.post("/api/v1/users", headers=admin, json=body)
    assert again.status_code == 409 and again.json()["code"] == "email_taken"


@pytest.mark.parametrize("body,path", [
    ({"email": "x@example.org", "display_name": "X", "password": PASSWORD, "role": "client"}, "client_id"),
    ({"email": "x@example.org", "display_name": "X", "password": PASSWORD, "role": "tester", "client_id": 1}, "client_id"),
    ({"email": "not-an-email", "display_name": "X", "password": PASSWORD, "role": "tester"}, "email"),
    ({"email": "x@example.org", "display_name": "X", "password": PASSWORD, "role": "boss"}, "role"),
    ({"email": "x@example.org", "password": PASSWORD, "role": "tester"}, "display_name"),
])
def test_bad_user_input_names_the_field(client, users, body, path):
    response = client.post("/api/v1/users", headers=users.headers(Role.admin), json=body)
    assert response.status_code == 422
    assert path in [error["path"] for error in response.json()["errors"]]


def test_malformed_json_is_422_not_500(client, users):
    response = client.post("/api/v1/users", headers={**users.headers(Role.admin), "Content-Type": "application/json"},
                           content=b"{not json")
    assert response.status_code == 422


def test_unknown_user_is_404(client, users):
    assert client.get("/api/v1/users/999999", headers=users.headers(Role.admin)).json()["code"] == "not_found"


def test_admin_cannot_deactivate_themselves(client, users):
    admin = users.make(Role.admin)
    response = client.patch(f"/api/v1/users/{admin.id}", headers=bearer(users.token(admin)), json={"is_active": False})
    assert response.status_code == 422


@pytest.mark.parametrize("role", [Role.reviewer, Role.tester, Role.client])
def test_only_admins_administer_users(client, users, session, role):
    client_id = None
    if role == Role.client:
        acme = Client(name=f"Acme {role.value}")
        session.add(acme)
        session.flush()
        client_id = acme.id
    headers = users.headers(role, client_id=client_id)
    target = users.make(Role.tester)
    assert client.get("/api/v1/users", headers=headers).status_code == 403
    assert client.get(f"/api/v1/users/{target.id}", headers=headers).status_code == 403
    assert client.post("/api/v1/users", headers=headers, json={
        "email": "x@example.org", "display_name": "X", "password": PASSWORD, "role": "admin"}).status_code == 403
    assert client.patch(f"/api/v1/users/{target.id}", headers=headers, json={"role": "admin"}).status_code == 403
    assert client.get("/api/v1/me", headers=headers).status_code == 200


@pytest.mark.parametrize("user_id", ["99999999999999999999", "3000000000", "-99999999999999999999"])
def test_ids_beyond_the_database_range_are_4xx_not_500(client, users, user_id):
    response = client.get(f"/api/v1/users/{user_id}", headers=users.headers(Role.admin))
    assert 400 <= response.status_code < 500, response.text
