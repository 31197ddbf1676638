"""The set-up API: clients, locations with CSV import, projects with waves, assignments; every route for every role."""

from __future__ import annotations

import uuid
from types import SimpleNamespace

import pytest
from sqlmodel import func, select

from backend.auth.models import Role
from backend.clients.models import Client
from backend.evaluations.models import EvaluationStatus
from backend.fieldwork.models import Assignment, Location, Wave
from backend.media.models import Photo
from tests.projects import factories

API = "/api/v1"
ROLES = ("reviewer", "tester", "own_client", "other_client", "admin")  # admin last: its writes succeed


@pytest.fixture
def world(session, users):
    """Acme with two locations and a project with one assignment; Other Co with its own; a caller per role."""
    acme, other = factories.client(session, "Acme"), factories.client(session, "Other Co")
    berlin = factories.location(session, acme, code="B1", name="Berlin Mitte", city="Berlin")
    hamburg = factories.location(session, acme, code="H1", name="Hamburg Hafen", city="Hamburg", kind="branch")
    elsewhere = factories.location(session, other, code="X1", name="Elsewhere", city="Köln")
    version = factories.checklist_version(session)
    project = factories.project(session, acme, locations=[berlin, hamburg], version=version)
    other_project = factories.project(session, other, locations=[elsewhere], version=version)
    wave = session.exec(select(Wave).where(Wave.project_id == project.id)).one()
    tester = users.make(Role.tester)
    assignment = factories.assignment(session, project, berlin, tester, wave=wave)
    headers = {"admin": users.headers(Role.admin), "reviewer": users.headers(Role.reviewer),
               "tester": {"Authorization": f"Bearer {users.token(tester)}"},
               "own_client": users.headers(Role.client, client_id=acme.id),
               "other_client": users.headers(Role.client, client_id=other.id)}
    return SimpleNamespace(acme=acme, other=other, berlin=berlin, hamburg=hamburg, elsewhere=elsewhere,
                           version=version, project=project, other_project=other_project, wave=wave, tester=tester,
                           assignment=assignment, headers=headers, admin=headers["admin"])


def count(session, model) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def paths(response) -> list[str]:
    return [error["path"] for error in response.json().get("errors", [])]


def csv_file(text: str, name: str = "locations.csv") -> dict:
    return {"file": (name, text.encode("utf-8"), "text/csv")}


# Who may call what: statuses for reviewer, tester, own client, other client, admin.
ACCESS = {
    "GET /clients": ((200, 403, 200, 200, 200), lambda c, w, h: c.get(f"{API}/clients", headers=h)),
    "POST /clients": ((403, 403, 403, 403, 201), lambda c, w, h: c.post(
        f"{API}/clients", json={"name": "New Co"}, headers=h)),
    "GET /clients/{id}": ((200, 403, 200, 404, 200), lambda c, w, h: c.get(f"{API}/clients/{w.acme.id}", headers=h)),
    "PATCH /clients/{id}": ((403, 403, 403, 403, 200), lambda c, w, h: c.patch(
        f"{API}/clients/{w.acme.id}", json={"brand_color": "#AABBCC"}, headers=h)),
    "POST /clients/{id}/locations/import": ((403, 403, 403, 403, 201), lambda c, w, h: c.post(
        f"{API}/clients/{w.acme.id}/locations/import", files=csv_file("code,name,kind\nN1,New,store\n"), headers=h)),
    "GET /locations": ((200, 403, 200, 200, 200), lambda c, w, h: c.get(f"{API}/locations", headers=h)),
    "POST /locations": ((403, 403, 403, 403, 201), lambda c, w, h: c.post(
        f"{API}/locations", json={"client_id": w.acme.id, "code": "N2", "name": "New", "kind": "store"}, headers=h)),
    "GET /locations/{id}": ((200, 403, 200, 404, 200), lambda c, w, h: c.get(
        f"{API}/locations/{w.berlin.id}", headers=h)),
    "PATCH /locations/{id}": ((403, 403, 403, 403, 200), lambda c, w, h: c.patch(
        f"{API}/locations/{w.berlin.id}", json={"phone": "030 123"}, headers=h)),
    "GET /projects": ((200, 403, 200, 200, 200), lambda c, w, h: c.get(f"{API}/projects", headers=h)),
    "POST /projects": ((403, 403, 403, 403, 201), lambda c, w, h: c.post(f"{API}/projects", json={
        "client_id": w.acme.id, "checklist_version_id": w.version.id, "name": "Acme 2027"}, headers=h)),
    "GET /projects/{id}": ((200, 403, 200, 404, 200), lambda c, w, h: c.get(
        f"{API}/projects/{w.project.id}", headers=h)),
    "PATCH /projects/{id}": ((403, 403, 403, 403, 200), lambda c, w, h: c.patch(
        f"{API}/projects/{w.project.id}", json={"name": "Renamed"}, headers=h)),
    "POST /projects/{id}/waves": ((403, 403, 403, 403, 201), lambda c, w, h: c.post(
        f"{API}/projects/{w.project.id}/waves", json={"name": "2026-Q2"}, headers=h)),
    "GET /assignments": ((200, 403, 403, 403, 200), lambda c, w, h: c.get(f"{API}/assignments", headers=h)),
    "POST /assignments": ((403, 403, 403, 403, 201), lambda c, w, h: c.post(f"{API}/assignments", json={
        "project_id": w.project.id, "location_id": w.hamburg.id, "persona": "business", "tester_id": w.tester.id,
        "window_start": "2026-02-01", "window_end": "2026-02-28"}, headers=h)),
    "GET /assignments/{id}": ((200, 403, 403, 403, 200), lambda c, w, h: c.get(
        f"{API}/assignments/{w.assignment.id}", headers=h)),
    "PATCH /assignments/{id}": ((403, 403, 403, 403, 200), lambda c, w, h: c.patch(
        f"{API}/assignments/{w.assignment.id}", json={"window_end": "2026-12-30"}, headers=h)),
    "DELETE /assignments/{id}": ((403, 403, 403, 403, 204), lambda c, w, h: c.delete(
        f"{API}/assignments/{w.assignment.id}", headers=h)),
}


