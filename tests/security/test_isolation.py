"""The isolation matrix: every route of the app, for every role, with a second client and a second tester.

The routes come from the app's own OpenAPI table, so a new route without an entry here fails.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Callable

import pytest

from backend.auth.models import Role
from tests.factories import add_assignment, jpeg_bytes, project_with_assignment, submit_mini

ROLES = ("client_b", "tester_b", "client_a", "tester_a", "reviewer", "admin")
STAFF = {"admin", "reviewer"}
ALL = set(ROLES)


@dataclass(frozen=True)
class Rule:
    """Who may use a route on client A's data; everyone else must get 403 or 404 and see nothing of A."""

    allowed: set[str]
    body: Callable[[dict], dict] | None = None
    lists: bool = False
    """A list route: denied callers get 200 with nothing of A in it instead of 403/404."""


def evaluation_body(world: dict) -> dict:
    return {"json": {"assignment_id": world["assignment_a2"].id, "persona": "young",
                     "answers": {"greeted": {"value": True}, "advice": {"value": "ok"},
                                 "window_photo": {"photos": []}}}}


def import_body(world: dict) -> dict:
    """An outbox file of tester A's second assignment, as the phone saves it."""
    return {"format": "fieldcheck-outbox-item", "version": 1, "evaluation_id": str(uuid.uuid4()),
            "tester_id": world["tester_a"].id, "payload": evaluation_body(world)["json"],
            "photos": []}


def photo_body(world: dict) -> dict:
    return {"data": {"assignment_id": str(world["assignment_a2"].id), "question_id": "window_photo"},
            "files": {"file": ("p.jpg", jpeg_bytes(), "image/jpeg")}}


