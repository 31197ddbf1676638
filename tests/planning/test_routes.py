"""Planning over the API: bulk plans with the lockout, the assignments CSV import, progress, logos, the preview."""

from __future__ import annotations

import io
from datetime import date
from types import SimpleNamespace

import pytest
from PIL import Image
from sqlmodel import select

from backend.auth.models import Role
from backend.clients.models import Client
from backend.evaluations.models import EvaluationStatus
from backend.fieldwork.models import Assignment, Wave
from backend.media.service import get_storage
from tests.factories import MINI_TEMPLATE
from tests.projects import factories

API = "/api/v1"
THREE_PERSONAS = {**factories.MINIMAL_DEFINITION, "personas": [
    {"id": "young", "title": "Young"}, {"id": "business", "title": "Business"}, {"id": "senior", "title": "Senior"}]}


@pytest.fixture
def world(session, users):
    """Acme with four stores in a project of one wave (Q3 2026), three personas, three testers."""
    acme = factories.client(session, "Acme")
    stores = [factories.location(session, acme, code=f"S{n}", name=f"Store {n}") for n in range(1, 5)]
    version = factories.checklist_version(session, definition=THREE_PERSONAS)
    project = factories.project(session, acme, locations=stores, version=version, waves=("2026-Q3",))
    wave = session.exec(select(Wave).where(Wave.project_id == project.id)).one()
    wave.starts_on, wave.ends_on = date(2026, 7, 1), date(2026, 8, 31)
    session.add(wave)
    testers = [users.make(Role.tester) for _ in range(3)]
    return SimpleNamespace(acme=acme, stores=stores, project=project, wave=wave, testers=testers,
                           admin=users.headers(Role.admin), reviewer=users.headers(Role.reviewer),
                           tester=users.headers(Role.tester))


def assignments_of(session, project) -> list[Assignment]:
    return list(session.exec(select(Assignment).where(Assignment.project_id == project.id)))


def plan(client, world, **body):
    return client.post(f"{API}/projects/{world.project.id}/plan", headers=world.admin, json={
        "wave_id": world.wave.id, "tester_ids": [t.id for t in world.testers], **body})


def test_a_dry_run_shows_the_plan_and_creates_nothing(client, session, world):
    response = plan(client, world, dry_run=True)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["dry_run"] and body["window_start"] == "2026-07-01" and body["window_end"] == "2026-08-31"
    assert len(body["planned"]) == 12 and body["unstaffed"] == []
    assert all(item["assignment_id"] is None for item in body["planned"])
    assert sorted(t["planned"] for t in body["testers"]) == [4, 4, 4]
    assert assignments_of(session, world.project) == []


def test_a_plan_creates_every_assignment_and_a_second_run_leaves_them_alone(client, session, world):
    body = plan(client, world).json()
    made = assignments_of(session, world.project)
    assert len(made) == 12 and {a.id for a in made} == {item["assignment_id"] for item in body["planned"]}
    assert {(a.window_start, a.window_end, a.wave_id) for a in made} == {(date(2026, 7, 1), date(2026, 8, 31),
                                                                          world.wave.id)}
    # The lockout: no tester visits a store twice in the wave.
    assert len({(a.tester_id, a.location_id) for a in made}) == 12
    again = plan(client, world).json()
    assert again["planned"] == [] and len(again["already_assigned"]) == 12
    assert len(assignments_of(session, world.project)) == 12


def test_the_lockout_reaches_across_projects_and_is_reported(client, session, world):
    other = factories.project(session, world.acme, locations=[world.stores[0]])
    for tester in world.testers[:2]:
        factories.assignment(session, other, world.stores[0], tester, window=(date(2026, 5, 1), date(2026, 5, 31)))
    body = plan(client, world, location_ids=[world.stores[0].id], dry_run=True).json()
    assert [(i["persona"], i["tester"]["id"]) for i in body["planned"]] == [("young", world.testers[2].id)]
    assert [(u["persona"], u["reason"]) for u in body["unstaffed"]] == [("business", "lockout"), ("senior", "lockout")]
    shorter = plan(client, world, location_ids=[world.stores[0].id], dry_run=True, lockout_days=30).json()
    assert len(shorter["planned"]) == 3