@pytest.mark.parametrize("route", ACCESS)
def test_every_route_admits_exactly_the_right_roles(client, world, route):
    expected, call = ACCESS[route]
    for role, status in zip(ROLES, expected):
        response = call(client, world, world.headers[role])
        assert response.status_code == status, f"{route} as {role}: {response.text}"
        if status >= 400:
            assert response.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize("route", ACCESS)
def test_every_route_needs_a_login(client, world, route):
    assert ACCESS[route][1](client, world, {}).status_code == 401


# Clients

def test_admin_creates_and_changes_a_client(client, world):
    created = client.post(f"{API}/clients", json={"name": " Nordbank AG ", "brand_color": "#0B5394",
                                                  "report_language": "en"}, headers=world.admin)
    assert created.status_code == 201, created.text
    body = created.json()
    assert (body["name"], body["brand_color"], body["report_language"]) == ("Nordbank AG", "#0b5394", "en")
    changed = client.patch(f"{API}/clients/{body['id']}", json={"report_language": "de"}, headers=world.admin)
    assert changed.json()["report_language"] == "de" and changed.json()["brand_color"] == "#0b5394"
    defaults = client.post(f"{API}/clients", json={"name": "Plain"}, headers=world.admin).json()
    assert (defaults["brand_color"], defaults["report_language"]) == ("#1f4e79", "de")


def test_client_lists_are_scoped(client, world):
    staff = client.get(f"{API}/clients", headers=world.headers["reviewer"]).json()
    assert {c["name"] for c in staff} == {"Acme", "Other Co"}
    own = client.get(f"{API}/clients", headers=world.headers["own_client"]).json()
    assert [c["id"] for c in own] == [world.acme.id]
    theirs = client.get(f"{API}/clients", headers=world.headers["other_client"]).json()
    assert [c["id"] for c in theirs] == [world.other.id]


@pytest.mark.parametrize("body,path", [
    ({"name": "X", "brand_color": "#12345"}, "brand_color"),
    ({"name": "X", "brand_color": "red"}, "brand_color"),
    ({"name": "X", "report_language": "fr"}, "report_language"),
    ({"name": ""}, "name"),
    ({"name": "X" * 201}, "name"),
    ({"name": "X", "logo_key": "x"}, "logo_key"),
    ({}, "name"),
])
def test_bad_client_input_names_the_field(client, world, body, path):
    response = client.post(f"{API}/clients", json=body, headers=world.admin)
    assert response.status_code == 422 and path in paths(response), response.text