MATRIX: dict[tuple[str, str], Rule] = {
    ("POST", "/api/v1/auth/logout"): Rule(ALL),
    ("GET", "/api/v1/me"): Rule(ALL),
    ("GET", "/api/v1/me/assignments"): Rule({"tester_a", "tester_b"}, lists=True),
    ("GET", "/api/v1/me/assignments/ended"): Rule({"tester_a", "tester_b"}, lists=True),
    ("GET", "/api/v1/users"): Rule({"admin"}),
    ("POST", "/api/v1/users"): Rule({"admin"}),
    ("GET", "/api/v1/users/{user_id}"): Rule({"admin"}),
    ("PATCH", "/api/v1/users/{user_id}"): Rule({"admin"}),
    ("GET", "/api/v1/checklists"): Rule(ALL, lists=True),
    ("POST", "/api/v1/checklists"): Rule({"admin"}),
    ("POST", "/api/v1/checklists/validate"): Rule({"admin"}),
    ("GET", "/api/v1/checklists/{key}"): Rule(ALL),
    ("POST", "/api/v1/checklists/{key}/versions"): Rule({"admin"}),
    ("GET", "/api/v1/checklists/{key}/versions/{version}/source"): Rule(STAFF),
    ("GET", "/api/v1/clients"): Rule(STAFF | {"client_a", "client_b"}, lists=True),
    ("POST", "/api/v1/clients"): Rule({"admin"}),
    ("GET", "/api/v1/clients/{client_id}"): Rule(STAFF | {"client_a"}),
    ("PATCH", "/api/v1/clients/{client_id}"): Rule({"admin"}),
    ("POST", "/api/v1/clients/{client_id}/locations/import"): Rule({"admin"}),
    ("GET", "/api/v1/locations"): Rule(STAFF | {"client_a", "client_b"}, lists=True),
    ("POST", "/api/v1/locations"): Rule({"admin"}),
    ("GET", "/api/v1/locations/{location_id}"): Rule(STAFF | {"client_a"}),
    ("PATCH", "/api/v1/locations/{location_id}"): Rule({"admin"}),
    ("GET", "/api/v1/projects"): Rule(STAFF | {"client_a", "client_b"}, lists=True),
    ("POST", "/api/v1/projects"): Rule({"admin"}),
    ("GET", "/api/v1/projects/{project_id}"): Rule(STAFF | {"client_a"}),
    ("PATCH", "/api/v1/projects/{project_id}"): Rule({"admin"}),
    ("POST", "/api/v1/projects/{project_id}/waves"): Rule({"admin"}),
    ("GET", "/api/v1/projects/{project_id}/scores"): Rule(STAFF | {"client_a"}),
    ("GET", "/api/v1/projects/{project_id}/export.csv"): Rule(STAFF | {"client_a"}),
    ("GET", "/api/v1/projects/{project_id}/report.pdf"): Rule(STAFF | {"client_a"}),
    ("POST", "/api/v1/projects/{project_id}/release"): Rule(STAFF, body=lambda w: {"json": {}}),
    ("GET", "/api/v1/assignments"): Rule(STAFF),
    ("POST", "/api/v1/assignments"): Rule({"admin"}),
    ("GET", "/api/v1/assignments/{assignment_id}"): Rule(STAFF),
    ("PATCH", "/api/v1/assignments/{assignment_id}"): Rule({"admin"}, body=lambda w: {"json": {}}),
    ("DELETE", "/api/v1/assignments/{assignment_id}"): Rule({"admin"}),
    ("GET", "/api/v1/evaluations"): Rule(ALL, lists=True),
    ("GET", "/api/v1/evaluations/{evaluation_id}"): Rule(STAFF | {"tester_a", "client_a"}),
    ("PUT", "/api/v1/evaluations/{evaluation_id}"): Rule({"tester_a"}, body=evaluation_body),
    ("POST", "/api/v1/evaluations/import"): Rule({"admin"}, body=lambda w: {"json": import_body(w)}),
    ("POST", "/api/v1/evaluations/{evaluation_id}/review"): Rule(STAFF, body=lambda w: {"json": {"action": "hold"}}),
    ("GET", "/api/v1/evaluations/{evaluation_id}/scores"): Rule(STAFF | {"tester_a", "client_a"}),
    ("GET", "/api/v1/evaluations/{evaluation_id}/revisions"): Rule(STAFF),
    ("GET", "/api/v1/evaluations/{evaluation_id}/report.pdf"): Rule(STAFF | {"client_a"}),
    ("PUT", "/api/v1/evaluations/{evaluation_id}/photos/{photo_id}"): Rule({"tester_a"}, body=photo_body),
    ("GET", "/api/v1/photos/{photo_id}/{variant}"): Rule(STAFF | {"tester_a", "client_a"}),
    ("POST", "/api/v1/checklists/preview"): Rule({"admin"}),
    ("POST", "/api/v1/projects/{project_id}/plan"): Rule({"admin"}),
    ("POST", "/api/v1/projects/{project_id}/assignments/import"): Rule({"admin"}),
    ("GET", "/api/v1/projects/{project_id}/progress"): Rule(STAFF),
    ("PUT", "/api/v1/clients/{client_id}/logo"): Rule({"admin"}, body=lambda w: {
        "files": {"file": ("logo.png", jpeg_bytes(200, 80), "image/jpeg")}}),
    ("GET", "/api/v1/clients/{client_id}/logo"): Rule(STAFF | {"client_a"}),
    ("DELETE", "/api/v1/clients/{client_id}/logo"): Rule({"admin"}),
}
PUBLIC = {("POST", "/api/v1/auth/login"), ("GET", "/healthz"), ("GET", "/readyz")}


def app_routes(app) -> set[tuple[str, str]]:
    return {(method.upper(), path) for path, item in app.openapi()["paths"].items() for method in item}


def test_every_route_has_an_entry(app):
    missing = app_routes(app) - set(MATRIX) - PUBLIC
    assert not missing, f"add these routes to the isolation matrix: {sorted(missing)}"
    assert not set(MATRIX) - app_routes(app), "the matrix names routes the app no longer has"


