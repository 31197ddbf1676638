"""The real server (tests/live.py) seeded through its own API with what the PWA flows need."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import httpx

from tests.live import ROOT, LiveServer, prepare

PASSWORD = "field-check-e2e-2026"
ADMIN = "admin@e2e.example.org"


def start_server(workdir: Path) -> LiveServer:
    """The shared live server (tests/live.py), migrated, with a first admin to seed the rest through the API."""
    server = prepare(workdir, demo=False)
    subprocess.run([sys.executable, "-m", "backend.cli", "create-user", "--email", ADMIN, "--password", PASSWORD,
                    "--role", "admin", "--name", "E2E Admin"], cwd=ROOT, env=server.env, check=True,
                   stdout=subprocess.DEVNULL)
    server.start()
    return server


class Api:
    """A logged-in API client for seeding and checking what the server holds."""

    def __init__(self, base: str, email: str, password: str = PASSWORD) -> None:
        self.http = httpx.Client(base_url=f"{base}/api/v1", timeout=60)
        response = self.http.post("/auth/login", json={"email": email, "password": password})
        response.raise_for_status()
        self.http.headers["Authorization"] = f"Bearer {response.json()['access_token']}"

    def __getattr__(self, name):
        return getattr(self.http, name)

    def ok(self, method: str, path: str, **kwargs):
        response = self.http.request(method, path, **kwargs)
        assert response.is_success, f"{method} {path}: {response.status_code} {response.text}"
        return response.json() if response.content and "json" in response.headers.get("content-type", "") else response


@dataclass
class World:
    """What the seed made: users by role, the checklist, the project and the tester's assignments."""

    url: str
    emails: dict[str, str]
    client_id: int
    project_id: int
    checklist: dict
    assignments: list[dict] = field(default_factory=list)


def seed(server: LiveServer, *, checklist_file: str = "store_check.yaml", assignments: int = 3) -> World:
    """A client with one location per assignment, a published shipped checklist, a project, users, assignments."""
    admin = Api(server.url, ADMIN)
    client = admin.ok("POST", "/clients", json={"name": "TeleMax Mobilfunk", "brand_color": "#c2185b"})
    emails = {role: f"{role}@e2e.example.org" for role in ("tester", "reviewer", "client")}
    users = {}
    for role, email in emails.items():
        users[role] = admin.ok("POST", "/users", json={
            "email": email, "display_name": f"E2E {role.title()}", "password": PASSWORD, "role": role,
            "client_id": client["id"] if role == "client" else None})
    source = (ROOT / "checklists" / checklist_file).read_text("utf-8")
    version = admin.ok("POST", "/checklists", content=source.encode(), headers={"Content-Type": "application/yaml"})
    locations = [admin.ok("POST", "/locations", json={
        "client_id": client["id"], "code": f"TM-{n:02d}", "name": f"TeleMax Shop {city}", "kind": "store",
        "street": "Hauptstraße 1", "postal_code": "10115", "city": city, "latitude": 52.52, "longitude": 13.40})
        for n, city in enumerate(["Berlin", "Hamburg", "München", "Köln", "Leipzig"][:assignments])]
    project = admin.ok("POST", "/projects", json={
        "client_id": client["id"], "checklist_version_id": version["version_id"], "name": "TeleMax 2026",
        "waves": [{"name": "2026-Q4"}], "location_ids": [loc["id"] for loc in locations]})
    persona = version["definition"]["personas"][0]["id"]
    today = date.today()
    made = [admin.ok("POST", "/assignments", json={
        "project_id": project["id"], "location_id": loc["id"], "persona": persona, "tester_id": users["tester"]["id"],
        "wave_id": project["waves"][0]["id"], "window_start": (today - timedelta(days=1)).isoformat(),
        "window_end": (today + timedelta(days=7)).isoformat()}) for loc in locations]
    return World(url=server.url, emails=emails, client_id=client["id"], project_id=project["id"],
                 checklist=version, assignments=made)


def own_assignment(world: World, *, code: str, name: str, **location: object) -> dict:
    """An assignment of the world's tester at a location and project of its own, so that no other test's
    draft is in the way; `location` adds fields such as coordinates or a time zone."""
    admin = Api(world.url, ADMIN)
    made = admin.ok("POST", "/locations", json={
        "client_id": world.client_id, "code": code, "name": name, "kind": "store", "street": "Hauptstraße 1",
        "postal_code": "10117", "city": "Berlin", **location})
    project = admin.ok("POST", "/projects", json={
        "client_id": world.client_id, "checklist_version_id": world.checklist["version_id"],
        "name": f"TeleMax {code}", "waves": [{"name": "2026-Q4"}], "location_ids": [made["id"]]})
    tester = next(u for u in admin.ok("GET", "/users", params={"role": "tester"})["items"]
                  if u["email"] == world.emails["tester"])
    today = date.today()
    return admin.ok("POST", "/assignments", json={
        "project_id": project["id"], "location_id": made["id"],
        "persona": world.checklist["definition"]["personas"][0]["id"], "tester_id": tester["id"],
        "wave_id": project["waves"][0]["id"], "window_start": (today - timedelta(days=1)).isoformat(),
        "window_end": (today + timedelta(days=7)).isoformat()})