def test_rotating_one_persona_per_location(client, world):
    body = plan(client, world, visits_per_location=1, personas=["young", "senior"], dry_run=True).json()
    assert [(i["location"]["code"], i["persona"]) for i in body["planned"]] == [
        ("S1", "young"), ("S2", "senior"), ("S3", "young"), ("S4", "senior")]


def test_no_tester_means_every_slot_is_unstaffed(client, world):
    body = plan(client, world, tester_ids=[], dry_run=True).json()
    assert {u["reason"] for u in body["unstaffed"]} == {"no_tester"} and len(body["unstaffed"]) == 12


@pytest.mark.parametrize("change, path", [
    ({"personas": ["pirate"]}, "personas"),
    ({"tester_ids": [-1]}, "tester_ids"),
    ({"location_ids": [-1]}, "location_ids"),
    ({"wave_id": -1}, "wave_id"),
    ({"visits_per_location": 4}, "visits_per_location"),
    ({"window_start": "2026-09-01", "window_end": "2026-08-01"}, "window_end"),
    ({"wave_id": None}, "window_start"),
])
def test_a_bad_plan_request_names_the_field_and_creates_nothing(client, session, world, change, path):
    response = plan(client, world, **change)
    assert response.status_code == 422
    assert path in [error["path"] for error in response.json()["errors"]]
    assert assignments_of(session, world.project) == []


def test_a_reviewer_or_tester_cannot_plan(client, world):
    for headers in (world.reviewer, world.tester):
        response = client.post(f"{API}/projects/{world.project.id}/plan", headers=headers,
                               json={"wave_id": world.wave.id, "tester_ids": []})
        assert response.status_code == 403


def csv_file(text: str) -> dict:
    return {"file": ("assignments.csv", text.encode("utf-8"), "text/csv")}


def test_assignments_import_from_csv(client, session, world):
    tom, tina = world.testers[:2]
    text = ("location_code;persona;tester_email;window_start;window_end;wave\n"
            f"S1;young;{tom.email};01.07.2026;31.08.2026;2026-Q3\n"
            f"S2;senior;{tina.email.upper()};2026-07-01;2026-08-31;\n")
    response = client.post(f"{API}/projects/{world.project.id}/assignments/import", headers=world.admin,
                           files=csv_file(text))
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["created"] == 2
    assert [(a["location"]["code"], a["persona"], a["tester"]["id"], a["wave"] and a["wave"]["name"])
            for a in body["assignments"]] == [("S1", "young", tom.id, "2026-Q3"), ("S2", "senior", tina.id, None)]


def test_an_assignments_import_with_any_bad_row_imports_nothing(client, session, world):
    tom = world.testers[0]
    factories.assignment(session, world.project, world.stores[2], tom, window=(date(2026, 6, 1), date(2026, 6, 10)))
    text = ("location_code,persona,tester_email,window_start,window_end,wave\n"
            f"S1,young,{tom.email},2026-07-01,2026-08-31,2026-Q3\n"
            f"NOPE,pirate,nobody@example.org,2026-07-01,2026-08-31,2027\n"
            f"S3,young,{tom.email},2026-07-01,2026-08-31,2026-Q3\n"
            f"S1,senior,{tom.email},2026-07-01,2026-08-31,2026-Q3\n")
    response = client.post(f"{API}/projects/{world.project.id}/assignments/import", headers=world.admin,
                           files=csv_file(text))
    assert response.status_code == 422
    problem = response.json()
    assert problem["code"] == "csv_invalid"
    assert [(e["row"], e["column"]) for e in problem["errors"]] == [
        (3, "location_code"), (3, "persona"), (3, "tester_email"), (3, "wave"),
        (4, "tester_email"), (5, "tester_email")]
    assert "within 90 days" in problem["errors"][-1]["message"]
    assert len(assignments_of(session, world.project)) == 1
    relaxed = client.post(f"{API}/projects/{world.project.id}/assignments/import?lockout_days=0",
                          headers=world.admin, files=csv_file(text.replace("NOPE,pirate,nobody@example.org,"
                                                                           "2026-07-01,2026-08-31,2027\n", "")))
    assert relaxed.status_code == 201 and relaxed.json()["created"] == 3