def test_client_names_are_unique_regardless_of_case(client, world):
    response = client.post(f"{API}/clients", json={"name": "ACME"}, headers=world.admin)
    assert response.status_code == 409 and response.json()["code"] == "client_name_taken"
    renamed = client.patch(f"{API}/clients/{world.other.id}", json={"name": "acme"}, headers=world.admin)
    assert renamed.status_code == 409
    same = client.patch(f"{API}/clients/{world.acme.id}", json={"name": "ACME"}, headers=world.admin)
    assert same.status_code == 200 and same.json()["name"] == "ACME"


def test_a_client_patch_cannot_null_a_field_and_unknown_ids_are_404(client, world):
    nulled = client.patch(f"{API}/clients/{world.acme.id}", json={"name": None}, headers=world.admin)
    assert nulled.status_code == 422 and paths(nulled) == ["name"]
    assert client.patch(f"{API}/clients/999999", json={"name": "Y"}, headers=world.admin).status_code == 404
    assert client.get(f"{API}/clients/999999", headers=world.admin).json()["code"] == "not_found"


# Locations

def test_admin_creates_a_location_and_codes_are_unique_per_client(client, world, session):
    body = {"client_id": world.acme.id, "code": "M1", "name": "München", "kind": "store", "street": "Marienplatz 1",
            "postal_code": "80331", "city": "München", "country": "de", "latitude": 48.137, "longitude": 11.575,
            "phone": "+49 89 123", "url": "https://acme.example/muenchen"}
    created = client.post(f"{API}/locations", json=body, headers=world.admin)
    assert created.status_code == 201, created.text
    assert {k: created.json()[k] for k in body} == {**body, "country": "DE"}
    again = client.post(f"{API}/locations", json={**body, "name": "Again"}, headers=world.admin)
    assert again.status_code == 409 and again.json()["code"] == "location_code_taken"
    elsewhere = client.post(f"{API}/locations", json={**body, "client_id": world.other.id}, headers=world.admin)
    assert elsewhere.status_code == 201


@pytest.mark.parametrize("changes,path", [
    ({"latitude": 90.5, "longitude": 10}, "latitude"),
    ({"latitude": 50, "longitude": -180.5}, "longitude"),
    ({"latitude": 50}, "longitude"),
    ({"longitude": 10}, "latitude"),
    ({"country": "UK"}, "country"),
    ({"country": "GER"}, "country"),
    ({"kind": "shop"}, "kind"),
    ({"url": "ftp://acme.example"}, "url"),
    ({"phone": "call me"}, "phone"),
    ({"code": ""}, "code"),
    ({"code": "A" * 65}, "code"),
    ({"name": "Line\nbreak"}, "name"),
    ({"client_id": 999999}, "client_id"),
    ({"opening_hours": "9-5"}, "opening_hours"),
])
def test_bad_location_input_names_the_field(client, world, changes, path):
    body = {"client_id": world.acme.id, "code": "N1", "name": "New", "kind": "store", **changes}
    response = client.post(f"{API}/locations", json=body, headers=world.admin)
    assert response.status_code == 422 and path in paths(response), response.text


def test_patching_a_location_checks_it_as_a_whole(client, world):
    url = f"{API}/locations/{world.berlin.id}"
    changed = client.patch(url, json={"city": "Berlin-Mitte", "phone": "030 1234"}, headers=world.admin)
    assert changed.status_code == 200 and changed.json()["city"] == "Berlin-Mitte"
    cleared = client.patch(url, json={"phone": None}, headers=world.admin)
    assert cleared.json()["phone"] is None and cleared.json()["city"] == "Berlin-Mitte"
    half = client.patch(url, json={"latitude": 52.5}, headers=world.admin)
    assert half.status_code == 422 and paths(half) == ["longitude"]
    both = client.patch(url, json={"latitude": 52.5, "longitude": 13.4}, headers=world.admin)
    assert both.status_code == 200
    unpaired = client.patch(url, json={"longitude": None}, headers=world.admin)
    assert unpaired.status_code == 422 and paths(unpaired) == ["longitude"]
    nulled = client.patch(url, json={"name": None}, headers=world.admin)
    assert nulled.status_code == 422 and paths(nulled) == ["name"]
    taken = client.patch(url, json={"code": "H1"}, headers=world.admin)
    assert taken.status_code == 409 and taken.json()["code"] == "location_code_taken"
    assert client.patch(f"{API}/locations/999999", json={"city": "X"}, headers=world.admin).status_code == 404


