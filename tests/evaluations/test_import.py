"""An admin imports the file a tester's phone saved after a refusal: the same checks as PUT /evaluations/{id},
on behalf of the tester who did the visit, idempotent, and a clear 4xx with a path for a bad file."""

from __future__ import annotations

import base64
import uuid
from datetime import date, timedelta

import pytest
from sqlmodel import func, select

from backend.auth.models import Role
from backend.evaluations.models import Evaluation, EvaluationRevision, ReviewEvent
from backend.fieldwork.models import Assignment
from backend.media.models import Photo
from tests.factories import jpeg_bytes, project_with_assignment

API = "/api/v1"


@pytest.fixture
def field(session, users, client):
    tester, admin = users.make(Role.tester), users.make(Role.admin)
    setup = project_with_assignment(session, admin=admin, tester=tester)
    setup.update(tester=tester, admin=admin, headers={"Authorization": f"Bearer {users.token(tester)}"},
                 admin_headers={"Authorization": f"Bearer {users.token(admin)}"},
                 reviewer_headers=users.headers(Role.reviewer))
    return setup


def outbox_file(field, *, photo: bytes | None = None, **answers) -> dict:
    """The file as pwa/js/outbox.js saves it: the submission and its photos, base64."""
    photo_id = str(uuid.uuid4())
    return {
        "format": "fieldcheck-outbox-item", "version": 1, "exported_at": "2026-12-03T16:53:49Z",
        "evaluation_id": str(uuid.uuid4()), "tester_id": field["tester"].id,
        "label": {"location": "Store One"},
        "refusal": {"status": 409, "code": "assignment_withdrawn"},
        "payload": {
            "assignment_id": field["assignment"].id, "persona": "young",
            "answers": {"greeted": {"value": True}, "advice": {"value": "ok"},
                        "window_photo": {"photos": [photo_id]}, **answers},
            "visit_started_at": "2026-03-02T10:00:00Z", "visit_ended_at": "2026-03-02T10:20:00Z",
            "position": {"latitude": 52.52, "longitude": 13.405},
        },
        "photos": [{"id": photo_id, "question_id": "window_photo", "taken_at": "2026-03-02T10:05:00Z",
                    "content_type": "image/jpeg", "data": base64.b64encode(photo or jpeg_bytes()).decode()}],
    }


def post(client, field, body, headers=None):
    return client.post(f"{API}/evaluations/import", json=body, headers=headers or field["admin_headers"])


def count(session, model) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def test_a_withdrawn_visit_is_imported_for_its_tester_once(client, field, session):
    assignment_id = field["assignment"].id
    client.delete(f"{API}/assignments/{assignment_id}", headers=field["admin_headers"])
    file = outbox_file(field)
    refused = client.put(f"{API}/evaluations/{file['evaluation_id']}", json=file["payload"], headers=field["headers"])
    assert refused.status_code == 409 and refused.json()["code"] == "assignment_withdrawn"

    first = post(client, field, file)
    assert first.status_code == 201, first.text
    body = first.json()
    assert body["id"] == file["evaluation_id"] and body["status"] == "submitted"
    assert [p["id"] for p in body["photos"]] == [file["photos"][0]["id"]]
    assert [(r["action"], r["actor"]) for r in body["review"]] == [("imported", field["admin"].display_name)]
    evaluation = session.get(Evaluation, uuid.UUID(file["evaluation_id"]))
    assert evaluation.tester_id == field["tester"].id
    assert session.get(Assignment, assignment_id).withdrawn_at is None, "importing accepts the visit"
    photo = session.get(Photo, uuid.UUID(file["photos"][0]["id"]))
    assert photo.uploaded_by == field["tester"].id and photo.claimed_at is not None

    again = post(client, field, file)
    assert again.status_code == 200
    # (Byte-identical replays, date-times included, are point 1 of issue 12.)
    same = ("id", "status", "revision", "answers", "photos", "review", "total_score")
    assert {k: again.json()[k] for k in same} == {k: body[k] for k in same}
    assert (count(session, Evaluation), count(session, EvaluationRevision), count(session, ReviewEvent)) == (1, 1, 1)
    # The tester's own late retry is now a harmless replay, not a refusal.
    replay = client.put(f"{API}/evaluations/{file['evaluation_id']}", json=file["payload"], headers=field["headers"])
    assert replay.status_code == 200


