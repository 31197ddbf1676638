"""Submissions: idempotent retries, photos first, validation by question id, revisions after a return."""

from __future__ import annotations

import uuid

import pytest
from sqlmodel import func, select

from backend.auth.models import Role
from backend.evaluations.models import AnswerRow, Evaluation, EvaluationRevision, EvaluationScore
from backend.media.models import Photo
from tests.factories import jpeg_bytes, project_with_assignment


@pytest.fixture
def field(session, users, client):
    tester, admin = users.make(Role.tester), users.make(Role.admin)
    setup = project_with_assignment(session, admin=admin, tester=tester)
    setup["tester"] = tester
    setup["headers"] = {"Authorization": f"Bearer {users.token(tester)}"}
    setup["reviewer_headers"] = users.headers(Role.reviewer)
    return setup


def upload(client, field, evaluation_id, photo_id, *, question="window_photo", data=None):
    return client.put(
        f"/api/v1/evaluations/{evaluation_id}/photos/{photo_id}", headers=field["headers"],
        data={"assignment_id": str(field["assignment"].id), "question_id": question},
        files={"file": ("p.jpg", data or jpeg_bytes(), "image/jpeg")})


def payload(field, photo_id, **answers):
    body = {
        "assignment_id": field["assignment"].id,
        "persona": "young",
        "answers": {
            "greeted": {"value": True},
            "window_photo": {"photos": [str(photo_id)]},
            "advice": {"value": "ok"},
            "mood": {"na": True},
            **answers,
        },
        "visit_started_at": "2026-03-02T10:00:00Z",
        "visit_ended_at": "2026-03-02T10:20:00Z",
        "position": {"latitude": 52.5201, "longitude": 13.4051, "accuracy_m": 12},
    }
    return body


def test_photo_then_submission_stores_one_scored_evaluation(client, field, session):
    evaluation_id, photo_id = uuid.uuid4(), uuid.uuid4()
    assert upload(client, field, evaluation_id, photo_id).status_code == 201
    response = client.put(f"/api/v1/evaluations/{evaluation_id}", json=payload(field, photo_id), headers=field["headers"])
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "submitted" and body["revision"] == 1
    # entrance 1/1 = 100, advisor 1/3 = 33.3; young weighs entrance 2, advisor 1
    assert body["total_score"] == pytest.approx(100 * 2 / 4)
    assert body["persona_score"] == pytest.approx((2 * 100 + 100 / 3) / 3)
    assert body["flags"] == []
    scores = {(s.dimension, s.key): s.score for s in session.exec(
        select(EvaluationScore).where(EvaluationScore.evaluation_id == evaluation_id))}
    assert scores[("touchpoint", "entrance")] == pytest.approx(100)
    assert session.get(Photo, photo_id).claimed_at is not None


def test_the_same_submission_twice_is_answered_as_the_first_time(client, field, session):
    evaluation_id, photo_id = uuid.uuid4(), uuid.uuid4()
    upload(client, field, evaluation_id, photo_id)
    first = client.put(f"/api/v1/evaluations/{evaluation_id}", json=payload(field, photo_id), headers=field["headers"])
    again = client.put(f"/api/v1/evaluations/{evaluation_id}", json=payload(field, photo_id), headers=field["headers"])
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["total_score"] == first.json()["total_score"]
    count = lambda model: session.exec(select(func.count()).select_from(model)).one()  # noqa: E731
    assert (count(Evaluation), count(EvaluationRevision)) == (1, 1)


def test_a_photo_retry_is_harmless_and_other_bytes_conflict(client, field):
    evaluation_id, photo_id = uuid.uuid4(), uuid.uuid4()
    assert upload(client, field, evaluation_id, photo_id).status_code == 201
    again = upload(client, field, evaluation_id, photo_id)
    assert again.status_code == 200
    other = upload(client, field, evaluation_id, photo_id, data=jpeg_bytes(color=(0, 0, 255)))
    assert other.status_code == 409 and other.json()["code"] == "photo_conflict"


def test_a_submission_naming_missing_photos_lists_them(client, field, session):
    evaluation_id, photo_id = uuid.uuid4(), uuid.uuid4()
    response = client.put(f"/api/v1/evaluations/{evaluation_id}", json=payload(field, photo_id), headers=field["headers"])
    assert response.status_code == 422
    assert response.json()["code"] == "photos_missing"
    assert response.json()["missing_photo_ids"] == [str(photo_id)]
    assert session.get(Evaluation, evaluation_id) is None


def test_every_bad_answer_is_listed_by_question_id(client, field, session):
    evaluation_id, photo_id = uuid.uuid4(), uuid.uuid4()
    upload(client, field, evaluation_id, photo_id)
    body = payload(field, photo_id, greeted={"value": False}, advice={"value": "brilliant"},
                   mood={"value": 9}, unknown_q={"value": 1})
    response = client.put(f"/api/v1/evaluations/{evaluation_id}", json=body, headers=field["headers"])
    assert response.status_code == 422
    problems = {e["question_id"]: e["message"] for e in response.json()["errors"]}
    assert set(problems) == {"greeted", "advice", "mood", "unknown_q"}
    assert "comment" in problems["greeted"]
    assert session.get(Evaluation, evaluation_id) is None


