"""Field data for live-server tests: testers with assignments on the mini checklist, tokens, and submissions."""

from __future__ import annotations

import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import httpx
from sqlalchemy.engine import Engine
from sqlmodel import Session

from backend.auth.models import Role, User
from backend.auth.security import hash_password
from backend.auth.service import issue_token
from backend.config import Settings
from backend.db import make_engine
from backend.fieldwork.models import Assignment
from tests.factories import OPEN_UNTIL, jpeg_bytes, project_with_assignment
from tests.live import ROOT, LiveServer, prepare

PASSWORD = "correct-horse-battery-9"


@lru_cache
def _password_hash() -> str:
    return hash_password(PASSWORD)


@dataclass(frozen=True)
class Tester:
    """One field tester with a token and one assignment of the mini checklist."""

    email: str
    token: str
    assignment_id: int
    persona: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass
class Field:
    """What a live test needs: staff tokens, the client's id and token, and the testers."""

    admin_token: str
    reviewer_token: str
    client_token: str
    client_id: int
    project_id: int
    testers: list[Tester] = field(default_factory=list)

    def headers(self, role: Role) -> dict[str, str]:
        token = {Role.admin: self.admin_token, Role.reviewer: self.reviewer_token, Role.client: self.client_token}
        return {"Authorization": f"Bearer {token[role]}"}


def _user(session: Session, role: Role, number: int, *, client_id: int | None = None) -> User:
    user = User(email=f"{role.value}{number}@field.example.org", display_name=f"{role.value.title()} {number}",
                password_hash=_password_hash(), role=role, client_id=client_id,
                pseudonym=f"Tester {number}" if role == Role.tester else None)
    session.add(user)
    session.flush()
    return user


def seed_field(database_url: str, *, testers: int) -> Field:
    """Create a published mini checklist, a client with a project and wave, and testers with assignments."""
    engine: Engine = make_engine(database_url)
    settings = Settings(database_url=database_url, token_ttl_minutes=24 * 60)
    try:
        with Session(engine, expire_on_commit=False) as session:
            admin, reviewer = _user(session, Role.admin, 1), _user(session, Role.reviewer, 1)
            people = [_user(session, Role.tester, n) for n in range(1, testers + 1)]
            setup = project_with_assignment(session, admin=admin, tester=people[0])
            assignments = [setup["assignment"]]
            for person in people[1:]:
                assignment = Assignment(project_id=setup["project"].id, wave_id=setup["wave"].id,
                                        location_id=setup["location"].id, persona="young", tester_id=person.id,
                                        window_start=date(2026, 1, 1), window_end=OPEN_UNTIL)
                session.add(assignment)
                assignments.append(assignment)
            session.flush()
            client_user = _user(session, Role.client, 1, client_id=setup["client"].id)

            def token(user: User) -> str:
                return issue_token(session=session, settings=settings, user_id=user.id)[0]

            result = Field(admin_token=token(admin), reviewer_token=token(reviewer), client_token=token(client_user),
                           client_id=setup["client"].id, project_id=setup["project"].id)
            result.testers = [Tester(email=p.email, token=token(p), assignment_id=a.id, persona=a.persona)
                              for p, a in zip(people, assignments)]
            session.commit()
    finally:
        engine.dispose()
    return result


@dataclass(frozen=True)
class Visit:
    """One tester's finished evaluation as the device holds it in its outbox: ids made on the device."""

    tester: Tester
    evaluation_id: uuid.UUID = field(default_factory=uuid.uuid4)
    photo_id: uuid.UUID = field(default_factory=uuid.uuid4)
    photo: bytes = field(default_factory=lambda: jpeg_bytes(320, 240, color=tuple(uuid.uuid4().bytes[:3])),
                         repr=False)

    def body(self) -> dict:
        return {
            "assignment_id": self.tester.assignment_id,
            "persona": self.tester.persona,
            "answers": {"greeted": {"value": True}, "window_photo": {"photos": [str(self.photo_id)]},
                        "advice": {"value": "ok"}, "mood": {"na": True}},
            "visit_started_at": "2026-03-02T10:00:00Z",
            "visit_ended_at": "2026-03-02T10:20:00Z",
            "position": {"latitude": 52.5201, "longitude": 13.4051, "accuracy_m": 12},
        }

    def upload(self, http: httpx.Client) -> httpx.Response:
        return http.put(f"/api/v1/evaluations/{self.evaluation_id}/photos/{self.photo_id}",
                        headers=self.tester.headers,
                        data={"assignment_id": str(self.tester.assignment_id), "question_id": "window_photo"},
                        files={"file": ("window.jpg", self.photo, "image/jpeg")})

    def submit(self, http: httpx.Client) -> httpx.Response:
        return http.put(f"/api/v1/evaluations/{self.evaluation_id}", headers=self.tester.headers, json=self.body())


def database_url_of(live: LiveServer) -> str:
    return live.env.get("FIELDCHECK_DATABASE_URL") or f"sqlite:///{(live.var_dir / 'fieldcheck.db').as_posix()}"


@contextmanager
def field_server(var_dir: Path, *, testers: int, database_url: str | None = None, env: dict[str, str] | None = None,
                 log: Path | None = None) -> Iterator[tuple[LiveServer, Field]]:
    """A migrated database with field data, and the real server on it (its access log to `log`); stopped after."""
    live = prepare(var_dir, database_url=database_url, demo=False)
    live.env.update(env or {})
    seeded = seed_field(database_url_of(live), testers=testers)
    if log is None:
        live.start()
    else:
        start_with_access_log(live, log)
    try:
        yield live, seeded
    finally:
        live.stop()


def start_with_access_log(live: LiveServer, log: Path) -> None:
    """Start the live server as uvicorn with its access log on and all output going to (the end of) `log`."""
    live.access_log = log  # type: ignore[attr-defined] - so that restart() starts it the same way
    port = int(live.url.rsplit(":", 1)[1])
    with log.open("ab") as output:
        live.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "backend.main:app", "--host", "127.0.0.1", "--port", str(port),
             "--log-level", "debug", "--access-log"],
            cwd=ROOT, env=live.env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{live.url}/readyz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    live.kill()
    raise RuntimeError(f"the server did not become ready: {log.read_text(errors='replace')[-2000:]}")


def restart(live: LiveServer) -> None:
    """Start a killed server again the way it was started first."""
    log = getattr(live, "access_log", None)
    if log is None:
        live.start()
    else:
        start_with_access_log(live, log)