def test_location_filters_and_paging(client, world, session):
    def get(query: str, role: str = "admin") -> dict:
        return client.get(f"{API}/locations?{query}", headers=world.headers[role]).json()

    for number in range(5):
        factories.location(session, world.acme, code=f"P{number}", name=f"Potsdam {number}", city="Potsdam")
    assert get("")["total"] == 8
    assert [loc["code"] for loc in get(f"client_id={world.acme.id}&limit=3&offset=2")["items"]] == ["P0", "P1", "P2"]
    assert get(f"client_id={world.acme.id}&limit=3&offset=2")["total"] == 7
    assert [loc["code"] for loc in get("kind=branch")["items"]] == ["H1"]
    assert get("city=potsdam")["total"] == 5
    assert [loc["code"] for loc in get("q=hafen")["items"]] == ["H1"]
    assert get("q=b1")["total"] == 1
    assert get("q=%25")["total"] == 0
    assert {loc["client_id"] for loc in get("", "own_client")["items"]} == {world.acme.id}
    assert get(f"client_id={world.other.id}", "own_client") == {"items": [], "total": 0}


@pytest.mark.parametrize("query,path", [("kind=shop", "kind"), ("limit=0", "limit"), ("limit=501", "limit"),
                                        ("offset=-1", "offset"), ("client_id=abc", "client_id")])
def test_bad_location_filters_are_422(client, world, query, path):
    response = client.get(f"{API}/locations?{query}", headers=world.admin)
    assert response.status_code == 422 and any(path in p for p in paths(response))


# CSV import

def test_importing_a_sheet_creates_then_updates_and_a_repeat_is_harmless(client, world, session):
    url = f"{API}/clients/{world.acme.id}/locations/import"
    sheet = ("code,name,kind,street,postal_code,city,country,latitude,longitude\n"
             "B1,Berlin Mitte,store,Unter den Linden 1,10117,Berlin,DE,52.517,13.389\n"
             "D1,Dresden,branch,Prager Str. 2,01069,Dresden,DE,51.05,13.74\n")
    first = client.post(url, files=csv_file(sheet), headers=world.admin)
    assert first.status_code == 201, first.text
    assert first.json() == {"created": 1, "updated": 1, "unchanged": 0}
    again = client.post(url, files=csv_file(sheet), headers=world.admin)
    assert again.json() == {"created": 0, "updated": 0, "unchanged": 2}
    dresden = session.exec(select(Location).where(Location.client_id == world.acme.id, Location.code == "D1")).one()
    assert (dresden.postal_code, dresden.latitude, dresden.kind) == ("01069", 51.05, "branch")
    assert session.get(Location, world.berlin.id).street == "Unter den Linden 1"
    assert session.get(Location, world.hamburg.id).name == "Hamburg Hafen"


def test_a_german_excel_file_can_be_sent_as_text_csv(client, world, session):
    sheet = ("Kennung;Name;Art;Straße;PLZ;Ort;Breitengrad;Längengrad;Telefon\r\n"
             "K1;Köln Dom;Filiale;Domkloster 4;50667;Köln;50,94;6,96;0221 1234\r\n")
    response = client.post(f"{API}/clients/{world.other.id}/locations/import", content=sheet.encode("utf-8-sig"),
                           headers={**world.admin, "Content-Type": "text/csv; charset=utf-8"})
    assert response.status_code == 201, response.text
    cologne = session.exec(select(Location).where(Location.client_id == world.other.id, Location.code == "K1")).one()
    assert (cologne.kind, cologne.city, cologne.latitude, cologne.longitude) == ("branch", "Köln", 50.94, 6.96)


