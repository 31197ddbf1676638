"""One truth per fact: times with their offset, proof of visit across corrections, photos of the current revision."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from PIL import ExifTags, Image
from pypdf import PdfReader
from sqlmodel import select

from backend.auth.models import Role
from backend.evaluations.models import Evaluation
from backend.fieldwork.models import Location
from backend.media.models import Photo
from tests.factories import jpeg_bytes, project_with_assignment

BERLIN_VISIT_START = "2026-12-03T16:53:00Z"  # 17:53 in Berlin
BERLIN_VISIT_END = "2026-12-03T17:15:00Z"    # 18:15 in Berlin


@pytest.fixture
def field(session, users, client):
    tester, admin = users.make(Role.tester), users.make(Role.admin)
    setup = project_with_assignment(session, admin=admin, tester=tester)
    setup["headers"] = {"Authorization": f"Bearer {users.token(tester)}"}
    setup["reviewer"] = users.headers(Role.reviewer)
    setup["admin"] = {"Authorization": f"Bearer {users.token(admin)}"}
    client_user = users.make(Role.client, client_id=setup["client"].id)
    setup["client_headers"] = {"Authorization": f"Bearer {users.token(client_user)}"}
    return setup


def upload(client, field, evaluation_id, photo_id, *, data=None, captured_at=None):
    form = {"assignment_id": str(field["assignment"].id), "question_id": "window_photo"}
    if captured_at:
        form["captured_at"] = captured_at
    response = client.put(f"/api/v1/evaluations/{evaluation_id}/photos/{photo_id}", headers=field["headers"],
                          data=form, files={"file": ("p.jpg", data or jpeg_bytes(), "image/jpeg")})
    assert response.status_code in (200, 201), response.text
    return response


def body(field, photo_ids, **changes):
    payload = {
        "assignment_id": field["assignment"].id, "persona": "young",
        "answers": {"greeted": {"value": True}, "window_photo": {"photos": [str(p) for p in photo_ids]},
                    "advice": {"value": "ok"}},
        "visit_started_at": BERLIN_VISIT_START, "visit_ended_at": BERLIN_VISIT_END,
        "position": {"latitude": 52.5201, "longitude": 13.4051, "accuracy_m": 12},
    }
    payload.update(changes)
    return payload


def submit(client, field, evaluation_id, payload):
    response = client.put(f"/api/v1/evaluations/{evaluation_id}", json=payload, headers=field["headers"])
    assert response.status_code in (200, 201), response.text
    return response


def review(client, field, evaluation_id, action, comment=None):
    response = client.post(f"/api/v1/evaluations/{evaluation_id}/review", headers=field["reviewer"],
                           json={"action": action, "comment": comment})
    assert response.status_code == 200, response.text
    return response


def first_submission(client, field, session, photos=1):
    evaluation_id, photo_ids = uuid.uuid4(), [uuid.uuid4() for _ in range(photos)]
    for photo_id in photo_ids:
        upload(client, field, evaluation_id, photo_id, captured_at="2026-12-03T17:00:00Z")
    submit(client, field, evaluation_id, body(field, photo_ids))
    session.expire_all()
    return evaluation_id, photo_ids


# 1. Date-times are UTC, with their offset, everywhere

def test_every_date_time_read_back_carries_its_offset(client, field, session):
    evaluation_id, _ = first_submission(client, field, session)

    detail = client.get(f"/api/v1/evaluations/{evaluation_id}", headers=field["reviewer"]).json()

    for key in ("submitted_at", "visit_started_at", "visit_ended_at"):
        assert detail[key].endswith("Z"), (key, detail[key])
    assert detail["visit_started_at"] == BERLIN_VISIT_START
    assert detail["review"][0]["at"].endswith("Z")
    assert detail["photos"][0]["taken_at"] == "2026-12-03T17:00:00Z"
    listed = client.get("/api/v1/evaluations", headers=field["reviewer"]).json()["items"][0]
    assert listed["submitted_at"] == detail["submitted_at"]


def test_a_replay_is_answered_with_the_same_bytes(client, field, session):
    evaluation_id, photo_id = uuid.uuid4(), uuid.uuid4()
    upload(client, field, evaluation_id, photo_id)
    payload = body(field, [photo_id], visit_started_at="2026-12-03T17:53:00+01:00")
    first = submit(client, field, evaluation_id, payload)
    session.expire_all()

    again = submit(client, field, evaluation_id, payload)

    assert first.status_code == 201 and again.status_code == 200
    assert again.content == first.content
    assert first.json()["visit_started_at"] == BERLIN_VISIT_START


def test_a_time_without_an_offset_is_refused_with_its_path(client, field):
    evaluation_id, photo_id = uuid.uuid4(), uuid.uuid4()
    upload(client, field, evaluation_id, photo_id)

    response = client.put(f"/api/v1/evaluations/{evaluation_id}", headers=field["headers"],
                          json=body(field, [photo_id], visit_started_at="2026-12-03T17:53:00"))

    assert response.status_code == 422
    assert "visit_started_at" in response.text
    assert client.get(f"/api/v1/evaluations/{evaluation_id}", headers=field["reviewer"]).status_code == 404


def test_a_camera_clock_without_offset_is_read_on_the_location_clock(client, field, session):
    """The same EXIF time gives the same instant, and the same flag, on SQLite and PostgreSQL."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "FieldCam"
    exif_ifd = exif.get_ifd(ExifTags.IFD.Exif)
    exif_ifd[ExifTags.Base.DateTimeOriginal] = "2026:12:03 17:58:00"  # no OffsetTimeOriginal: a wall clock
    evaluation_id, inside, outside = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    upload(client, field, evaluation_id, inside, data=jpeg_bytes(exif=exif))
    exif_ifd[ExifTags.Base.DateTimeOriginal] = "2026:12:03 21:00:00"
    upload(client, field, evaluation_id, outside, data=jpeg_bytes(color=(1, 2, 3), exif=exif))
    submit(client, field, evaluation_id, body(field, [inside, outside]))
    session.expire_all()

    stored = session.get(Photo, inside)
    detail = client.get(f"/api/v1/evaluations/{evaluation_id}", headers=field["reviewer"]).json()

    assert stored.taken_at == datetime(2026, 12, 3, 16, 58, tzinfo=timezone.utc)
    assert [f["code"] for f in detail["flags"]] == ["photo_outside_visit"]
    assert detail["flags"][0]["params"] == {"question_id": "window_photo", "number": 2, "question": {
        "de": "Foto des Schaufensters", "en": "Photo of the shop window"}}
    assert detail["flags"][0]["message"] == "Photo 2 of \u201cPhoto of the shop window\u201d was taken outside the visit."
    assert detail["proof"]["photos_in_visit"] == 1 and detail["proof"]["photos_total"] == 2


