"""Project aggregates from the database, against hand-computed values, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io

import pytest

from backend.auth.models import Role
from tests.factories import build_released_project


@pytest.fixture
def released_project(session, users, client):
    return build_released_project(session, users, client)


def test_project_scores_match_hand_computed_values(client, released_project):
    project_id = released_project["project"].id
    response = client.get(f"/api/v1/projects/{project_id}/scores", headers=released_project["client_headers"])
    assert response.status_code == 200, response.text
    scores = response.json()
    assert scores["n"] == 3
    assert scores["total"]["mean"] == pytest.approx((50 + 100 + 40) / 3) and scores["total"]["n"] == 3
    matrix = scores["matrix"]
    assert matrix["young"]["entrance"] == {"mean": pytest.approx(100), "n": 2}
    assert matrix["young"]["advisor"]["mean"] == pytest.approx((100 / 3 + 100) / 2)
    assert matrix["business"]["advisor"] == {"mean": pytest.approx(25), "n": 1}
    assert scores["persona_scores"]["young"]["mean"] == pytest.approx(((200 + 100 / 3) / 3 + 100) / 2)
    assert scores["persona_scores"]["business"]["mean"] == pytest.approx(43.75)
    young_journey = {point["step"]: point for point in scores["journey"]["young"]}
    assert young_journey["consultation"]["emotion"] == {"mean": pytest.approx(4.5), "n": 2}
    assert young_journey["arrival"]["emotion"] is None
    assert scores["pain_points"] == {"young": ["advisor", "entrance"], "business": ["advisor", "entrance"]}
    assert scores["questions"]["greeted"] == {"mean": pytest.approx(100), "n": 3}
    assert scores["questions"]["advice"]["mean"] == pytest.approx(100 / 3)
    assert scores["nps"] == {"mean": None, "n": 0}


def test_staff_may_include_approved_and_clients_may_not(client, released_project):
    project_id = released_project["project"].id
    staff = client.get(f"/api/v1/projects/{project_id}/scores?include_approved=true",
                       headers=released_project["reviewer_headers"]).json()
    assert staff["n"] == 3, "the submitted one is not approved yet"
    own = client.get(f"/api/v1/projects/{project_id}/scores?include_approved=true",
                     headers=released_project["client_headers"]).json()
    assert own["n"] == 3


def test_grouping_by_two_dimensions(client, released_project):
    project_id = released_project["project"].id
    response = client.get(f"/api/v1/projects/{project_id}/scores?group_by=persona,touchpoint",
                          headers=released_project["client_headers"])
    groups = {(g["key"]["persona"], g["key"]["touchpoint"]): (g["mean"], g["n"]) for g in response.json()["groups"]}
    assert groups[("business", "advisor")] == (pytest.approx(25), 1)
    bad = client.get(f"/api/v1/projects/{project_id}/scores?group_by=step,touchpoint",
                     headers=released_project["client_headers"])
    assert bad.status_code == 422 and bad.json()["errors"][0]["path"] == "group_by"


def test_filters_narrow_the_evaluations(client, released_project):
    project_id = released_project["project"].id
    business = client.get(f"/api/v1/projects/{project_id}/scores?persona=business",
                          headers=released_project["client_headers"]).json()
    assert business["n"] == 1 and business["total"]["mean"] == pytest.approx(40)


def test_csv_export_has_one_row_per_released_evaluation(client, released_project):
    project_id = released_project["project"].id
    response = client.get(f"/api/v1/projects/{project_id}/export.csv", headers=released_project["client_headers"])
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert len(rows) == 3
    business = next(r for r in rows if r["persona"] == "business")
    assert float(business["total_score"]) == pytest.approx(40)
    assert business["answer:why_poor"] == "rude" and business["answer:mood"] == "n/a"
    assert business["tester"].startswith("Tester") and "@" not in response.text


def test_other_clients_and_testers_cannot_see_project_scores(client, released_project, users, session):
    from backend.fieldwork.models import Client

    other = Client(name="Other Client")
    session.add(other)
    session.flush()
    project_id = released_project["project"].id
    outsider = users.headers(Role.client, client_id=other.id)
    assert client.get(f"/api/v1/projects/{project_id}/scores", headers=outsider).status_code == 404
    assert client.get(f"/api/v1/projects/{project_id}/export.csv", headers=outsider).status_code == 404
    assert client.get(f"/api/v1/projects/{project_id}/scores", headers=users.headers(Role.tester)).status_code == 403