def test_required_visible_questions_must_be_answered(client, field):
    evaluation_id = uuid.uuid4()
    body = payload(field, uuid.uuid4())
    del body["answers"]["advice"]
    body["answers"]["window_photo"] = {"photos": []}
    response = client.put(f"/api/v1/evaluations/{evaluation_id}", json=body, headers=field["headers"])
    problems = {e["question_id"]: e["message"] for e in response.json()["errors"]}
    assert problems == {"advice": "is required", "window_photo": "needs at least 1 photo(s)"}


def test_answers_to_hidden_questions_are_stored_but_not_scored(client, field, session):
    evaluation_id, photo_id = uuid.uuid4(), uuid.uuid4()
    upload(client, field, evaluation_id, photo_id)
    body = payload(field, photo_id, why_poor={"value": "stored anyway"}, offered_card={"value": False})
    response = client.put(f"/api/v1/evaluations/{evaluation_id}", json=body, headers=field["headers"])
    assert response.status_code == 201, response.text
    rows = {a.question_id: a for a in session.exec(select(AnswerRow).where(AnswerRow.evaluation_id == evaluation_id))}
    assert rows["why_poor"].value == "stored anyway" and not rows["why_poor"].visible
    assert not rows["offered_card"].applicable and rows["offered_card"].points is None


def test_a_different_payload_is_refused_until_the_evaluation_is_returned(client, field, session):
    evaluation_id, photo_id = uuid.uuid4(), uuid.uuid4()
    upload(client, field, evaluation_id, photo_id)
    url = f"/api/v1/evaluations/{evaluation_id}"
    assert client.put(url, json=payload(field, photo_id), headers=field["headers"]).status_code == 201
    changed = payload(field, photo_id, advice={"value": "excellent"})
    locked = client.put(url, json=changed, headers=field["headers"])
    assert locked.status_code == 409 and locked.json()["code"] == "evaluation_locked"

    review = client.post(f"{url}/review", json={"action": "return", "comment": "Bitte Foto neu"},
                         headers=field["reviewer_headers"])
    assert review.status_code == 200 and review.json()["status"] == "returned"
    resubmitted = client.put(url, json=changed, headers=field["headers"])
    assert resubmitted.status_code == 200, resubmitted.text
    assert resubmitted.json()["revision"] == 2 and resubmitted.json()["status"] == "submitted"
    assert resubmitted.json()["total_score"] == pytest.approx(100)
    # A late retry of the first revision changes nothing.
    late = client.put(url, json=payload(field, photo_id), headers=field["headers"])
    assert late.status_code == 200 and late.json()["revision"] == 2
    revisions = session.exec(select(EvaluationRevision.number).where(EvaluationRevision.evaluation_id == evaluation_id)).all()
    assert sorted(revisions) == [1, 2]


def test_a_tester_cannot_submit_for_another_testers_assignment(client, field, users):
    intruder = {"Authorization": f"Bearer {users.token(users.make(Role.tester))}"}
    response = client.put(f"/api/v1/evaluations/{uuid.uuid4()}", json=payload(field, uuid.uuid4()), headers=intruder)
    assert response.status_code == 403 and response.json()["code"] == "assignment_not_yours"
    photo = client.put(f"/api/v1/evaluations/{uuid.uuid4()}/photos/{uuid.uuid4()}", headers=intruder,
                       data={"assignment_id": str(field["assignment"].id), "question_id": "window_photo"},
                       files={"file": ("p.jpg", jpeg_bytes(), "image/jpeg")})
    assert photo.status_code == 403


def test_a_visit_far_away_is_flagged_not_refused(client, field):
    evaluation_id, photo_id = uuid.uuid4(), uuid.uuid4()
    upload(client, field, evaluation_id, photo_id)
    body = payload(field, photo_id)
    body["position"] = {"latitude": 48.137, "longitude": 11.575}
    response = client.put(f"/api/v1/evaluations/{evaluation_id}", json=body, headers=field["headers"])
    assert response.status_code == 201
    assert response.json()["flags"] == [], "flags are for the reviewer, not the tester"
    seen_by_reviewer = client.get(f"/api/v1/evaluations/{evaluation_id}", headers=field["reviewer_headers"]).json()
    assert [f["code"] for f in seen_by_reviewer["flags"]] == ["far_from_location"]
    queue = client.get("/api/v1/evaluations?status=submitted&flagged=true", headers=field["reviewer_headers"]).json()
    assert [item["id"] for item in queue["items"]] == [str(evaluation_id)]


def test_offline_bundle_has_everything_to_fill_the_assignment(client, field):
    bundle = client.get("/api/v1/me/assignments", headers=field["headers"])
    assert bundle.status_code == 200
    [item] = bundle.json()
    assert item["persona"]["id"] == "young" and item["persona"]["title"]["de"] == "Jung"
    assert item["checklist"]["definition"]["key"] == "mini-check"
    assert item["location"]["latitude"] == 52.52 and item["evaluation"] is None


def test_the_evaluation_names_its_checklist_version(client, field):
    evaluation_id, photo_id = uuid.uuid4(), uuid.uuid4()
    upload(client, field, evaluation_id, photo_id)
    body = client.put(f"/api/v1/evaluations/{evaluation_id}", json=payload(field, photo_id), headers=field["headers"]).json()
    assert body["checklist"] == {"version_id": field["version"].id, "key": "mini-check", "version": 1,
                                 "title": "Mini-Check"}