def test_any_bad_row_stores_nothing_and_names_row_and_column(client, world, session):
    before = count(session, Location)
    sheet = ("code;Name;kind;PLZ;lat;lng\n"
             "G1;Good one;store;10115;52.5;13.4\n"
             "G2;;store;;;\n"
             "B1;Berlin changed;store;;;\n"
             "G3;Third;store;;95;13.4\n"
             "G1;Twice;store;;;\n")
    response = client.post(f"{API}/clients/{world.acme.id}/locations/import", files=csv_file(sheet),
                           headers=world.admin)
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["code"] == "csv_invalid" and body["error_count"] == 3
    assert [(e["row"], e["column"]) for e in body["errors"]] == [(3, "Name"), (5, "lat"), (6, "code")]
    assert count(session, Location) == before
    assert session.get(Location, world.berlin.id).name == "Berlin Mitte"


@pytest.mark.parametrize("sheet,row,column", [
    ("code,name,kind,Region\nA,One,store,North\n", 1, "Region"),
    ("code,name\nA,One\n", 1, "kind"),
    ("", 1, ""),
])
def test_header_problems_are_reported_as_row_one(client, world, sheet, row, column):
    response = client.post(f"{API}/clients/{world.acme.id}/locations/import", files=csv_file(sheet),
                           headers=world.admin)
    assert response.status_code == 422
    assert (row, column) in [(e["row"], e["column"]) for e in response.json()["errors"]]


def test_import_refuses_wrong_uploads(client, world):
    url = f"{API}/clients/{world.acme.id}/locations/import"
    unknown = client.post(f"{API}/clients/999999/locations/import", files=csv_file("code,name,kind\n"),
                          headers=world.admin)
    assert unknown.status_code == 404
    no_file = client.post(url, files={"other": ("x.csv", b"code,name,kind\n", "text/csv")}, headers=world.admin)
    assert no_file.status_code == 422 and paths(no_file) == ["file"]
    wrong_type = client.post(url, content=b"{}", headers={**world.admin, "Content-Type": "application/json"})
    assert wrong_type.status_code == 415
    latin1 = client.post(url, files={"file": ("l.csv", "code;name;kind\nA;Müller;store\n".encode("cp1252"),
                                              "text/csv")}, headers=world.admin)
    assert latin1.status_code == 422 and "UTF-8" in latin1.json()["errors"][0]["message"]


def test_import_size_and_row_limits(client, world, session):
    url = f"{API}/clients/{world.acme.id}/locations/import"
    huge = b"code,name,kind\n" + b"x" * 5_100_000
    assert client.post(url, files={"file": ("big.csv", huge, "text/csv")}, headers=world.admin).status_code == 413
    too_large = client.post(url, content=huge, headers={**world.admin, "Content-Type": "text/csv"})
    assert too_large.status_code == 413 and too_large.json()["code"] == "csv_too_large"
    many = b"code,name,kind\n" + b"".join(b"C%d,Shop,store\n" % i for i in range(20_001))
    before = count(session, Location)
    rows = client.post(url, content=many, headers={**world.admin, "Content-Type": "text/csv"})
    assert rows.status_code == 413 and "20000" in rows.json()["detail"]
    assert count(session, Location) == before


# Projects and waves

def test_admin_creates_a_project_with_waves_and_locations(client, world):
    body = {"client_id": world.acme.id, "checklist_version_id": world.version.id, "name": "Acme Shop-Check 2027",
            "waves": [{"name": "2027-Q2", "starts_on": "2027-04-01", "ends_on": "2027-06-30"},
                      {"name": "2027-Q1", "starts_on": "2027-01-01", "ends_on": "2027-03-31"}],
            "location_ids": [world.hamburg.id, world.berlin.id, world.berlin.id]}
    created = client.post(f"{API}/projects", json=body, headers=world.admin)
    assert created.status_code == 201, created.text
    project = created.json()
    assert project["client"] == {"id": world.acme.id, "name": "Acme"}
    assert project["checklist"] == {"version_id": world.version.id, "key": world.version.definition["key"],
                                    "version": 1, "title": "Mini check"}
    assert [(w["name"], w["starts_on"], w["ends_on"]) for w in project["waves"]] == [
        ("2027-Q1", "2027-01-01", "2027-03-31"), ("2027-Q2", "2027-04-01", "2027-06-30")]
    assert project["location_ids"] == sorted([world.berlin.id, world.hamburg.id])
    assert client.get(f"{API}/projects/{project['id']}", headers=world.headers["own_client"]).json() == project