def test_a_reassigned_visit_is_handed_back_to_the_tester_who_did_it(client, field, session, users):
    second = users.make(Role.tester)
    assignment_id = field["assignment"].id
    client.patch(f"{API}/assignments/{assignment_id}", json={"tester_id": second.id}, headers=field["admin_headers"])
    imported = post(client, field, outbox_file(field))
    assert imported.status_code == 201, imported.text
    read = client.get(f"{API}/assignments/{assignment_id}", headers=field["admin_headers"]).json()
    assert read["tester"]["id"] == field["tester"].id and read["status"] == "submitted"
    assert read["previous_tester_ids"] == [field["tester"].id, second.id]


def test_an_expired_visit_is_admitted_by_an_import(client, field, session):
    assignment = field["assignment"]
    assignment.window_start, assignment.window_end = date(2026, 1, 1), date.today() - timedelta(days=60)
    session.add(assignment)
    session.flush()
    file = outbox_file(field)
    refused = client.put(f"{API}/evaluations/{file['evaluation_id']}", json=file["payload"], headers=field["headers"])
    assert refused.status_code == 409 and refused.json()["code"] == "assignment_expired"
    assert post(client, field, file).status_code == 201


def test_the_import_runs_the_submission_checks(client, field, session):
    bad_answers = post(client, field, outbox_file(field, greeted={"value": False}, advice={"value": "brilliant"}))
    assert bad_answers.status_code == 422 and bad_answers.json()["code"] == "answers_invalid"
    assert {e["question_id"] for e in bad_answers.json()["errors"]} == {"greeted", "advice"}
    file = outbox_file(field)
    lost = str(uuid.uuid4())
    file["payload"]["answers"]["window_photo"]["photos"].append(lost)
    missing = post(client, field, file)
    assert missing.status_code == 422 and missing.json()["code"] == "photos_missing"
    assert missing.json()["missing_photo_ids"] == [lost]
    persona = outbox_file(field)
    persona["payload"]["persona"] = "business"
    assert post(client, field, persona).json()["errors"] == [{"path": "persona", "message": "must be young"}]
    # The tester submitted another visit meanwhile: the file's is refused as a PUT would be.
    post(client, field, outbox_file(field))
    other = post(client, field, outbox_file(field))
    assert other.status_code == 409 and other.json()["code"] == "assignment_already_submitted"
    assert count(session, Evaluation) == 1


def _with(file: dict, change) -> dict:
    change(file)
    return file


@pytest.mark.parametrize("name,change,status,path", [
    ("not a fieldcheck file", lambda f: f.update(format="something-else"), 422, "format"),
    ("a later format", lambda f: f.update(version=2), 422, "version"),
    ("no payload", lambda f: f.pop("payload"), 422, "payload"),
    ("a bad evaluation id", lambda f: f.update(evaluation_id="not-a-uuid"), 422, "evaluation_id"),
    ("bad base64", lambda f: f["photos"][0].update(data="%%%"), 422, "photos.0.data"),
    ("not an image", lambda f: f["photos"][0].update(data=base64.b64encode(b"hello").decode()), 415,
     "photos.0.data"),
    ("a photo no answer names", lambda f: f["photos"][0].update(id=str(uuid.uuid4())), 422, "photos.0.id"),
    ("a photo for another question", lambda f: f["photos"][0].update(question_id="advice"), 422,
     "photos.0.question_id"),
    ("an unknown assignment", lambda f: f["payload"].update(assignment_id=999999), 422, "payload.assignment_id"),
    ("a tester id that is no tester", lambda f: f.update(tester_id=999999), 422, "tester_id"),
])
def test_a_bad_file_is_a_clear_4xx_with_a_path(client, field, session, name, change, status, path):
    response = post(client, field, _with(outbox_file(field), change))
    assert response.status_code == status, f"{name}: {response.text}"
    assert response.headers["content-type"].startswith("application/problem+json")
    assert path in [e.get("path") for e in response.json().get("errors", [])], f"{name}: {response.text}"
    assert count(session, Evaluation) == 0


def test_a_file_of_a_tester_who_never_held_the_assignment_is_refused(client, field, users, session):
    file = outbox_file(field)
    file["tester_id"] = users.make(Role.tester).id
    response = post(client, field, file)
    assert response.status_code == 422 and response.json()["errors"][0]["path"] == "tester_id"
    assert session.get(Assignment, field["assignment"].id).tester_id == field["tester"].id


def test_a_file_that_is_not_json_is_a_422(client, field):
    response = client.post(f"{API}/evaluations/import", content=b"PK\x03\x04 not json",
                           headers={**field["admin_headers"], "Content-Type": "application/json"})
    assert response.status_code == 422 and response.json()["code"] == "validation_failed"


def test_only_admins_import(client, field):
    for headers in (field["headers"], field["reviewer_headers"]):
        assert post(client, field, outbox_file(field), headers=headers).status_code == 403
