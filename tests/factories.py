"""Small factories for database tests: a published checklist, a project with a wave, assignments, photos."""

from __future__ import annotations

import io
from datetime import date, timedelta

from PIL import Image
from sqlmodel import Session

from backend.auth.models import Role, User
from backend.auth.principal import Principal
from backend.checklists import service as checklists
from backend.clients.models import Client
from backend.fieldwork.models import Assignment, Location, Project, ProjectLocation, Wave

OPEN_UNTIL = date.today() + timedelta(days=365)
"""Test assignments stay open whenever the tests run: past the window and its grace period they expire."""

MINI_TEMPLATE = """
key: mini-check
kind: store_check
title: {de: Mini-Check, en: Mini check}
languages: [de, en]
pass_threshold: 80
steps:
  - {id: arrival, title: {de: Ankunft, en: Arrival}}
  - {id: consultation, title: {de: Beratung, en: Consultation}}
touchpoints:
  - {id: entrance, title: {de: Eingang, en: Entrance}, channel: offline}
  - {id: advisor, title: {de: Berater, en: Advisor}, channel: offline}
personas:
  - id: young
    title: {de: Jung, en: Young}
    weights: {entrance: 2, advisor: 1}
  - id: business
    title: {de: Geschäftskunde, en: Business}
    weights: {entrance: 1, advisor: 3}
sections:
  - id: main
    title: {de: Besuch, en: Visit}
    questions:
      - id: greeted
        type: yes_no
        text: {de: "Wurden Sie begrüßt?", en: "Were you greeted?"}
        step: arrival
        touchpoint: entrance
        knockout: true
        comment: required_on_fail
      - id: window_photo
        type: photo
        text: {de: "Foto des Schaufensters", en: "Photo of the shop window"}
        step: arrival
        touchpoint: entrance
        photos: {min: 1, max: 2}
      - id: advice
        type: single_choice
        text: {de: "Wie war die Beratung?", en: "How was the advice?"}
        step: consultation
        touchpoint: advisor
        options:
          - {value: excellent, label: {de: Sehr gut, en: Excellent}, points: 3}
          - {value: ok, label: {de: In Ordnung, en: OK}, points: 1}
          - {value: poor, label: {de: Schlecht, en: Poor}, points: 0}
      - id: offered_card
        type: yes_no
        text: {de: "Visitenkarte angeboten?", en: "Business card offered?"}
        step: consultation
        touchpoint: advisor
        personas: [business]
        required: false
      - id: why_poor
        type: text
        text: {de: "Was war schlecht?", en: "What was poor?"}
        step: consultation
        touchpoint: advisor
        show_if: {question: advice, equals: poor}
      - id: mood
        type: emotion
        text: {de: "Wie fühlten Sie sich?", en: "How did you feel?"}
        step: consultation
        touchpoint: advisor
        na_allowed: true
        required: false
"""


def publish_mini(session: Session, admin: User, source: str = MINI_TEMPLATE):
    version, _ = checklists.publish(session=session, principal=Principal(admin), source=source, source_format="yaml")
    return version


def project_with_assignment(session: Session, *, admin: User, tester: User, persona: str = "young",
                            client_name: str = "Acme Retail", kind: str = "store", version=None) -> dict:
    """A client with one located store, a project on the mini checklist, a wave and one assignment."""
    version = version or publish_mini(session, admin)
    client = Client(name=client_name)
    session.add(client)
    session.flush()
    location = Location(client_id=client.id, code="S1", name="Store One", kind=kind, city="Berlin",
                        latitude=52.52, longitude=13.405)
    session.add(location)
    session.flush()
    project = Project(client_id=client.id, checklist_version_id=version.id, name=f"{client_name} 2026")
    session.add(project)
    session.flush()
    session.add(ProjectLocation(project_id=project.id, location_id=location.id))
    wave = Wave(project_id=project.id, name="2026-Q1")
    session.add(wave)
    session.flush()
    assignment = Assignment(project_id=project.id, wave_id=wave.id, location_id=location.id, persona=persona,
                            tester_id=tester.id, window_start=date(2026, 1, 1), window_end=OPEN_UNTIL)
    session.add(assignment)
    session.flush()
    return {"client": client, "location": location, "project": project, "wave": wave, "assignment": assignment,
            "version": version}