def test_project_lists_are_plain_lists_scoped_by_client(client, world):
    staff = client.get(f"{API}/projects", headers=world.headers["reviewer"]).json()
    assert {p["id"] for p in staff} == {world.project.id, world.other_project.id}
    own = client.get(f"{API}/projects", headers=world.headers["own_client"]).json()
    assert [p["id"] for p in own] == [world.project.id] and own[0]["waves"][0]["name"] == "2026-Q1"
    filtered = client.get(f"{API}/projects?client_id={world.other.id}", headers=world.admin).json()
    assert [p["id"] for p in filtered] == [world.other_project.id]
    assert client.get(f"{API}/projects?client_id={world.other.id}", headers=world.headers["own_client"]).json() == []


@pytest.mark.parametrize("changes,path", [
    ({"checklist_version_id": 999999}, "checklist_version_id"),
    ({"client_id": 999999}, "client_id"),
    ({"location_ids": "elsewhere"}, "location_ids"),
    ({"name": " "}, "name"),
    ({"waves": [{"name": "Q1", "starts_on": "2026-04-01", "ends_on": "2026-03-01"}]}, "waves.0.ends_on"),
    ({"waves": [{"name": "Q1"}, {"name": "Q1"}]}, "waves"),
    ({"waves": [{"name": "Q1", "starts_on": "2026-02-30"}]}, "waves.0.starts_on"),
])
def test_bad_project_input_names_the_field(client, world, changes, path):
    if changes.get("location_ids") == "elsewhere":
        changes = {"location_ids": [world.berlin.id, world.elsewhere.id]}
    body = {"client_id": world.acme.id, "checklist_version_id": world.version.id, "name": "P", **changes}
    response = client.post(f"{API}/projects", json=body, headers=world.admin)
    assert response.status_code == 422 and path in paths(response), response.text


def test_patching_a_project_renames_and_replaces_its_locations(client, world, session):
    url = f"{API}/projects/{world.project.id}"
    extra = factories.location(session, world.acme, code="L9", name="Leipzig")
    changed = client.patch(url, json={"name": "Acme 2026 (all)", "location_ids": [world.berlin.id, extra.id]},
                           headers=world.admin)
    assert changed.status_code == 200, changed.text
    assert changed.json()["name"] == "Acme 2026 (all)"
    assert changed.json()["location_ids"] == sorted([world.berlin.id, extra.id])
    in_use = client.patch(url, json={"location_ids": [extra.id]}, headers=world.admin)
    assert in_use.status_code == 409 and in_use.json()["code"] == "location_has_assignments"
    foreign = client.patch(url, json={"location_ids": [world.elsewhere.id]}, headers=world.admin)
    assert foreign.status_code == 422 and paths(foreign) == ["location_ids"]
    moved = client.patch(url, json={"client_id": world.other.id}, headers=world.admin)
    assert moved.status_code == 422 and paths(moved) == ["client_id"]
    assert client.patch(f"{API}/projects/999999", json={"name": "X"}, headers=world.admin).status_code == 404


def test_the_checklist_version_changes_only_before_evaluations_and_keeps_assigned_personas(client, world, session):
    url = f"{API}/projects/{world.project.id}"
    newer = factories.checklist_version(session)
    assert client.patch(url, json={"checklist_version_id": newer.id}, headers=world.admin).status_code == 200
    definition = {**factories.MINIMAL_DEFINITION, "personas": [{"id": "business", "title": "Business"}]}
    no_young = factories.checklist_version(session, definition=definition)
    lacking = client.patch(url, json={"checklist_version_id": no_young.id}, headers=world.admin)
    assert lacking.status_code == 422 and "young" in lacking.json()["errors"][0]["message"]
    factories.evaluation(session, world.assignment)
    locked = client.patch(url, json={"checklist_version_id": world.version.id}, headers=world.admin)
    assert locked.status_code == 409 and locked.json()["code"] == "project_has_evaluations"