def test_locations_have_an_iana_time_zone(client, field):
    created = client.post("/api/v1/locations", headers=field["admin"], json={
        "client_id": field["client"].id, "code": "LIS", "name": "Lisboa", "kind": "store",
        "time_zone": "Europe/Lisbon"})
    default = client.post("/api/v1/locations", headers=field["admin"], json={
        "client_id": field["client"].id, "code": "B2", "name": "Berlin 2", "kind": "store"})
    wrong = client.post("/api/v1/locations", headers=field["admin"], json={
        "client_id": field["client"].id, "code": "X", "name": "X", "kind": "store", "time_zone": "Europe/Berlim"})

    assert created.status_code == 201 and created.json()["time_zone"] == "Europe/Lisbon"
    assert default.status_code == 201 and default.json()["time_zone"] == "Europe/Berlin"
    assert wrong.status_code == 422
    assert "time_zone" in wrong.text and "Europe/Berlim" in wrong.text
    moved = client.patch(f"/api/v1/locations/{created.json()['id']}", headers=field["admin"],
                         json={"time_zone": "Atlantic/Azores"})
    assert moved.status_code == 200 and moved.json()["time_zone"] == "Atlantic/Azores"


def test_reports_and_exports_show_visit_times_on_the_location_clock(client, field, session):
    evaluation_id, _ = first_submission(client, field, session)
    review(client, field, evaluation_id, "approve")
    review(client, field, evaluation_id, "release")

    pdf = client.get(f"/api/v1/evaluations/{evaluation_id}/report.pdf?lang=de", headers=field["client_headers"])
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    exported = client.get(f"/api/v1/projects/{field['project'].id}/export.csv", headers=field["client_headers"])
    row = next(csv.DictReader(io.StringIO(exported.text)))

    assert "03.12.2026" in text and "17:53" in text and "18:15" in text
    assert "16:53" not in text
    assert row["visit_started_at"] == "2026-12-03T17:53:00+01:00"


