"""The checklist API: publish immutable versions, read them by role, validate for an editor."""

from __future__ import annotations

import json

import pytest
import yaml

from backend.auth.models import Role
from tests.factories import MINI_TEMPLATE, project_with_assignment

YAML = {"Content-Type": "application/yaml"}


def with_headers(headers: dict, extra: dict = YAML) -> dict:
    return {**headers, **extra}


def test_admin_publishes_and_everyone_staff_reads_it(client, users):
    admin = users.headers(Role.admin)
    created = client.post("/api/v1/checklists", content=MINI_TEMPLATE, headers=with_headers(admin))
    assert created.status_code == 201, created.text
    body = created.json()
    assert (body["key"], body["version"], body["kind"]) == ("mini-check", 1, "store_check")
    assert body["definition"]["personas"][0]["id"] == "young"
    listed = client.get("/api/v1/checklists", headers=users.headers(Role.reviewer)).json()
    assert [t["key"] for t in listed] == ["mini-check"]


def test_a_changed_template_is_a_new_version_and_old_versions_stay(client, users):
    admin = users.headers(Role.admin)
    client.post("/api/v1/checklists", content=MINI_TEMPLATE, headers=with_headers(admin))
    changed = MINI_TEMPLATE.replace("pass_threshold: 80", "pass_threshold: 75")
    second = client.post("/api/v1/checklists/mini-check/versions", content=changed, headers=with_headers(admin))
    assert second.status_code == 201 and second.json()["version"] == 2
    same = client.post("/api/v1/checklists/mini-check/versions", content=changed, headers=with_headers(admin))
    assert same.status_code == 200 and same.json()["version"] == 2
    first = client.get("/api/v1/checklists/mini-check?version=1", headers=admin).json()
    assert first["definition"]["pass_threshold"] == 80
    latest = client.get("/api/v1/checklists/mini-check", headers=admin).json()
    assert latest["version"] == 2 and latest["definition"]["pass_threshold"] == 75


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_published_versions_cannot_be_changed(client, users, method):
    admin = users.headers(Role.admin)
    client.post("/api/v1/checklists", content=MINI_TEMPLATE, headers=with_headers(admin))
    response = getattr(client, method)("/api/v1/checklists/mini-check", headers=admin)
    assert response.status_code == 405
    assert client.get("/api/v1/checklists/mini-check", headers=admin).json()["version"] == 1


def test_json_templates_are_accepted(client, users):
    admin = users.headers(Role.admin)
    document = json.dumps(yaml.safe_load(MINI_TEMPLATE))
    response = client.post("/api/v1/checklists", content=document, headers=with_headers(admin, {"Content-Type": "application/json"}))
    assert response.status_code == 201, response.text


def test_invalid_templates_get_422_with_line_and_path_and_nothing_is_published(client, users):
    admin = users.headers(Role.admin)
    broken = MINI_TEMPLATE.replace("touchpoint: advisor\n        options:", "touchpoint: advisr\n        options:")
    response = client.post("/api/v1/checklists", content=broken, headers=with_headers(admin))
    assert response.status_code == 422
    errors = response.json()["errors"]
    line = broken.splitlines().index("        touchpoint: advisr") + 1
    assert any(e["line"] == line and "advisr" in e["message"] for e in errors), errors
    assert client.get("/api/v1/checklists", headers=admin).json() == []


@pytest.mark.parametrize("body,content_type,status", [
    (b"\xff\xfe not utf8", "application/yaml", 422),
    (b"just a string", "application/yaml", 422),
    (b"key: [unclosed", "application/yaml", 422),
    (b"a" * 1_000_001, "application/yaml", 413),
    (b"<xml/>", "application/xml", 415),
])
def test_bad_template_bodies_are_clear_4xx(client, users, body, content_type, status):
    response = client.post("/api/v1/checklists", content=body,
                           headers=with_headers(users.headers(Role.admin), {"Content-Type": content_type}))
    assert response.status_code == status, response.text
    assert response.json()["detail"]


def test_validate_reports_issues_without_publishing(client, users):
    admin = users.headers(Role.admin)
    broken = MINI_TEMPLATE.replace("pass_threshold: 80", "pass_treshold: 80")
    result = client.post("/api/v1/checklists/validate", content=broken, headers=with_headers(admin)).json()
    assert result["valid"] is False
    assert result["issues"][0]["line"] == 6 and "pass_treshold" in result["issues"][0]["message"]
    ok = client.post("/api/v1/checklists/validate", content=MINI_TEMPLATE, headers=with_headers(admin)).json()
    assert ok == {"valid": True, "issues": []}
    assert client.get("/api/v1/checklists", headers=admin).json() == []


def test_a_question_may_not_change_its_type_between_versions(client, users):
    admin = users.headers(Role.admin)
    client.post("/api/v1/checklists", content=MINI_TEMPLATE, headers=with_headers(admin))
    retyped = MINI_TEMPLATE.replace("      - id: offered_card\n        type: yes_no", "      - id: offered_card\n        type: text")
    response = client.post("/api/v1/checklists/mini-check/versions", content=retyped, headers=with_headers(admin))
    assert response.status_code == 422 and response.json()["code"] == "question_type_changed"


@pytest.mark.parametrize("role", [Role.reviewer, Role.tester, Role.client])
def test_only_admins_publish(client, users, session, role):
    from backend.clients.models import Client

    acme = Client(name=f"Acme {role.value}")
    session.add(acme)
    session.flush()
    headers = users.headers(role, client_id=acme.id if role == Role.client else None)
    assert client.post("/api/v1/checklists", content=MINI_TEMPLATE, headers=with_headers(headers)).status_code == 403
    assert client.post("/api/v1/checklists/validate", content=MINI_TEMPLATE, headers=with_headers(headers)).status_code == 403


def test_testers_and_clients_see_only_the_checklists_of_their_work(client, users, session):
    admin_user, tester = users.make(Role.admin), users.make(Role.tester)
    setup = project_with_assignment(session, admin=admin_user, tester=tester)
    admin = users.headers(Role.admin)
    other = MINI_TEMPLATE.replace("key: mini-check", "key: other-check")
    client.post("/api/v1/checklists", content=other, headers=with_headers(admin))
    tester_view = client.get("/api/v1/checklists", headers={"Authorization": f"Bearer {users.token(tester)}"}).json()
    assert [t["key"] for t in tester_view] == ["mini-check"]
    client_headers = users.headers(Role.client, client_id=setup["client"].id)
    assert [t["key"] for t in client.get("/api/v1/checklists", headers=client_headers).json()] == ["mini-check"]
    assert client.get("/api/v1/checklists/other-check", headers=client_headers).status_code == 404
    stranger = users.headers(Role.tester)
    assert client.get("/api/v1/checklists/mini-check", headers=stranger).status_code == 404