def test_waves_are_added_with_unique_names(client, world):
    url = f"{API}/projects/{world.project.id}/waves"
    added = client.post(url, json={"name": "2026-Q2", "starts_on": "2026-04-01", "ends_on": "2026-06-30"},
                        headers=world.admin)
    assert added.status_code == 201 and added.json()["name"] == "2026-Q2"
    assert "2026-Q2" in [w["name"] for w in client.get(f"{API}/projects/{world.project.id}",
                                                         headers=world.admin).json()["waves"]]
    duplicate = client.post(url, json={"name": "2026-Q1"}, headers=world.admin)
    assert duplicate.status_code == 409 and duplicate.json()["code"] == "wave_name_taken"
    backwards = client.post(url, json={"name": "Q3", "starts_on": "2026-09-30", "ends_on": "2026-07-01"},
                            headers=world.admin)
    assert backwards.status_code == 422 and paths(backwards) == ["ends_on"]
    assert client.post(f"{API}/projects/999999/waves", json={"name": "X"}, headers=world.admin).status_code == 404


# Assignments

def assignment_body(world, **changes) -> dict:
    return {"project_id": world.project.id, "location_id": world.hamburg.id, "persona": "business",
            "tester_id": world.tester.id, "wave_id": world.wave.id, "window_start": "2026-02-01",
            "window_end": "2026-02-28", **changes}


def test_admin_assigns_a_tester_and_reviewers_read_it(client, world):
    created = client.post(f"{API}/assignments", json=assignment_body(world), headers=world.admin)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["project"] == {"id": world.project.id, "name": world.project.name}
    assert body["location"] == {"id": world.hamburg.id, "code": "H1", "name": "Hamburg Hafen"}
    assert body["wave"] == {"id": world.wave.id, "name": "2026-Q1"}
    assert body["tester"]["id"] == world.tester.id and body["tester"]["pseudonym"] == world.tester.pseudonym
    assert (body["persona"], body["status"], body["evaluation_id"]) == ("business", "open", None)
    read = client.get(f"{API}/assignments/{body['id']}", headers=world.headers["reviewer"])
    assert read.json() == body


def test_one_by_one_assignments_keep_the_lockout_unless_told_otherwise(client, world):
    first = client.post(f"{API}/assignments", json=assignment_body(world), headers=world.admin)
    assert first.status_code == 201, first.text
    # The second visit starts 30 days after the first ends: inside the default 90-day lockout.
    again = assignment_body(world, window_start="2026-03-30", window_end="2026-04-10")
    refused = client.post(f"{API}/assignments", json=again, headers=world.admin)
    assert refused.status_code == 422 and paths(refused) == ["tester_id"], refused.text
    assert "2026-02-01 to 2026-02-28" in refused.json()["errors"][0]["message"]
    assert client.post(f"{API}/assignments", json={**again, "lockout_days": 29}, headers=world.admin).status_code == 201


@pytest.mark.parametrize("change,path", [
    ("location_elsewhere", "location_id"),
    ("location_unknown", "location_id"),
    ("persona", "persona"),
    ("tester_is_reviewer", "tester_id"),
    ("tester_inactive", "tester_id"),
    ("wave_of_other_project", "wave_id"),
    ("window_backwards", "window_end"),
    ("project_unknown", "project_id"),
    ("window_missing", "window_start"),
])
def test_bad_assignments_name_the_field(client, world, users, session, change, path):
    inactive = users.make(Role.tester)
    inactive.is_active = False
    session.add(inactive)
    session.flush()
    other_wave = session.exec(select(Wave).where(Wave.project_id == world.other_project.id)).one()
    changes = {
        "location_elsewhere": {"location_id": world.elsewhere.id},
        "location_unknown": {"location_id": 999999},
        "persona": {"persona": "pensioner"},
        "tester_is_reviewer": {"tester_id": users.make(Role.reviewer).id},
        "tester_inactive": {"tester_id": inactive.id},
        "wave_of_other_project": {"wave_id": other_wave.id},
        "window_backwards": {"window_start": "2026-03-01", "window_end": "2026-02-01"},
        "project_unknown": {"project_id": 999999},
        "window_missing": {"window_start": None},
    }[change]
    response = client.post(f"{API}/assignments", json=assignment_body(world, **changes), headers=world.admin)
    assert response.status_code == 422 and path in paths(response), response.text
    if change == "persona":
        assert "young, business" in response.json()["errors"][0]["message"]