@pytest.fixture
def world(session, users, client) -> dict:
    """Client A (a project, a released evaluation with a photo, a submitted one) and client B, alike."""
    admin = users.make(Role.admin)
    tester_a, tester_b = users.make(Role.tester), users.make(Role.tester)
    a = project_with_assignment(session, admin=admin, tester=tester_a, client_name="Client Alpha")
    b = project_with_assignment(session, admin=admin, tester=tester_b, client_name="Client Beta", version=a["version"])
    tokens = {"tester_a": users.token(tester_a), "tester_b": users.token(tester_b)}
    headers = {name: {"Authorization": f"Bearer {token}"} for name, token in tokens.items()}
    headers["admin"] = {"Authorization": f"Bearer {users.token(admin)}"}
    headers["reviewer"] = users.headers(Role.reviewer)
    headers["client_a"] = users.headers(Role.client, client_id=a["client"].id)
    headers["client_b"] = users.headers(Role.client, client_id=b["client"].id)
    answers = {"greeted": {"value": True}, "advice": {"value": "excellent"}}
    evaluation_a = submit_mini(client, headers=headers["tester_a"], assignment=a["assignment"], answers=answers)
    submit_mini(client, headers=headers["tester_b"], assignment=b["assignment"], answers=answers)
    for action in ("approve", "release"):
        client.post(f"/api/v1/evaluations/{evaluation_a}/review", json={"action": action}, headers=headers["admin"])
    detail = client.get(f"/api/v1/evaluations/{evaluation_a}", headers=headers["admin"]).json()
    logo = client.put(f"/api/v1/clients/{a['client'].id}/logo", headers=headers["admin"],
                      files={"file": ("logo.jpg", jpeg_bytes(200, 80), "image/jpeg")})
    assert logo.status_code in (200, 201), logo.text
    return {**{f"{k}_a": v for k, v in a.items()}, "headers": headers, "evaluation_a": evaluation_a,
            "photo_a": detail["photos"][0]["id"], "tester_a": tester_a,
            "assignment_a2": add_assignment(session, a, tester=tester_a, persona="young"),
            "secrets": ("Client Alpha", str(evaluation_a))}


def concrete(path: str, world: dict) -> str:
    values = {
        "user_id": world["tester_a"].id, "key": "mini-check", "version": 1, "client_id": world["client_a"].id,
        "location_id": world["location_a"].id, "project_id": world["project_a"].id,
        "assignment_id": world["assignment_a2"].id, "photo_id": world["photo_a"], "variant": "display",
        "evaluation_id": world["evaluation_a"],
    }
    if path.endswith("/photos/{photo_id}") and path.startswith("/api/v1/evaluations"):
        values["evaluation_id"], values["photo_id"] = str(uuid.uuid4()), str(uuid.uuid4())
    if path == "/api/v1/evaluations/{evaluation_id}" or path.endswith("/review"):
        values["evaluation_id"] = world["evaluation_a"]
    return path.format(**values)


@pytest.mark.parametrize("route", sorted(MATRIX), ids=lambda r: f"{r[0]} {r[1]}")
def test_each_role_gets_exactly_what_it_may(client, world, route):
    method, path = route
    rule = MATRIX[route]
    url = concrete(path, world)
    if method == "PUT" and path == "/api/v1/evaluations/{evaluation_id}":
        url = f"/api/v1/evaluations/{uuid.uuid4()}"
    # Denied roles first: an allowed call may change what later calls see (a logout, a deletion).
    for role in sorted(ROLES, key=lambda r: r in rule.allowed):
        kwargs = rule.body(world) if rule.body else ({"json": {}} if method in ("POST", "PUT", "PATCH") else {})
        response = client.request(method, url, headers=world["headers"][role], **kwargs)
        label = f"{method} {url} as {role}: {response.status_code} {response.text[:200]}"
        assert response.status_code < 500, label
        assert response.status_code != 401, label
        if role in rule.allowed:
            assert response.status_code not in (403, 404), label
            continue
        if rule.lists and response.status_code == 200:
            leaked = [s for s in world["secrets"] if s in response.text]
            assert not leaked, f"{label}: leaks {leaked}"
            continue
        assert response.status_code in (403, 404), label
