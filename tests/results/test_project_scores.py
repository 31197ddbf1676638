"""Project aggregates from the database, against hand-computed values, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io

import pytest

from backend.auth.models import Role
from tests.factories import build_released_project
from tests.results.stored import fieldwork
from tests.scoring.factories import NA, answers, definition, question, worked_example, worked_example_answers


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
    # entrance is 100 for both: at or above the pass threshold (80) a touchpoint is no pain point
    assert scores["pain_points"] == {"young": ["advisor"], "business": ["advisor"]}
    assert scores["pass_threshold"] == 80
    assert scores["questions"]["greeted"] == {"mean": pytest.approx(100), "n": 3}
    assert scores["questions"]["advice"]["mean"] == pytest.approx(100 / 3)
    assert scores["nps"] == {"mean": None, "n": 0, "promoters": 0, "passives": 0, "detractors": 0}


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
    from backend.clients.models import Client

    other = Client(name="Other Client")
    session.add(other)
    session.flush()
    project_id = released_project["project"].id
    outsider = users.headers(Role.client, client_id=other.id)
    assert client.get(f"/api/v1/projects/{project_id}/scores", headers=outsider).status_code == 404
    assert client.get(f"/api/v1/projects/{project_id}/export.csv", headers=outsider).status_code == 404
    assert client.get(f"/api/v1/projects/{project_id}/scores", headers=users.headers(Role.tester)).status_code == 403


def scores_of(client, users, work) -> dict:
    """The project's scores as its client reads them over the API."""
    headers = users.headers(Role.client, client_id=work.project.client_id)
    response = client.get(f"/api/v1/projects/{work.project.id}/scores", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def test_emotion_is_the_mean_of_each_evaluations_own_emotion(client, users, session):
    template = definition(
        [question("ok", "yes_no", step="arrival"), question("mood_in", "emotion", step="arrival"),
         question("mood_out", "emotion", step="arrival", na_allowed=True)],
        steps=("arrival", "closing"),
    )
    work = fieldwork(session, template)
    work.store(persona="shopper", answers=answers(ok=True, mood_in=1, mood_out=5))
    work.store(persona="shopper", answers=answers(ok=True, mood_in=5, mood_out=NA))

    journey = scores_of(client, users, work)["journey"]["shopper"]

    # Averaging the three answers would give 11 / 3 = 3.67 with n 3; each evaluation counts once.
    assert journey[0] == {"step": "arrival", "score": {"mean": 100.0, "n": 2}, "emotion": {"mean": 4.0, "n": 2}}
    assert journey[1] == {"step": "closing", "score": {"mean": None, "n": 0}, "emotion": None}


def test_only_the_corrected_answers_count(client, users, session):
    template = definition([question("mood", "emotion"), question("nps", "nps"), question("ok", "yes_no", required=False)])
    work = fieldwork(session, template)
    work.store(persona="shopper", first_answers=answers(mood=1, nps=0, ok=False), answers=answers(mood=4, nps=10))

    scores = scores_of(client, users, work)

    assert scores["journey"]["shopper"][0]["emotion"] == {"mean": 4.0, "n": 1}
    assert scores["nps"] == {"mean": 100.0, "n": 1, "promoters": 1, "passives": 0, "detractors": 0}
    assert scores["questions"]["ok"] == {"mean": None, "n": 0}


def test_pain_points_lie_below_the_pass_threshold(client, users, session):
    template = definition(
        [question(touchpoint, "yes_no", touchpoint=touchpoint, required=False)
         for touchpoint in ("web", "phone", "desk", "shelf")],
        touchpoints=("web", "phone", "desk", "shelf"),
        personas={"young": {}, "business": {}},
        pass_threshold=50,
    )
    work = fieldwork(session, template)
    # young: web 50 (at the threshold), phone 0, desk 100, shelf 0 with more evaluations than phone
    work.store(persona="young", answers=answers(web=True, phone=False, desk=True, shelf=False))
    work.store(persona="young", answers=answers(web=False, desk=True, shelf=False))
    # business: everything at or above the threshold
    work.store(persona="business", answers=answers(web=True, phone=True, desk=True))

    scores = scores_of(client, users, work)

    assert scores["matrix"]["young"]["web"] == {"mean": 50.0, "n": 2}
    assert scores["pain_points"] == {"young": ["shelf", "phone"], "business": []}
    assert scores["pass_threshold"] == 50


def test_worked_example_aggregates(client, users, session):
    work = fieldwork(session, worked_example())
    work.store(persona="young", answers=worked_example_answers())
    work.store(persona="young", answers=worked_example_answers(q4=False, q7=3))
    work.store(persona="business", answers=worked_example_answers(q1=False, q7=8))

    scores = scores_of(client, users, work)

    assert scores["matrix"]["young"] == {
        "entrance": {"mean": 80.0, "n": 2},
        "advisor": {"mean": 37.5, "n": 2},  # 50 and the knocked-out 25: a knockout leaves touchpoints alone
        "phone": {"mean": 50.0, "n": 2},
    }
    assert scores["matrix"]["business"]["entrance"] == {"mean": 60.0, "n": 1}
    assert scores["nps"] == {"mean": 0.0, "n": 3, "promoters": 1, "passives": 1, "detractors": 1}
    assert scores["questions"]["q4"] == {"mean": pytest.approx(200 / 3), "n": 3}
    assert scores["questions"]["q5"] == {"mean": None, "n": 0}
    assert scores["total"] == {"mean": pytest.approx((100 * 7 / 11 + 0 + 100 * 6 / 11) / 3), "n": 3}
    # young's entrance is 80: at the pass threshold, no pain point; business's advisor and phone tie at 50
    assert scores["pain_points"] == {"young": ["advisor", "phone"], "business": ["advisor", "phone", "entrance"]}