def test_a_location_elsewhere_shows_its_own_clock(client, field, session):
    location = session.get(Location, field["location"].id)
    location.time_zone = "America/New_York"
    session.add(location)
    session.flush()
    evaluation_id, _ = first_submission(client, field, session)
    review(client, field, evaluation_id, "approve")

    pdf = client.get(f"/api/v1/evaluations/{evaluation_id}/report.pdf?lang=en", headers=field["reviewer"])
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)

    assert "11:53" in text and "12:15" in text


# 2. Proof of visit is a fact of the visit

def test_a_correction_keeps_the_recorded_position_and_times(client, field, session):
    evaluation_id, photo_ids = first_submission(client, field, session)
    review(client, field, evaluation_id, "return", "Bitte die Beratung genauer beschreiben.")
    offline = client.get("/api/v1/me/assignments", headers=field["headers"]).json()[0]["evaluation"]
    assert offline["position"] == {"latitude": 52.5201, "longitude": 13.4051, "accuracy_m": 12.0}
    assert offline["visit_started_at"] == BERLIN_VISIT_START

    corrected = body(field, photo_ids, position=None, visit_started_at=None, visit_ended_at=None,
                     answers={**body(field, photo_ids)["answers"], "advice": {"value": "excellent"}})
    submit(client, field, evaluation_id, corrected)
    session.expire_all()
    detail = client.get(f"/api/v1/evaluations/{evaluation_id}", headers=field["reviewer"]).json()

    assert detail["revision"] == 2
    assert detail["position"] == {"latitude": 52.5201, "longitude": 13.4051, "accuracy_m": 12.0}
    assert detail["visit_started_at"] == BERLIN_VISIT_START and detail["visit_ended_at"] == BERLIN_VISIT_END
    assert detail["flags"] == []
    assert detail["proof"]["distance_m"] == pytest.approx(13, abs=2)
    review(client, field, evaluation_id, "approve")
    pdf = client.get(f"/api/v1/evaluations/{evaluation_id}/report.pdf?lang=de", headers=field["reviewer"])
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "13 m" in text and "k. A." not in text.split("Besuchsnachweis")[-1].split("Genauigkeit")[0]


def test_a_position_recorded_again_replaces_the_first(client, field, session):
    evaluation_id, photo_ids = first_submission(client, field, session)
    review(client, field, evaluation_id, "return", "Position bitte neu aufnehmen.")

    submit(client, field, evaluation_id, body(field, photo_ids, position={"latitude": 48.137, "longitude": 11.575}))
    session.expire_all()
    detail = client.get(f"/api/v1/evaluations/{evaluation_id}", headers=field["reviewer"]).json()

    assert detail["position"]["latitude"] == 48.137
    far = next(f for f in detail["flags"] if f["code"] == "far_from_location")
    assert far["params"]["distance_m"] == pytest.approx(504_000, rel=0.01)
    assert far["message"] == "The device was 504 km from the location."


# 3. The current revision's answers are the only authority on photos