def test_assignment_filters_status_and_paging(client, world, session, users):
    second_tester = users.make(Role.tester)
    spring = factories.assignment(session, world.project, world.hamburg, second_tester, persona="business",
                                  wave=world.wave)
    unwaved = factories.assignment(session, world.project, world.berlin, second_tester)
    factories.evaluation(session, spring, status=EvaluationStatus.returned)
    def get(query: str) -> dict:
        return client.get(f"{API}/assignments?{query}", headers=world.headers["reviewer"]).json()

    def ids(page: dict) -> list[int]:
        return [a["id"] for a in page["items"]]

    assert get(f"project_id={world.project.id}")["total"] == 3
    assert get(f"project_id={world.other_project.id}")["total"] == 0
    assert set(ids(get(f"tester_id={second_tester.id}"))) == {spring.id, unwaved.id}
    assert set(ids(get(f"wave_id={world.wave.id}"))) == {world.assignment.id, spring.id}
    assert set(ids(get(f"location_id={world.hamburg.id}"))) == {spring.id}
    assert set(ids(get("status=open"))) == {world.assignment.id, unwaved.id}
    returned = get("status=returned")
    assert ids(returned) == [spring.id] and returned["items"][0]["status"] == "returned"
    assert get("status=released")["total"] == 0
    page = get("limit=2&offset=2")
    assert page["total"] == 3 and len(page["items"]) == 1
    bad = client.get(f"{API}/assignments?status=lost", headers=world.admin)
    assert bad.status_code == 422 and paths(bad) == ["query.status"]


def test_delete_withdraws_an_assignment_nobody_submitted_and_keeps_the_row(client, world, session):
    started = factories.assignment(session, world.project, world.hamburg, world.tester, persona="business")
    session.add(Photo(id=uuid.uuid4(), evaluation_id=uuid.uuid4(), assignment_id=started.id, question_id="greeted",
                      uploaded_by=world.tester.id, sha256="0" * 64, content_type="image/jpeg", size_bytes=1,
                      width=1, height=1))
    session.flush()
    # Started is no reason to keep it: the tester's phone is told and keeps the work.
    assert client.delete(f"{API}/assignments/{started.id}", headers=world.admin).status_code == 204
    factories.evaluation(session, world.assignment)
    evaluated = client.delete(f"{API}/assignments/{world.assignment.id}", headers=world.admin)
    assert evaluated.status_code == 409 and evaluated.json()["code"] == "assignment_has_evaluation"
    assert session.get(Assignment, started.id).withdrawn_at is not None
    read = client.get(f"{API}/assignments/{started.id}", headers=world.admin).json()
    assert read["status"] == "withdrawn" and read["withdrawn_at"]
    assert client.delete(f"{API}/assignments/{started.id}", headers=world.admin).status_code == 204
    listed = client.get(f"{API}/assignments?project_id={world.project.id}", headers=world.admin).json()
    assert started.id not in [a["id"] for a in listed["items"]]
    withdrawn = client.get(f"{API}/assignments?status=withdrawn", headers=world.admin).json()
    assert [a["id"] for a in withdrawn["items"]] == [started.id]
    assert client.delete(f"{API}/assignments/999999", headers=world.admin).status_code == 404


def test_client_rows_are_untouched_by_refused_writes(client, world, session):
    before = count(session, Client)
    for role in ("reviewer", "own_client"):
        client.post(f"{API}/clients", json={"name": f"By {role}"}, headers=world.headers[role])
    assert count(session, Client) == before


@pytest.mark.parametrize("number", [3_000_000_000, 99999999999999999999, 0])
def test_ids_no_row_can_have_are_input_errors_never_500(client, world, number):
    for url in (f"clients/{number}", f"locations/{number}", f"projects/{number}", f"assignments/{number}",
                f"locations?client_id={number}", f"projects?client_id={number}", f"assignments?tester_id={number}",
                f"locations?offset={number or -1}"):
        response = client.get(f"{API}/{url}", headers=world.admin)
        assert response.status_code == 422, f"{url}: {response.text}"
    project = client.post(f"{API}/projects", json={"client_id": world.acme.id, "checklist_version_id": world.version.id,
                                                   "name": "P", "location_ids": [number]}, headers=world.admin)
    assert project.status_code == 422 and paths(project) == ["location_ids.0"]
    assignment = client.post(f"{API}/assignments", json=assignment_body(world, tester_id=number), headers=world.admin)
    assert assignment.status_code == 422 and paths(assignment) == ["tester_id"]
