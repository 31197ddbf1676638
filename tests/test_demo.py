"""`fieldcheck demo` seeds a realistic agency that every screen and report can show, over the real server."""

import httpx
import pytest

from backend.demo import DEMO_PASSWORD

pytestmark = pytest.mark.e2e


def login(server, email: str) -> dict:
    response = httpx.post(f"{server.url}/api/v1/auth/login", json={"email": email, "password": DEMO_PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def test_demo_logins_work_for_every_role(demo_server):
    for role in ("admin", "reviewer", "tester", "tester2", "client"):
        headers = login(demo_server, f"{role}@demo.fieldcheck.dev")
        assert httpx.get(f"{demo_server.url}/api/v1/me", headers=headers).status_code == 200


def test_demo_has_templates_projects_and_reviewed_evaluations(demo_server):
    admin = login(demo_server, "admin@demo.fieldcheck.dev")
    keys = {t["key"] for t in httpx.get(f"{demo_server.url}/api/v1/checklists", headers=admin).json()}
    assert keys == {"store-check", "service-check", "mystery-calling", "promotion-check"}
    released = httpx.get(f"{demo_server.url}/api/v1/evaluations?status=released", headers=admin).json()
    assert released["total"] >= 15
    tester = login(demo_server, "tester@demo.fieldcheck.dev")
    open_work = httpx.get(f"{demo_server.url}/api/v1/me/assignments", headers=tester).json()
    assert open_work, "the demo tester has assignments to fill in the app"


def test_demo_client_sees_only_its_released_results(demo_server):
    client = login(demo_server, "client@demo.fieldcheck.dev")
    items = httpx.get(f"{demo_server.url}/api/v1/evaluations?limit=500", headers=client).json()["items"]
    assert items and all(item["status"] == "released" for item in items)
    assert all(item["tester"]["display_name"] is None for item in items)
    assert {item["project"]["name"].split()[0] for item in items} == {"TeleMax"}