def test_progress_counts_each_wave_and_location_by_status(client, session, world):
    plan(client, world, personas=["young"])
    made = sorted(assignments_of(session, world.project), key=lambda a: a.location_id)
    factories.evaluation(session, made[0], status=EvaluationStatus.submitted)
    factories.evaluation(session, made[1], status=EvaluationStatus.released)
    factories.assignment(session, world.project, world.stores[3], world.testers[0], persona="senior")
    response = client.get(f"{API}/projects/{world.project.id}/progress", headers=world.reviewer)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["counts"] == {"open": 3, "submitted": 1, "on_hold": 0, "returned": 0, "approved": 0,
                              "released": 1, "total": 5}
    waves = {(w["wave"] or {}).get("name"): w for w in body["waves"]}
    assert set(waves) == {"2026-Q3", None}
    q3 = waves["2026-Q3"]
    assert q3["counts"]["total"] == 4
    assert [(row["location"]["code"], row["counts"]["open"], row["counts"]["submitted"], row["counts"]["released"])
            for row in q3["locations"]] == [("S1", 0, 1, 0), ("S2", 0, 0, 1), ("S3", 1, 0, 0), ("S4", 1, 0, 0)]
    assert client.get(f"{API}/projects/{world.project.id}/progress", headers=world.tester).status_code == 403


def png_bytes(size=(300, 120), color="#c2185b") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def test_a_client_logo_is_checked_stored_as_jpeg_and_served(client, session, world, users):
    url = f"{API}/clients/{world.acme.id}/logo"
    assert client.get(url, headers=world.admin).status_code == 404
    bad = client.put(url, headers=world.admin, files={"file": ("logo.png", b"<svg/>", "image/png")})
    assert bad.status_code == 415 and bad.json()["code"] == "photo_unsupported_type"
    response = client.put(url, headers=world.admin, files={"file": ("logo.png", png_bytes(), "image/png")})
    assert response.status_code == 200, response.text
    assert response.json() == {"client_id": world.acme.id, "content_type": "image/jpeg", "width": 300, "height": 120}
    assert session.get(Client, world.acme.id).logo_key == f"clients/{world.acme.id}/logo.jpg"
    own_client = users.headers(Role.client, client_id=world.acme.id)
    image = client.get(url, headers=own_client)
    assert image.status_code == 200 and image.headers["content-type"] == "image/jpeg"
    assert image.content[:2] == b"\xff\xd8"
    other = factories.client(session, "Other")
    assert client.get(url, headers=users.headers(Role.client, client_id=other.id)).status_code == 404
    assert client.put(url, headers=world.reviewer, files={"file": ("l.png", png_bytes(), "image/png")}).status_code == 403
    assert client.delete(url, headers=world.admin).status_code == 204
    assert session.get(Client, world.acme.id).logo_key is None
    assert not get_storage().exists(f"clients/{world.acme.id}/logo.jpg")


def test_the_preview_returns_the_definition_a_tester_gets_or_the_problems_with_lines(client, world):
    headers = {**world.admin, "Content-Type": "application/yaml"}
    good = client.post(f"{API}/checklists/preview", headers=headers, content=MINI_TEMPLATE.encode())
    assert good.status_code == 200
    body = good.json()
    assert body["valid"] and body["issues"] == []
    question = body["definition"]["sections"][0]["questions"][3]
    assert question["id"] == "offered_card" and question["personas"] == ["business"] and question["weight"] == 1
    broken = MINI_TEMPLATE.replace("        step: consultation\n        touchpoint: advisor\n        personas",
                                   "        step: nowhere\n        touchpoint: advisor\n        personas")
    bad = client.post(f"{API}/checklists/preview", headers=headers, content=broken.encode()).json()
    assert not bad["valid"] and bad["definition"] is None
    line = next(n for n, text in enumerate(broken.splitlines(), start=1) if "step: nowhere" in text)
    assert [issue["line"] for issue in bad["issues"]] == [line]
    assert client.post(f"{API}/checklists/preview", headers={**world.reviewer, "Content-Type": "application/yaml"},
                       content=MINI_TEMPLATE.encode()).status_code == 403