def jpeg_bytes(width: int = 640, height: int = 480, color=(200, 30, 30), exif: Image.Exif | None = None) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "JPEG", exif=exif or Image.Exif())
    return buffer.getvalue()


def tester_and_admin(users) -> tuple[User, User]:
    return users.make(Role.tester), users.make(Role.admin)


def add_assignment(session: Session, setup: dict, *, tester: User, persona: str) -> Assignment:
    """Another assignment in the same project, location and wave."""
    assignment = Assignment(project_id=setup["project"].id, wave_id=setup["wave"].id,
                            location_id=setup["location"].id, persona=persona, tester_id=tester.id,
                            window_start=date(2026, 1, 1), window_end=OPEN_UNTIL)
    session.add(assignment)
    session.flush()
    return assignment


def submit_mini(client, *, headers: dict, assignment: Assignment, answers: dict) -> str:
    """Upload the window photo and submit the mini checklist through the API; returns the evaluation id."""
    import uuid

    evaluation_id, photo_id = uuid.uuid4(), uuid.uuid4()
    uploaded = client.put(f"/api/v1/evaluations/{evaluation_id}/photos/{photo_id}", headers=headers,
                          data={"assignment_id": str(assignment.id), "question_id": "window_photo"},
                          files={"file": ("p.jpg", jpeg_bytes(), "image/jpeg")})
    assert uploaded.status_code == 201, uploaded.text
    body = {"assignment_id": assignment.id, "persona": assignment.persona,
            "answers": {"window_photo": {"photos": [str(photo_id)]}, **answers},
            "visit_started_at": "2026-03-02T10:00:00Z", "visit_ended_at": "2026-03-02T10:20:00Z",
            "position": {"latitude": 52.52, "longitude": 13.405}}
    response = client.put(f"/api/v1/evaluations/{evaluation_id}", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return str(evaluation_id)


def build_released_project(session, users, client) -> dict:
    """Three released evaluations (two young, one business) and one that is only submitted."""
    tester, admin = users.make(Role.tester), users.make(Role.admin)
    setup = project_with_assignment(session, admin=admin, tester=tester)
    headers = {"Authorization": f"Bearer {users.token(tester)}"}
    reviewer = users.headers(Role.reviewer)
    plan = [
        ("young", {"greeted": {"value": True}, "advice": {"value": "ok"}, "mood": {"value": 4}}),
        ("young", {"greeted": {"value": True}, "advice": {"value": "excellent"}, "mood": {"value": 5}}),
        ("business", {"greeted": {"value": True}, "advice": {"value": "poor"}, "why_poor": {"value": "rude"},
                      "offered_card": {"value": True}, "mood": {"na": True}}),
    ]
    assignments = [setup["assignment"]] + [add_assignment(session, setup, tester=tester, persona=p) for p, _ in plan[1:]]
    for assignment, (persona, answers) in zip(assignments, plan):
        if assignment.persona != persona:
            assignment.persona = persona
            session.add(assignment)
            session.flush()
        evaluation_id = submit_mini(client, headers=headers, assignment=assignment, answers=answers)
        setup.setdefault("evaluation_ids", []).append(evaluation_id)
        for action in ("approve", "release"):
            assert client.post(f"/api/v1/evaluations/{evaluation_id}/review", json={"action": action},
                               headers=reviewer).status_code == 200
    unreleased = add_assignment(session, setup, tester=tester, persona="young")
    setup["unreleased_id"] = submit_mini(client, headers=headers, assignment=unreleased,
                answers={"greeted": {"value": False, "comment": "nobody"}, "advice": {"value": "poor"},
                         "why_poor": {"value": "no advice"}})
    client_user = users.make(Role.client, client_id=setup["client"].id)
    setup["client_headers"] = {"Authorization": f"Bearer {users.token(client_user)}"}
    setup["reviewer_headers"] = reviewer
    setup["tester_user"] = tester
    setup["tester_headers"] = headers
    return setup
