"""Work that changes under the tester: withdrawn, reassigned and expired assignments reach the phone on its
next sync, and the server refuses work for them with a stable code a phone can explain."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from backend.auth.models import Role
from backend.config import get_settings
from tests.factories import jpeg_bytes, project_with_assignment

API = "/api/v1"


@pytest.fixture
def field(session, users, client):
    tester, admin = users.make(Role.tester), users.make(Role.admin)
    setup = project_with_assignment(session, admin=admin, tester=tester)
    setup["tester"] = tester
    setup["headers"] = {"Authorization": f"Bearer {users.token(tester)}"}
    setup["admin_headers"] = {"Authorization": f"Bearer {users.token(admin)}"}
    setup["other"] = users.make(Role.tester)
    setup["other_headers"] = {"Authorization": f"Bearer {users.token(setup['other'])}"}
    return setup


def sync(client, headers, held: list[int]) -> tuple[list[int], dict[int, dict]]:
    """What a phone holding these ids learns: the open assignment ids and the ended ones by id."""
    open_ids = [a["id"] for a in client.get(f"{API}/me/assignments", headers=headers).json()]
    ended = client.get(f"{API}/me/assignments/ended", params={"id": held}, headers=headers)
    assert ended.status_code == 200, ended.text
    return open_ids, {e["id"]: e for e in ended.json()}


def submission(field) -> dict:
    return {"assignment_id": field["assignment"].id, "persona": "young",
            "answers": {"greeted": {"value": True}, "advice": {"value": "ok"}, "window_photo": {"photos": []}}}


def put_photo(client, field, headers):
    return client.put(f"{API}/evaluations/{uuid.uuid4()}/photos/{uuid.uuid4()}", headers=headers,
                      data={"assignment_id": str(field["assignment"].id), "question_id": "window_photo"},
                      files={"file": ("p.jpg", jpeg_bytes(), "image/jpeg")})


def test_a_withdrawn_assignment_reaches_the_phone_and_its_work_is_refused_with_a_code(client, field):
    assignment_id = field["assignment"].id
    assert sync(client, field["headers"], [assignment_id]) == ([assignment_id], {})
    assert client.delete(f"{API}/assignments/{assignment_id}", headers=field["admin_headers"]).status_code == 204

    open_ids, ended = sync(client, field["headers"], [assignment_id])
    assert open_ids == [] and ended[assignment_id]["reason"] == "withdrawn" and ended[assignment_id]["at"]
    refused = client.put(f"{API}/evaluations/{uuid.uuid4()}", json=submission(field), headers=field["headers"])
    assert refused.status_code == 409 and refused.json()["code"] == "assignment_withdrawn"
    photo = put_photo(client, field, field["headers"])
    assert photo.status_code == 409 and photo.json()["code"] == "assignment_withdrawn"

    reinstated = client.patch(f"{API}/assignments/{assignment_id}", json={"withdrawn": False},
                              headers=field["admin_headers"])
    assert reinstated.status_code == 200 and reinstated.json()["status"] == "open"
    assert sync(client, field["headers"], [assignment_id]) == ([assignment_id], {})


def test_a_reassigned_assignment_tells_the_first_tester_and_moves_to_the_second(client, field):
    assignment_id = field["assignment"].id
    moved = client.patch(f"{API}/assignments/{assignment_id}", json={"tester_id": field["other"].id},
                         headers=field["admin_headers"])
    assert moved.status_code == 200, moved.text
    assert moved.json()["tester"]["id"] == field["other"].id
    assert moved.json()["previous_tester_ids"] == [field["tester"].id]

    open_ids, ended = sync(client, field["headers"], [assignment_id])
    assert open_ids == [] and ended[assignment_id]["reason"] == "reassigned"
    assert sync(client, field["other_headers"], [assignment_id]) == ([assignment_id], {})
    refused = client.put(f"{API}/evaluations/{uuid.uuid4()}", json=submission(field), headers=field["headers"])
    assert refused.status_code == 409 and refused.json()["code"] == "assignment_reassigned"


def test_ids_a_tester_never_held_tell_nothing(client, field, users):
    stranger = {"Authorization": f"Bearer {users.token(users.make(Role.tester))}"}
    client.delete(f"{API}/assignments/{field['assignment'].id}", headers=field["admin_headers"])
    assert sync(client, stranger, [field["assignment"].id, 999999]) == ([], {})
    refused = client.put(f"{API}/evaluations/{uuid.uuid4()}", json=submission(field), headers=stranger)
    assert refused.status_code == 403 and refused.json()["code"] == "assignment_not_yours"


def test_an_assignment_expires_after_its_grace_period_unless_a_returned_evaluation_waits(client, field, session):
    grace = get_settings().submission_grace_days
    assignment = field["assignment"]
    today = date.today()
    assignment.window_start = today - timedelta(days=grace + 20)
    assignment.window_end = today - timedelta(days=grace)
    session.add(assignment)
    session.flush()
    # The last day of the grace period: a visit done in the window may still be sent.
    open_ids, ended = sync(client, field["headers"], [assignment.id])
    assert open_ids == [assignment.id] and ended == {}
    bundle = client.get(f"{API}/me/assignments", headers=field["headers"]).json()[0]
    assert bundle["submit_until"] == today.isoformat()

    assignment.window_end = today - timedelta(days=grace + 1)
    session.add(assignment)
    session.flush()
    open_ids, ended = sync(client, field["headers"], [assignment.id])
    assert open_ids == [] and ended[assignment.id]["reason"] == "expired"
    assert ended[assignment.id]["submit_until"] == (today - timedelta(days=1)).isoformat()
    refused = client.put(f"{API}/evaluations/{uuid.uuid4()}", json=submission(field), headers=field["headers"])
    assert refused.status_code == 409 and refused.json()["code"] == "assignment_expired"

    # The agency moves the window: the assignment is back on the phone.
    extended = client.patch(f"{API}/assignments/{assignment.id}", json={"window_end": today.isoformat()},
                            headers=field["admin_headers"])
    assert extended.status_code == 200, extended.text
    assert sync(client, field["headers"], [assignment.id]) == ([assignment.id], {})


def test_lifecycle_changes_refuse_what_cannot_be(client, field, session):
    url = f"{API}/assignments/{field['assignment'].id}"
    admin = field["admin_headers"]
    assert client.patch(url, json={"tester_id": None}, headers=admin).status_code == 422
    unknown_tester = client.patch(url, json={"tester_id": 999999}, headers=admin)
    assert unknown_tester.status_code == 422 and unknown_tester.json()["errors"][0]["path"] == "tester_id"
    backwards = client.patch(url, json={"window_end": "2025-01-01"}, headers=admin)
    assert backwards.status_code == 422 and backwards.json()["errors"][0]["path"] == "window_end"
    assert client.delete(url, headers=admin).status_code == 204
    withdrawn = client.patch(url, json={"tester_id": field["other"].id}, headers=admin)
    assert withdrawn.status_code == 409 and withdrawn.json()["code"] == "assignment_withdrawn"
    assert client.patch(f"{API}/assignments/999999", json={"withdrawn": True}, headers=admin).status_code == 404


def test_an_assignment_with_an_evaluation_is_neither_withdrawn_nor_reassigned(client, field):
    from tests.factories import submit_mini

    submit_mini(client, headers=field["headers"], assignment=field["assignment"],
                answers={"greeted": {"value": True}, "advice": {"value": "ok"}})
    url = f"{API}/assignments/{field['assignment'].id}"
    for call in (lambda: client.delete(url, headers=field["admin_headers"]),
                 lambda: client.patch(url, json={"tester_id": field["other"].id}, headers=field["admin_headers"])):
        response = call()
        assert response.status_code == 409 and response.json()["code"] == "assignment_has_evaluation"