def test_a_photo_dropped_in_a_correction_leaves_every_list(client, field, session):
    evaluation_id, (kept, dropped) = first_submission(client, field, session, photos=2)
    review(client, field, evaluation_id, "return", "Das zweite Foto zeigt den falschen Laden.")
    submit(client, field, evaluation_id, body(field, [kept]))
    session.expire_all()
    review(client, field, evaluation_id, "approve")
    review(client, field, evaluation_id, "release")

    for headers in (field["reviewer"], field["client_headers"], field["headers"]):
        detail = client.get(f"/api/v1/evaluations/{evaluation_id}", headers=headers).json()
        assert [p["id"] for p in detail["photos"]] == [str(kept)]
    assert client.get(f"/api/v1/photos/{dropped}/display", headers=field["client_headers"]).status_code == 404
    assert client.get(f"/api/v1/photos/{dropped}/display", headers=field["headers"]).status_code == 404
    assert client.get(f"/api/v1/photos/{kept}/display", headers=field["client_headers"]).status_code == 200
    assert client.get(f"/api/v1/photos/{dropped}/original", headers=field["reviewer"]).status_code == 200
    revisions = client.get(f"/api/v1/evaluations/{evaluation_id}/revisions", headers=field["reviewer"]).json()
    assert [r["photo_ids"] for r in revisions] == [[str(kept), str(dropped)], [str(kept)]]
    assert client.get(f"/api/v1/evaluations/{evaluation_id}/revisions",
                      headers=field["client_headers"]).status_code == 403
    pdf = client.get(f"/api/v1/evaluations/{evaluation_id}/report.pdf?lang=de", headers=field["client_headers"])
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "1 von 1" in text


def test_a_photo_question_with_photos_is_answered_in_the_pdf(client, field, session):
    evaluation_id, _ = first_submission(client, field, session, photos=2)
    review(client, field, evaluation_id, "approve")

    pdf = client.get(f"/api/v1/evaluations/{evaluation_id}/report.pdf?lang=de", headers=field["reviewer"])
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)

    assert "2 Fotos" in text
    assert text.count("nicht beantwortet") == 1  # the optional mood question, not the photo question
    assert "Wie fühlten Sie sich? nicht beantwortet" in text


def test_a_tester_still_sees_uploads_not_yet_submitted(client, field):
    evaluation_id, photo_id = uuid.uuid4(), uuid.uuid4()
    upload(client, field, evaluation_id, photo_id)

    assert client.get(f"/api/v1/photos/{photo_id}/display", headers=field["headers"]).status_code == 200


def test_stored_times_are_aware_utc_whatever_zone_they_were_given_in(session, field):
    evaluation = session.exec(select(Evaluation)).first()
    assert evaluation is None
    location = session.get(Location, field["location"].id)
    berlin = timezone(timedelta(hours=1))
    location.created_at = datetime(2026, 12, 3, 17, 53, 0, 123456, tzinfo=berlin)
    session.add(location)
    session.flush()
    session.expire_all()

    assert session.get(Location, field["location"].id).created_at == datetime(
        2026, 12, 3, 16, 53, 0, 123456, tzinfo=timezone.utc)
    assert session.get(Location, field["location"].id).created_at.utcoffset() == timedelta(0)


def test_a_naive_time_is_never_stored(session, field):
    location = session.get(Location, field["location"].id)
    location.created_at = datetime(2026, 12, 3, 17, 53)
    session.add(location)
    with pytest.raises(Exception, match="has no UTC offset"):
        session.flush()


def test_a_correction_that_changes_no_answer_is_still_a_new_revision(client, field, session):
    evaluation_id, photo_ids = first_submission(client, field, session)
    review(client, field, evaluation_id, "return", "Bitte prüfen, ob die Beratung wirklich so war.")

    unchanged = submit(client, field, evaluation_id, body(field, photo_ids, replaces_revision=1))
    again = submit(client, field, evaluation_id, body(field, photo_ids, replaces_revision=1))
    stale = client.put(f"/api/v1/evaluations/{evaluation_id}", headers=field["headers"],
                       json=body(field, photo_ids, replaces_revision=1, answers={
                           **body(field, photo_ids)["answers"], "advice": {"value": "poor"}}))

    assert unchanged.json()["revision"] == 2 and unchanged.json()["status"] == "submitted"
    assert again.status_code == 200 and again.content == unchanged.content
    assert stale.status_code == 409 and stale.json()["code"] == "evaluation_locked"
    review(client, field, evaluation_id, "return", "Noch einmal, bitte.")
    stale = client.put(f"/api/v1/evaluations/{evaluation_id}", headers=field["headers"],
                       json=body(field, photo_ids, replaces_revision=1, answers={
                           **body(field, photo_ids)["answers"], "advice": {"value": "poor"}}))
    assert stale.status_code == 409 and stale.json()["code"] == "revision_stale"
    assert stale.json()["current_revision"] == 2
